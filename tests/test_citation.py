"""Citations a reviewer would not frown at: the failures issue 14 found, each pinned down."""

from __future__ import annotations

import pytest

from cvtool.bib.names import parse_names
from cvtool.citation import Style, citation, plain_text
from cvtool.model import Publication

ME = "Qingyu Song"


def pub(**fields) -> Publication:
    base = {"id": "p", "kind": "conference", "authors": [ME, "Wei Lin"], "title": "A Title",
            "venue": {"short": "NeurIPS", "name": "Advances in Neural Information Processing Systems"}, "date": 2024}
    return Publication.model_validate({**base, **fields})


def cite(p: Publication, lang: str = "en", style: Style | None = None) -> str:
    return plain_text(citation(p, lang, lambda a: a == ME, style))


def test_one_et_al_and_no_doubled_stop():
    text = cite(pub(authors_incomplete=True))
    assert text.startswith("Qingyu Song, Wei Lin, et al. “A Title.”")
    assert "et al.." not in text


@pytest.mark.parametrize("title", ["Is It Complete?", "Stop!", "Ends with a stop."])
def test_a_title_ending_a_sentence_gets_no_extra_stop(title):
    text = cite(pub(title=title))
    assert f"“{title}” In NeurIPS" in text, text  # no stop after the closing quote either (“Complete?”.)
    assert "?." not in text and "!." not in text and "..”" not in text and "”." not in text


def test_a_venue_ending_in_a_colon_or_comma_gets_one_stop():
    text = cite(pub(venue={"name": "Conference on Multimedia (MMEDIA 2017):"}, date=2017))
    assert text.endswith("In Conference on Multimedia (MMEDIA 2017).")


def test_the_year_once_for_a_conference():
    assert cite(pub()).endswith("In NeurIPS 2024.")
    named = cite(pub(venue={"name": "Findings of EMNLP 2023"}, date=2023))
    assert named.endswith("In Findings of EMNLP 2023.") and "2023 2023" not in named


def test_a_workshop_prints_its_name_not_only_its_host():
    both = pub(kind="workshop", venue={"short": "ICML", "workshop": "Workshop on Distribution Shifts"}, date=2023)
    assert cite(both).endswith("In Workshop on Distribution Shifts, ICML 2023.")
    named = pub(kind="workshop", venue={"short": "ICML", "name": "ICML 2023 Workshop on Distribution Shifts"}, date=2023)
    assert cite(named).endswith("In ICML 2023 Workshop on Distribution Shifts.")  # was "In ICML 2023."
    assert cite(pub(kind="workshop", venue={"short": "AAAI", "name": "AAAI Workshops"}, date=2023)).endswith(
        "In AAAI Workshops, 2023.")


def test_a_journal_shows_its_name_volume_issue_and_pages():
    journal = pub(kind="journal", venue={"short": "TMLR", "name": "Transactions on Machine Learning Research"},
                  volume="14", issue="2", pages="101--108")
    text = cite(journal)
    assert text.endswith("Transactions on Machine Learning Research, vol. 14, no. 2, pp. 101–108, 2024.")
    assert "In TMLR" not in text
    assert cite(journal, style=Style(journal_names="short")).endswith("TMLR, vol. 14, no. 2, pp. 101–108, 2024.")


def test_a_preprint_never_claims_arxiv_without_an_id():
    assert cite(pub(kind="preprint", venue=None, arxiv="2501.18092")).endswith("arXiv:2501.18092, 2024.")
    assert cite(pub(kind="preprint", venue=None, status="Under review")).endswith("Under review, 2024.")
    assert cite(pub(kind="preprint", venue=None, status="Submitted")).endswith("Submitted, 2024.")
    plain = cite(pub(kind="preprint", venue=None))
    assert plain.endswith("Preprint, 2024.") and "arXiv" not in plain


def test_badges_and_other_kinds():
    assert cite(pub(presentation="Oral", award="Best Paper Award")).endswith("In NeurIPS 2024. Oral Best Paper Award")
    thesis = pub(kind="thesis", venue=None, authors=[ME], degree="PhD", institution="CUHK")
    assert cite(thesis).endswith("PhD thesis, CUHK, 2024.")
    assert cite(thesis, "zh").endswith("博士学位论文, CUHK, 2024.")
    report = pub(kind="report", venue=None, number="TR-7", institution="ACME Labs")
    assert cite(report).endswith("Technical report TR-7, ACME Labs, 2024.")
    book = pub(kind="book", venue=None, publisher="Springer")
    assert cite(book).endswith("“A Title.” Springer, 2024.")


def test_en_and_zh_bold_the_same_pieces():
    p = pub(authors=[ME, "Wei Lin"], title={"en": "English", "zh": "中文"})
    bold = {lang: [(c.text, c.style) for c in citation(p, lang, lambda a: a == ME) if c.style] for lang in ("en", "zh")}
    assert bold["en"] == bold["zh"] == [(ME, "me"), ("NeurIPS", "venue")]


@pytest.mark.parametrize(
    ("field", "names", "incomplete"),
    [
        (r"Song, Qingyu and \textbf{Zhu, W.}", ["Qingyu Song", "W. Zhu"], False),  # bibtexparser: "extbfZhu, W."
        (r"Lin, Wei and \'Alvarez, Juan", ["Wei Lin", "Juan Álvarez"], False),  # bibtexparser: "Alvarez"
        (r"{Zhu}, Wei and Smith, Jr., John and de la Fuente, Ana", ["Wei Zhu", "John Smith, Jr.", "Ana de la Fuente"], False),
        (r"Herv{\'{e}} Fournier and S{\'{e}}bastien Tavenas", ["Hervé Fournier", "Sébastien Tavenas"], False),
        ("宋庆禹 and 徐宏", ["宋庆禹", "徐宏"], False),
        (r"{\underline{Song, Qingyu}} and Xu, Hong and others", ["Qingyu Song", "Hong Xu"], True),
        ("Cardoso, Anabelle W and {others}", ["Anabelle W Cardoso"], True),
        ("{World Health Organization}", ["World Health Organization"], False),
    ],
)
def test_names_whatever_the_encoding(field, names, incomplete):
    authors = parse_names(field)
    assert list(authors.names) == names and authors.incomplete is incomplete


def test_a_bold_name_in_the_bib_is_remembered():
    assert parse_names(r"Lin, Wei and \textbf{Song, Qingyu}").marked == ("Qingyu Song",)


def test_academicpages_names_a_thesis_as_the_cv_does():
    from cvtool.export import _md_publication
    from cvtool.languages import Reader
    from cvtool.model import CV

    cv = CV.model_validate({"person": {"name": ME}})
    thesis = pub(kind="thesis", venue=None, authors=[ME], degree="PhD", institution="CUHK", title="T")
    assert _md_publication(cv, thesis, Reader(cv, "en")) == "**Qingyu Song**. T. PhD thesis, CUHK, 2024."


@pytest.mark.tex
def test_a_publications_section_can_name_journals_by_their_short_name(tmp_path):
    from pdftools import build_text, squash, text_of

    cv = """\
person: {name: Qingyu Song}
sections:
  papers:
    kind: publications
    journal_names: short
    entries:
      - {id: j, kind: journal, authors: [Qingyu Song], title: A Journal Paper, date: 2024, volume: "46",
         venue: {short: TPAMI, name: IEEE Transactions on Pattern Analysis and Machine Intelligence}}
"""
    [result] = build_text(cv, tmp_path, langs=("en",))
    text = squash(text_of(result.path))
    assert squash("A Journal Paper.” TPAMI, vol. 46, 2024.") in text and "patternanalysis" not in text
