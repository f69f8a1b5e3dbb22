"""Stage 2 — validate: every problem at once, located as FILE:LINE:COL with a field path and a caret."""

from __future__ import annotations

import datetime
import textwrap
import unicodedata
from pathlib import Path

import pytest

from cvtool import labels
from cvtool.errors import CvError, Diagnostic, sorted_diagnostics
from cvtool.exports import export_cv
from cvtool.load import load, load_text
from cvtool.validate import Validated, validate

NAME = Path("cv.yaml")

BASE = """\
person:
  name: {en: Ann Lee, zh: 李安}
"""


def ok(text: str, *, strict: bool = False) -> Validated:
    return validate(load_text(textwrap.dedent(text), NAME), strict=strict)


def fail(text: str, *, strict: bool = False) -> CvError:
    with pytest.raises(CvError) as info:
        ok(text, strict=strict)
    return info.value


def where(d: Diagnostic) -> tuple:
    return (d.line, d.column, d.path)


def only(err: CvError) -> Diagnostic:
    errors = [d for d in err.diagnostics if d.is_error]
    assert len(errors) == 1, err.format()
    return errors[0]


# ---------------------------------------------------------------- the real CV


def test_real_cv_is_clean(repo):
    result = validate(load(repo / "cv.yaml"))
    assert result.warnings == []
    assert result.cv.person.name.get("en") == "Qingyu Song"
    assert result.cv.person.name.get("zh") == "宋庆禹"
    assert len(result.cv.publications) == 13


def test_real_cv_is_clean_under_strict(repo):
    assert validate(load(repo / "cv.yaml"), strict=True).warnings == []


def test_minimal_cv():
    result = ok(BASE)
    assert result.warnings == []
    assert result.cv.publications == []


# ---------------------------------------------------------------- every problem at once, in order

SEVERAL = BASE + """\
  nmae_variants: [x]
  emails: [not-an-email]
  homepage: example.org
sections:
  education:
    - school: X
      degree: Y
      start: 2021-13
      end: 2020-02-31
    - school: X
      degree: Y
      start: 2021-05
      end: 2020-01
  publications:
    - id: p1
      kind: confrence
      authors: Ann Lee
      title: T
      date: 2020
"""


def test_every_error_is_reported_sorted():
    err = fail(SEVERAL)
    assert [where(d) for d in sorted_diagnostics(err.diagnostics)] == [
        (3, 3, "person.nmae_variants"),
        (4, 12, "person.emails[0]"),
        (5, 13, "person.homepage"),
        (10, 14, "sections.education[0].start"),
        (11, 12, "sections.education[0].end"),
        (15, 12, "sections.education[1].end"),
        (18, 13, "sections.publications[0].kind"),
        (19, 16, "sections.publications[0].authors"),
    ]
    assert err.message == "8 errors; nothing was rendered"
    heads = [line for line in err.format().splitlines() if line.startswith("cv.yaml:")]
    assert len(heads) == 8
    positions = [tuple(int(x) for x in h.split(":")[1:3]) for h in heads]
    assert positions == sorted(positions)
    assert err.format().splitlines()[-1] == "8 errors; nothing was rendered"


def test_diagnostic_format_and_caret():
    err = fail(BASE + "  emails: [ann@example.org, not-an-email]\n")
    text = err.format().splitlines()
    assert text[0] == (
        "cv.yaml:3:29: error: person.emails[1]: "
        "expected an e-mail address like name@example.org, found 'not-an-email'"
    )
    assert text[1] == "      emails: [ann@example.org, not-an-email]"
    assert text[2] == "    " + " " * 28 + "^"
    # the caret sits under the first character of the bad value
    assert text[1][text[2].index("^")] == "n"
    assert text[1][text[2].index("^") :].startswith("not-an-email")


def test_caret_with_tab_in_a_string_stays_aligned():
    # a tab inside a quoted value is shown as one space, and columns count it as one character
    err = fail(BASE + '  phones: ["a\\tb", 5]\n')
    d = only(err)
    shown = err.format().splitlines()
    assert d.column == 20
    assert shown[1][shown[2].index("^")] == "5"


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def test_caret_is_aligned_after_cjk_text():
    err = fail(BASE + "  emails: [李安, bad]\n")
    d = next(d for d in err.diagnostics if d.path == "person.emails[1]")
    shown = d.format().splitlines()
    source, caret = shown[1], shown[2]
    target = source.index("bad")
    assert len(caret) - 1 == _display_width(source[:target])


# ---------------------------------------------------------------- unknown keys


