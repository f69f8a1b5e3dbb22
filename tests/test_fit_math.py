"""The one-page fitter's arithmetic, without TeX: reading marks, the path to the floor, predictions."""

from __future__ import annotations

from cvtool.fit import FILLED_LINES, Predictor, Run, at, measure, overflow
from cvtool.latex.style import Typography
from cvtool.model import FitBounds
from cvtool.onepage import _next_try

BASE = Typography(size=11.0, margin_cm=1.8, spacing=1.0)
FLOOR = FitBounds(min_font_size=10.0, min_margin_cm=1.2, min_spacing=0.5)


def log_of(points: list[tuple[str, int, float]], textheight: float = 700.0) -> str:
    return "\n".join(f"CVTOOL-MARK {name} {page} {y}pt {textheight}pt" for name, page, y in points)


def test_marks_give_each_entry_its_height_across_pages():
    log = log_of([("0", 1, 100.0), ("1", 1, 650.0), ("2", 2, 50.0), ("end", 2, 120.0)])
    m = measure(log, ["a", "b", "c"])
    assert m is not None
    assert m.pages == 2
    assert m.heights == {"a": 550.0, "b": 100.0, "c": 70.0}
    assert m.total == 820.0
    assert overflow(log, ["a", "b", "c"]) == ["c"]
    assert measure("no marks here", []) is None


def test_a_page_is_filled_only_within_two_lines_of_the_bottom():
    line = 1.24 * BASE.size
    full = measure(log_of([("end", 1, 700.0 - (FILLED_LINES - 0.5) * line)]), [])
    short = measure(log_of([("end", 1, 700.0 - (FILLED_LINES + 0.5) * line)]), [])
    assert full is not None and short is not None
    assert full.filled(BASE)
    assert not short.filled(BASE)


def test_the_path_runs_from_the_defaults_to_the_floor_and_never_past_it():
    assert at(BASE, FLOOR, 0.0) == BASE
    floor = at(BASE, FLOOR, 1.0)
    assert (floor.size, floor.margin_cm, floor.spacing) == (10.0, 1.2, 0.5)
    half = at(BASE, FLOOR, 0.5)
    assert (half.size, half.spacing) == (10.5, 0.75)
    # a floor above the start: the start holds
    high = at(Typography(size=9.5), FLOOR, 1.0)
    assert high.size == 9.5


def test_the_loosest_fit_is_the_least_tightening_and_drops_widen_it():
    m = measure(log_of([("0", 1, 0.0), ("1", 2, 100.0), ("end", 2, 200.0)]), ["big", "small"])
    assert m is not None  # 900pt of content for a 700pt page
    p = Predictor(m, BASE, FLOOR)
    assert p.loosest([]) is None, "22% over: even the floor does not fit"
    assert not p.fits_at_floor([])
    lam = p.loosest(["small"])  # 800pt: fits somewhere on the way
    assert lam is not None and 0.0 < lam < 1.0
    t = at(BASE, FLOOR, lam)
    assert p.fill(t, ["small"]) <= p.aim(t)
    looser = at(BASE, FLOOR, max(0.0, lam - 0.05))
    assert p.fill(looser, ["small"]) > p.aim(looser), "never tighter than needed"
    assert p.loosest(["big"]) == 0.0, "without the big entry the defaults fit"


def test_calibration_moves_the_next_guess_toward_what_tex_measured():
    m = measure(log_of([("0", 1, 0.0), ("end", 2, 60.0)]), ["a"])
    assert m is not None
    p = Predictor(m, BASE, FLOOR)
    lam = p.loosest([])
    assert lam is not None
    t = at(BASE, FLOOR, lam)
    taller = measure(log_of([("0", 1, 0.0), ("end", 1, 700.0 * p.fill(t) * 1.03)]), ["a"])
    assert taller is not None
    p.calibrate(t, [], taller)
    again = p.loosest([])
    assert again is not None and again > lam, "content came out taller: tighten more"


def test_the_next_try_stays_strictly_between_what_overflowed_and_what_fit():
    assert _next_try(0.4, over=0.5, fits=None) == 0.52, "never retry what overflowed"
    assert _next_try(0.3, over=-1.0, fits=0.6) == 0.3
    assert _next_try(0.7, over=-1.0, fits=0.6) is None, "the fitted compile is already the loosest"
    assert _next_try(None, over=1.0, fits=None) is None, "the floor overflowed: drop more"
    assert _next_try(None, over=0.5, fits=None) is None, "the calibrated guess says even the floor overflows"
    assert _next_try(1.3, over=0.5, fits=None) == 1.0


def test_the_fit_table_is_printed_with_verbose_only(tmp_path):
    import io

    from cvtool.build import Outcome
    from cvtool.fitreport import table_lines
    from cvtool.progress import Reporter
    from cvtool.targets import Result, Target

    table = table_lines([Run(at(BASE, FLOOR, 0.0), 0, 3, -40.0), Run(at(BASE, FLOOR, 0.4), 5, 1, 1.2)], BASE)
    result = Result(Target("en", "short"), tmp_path / "cv-en-short.pdf", 1, 2, 1.0,
                    report=["dropped to fit one page: awards: “Prize” (prize; dropped to fit one page)"], fit_table=table)
    printed = {}
    for verbose in (False, True):
        out = io.StringIO()
        Reporter(verbose=verbose, out=out, err=io.StringIO()).report(Outcome(results=[result]))
        printed[verbose] = out.getvalue()
    assert "“Prize” (prize; dropped to fit one page)" in printed[False]
    assert "overflows" not in printed[False]
    assert "10.6" in printed[True] and "1.2 lines" in printed[True] and "overflows" in printed[True]
