"""The shorter forms of a one-line entry that TeX chooses from (no TeX here; the choice is measured
in tests/test_e2e_onepage.py)."""

from __future__ import annotations

from cvtool.compactforms import forms, row_forms
from cvtool.view import Rich, Sourced


def texts(pairs) -> list[tuple[str, list[str]]]:
    return [(str(h), [str(d) for d in ds]) for h, ds in pairs]


def test_forms_go_from_as_written_to_abbreviated_to_cut_at_words_to_dropped():
    got = texts(forms("The Chinese University of Hong Kong", ["Doctor of Philosophy", "Computer Science and Engineering"]))
    assert got[0] == ("The Chinese University of Hong Kong", ["Doctor of Philosophy", "Computer Science and Engineering"])
    assert got[1] == ("The Chinese University of Hong Kong", ["Ph.D.", "Computer Science and Engineering"])
    assert ("The Chinese University of Hong Kong", ["Ph.D.", "Computer Science…"]) in got, "cut at a word, no dangling 'and'"
    assert ("The Chinese University of Hong Kong", []) in got
    assert got[-1][0].endswith("…") and got[-1][1] == []
    assert len(got) == len({(h, tuple(ds)) for h, ds in got}), "no form twice"


def test_chinese_is_cut_at_any_character_and_sources_are_kept():
    detail = Sourced("基于深度学习的欠参数化优化问题求解器的训练收敛性分析", ("sections", "experience", 1, "project"))
    got = forms(Sourced("香港中文大学", ("sections", "experience", 1, "organization")), [detail])
    cut = got[1][1][0]
    assert cut.endswith("…") and len(cut) < len(detail)
    assert cut.loc == detail.loc, "a cut text still points at its cv.yaml field"
    assert all(str(h) == "香港中文大学" for h, _ in got), "a short heading is never cut"


def test_text_with_markup_is_dropped_whole_never_cut():
    got = texts(forms("Lab", [Rich("**Learning** to optimize with a long long long long title", ())]))
    assert got == [("Lab", ["**Learning** to optimize with a long long long long title"]), ("Lab", [])]


def test_rows_cut_then_drop_the_trailing_details_before_the_title():
    title, org = "Outstanding Graduate Award at Provincial Level", "People's Government of Shandong Province"
    got = [([str(x) for x in p], [str(x) for x in r]) for p, r in row_forms([title], [org])]
    assert got[0] == ([title], [org])
    assert got[1][0] == [title] and got[1][1][0].endswith("…")
    assert ([title], []) in got
    assert got[-1][1] == [] and got[-1][0][0].endswith("…")


def test_rows_drop_the_location_before_cutting_the_event():
    title, event, place = "Certificates for Learned Controllers", "Stanford Systems Seminar", "Stanford, CA"
    got = [([str(x) for x in p], [str(x) for x in r]) for p, r in row_forms([title], [event, place])]
    assert got[:2] == [([title], [event, place]), ([title], [event])]
    cut = [r for _, r in got if any(x.endswith("…") for x in r)]
    assert cut and all(r == [r[0]] and place not in r for r in cut), "an event is cut only once the location is gone"