@pytest.mark.parametrize(
    "yaml_text, pos, fragment",
    [
        (BASE + "section: {}\n", (3, 1), "unknown field `section`; did you mean `sections`?"),
        (BASE + "  emial: [a@b.org]\n", (3, 3), "unknown field `emial`; did you mean `emails`?"),
        (
            BASE + "sections:\n  publications:\n    - {id: a, kind: preprint, authors: [Ann Lee], title: T, date: 2020, tittle: x}\n",
            (5, 73),
            "unknown field `tittle`; did you mean `title`?",
        ),
        (BASE + "meta:\n  subject: {en: x, fr: y}\n", (4, 20), "no locale for language `fr`; cvtool has: en, zh, zh-hant"),
        (
            BASE + "sections:\n  teaching: []\nvariants:\n  short:\n    sections:\n      teching: false\n",
            (8, 7),
            "unknown section `teching`; did you mean `teaching`?",
        ),
        (BASE + "variants:\n  shrt: {}\n", (4, 3), "expected one of full, short; found the string 'shrt'; did you mean `short`?"),
        # a misspelt required field is one error, not also "missing required field `organization`"
        (BASE + "sections:\n  experience:\n    - organisation: ACME\n      role: R\n      start: 2020\n", (5, 7),
         "unknown field `organisation`; did you mean `organization`?"),
        (BASE + "sections:\n  skills:\n    - category: Languages\n      items: [Go]\n", (5, 7),
         "unknown field `category`; did you mean `label`?"),
    ],
)
def test_unknown_keys_point_at_the_key_with_a_suggestion(yaml_text, pos, fragment):
    d = only(fail(yaml_text))
    assert (d.line, d.column) == pos
    assert fragment in d.message


def test_same_is_not_a_language():
    d = only(fail(BASE + "meta:\n  subject: {en: x, same: true}\n"))
    assert d.path == "meta.subject"
    assert "unknown language `same`" in d.message


# ---------------------------------------------------------------- wrong types deep inside


def test_authors_given_as_a_string():
    d = only(fail(BASE + "sections:\n  publications:\n    - id: a\n      kind: preprint\n      authors: Ann Lee, Bo\n      title: T\n      date: 2020\n"))
    assert where(d) == (7, 16, "sections.publications[0].authors")
    assert d.message == "expected a list (lines starting with `- `); found the string 'Ann Lee, Bo'"


def test_number_where_text_expected():
    d = only(fail(BASE + "  phones: [12345]\n"))
    assert where(d) == (3, 12, "person.phones[0]")
    assert "found the number 12345; quote it" in d.message


def test_priority_must_be_a_whole_number():
    d = only(fail(BASE + "sections:\n  awards:\n    - title: T\n      date: 2020\n      priority: high\n"))
    assert where(d) == (7, 17, "sections.awards[0].priority")
    assert d.message == "expected a whole number; found the string 'high'"


def test_term_season_literal():
    d = only(fail(BASE + "sections:\n  teaching:\n    - term: {season: autum, year: 2020}\n      institution: X\n      course: C\n"))
    assert where(d) == (5, 22, "sections.teaching[0].term.season")
    assert "expected one of spring, summer, fall, autumn, winter; found the string 'autum'; did you mean `autumn`?" in d.message


def test_missing_required_field_points_at_the_entry():
    d = only(fail(BASE + "sections:\n  education:\n    - school: X\n      date: 2020\n"))
    assert where(d) == (5, 7, "sections.education[0].degree")
    assert d.message == "missing required field `degree`"


def test_empty_text():
    d = only(fail(BASE + "  position: ''\n"))
    assert d.path == "person.position"
    assert "empty string" in d.message


def test_invisible_text_is_empty():
    """A zero-width space alone prints as nothing: it is no name (the PDF would have no title)."""
    d = only(fail('person:\n  name: "\\u200b\\ufeff"\n'))
    assert d.path == "person.name"
    assert "empty string" in d.message
    d = only(fail('person:\n  name: {en: "\\u200b", zh: "\\u3000"}\n'))
    assert d.path == "person.name"
    assert "at least one language" in d.message


def test_null_text():
    d = only(fail("person:\n  name:\n"))
    assert d.path == "person.name"
    assert "found nothing" in d.message


def test_venue_required_for_conference():
    d = only(fail(BASE + "sections:\n  publications:\n    - {id: a, kind: conference, authors: [Ann Lee], title: T, date: 2020}\n"))
    assert where(d) == (5, 7, "sections.publications[0]")
    assert d.message == "a conference paper needs a `venue`"


