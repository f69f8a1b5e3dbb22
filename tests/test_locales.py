"""Locale files: every shipped language is complete, valid data, and formats as its readers expect."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from cvtool.convert import Converter
from cvtool.dates import PRESENT, parse_date
from cvtool.errors import CvError
from cvtool.locales import HERE, Locale, available, locale
from cvtool.model import KINDS as MODEL_KINDS
from cvtool.model import PUBLICATION_KINDS

# Every section kind of the open model (FORMAT.md): the model's, and the list FORMAT.md gives.
KINDS = sorted({*MODEL_KINDS, "education", "positions", "experience", "publications", "research_interests", "talks",
                "grants", "students", "teaching", "awards", "service", "skills", "projects", "software", "patents",
                "languages", "references", "entries", "oneliners", "bullets", "paragraph"})
PUB_KINDS = sorted({*PUBLICATION_KINDS, "book", "chapter", "thesis", "report", "patent"})


def test_the_shipped_languages():
    assert available() == ["en", "zh", "zh-hant"]


@pytest.mark.parametrize("tag", available())
def test_every_kind_has_a_title_in_every_locale(tag):
    loc = locale(tag)
    assert [k for k in KINDS if not loc.sections.get(k)] == []
    assert [k for k in PUB_KINDS if not loc.publication_kinds.get(k)] == []


@pytest.mark.parametrize("tag", available())
def test_every_locale_has_the_keys_of_english(tag):
    en, loc = locale("en"), locale(tag)
    assert loc.labels.keys() == en.labels.keys()
    assert loc.sections.keys() == en.sections.keys()
    assert loc.publication_kinds.keys() == en.publication_kinds.keys()
    assert loc.website.keys() == en.website.keys()
    assert loc.tag == tag


def test_a_kind_a_locale_lacks_falls_back_to_english_then_to_its_name():
    zh = locale("zh")
    trimmed = zh.model_copy(update={"sections": {}, "publication_kinds": {}})
    assert trimmed.section_title("talks") == "Talks"
    assert trimmed.section_title("open_source") == "Open source"
    assert trimmed.publication_kind("journal") == "Journal Articles"


def test_a_broken_locale_is_refused_with_its_problem(tmp_path):
    data = yaml.safe_load((HERE / "en.yaml").read_text(encoding="utf-8"))
    del data["dates"]["present"]
    with pytest.raises(Exception, match="present"):
        Locale.model_validate(data)
    data = yaml.safe_load((HERE / "en.yaml").read_text(encoding="utf-8"))
    data["dates"]["months"] = data["dates"]["months"][:11]
    with pytest.raises(Exception, match="12"):
        Locale.model_validate(data)


def test_no_locale_for_a_tag_says_how_to_add_one():
    with pytest.raises(CvError) as err:
        locale("fr")
    assert "cvtool/locales/fr.yaml" in err.value.format() and "en, zh, zh-hant" in err.value.format()


def test_traditional_chinese_dates_stamp_and_words():
    hant = locale("zh-hant")
    assert hant.updated_stamp(dt.date(2026, 11, 3)) == "更新於 2026 年 11 月"
    assert hant.period(parse_date("2021-08"), PRESENT) == "2021.8 – 至今"
    assert hant.term("fall", 2021) == "2021 年秋季學期"
    assert hant.sections["publications"] == "論文成果" and hant.labels["advisor"] == "導師"
    assert hant.words["list_sep"] == "，" and hant.fonts["cjk_main"] == "Noto Serif CJK TC"


def test_english_stamp_uses_month_names_and_dates_abbreviations():
    en = locale("en")
    assert en.updated_stamp(dt.date(2025, 1, 31)) == "Updated January 2025"
    assert en.period(parse_date("2021-08"), parse_date("2025-07")) == "Aug 2021 – Jul 2025"


def test_name_order():
    assert locale("en").format_name("Qingyu", "Song") == "Qingyu Song"
    assert locale("zh").format_name("庆禹", "宋") == "宋庆禹"


@pytest.mark.parametrize("tag", [t for t in available() if locale(t).derive])
def test_every_conversion_standard_is_a_working_opencc_configuration(tag):
    derive = locale(tag).derive
    assert derive is not None and derive.from_ in available()
    for config in derive.standards.values():
        assert Converter(config)("清华大学") == "清華大學"


def test_hong_kong_and_taiwan_standards_differ_where_they_should():
    standards = locale("zh-hant").derive.standards  # type: ignore[union-attr]
    assert Converter(standards["hk"])("里面") == "裏面"
    assert Converter(standards["tw"])("里面") == "裡面"
    assert Converter(standards["tw-phrases"])("软件") == "軟體"
    assert Converter(standards["hk"])("软件") == "軟件"


def test_citation_words_come_from_the_locale_traditional_chinese_too():
    from cvtool.citation import citation, plain_text
    from cvtool.model import Publication

    def cite(lang: str, **fields) -> str:
        p = Publication.model_validate({"id": "p", "authors": ["A B"], "title": "T", "date": 2024, **fields})
        return plain_text(citation(p, lang, lambda a: False))

    thesis = {"kind": "thesis", "degree": "PhD", "institution": "CUHK"}
    assert "博士學位論文" in cite("zh-hant", **thesis) and "博士学位论文" in cite("zh", **thesis)
    assert "PhD thesis" in cite("en", **{**thesis, "degree": None})
    assert "預印本" in cite("zh-hant", kind="preprint") and "Preprint" in cite("en", kind="preprint")
    assert "技術報告" in cite("zh-hant", kind="report")
