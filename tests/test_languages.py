"""Languages as data: tags in text, the declared `languages:`, conversion to zh-hant, and the
warnings that concern only declared (and rendered) languages."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cvtool.cli import app
from cvtool.convert import Converter
from cvtool.declared import declared_in_text, quick_languages
from cvtool.errors import CvError
from cvtool.languages import (
    Reader,
    converted_fields,
    declared_languages,
    requested_languages,
    resolve_lang,
)
from cvtool.load import load_text
from cvtool.model import CV
from cvtool.validate import Validated, validate

NAME = Path("cv.yaml")


def ok(text: str, **kw) -> Validated:
    return validate(load_text(textwrap.dedent(text), NAME), **kw)


def cv(text: str) -> CV:
    return ok(text).cv


# ---------------------------------------------------------------- text in any language


def test_tags_are_case_insensitive_and_any_language():
    c = cv("languages: [en, zh-hant]\nperson:\n  name: {en: Ann Lee, zh-Hant: 李安, PT-br: Ana}\n")
    name = c.person.name
    assert name.tags == ["en", "zh-hant", "pt-br"]
    assert name.get("zh-hant") == name.get("ZH-HANT") == "李安" and name.get("pt-BR") == "Ana"
    assert name.get("zh") is None and name.missing(["en", "zh"]) == ["zh"]


def test_a_plain_string_is_every_language():
    name = cv("person:\n  name: Ann Lee\n").person.name
    assert name.same and name.get("fr") == "Ann Lee" and name.missing(["en", "zh"]) == []
    assert name.model_dump() == "Ann Lee"


def test_the_same_tag_twice_in_other_case_is_an_error():
    with pytest.raises(CvError) as err:
        ok("person:\n  name: {zh-hant: 李安, zh-Hant: 李安}\n")
    assert "`zh-hant` is given twice" in err.value.format()


def test_a_key_that_is_no_language_tag_is_an_error():
    with pytest.raises(CvError) as err:
        ok("person:\n  name: {en: Ann, English: Ann}\n")
    assert "unknown language `English`" in err.value.format()


# ---------------------------------------------------------------- which languages a CV is in


@pytest.mark.parametrize(("text", "expected"), [
    ("person:\n  name: {en: Ann Lee}\n  affiliation: [{en: Example University}]\n", ["en"]),
    ("person:\n  name: {zh: 李安}\n  affiliation: [{zh: 示例大学}]\n", ["zh"]),
    ("person:\n  name: Ann Lee\n", ["en"]),
    ("person:\n  name: 李安\n  affiliation: [示例大学]\n", ["zh"]),
    ("person:\n  name: {en: Ann Lee, zh: 李安}\n", ["en", "zh"]),
    ("languages: [zh, EN]\nperson:\n  name: {en: Ann Lee, zh: 李安, zh-hant: 李安}\n", ["zh", "en"]),
])
def test_default_languages_are_those_the_text_uses(text, expected):
    assert declared_languages(cv(text)) == expected


def test_lang_option_resolves_against_the_declared_languages():
    c = cv("languages: [en, zh-hant]\nperson:\n  name: {en: Ann Lee, zh: 李安}\n")
    assert requested_languages(None, c) == ["en", "zh-hant"] == requested_languages("all", c)
    assert requested_languages("ZH-Hant", c) == ["zh-hant"]
    assert resolve_lang("En", ["en"]) == "en"
    with pytest.raises(CvError) as err:
        requested_languages("zh", c)
    assert "not a language of this CV" in err.value.message and "languages: [en, zh-hant, zh]" in err.value.format()
    with pytest.raises(CvError) as err:
        resolve_lang("fr", ["en"])
    assert "cvtool has locales for: en, zh, zh-hant" in err.value.format()


def test_a_declared_language_without_a_locale_is_a_located_error():
    with pytest.raises(CvError) as err:
        ok("languages: [en, fr]\nperson:\n  name: Ann Lee\n")
    (d,) = [d for d in err.value.diagnostics if d.is_error]
    assert (d.line, d.column, d.path) == (1, 17, "languages[1]")
    assert "no locale for language `fr`" in d.message


def test_a_tag_typo_in_text_is_a_warning_when_languages_are_declared():
    result = ok("languages: [en]\nperson:\n  name: {en: Ann Lee, ch: 李安}\n")
    (w,) = result.warnings
    assert (w.line, w.column) == (3, 23) and "did you mean `zh`" in w.message


# ---------------------------------------------------------------- translation warnings


EN_ONLY = "person:\n  name: {en: Ann Lee}\n  affiliation: [{en: Example University}, Plain Lab]\n"
ZH_ONLY = "person:\n  name: {zh: 李安}\n  affiliation: [{zh: 示例大学}]\n"
MIXED = "person:\n  name: {en: Ann Lee, zh: 李安}\n  affiliation: [{en: Example University}]\n"


@pytest.mark.parametrize("text", [EN_ONLY, ZH_ONLY])
def test_a_one_language_cv_has_no_translation_warnings(text):
    assert ok(text, strict=True).warnings == []


def test_translation_warnings_concern_only_the_languages_asked_for():
    assert [w.path for w in ok(MIXED).warnings] == ["person.affiliation[0]"]
    assert "no zh translation (only en); the en text is used" in ok(MIXED).warnings[0].message
    assert ok(MIXED, langs=["en"]).warnings == []
    assert len(ok(MIXED, langs=["zh"]).warnings) == 1
    assert ok("languages: [en]\n" + MIXED, strict=True).warnings == []  # zh is not declared


def test_zh_hant_made_by_conversion_needs_no_warning_but_missing_zh_does():
    text = "languages: [en, zh-hant]\n" + MIXED
    (w,) = ok(text).warnings
    assert w.path == "person.affiliation[0]" and "no zh-hant translation (only en); the en text is used" in w.message


# ---------------------------------------------------------------- conversion


HANT = """\
languages: [en, zh, zh-hant]
conversion:
  zh-hant: {standard: STANDARD, pin: {朴学锋: 朴學鋒}}