def test_bad_arxiv_id():
    d = only(fail(BASE + "sections:\n  publications:\n    - {id: a, kind: preprint, authors: [Ann Lee], title: T, date: 2020, arxiv: '25.1'}\n"))
    assert d.path == "sections.publications[0].arxiv"
    assert "expected an arXiv id like 2501.18092" in d.message


def test_url_without_scheme_gets_a_suggestion():
    d = only(fail(BASE + "  homepage: ann.example.org\n"))
    assert "did you mean 'https://ann.example.org'?" in d.message


# ---------------------------------------------------------------- dates


def _edu(start, end=None, extra=""):
    text = BASE + f"sections:\n  education:\n    - school: X\n      degree: Y\n      start: {start}\n"
    if end is not None:
        text += f"      end: {end}\n"
    return text + extra


def test_month_13():
    d = only(fail(_edu("2021-13")))
    assert where(d) == (7, 14, "sections.education[0].start")
    assert "month 13 does not exist" in d.message


@pytest.mark.parametrize("day", ["2021-02-29", "2020-02-30", "2024-02-31", "2023-04-31"])
def test_impossible_days(day):
    d = only(fail(_edu("2019", day)))
    assert where(d) == (8, 12, "sections.education[0].end")
    assert f"day {int(day[-2:])} does not exist in '{day}'" in d.message


def test_leap_day_is_fine():
    assert ok(_edu("2019", "2020-02-29")).cv.sections["education"].entries[0].end.day == 29


def test_end_before_start_points_at_end():
    d = only(fail(_edu("2021-05", "2020-01")))
    assert where(d) == (8, 12, "sections.education[0].end")
    assert d.message == "the end 2020-01 is before the start 2021-05"


def test_end_before_start_in_also():
    d = only(fail(_edu("2021-08", "2022", "      also:\n        - start: 2022\n          end: 2021\n")))
    assert where(d) == (11, 16, "sections.education[0].also[0].end")


def test_dates_compare_only_the_common_precision():
    # 2021 (the year) does not end before 2021-08
    assert ok(_edu("2021-08", "2021")).cv.sections["education"].entries[0].end.year == 2021


def test_present_only_as_end():
    assert ok(_edu("2021-08", "present")).cv.sections["education"].entries[0].end.present
    d = only(fail(_edu("present")))
    assert where(d) == (7, 14, "sections.education[0].start")
    assert "`present` is only allowed as an end date" in d.message


def test_bad_date_format():
    d = only(fail(_edu("2021-8")))
    assert "expected a date as YYYY, YYYY-MM or YYYY-MM-DD, found '2021-8'" in d.message


# ---------------------------------------------------------------- publications and cross-references

TOPICS = BASE + """\
sections:
  research_interests:
    topics:
      - {id: l2o, title: {en: Learning to Optimize, zh: 学习优化}}
      - {id: zo, title: {en: Zeroth-Order Optimization, zh: 零阶优化}}
"""
PUBS = "  publications:\n"  # after TOPICS (inside `sections:`)


def _pub(pid, kind="preprint", title="A Paper", date="2024", extra=""):
    venue = "" if kind == "preprint" else ", venue: {short: V}"
    return f"    - {{id: {pid}, kind: {kind}, authors: [Ann Lee], title: {title}, date: {date}{venue}{extra}}}\n"


def test_unknown_publication_kind_with_suggestion():
    d = only(fail(BASE + "sections:\n" + PUBS + _pub("a", kind="worksop")))
    assert d.path == "sections.publications[0].kind"
    assert d.message == (
        "expected one of preprint, journal, conference, workshop, book, chapter, thesis, report, patent; found the string 'worksop'; did you mean `workshop`?"
    )


def test_unknown_topic_on_a_publication():
    text = TOPICS + PUBS + _pub("a", extra=", topics: [zo, l20]")
    d = only(fail(text))
    line = text.splitlines()[8]
    assert where(d) == (9, line.index("l20") + 1, "sections.publications[0].topics[1]")
    assert d.message == "unknown topic `l20`; did you mean `l2o`?"


def test_dangling_hand_cited_label():
    text = TOPICS.replace("学习优化}}", "学习优化}, cite: [P1, C1, P7]}") + PUBS + _pub("a") + _pub("b", kind="conference", title="B Paper")
    err = fail(text)
    line = text.splitlines()[5]
    assert [where(d) for d in err.diagnostics] == [(6, line.index("P7") + 1, "sections.research_interests.topics[0].cite[2]")]
    assert "unknown publication label `P7`" in err.diagnostics[0].message


