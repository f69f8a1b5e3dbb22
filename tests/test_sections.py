"""Format 2's open sections: short and long forms, kinds named by ids, optional dates, and the
short variant and profiles by section id (select), without TeX."""

from __future__ import annotations

import datetime as _dt
import textwrap
from pathlib import Path

import pytest

from cvtool.errors import CvError
from cvtool.load import load_text
from cvtool.localize import localize
from cvtool.model import CV
from cvtool.select import select
from cvtool.validate import validate
from cvtool.view import Blocks, Items, LabelLines, Paragraph, Rows

FACULTY = """\
person: {name: Hanna Zhou}
sections:
  summary: Works on reliable learning.
  appointments:
    - {title: Professor, organization: Northlake University, start: 2021}
    - {title: Assistant Professor, organization: Northlake University, start: 2015, end: 2021}
  invited:
    kind: talks
    title: Invited Talks
    entries:
      - {id: t1, title: One, event: MIT, type: invited, date: 2024, priority: 1}
      - {id: t2, title: Two, event: CMU, date: 2023, priority: 3}
      - {id: t3, title: Three, event: ETH, date: 2022, priority: 2}
      - {id: t4, title: Four, date: 2021}
  contributed:
    kind: talks
    entries:
      - {title: Five, event: NeurIPS, type: contributed, date: 2022-12}
  grants:
    - {title: G, funder: NSF, role: PI, amount: "$1", start: 2022, end: 2027}
  students:
    - {name: Priya, degree: Ph.D., start: 2018, end: 2023, placement: Professor at X}
  teaching:
    - {course: ML, term: {season: winter, year: 2024, quarter: true}, role: instructor}
    - {course: Tutorial on ML, term: Michaelmas 2023}
  service:
    - {role: Area Chair, items: [NeurIPS 2024]}
  awards:
    - {title: Fellowship}
  languages:
    - {language: English, level: native}
  highlights:
    kind: bullets
    entries: [First, {text: Second}]
"""


def cv_of(text: str) -> CV:
    return validate(load_text(textwrap.dedent(text), Path("cv.yaml")), strict=True).cv


@pytest.fixture(scope="module")
def faculty() -> CV:
    return cv_of(FACULTY)


def test_ids_name_kinds_and_long_forms_share_a_kind(faculty):
    kinds = {sid: s.kind for sid, s in faculty.sections.items()}
    assert kinds == {
        "summary": "paragraph", "appointments": "positions", "invited": "talks", "contributed": "talks",
        "grants": "grants", "students": "students", "teaching": "teaching", "service": "service",
        "awards": "awards", "languages": "languages", "highlights": "bullets",
    }
    assert list(faculty.sections) == list(kinds)  # the order of the file is the order of the PDF


def test_every_body_shape_and_date_form_in_english(faculty):
    view = localize(select(faculty, "full"), "en", _dt.date(2026, 11, 1))
    by_id = {s.id: s for s in view.sections}
    assert by_id["invited"].title == "Invited Talks" and by_id["contributed"].title == "Talks"  # the locale's default
    assert isinstance(by_id["summary"].body, Paragraph)
    positions = by_id["appointments"].body
    assert isinstance(positions, Blocks) and [e.dates for e in positions.entries] == ["Since 2021", "2015 – 2021"]
    talks = by_id["invited"].body
    assert isinstance(talks, Rows) and talks.rows[0].tag == "Invited" and talks.rows[3].dates == "2021"
    teaching = by_id["teaching"].body
    assert isinstance(teaching, Rows) and [r.dates for r in teaching.rows] == ["Winter Quarter 2024", "Michaelmas 2023"]
    assert teaching.rows[0].rest[-1] == "Instructor"
    awards = by_id["awards"].body
    assert isinstance(awards, Rows) and awards.rows[0].dates == ""  # an undated award
    assert isinstance(by_id["service"].body, LabelLines) and isinstance(by_id["highlights"].body, Items)
    grants = by_id["grants"].body
    assert isinstance(grants, Blocks) and [(a.label, a.text) for a in grants.entries[0].aside] == [("Role", "PI"), ("Amount", "$1")]


def test_the_default_short_variant_works_by_kind(faculty):
    plan = select(faculty, "short")
    assert "teaching" not in plan.sections and "service" not in plan.sections and "students" not in plan.sections
    # talks: at most 3 per section, the heaviest kept, shown in file order
    assert [e.id for e in plan.cv.sections["invited"].entries] == ["t1", "t2", "t3"]
    assert "invited: t4 (over max_items 3)" in plan.left_out
    assert "appointments" in plan.compact
    # the fitter drops the lightest talks first; every section keeps its best entry (awards has one)
    assert plan.droppable == [("invited", "t1"), ("invited", "t3")]


def test_rules_and_profiles_name_sections_by_id():
    text = FACULTY + textwrap.dedent("""\
        variants:
          short:
            sections: {invited: {max_items: 1}, contributed: false}
            drop_order: [invited]
        profiles:
          talks_first:
            sections: [invited, appointments]
            keep: [t4]
        """)
    cv = cv_of(text)
    short = select(cv, "short")
    assert [e.id for e in short.cv.sections["invited"].entries] == ["t2"]
    assert "contributed" not in short.sections
    assert short.droppable == [], "the one talk left is the section's floor (min_items 1 by default)"
    profiled = select(cv, "full", profile="talks_first")
    assert list(profiled.sections) == ["invited", "appointments"]
    kept = select(cv, "short", profile="talks_first")
    assert [e.id for e in kept.cv.sections["invited"].entries] == ["t4"]  # kept first: it fills max_items 1


@pytest.mark.parametrize(("snippet", "fragment"), [
    ("  invited:\n    kind: talk\n    entries: []\n", "unknown section kind `talk`; did you mean `talks`?"),
    ("  invited_talks: []\n", "needs `kind:`"),
    ("  education:\n    - {school: S, degree: D, funder: NSF}\n", "it belongs to grants entries"),
    ("  awards:\n    - {title: T, start: 2024, end: 2023}\n", "the end 2023 is before the start 2024"),
    ("  awards:\n    - {title: T, date: 2024, end: 2025}\n", "use either `date`"),
    ("  pubs:\n    kind: publications\n    entries:\n      - {id: a, kind: preprint, authors: [A, et al.], title: T, date: 2024}\n",
     "write `authors_incomplete: true`"),
])
def test_bad_sections_are_located_errors_with_a_fix(snippet, fragment):
    with pytest.raises(CvError) as info:
        validate(load_text("person: {name: Ann}\nsections:\n" + snippet, Path("cv.yaml")))
    assert any(fragment in d.message and d.line and d.line >= 3 for d in info.value.diagnostics), info.value.format()


def test_a_rule_of_another_kind_is_refused():
    text = "person: {name: Ann}\nsections:\n  awards: []\nvariants:\n  short:\n    sections:\n      awards: {kinds: [journal]}\n"
    with pytest.raises(CvError) as info:
        validate(load_text(text, Path("cv.yaml")))
    assert "`kinds` chooses publication kinds; section `awards` is a awards section" in info.value.format()