person:
  name: {en: Ann Lee, zh: 李安}
  affiliation: [{en: Tsinghua University, zh: 清华大学}, {zh: 软件学院 朴学锋, zh-hant: 軟體學院}, Plain Lab]
meta:
  subject: {en: CV, zh: 里面的软件}
"""


def test_zh_hant_text_is_converted_from_zh_and_explicit_text_wins():
    reader = Reader(cv(HANT.replace("STANDARD", "hk")), "zh-Hant")
    c = cv(HANT.replace("STANDARD", "hk"))
    picked = [reader.pick(t) for t in (c.person.affiliation[0], c.person.affiliation[1], c.person.affiliation[2])]
    assert [(p.text, p.lang, p.converted) for p in picked] == [
        ("清華大學", "zh", True), ("軟體學院", "zh-hant", False), ("Plain Lab", None, False)]
    assert reader.pick(c.meta.subject).text == "裏面的軟件"  # type: ignore[arg-type]


def test_the_standard_setting_picks_hong_kong_or_taiwan():
    hk = cv(HANT.replace("STANDARD", "hk"))
    tw = cv(HANT.replace("STANDARD", "tw-phrases"))
    assert Reader(hk, "zh-hant").pick(hk.meta.subject).text == "裏面的軟件"  # type: ignore[arg-type]
    assert Reader(tw, "zh-hant").pick(tw.meta.subject).text == "裡面的軟體"  # type: ignore[arg-type]


def test_an_unknown_standard_is_a_located_error_with_a_suggestion():
    with pytest.raises(CvError) as err:
        ok(HANT.replace("STANDARD", "hongkong"))
    (d,) = [d for d in err.value.diagnostics if d.is_error]
    assert d.path == "conversion.zh-hant.standard" and d.line == 3
    assert "expected one of: hk, tw, tw-phrases" in d.message


def test_conversion_for_a_language_that_is_not_converted_is_an_error():
    with pytest.raises(CvError) as err:
        ok("conversion:\n  en: {standard: hk}\nperson:\n  name: Ann\n")
    assert "`en` is not made by conversion; only zh-hant is" in err.value.format()


def test_pinned_words_are_kept_exactly():
    convert = Converter("s2hk", {"朴学锋": "朴學鋒", "宋庆禹": "宋庆禹"})
    assert convert("导师：朴学锋博士，宋庆禹") == "導師：朴學鋒博士，宋庆禹"
    assert Converter("s2hk")("导师：朴学锋博士") == "導師：樸學鋒博士"  # the pin is what changes it


def test_converted_fields_lists_each_changed_field_for_review():
    found = converted_fields(cv(HANT.replace("STANDARD", "hk")))
    assert [(loc, lang, a, b) for loc, lang, a, b in found] == [
        (("person", "name"), "zh-hant", "李安", "李安"),
        (("person", "affiliation", 0), "zh-hant", "清华大学", "清華大學"),
        (("meta", "subject"), "zh-hant", "里面的软件", "裏面的軟件"),
    ][1:]  # 李安 is the same in both scripts: not listed


def test_validate_converted_flag_prints_located_lines(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "cv.yaml").write_text(HANT.replace("STANDARD", "hk"), encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", "cv.yaml", "--converted"])
    assert result.exit_code == 0, result.output
    assert "cv.yaml:6:17: person.affiliation[0] (zh-hant): 清华大学 → 清華大學" in result.stdout
    assert "cv.yaml:8:12: meta.subject (zh-hant): 里面的软件 → 裏面的軟件" in result.stdout
    assert result.stdout.endswith("cv.yaml: ok (1 warning); languages en, zh, zh-hant\n")  # affiliation[1] lacks en


# ---------------------------------------------------------------- the cheap scan for the cache


@pytest.mark.parametrize(("text", "expected"), [
    ("languages: [en, zh-Hant]  # mine\nperson: {}\n", ["en", "zh-hant"]),
    ("person: {}\nlanguages:\n  - en\n  - 'zh'\n", ["en", "zh"]),
    ("languages:\n  - en\n  - {x: 1}\n", None),
    ("person: {}\nlanguages:\n  - en\n  - zh # c\nmeta: {}\n", ["en", "zh"]),
    ("person: {}\n", None),
    ("sections:\n  languages: [a]\n", None),
    ("languages: [en, *x]\n", None),
])
def test_declared_in_text(text, expected):
    assert declared_in_text(text) == expected


def test_quick_languages_only_answers_what_it_knows():
    assert quick_languages(["zh"], None) == ["zh"]
    assert quick_languages(["all"], "person: {}\n") is None
    assert quick_languages(["all"], "languages: [zh]\n") == ["zh"]


# ---------------------------------------------------------------- exports


def test_export_takes_any_declared_language(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "cv.yaml").write_text(HANT.replace("STANDARD", "hk"), encoding="utf-8")
    page = CliRunner().invoke(app, ["export", "cv.yaml", "--format", "markdown", "--lang", "zh-Hant"])
    assert page.exit_code == 0, page.output
    assert "清華大學" in page.stdout and "清华大学" not in page.stdout
    default = CliRunner().invoke(app, ["export", "cv.yaml", "--format", "markdown"])
    assert "Tsinghua University" in default.stdout  # the first declared language
    for fmt in ("bibtex", "academicpages"):  # the publication exports convert too
        converted = CliRunner().invoke(app, ["export", "cv.yaml", "--format", fmt, "--lang", "zh-hant"])
        assert converted.exit_code == 0, converted.output
    undeclared = CliRunner().invoke(app, ["export", "cv.yaml", "--format", "markdown", "--lang", "fr"])
    assert undeclared.exit_code == 1 and "not a language of this CV" in undeclared.output


def test_the_publications_page_in_traditional_chinese_is_converted():
    repo_cv = Path(__file__).resolve().parent.parent / "cv.yaml"
    page = CliRunner().invoke(app, ["export", str(repo_cv), "--format", "academicpages", "--lang", "zh-hant"])
    assert page.exit_code == 0, page.output
    assert "當前研究方向：" in page.stdout and "零階優化" in page.stdout and "會議論文" in page.stdout
    assert "零阶优化" not in page.stdout and "当前研究方向" not in page.stdout


def test_editing_a_locale_file_changes_the_cache_key_of_its_pdfs(tmp_path, monkeypatch):
    import datetime as dt
    import shutil

    from cvtool import cache, declared
    from cvtool.targets import Stamp, Target, jobs_for

    shutil.copytree(declared.LOCALES, tmp_path / "locales", ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    monkeypatch.setattr(declared, "LOCALES", tmp_path / "locales")
    source = tmp_path / "cv.yaml"
    hant, en = jobs_for([Target("zh-hant", "full"), Target("en", "full")], source, tmp_path / "out")
    stamp = Stamp(dt.date(2026, 11, 1), 0)
    keys = [cache.target_key(source, "text", job, stamp, ()) for job in (hant, en)]
    path = tmp_path / "locales" / "zh-hant.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("更新於", "更新日期"), encoding="utf-8")
    assert cache.target_key(source, "text", hant, stamp, ()) != keys[0]
    assert cache.target_key(source, "text", en, stamp, ()) == keys[1]  # another language's PDF is still current


def test_one_page_pdfs_share_their_choice_with_the_languages_built_with_them(tmp_path):
    """`--lang en --one-page` fits English alone; `--lang all` fits every language together, so the
    same one-page PDF may list other entries: the set is part of its cache key (and only of one-page ones)."""
    import datetime as dt

    from cvtool import cache
    from cvtool.targets import Stamp, Target, jobs_for, one_page_langs

    source = tmp_path / "cv.yaml"
    both = jobs_for([Target(lang, variant) for lang in ("en", "zh") for variant in ("full", "short")], source, tmp_path)
    assert one_page_langs(both) == ("en", "zh")
    assert one_page_langs(both[:2]) == ("en",) and one_page_langs([both[0], both[2]]) == ()
    stamp = Stamp(dt.date(2026, 11, 1), 0)
    en_full, en_short = both[0], both[1]
    assert cache.target_key(source, "t", en_short, stamp, (), ("en",)) != cache.target_key(source, "t", en_short, stamp, (), ("en", "zh"))
    assert cache.target_key(source, "t", en_full, stamp, (), ("en",)) == cache.target_key(source, "t", en_full, stamp, (), ("en", "zh"))