def test_hand_cited_label_that_exists_is_fine_and_is_listed():
    text = TOPICS.replace("零阶优化}}", "零阶优化}, cite: [C1]}") + PUBS + _pub("a", extra=", topics: [zo]") + _pub(
        "b", kind="conference"
    )
    cv = ok(text.replace("A Paper, date: 2024, venue", "B Paper, date: 2024, venue")).cv
    assert labels.topic_labels(cv, "zo") == ["P1", "C1"]


def test_duplicate_ids_across_sections():
    text = BASE + "sections:\n  education:\n    - id: phd\n      school: X\n      degree: Y\n      date: 2020\n  awards:\n    - id: phd\n      title: T\n      date: 2024\n"
    d = only(fail(text))
    assert where(d) == (10, 11, "sections.awards[0].id")
    assert d.message == "duplicate id `phd` (first used on line 5)"


def test_duplicate_topic_ids():
    text = TOPICS + "      - {id: zo, title: Again}\n"
    d = only(fail(text))
    assert where(d) == (8, 14, "sections.research_interests.topics[2].id")
    assert "duplicate topic id `zo`" in d.message


def test_duplicate_publication_titles_ignore_case_and_spacing():
    text = BASE + "sections:\n" + PUBS + _pub("a", title="Learning to Optimize") + _pub("b", title="learning  to OPTIMIZE", date="2025")
    d = only(fail(text))
    assert d.path == "sections.publications[1].title"
    assert d.line == 6
    assert d.message == "the same title as sections.publications[0]: a duplicate publication?"


def test_unknown_profile_topic_and_keep_and_drop_ids():
    text = TOPICS + "  awards:\n    - {id: best-paper, title: Best Paper, date: 2024}\nprofiles:\n  theory:\n    topics: [l2o, zoo]\n    keep: [best-papr]\n    drop: [nothing-like-it]\n"
    err = fail(text)
    assert [where(d) for d in err.diagnostics] == [
        (12, 19, "profiles.theory.topics[1]"),
        (13, 12, "profiles.theory.keep[0]"),
        (14, 12, "profiles.theory.drop[0]"),
    ]
    messages = [d.message for d in err.diagnostics]
    assert messages[0] == "unknown topic `zoo`; did you mean `zo`?"
    assert messages[1] == "unknown entry id `best-papr`; did you mean `best-paper`?"
    assert messages[2].startswith("unknown entry id `nothing-like-it`; known: ")


def test_variant_rule_naming_a_section_that_does_not_exist():
    text = BASE + "sections:\n  education: []\n  publications: []\nvariants:\n  short:\n    sections:\n      publications: {max_items: 3}\n      awards: false\n    drop_order: [teaching]\n"
    err = fail(text)
    assert [(d.line, d.path) for d in err.diagnostics] == [
        (10, "variants.short.sections.awards"),
        (11, "variants.short.drop_order[0]"),
    ]
    assert err.diagnostics[0].message == "unknown section `awards`; known: education, publications"
    assert err.diagnostics[1].message == "unknown section `teaching`; known: education, publications"


def test_section_listed_twice_in_a_profile():
    d = only(fail(BASE + "sections:\n  education: []\n  awards: []\nprofiles:\n  p:\n    sections: [education, awards, education]\n"))
    assert where(d) == (8, 35, "profiles.p.sections[2]")
    assert d.message == "section `education` is listed twice"


# ---------------------------------------------------------------- warnings and --strict

MISSING_ZH = BASE + "sections:\n  service:\n    - role: {en: Reviewer}\n"


def test_missing_translation_is_a_warning():
    result = ok(MISSING_ZH)
    [w] = result.warnings
    assert w.severity == "warning"
    assert where(w) == (5, 13, "sections.service[0].role")
    assert w.message == "no zh translation (only en); the en text is used"
    assert w.format().startswith("cv.yaml:5:13: warning: sections.service[0].role: no zh translation")


def test_missing_translation_is_an_error_under_strict():
    err = fail(MISSING_ZH, strict=True)
    d = only(err)
    assert d.severity == "error"
    assert where(d) == (5, 13, "sections.service[0].role")
    assert err.message == "1 error; nothing was rendered"
    assert "cv.yaml:5:13: error: sections.service[0].role: no zh translation" in err.format()


def test_missing_en_translation_is_a_warning_too():
    [w] = ok(BASE + "sections:\n  service:\n    - role: {zh: 审稿人}\n").warnings
    assert w.message == "no en translation (only zh); the zh text is used"


def test_warnings_are_shown_with_the_errors():
    err = fail(MISSING_ZH + "  awards:\n    - {id: x, title: T, date: 2020}\n    - {id: x, title: U, date: 2021}\n")
    assert [(d.line, d.severity) for d in sorted_diagnostics(err.diagnostics)] == [(5, "warning"), (8, "error")]
    assert err.message == "1 error, 1 warning; nothing was rendered"
    text = err.format()
    assert text.index("cv.yaml:5:13: warning:") < text.index(
        "cv.yaml:8:12: error: sections.awards[1].id: duplicate id `x` (first used on line 7)")


def test_owner_missing_from_authors_is_a_warning():
    text = BASE + "sections:\n  publications:\n    - {id: a, kind: preprint, authors: [Bo Chen, Cy Dee], title: T, date: 2024}\n"
    [w] = ok(text).warnings
    assert where(w) == (5, text.splitlines()[4].index("[Bo") + 1, "sections.publications[0].authors")
    assert "none of the authors is you" in w.message


def test_owner_found_through_name_variants_and_markers():
    text = BASE + "  name_variants: [A. Lee]\nsections:\n  publications:\n" + (
        "    - {id: a, kind: preprint, authors: [Bo Chen, 'A.  Lee*'], title: T, date: 2024}\n"
        "    - {id: b, kind: preprint, authors: [李安], title: U, date: 2024}\n"
    )
    assert ok(text).warnings == []


# ---------------------------------------------------------------- known gaps (bugs)


def test_shape_errors_and_cross_reference_errors_are_reported_together():
    text = TOPICS + PUBS + _pub("a", date="2024-13") + _pub("b", extra=", topics: [nope]")
    err = fail(text)
    paths = {d.path for d in err.diagnostics}
    assert {"sections.publications[0].date", "sections.publications[1].topics[0]"} <= paths


def test_whitespace_only_translation_is_not_silently_blank():
    with pytest.raises(CvError):
        ok(BASE + "meta:\n  subject: {en: '   ', zh: 标题}\n", strict=True)


def test_label_prefixes_must_be_unique():
    text = BASE + "layout:\n  labels: {journal: C}\nsections:\n" + PUBS + _pub("a", kind="journal") + _pub("b", kind="conference", title="B Paper")
    with pytest.raises(CvError) as info:
        ok(text)
    assert "layout.labels" in info.value.format()


# ---------------------------------------------------------------- codes: what callers filter on


def test_every_diagnostic_carries_a_code():
    text = TOPICS + PUBS + _pub("a", extra=", topics: [l20]") + _pub("a", title="B", kind="worksop")
    text += "  education:\n    - {school: S, degree: D, start: 2021, end: 2020}\n    - {school: S, degree: D, start: 2021, colour: red}\n"
    codes = sorted(d.code for d in fail(text).diagnostics)
    assert codes == ["end-before-start", "unknown-field", "unknown-topic", "unknown-value"], codes


def test_cross_check_codes():
    text = TOPICS + PUBS + _pub("a", extra=", topics: [zo, l20]") + _pub("a", title="Other")
    err = fail(text)
    assert {d.code for d in err.diagnostics} == {"unknown-topic", "duplicate-id"}
    warn = ok(BASE + "sections:\n  education:\n    - {school: {en: S}, degree: D, start: 2021}\n").warnings
    assert [w.code for w in warn] == ["missing-translation"]


def test_checks_on_a_broken_part_are_set_aside_by_code():
    """A topic defined in a broken research_interests may exist: no `unknown-topic` then."""
    text = TOPICS.replace("{id: zo,", "{id: zo, colour: red,") + PUBS + _pub("a", extra=", topics: [zo]")
    err = fail(text)
    assert [d.code for d in err.diagnostics] == ["unknown-field"]


# ---------------------------------------------------------------- URLs


def test_url_with_a_space_says_to_write_it_as_percent_20():
    d = only(fail(BASE + "  homepage: https://example.org/a b\n"))
    assert where(d) == (3, 13, "person.homepage")
    assert "a URL cannot contain a space" in d.message and "'https://example.org/a%20b'" in d.message


@pytest.mark.parametrize("fmt", ["html", "markdown"])
def test_url_with_angle_brackets_is_linked_alike_in_the_pdf_and_the_exports(fmt):
    """Validate accepts it, so every output must link it: stored percent-encoded, the same address."""
    cv = ok(BASE + "  homepage: https://example.org/?q=<x>&y=\"z\"\n").cv
    assert cv.person.homepage == "https://example.org/?q=%3Cx%3E&y=%22z%22"
    page = export_cv(cv, fmt, "en", datetime.date(2025, 11, 1))
    assert "https://example.org/?q=%3Cx%3E&amp;y=%22z%22" in page if fmt == "html" else \
        "(<https://example.org/?q=%3Cx%3E&y=%22z%22>)" in page
