"""The one-page guarantee: make the short variant fit on one page, or refuse.

The first compile also measures: the template logs where every entry starts (`\\cvmark`), so one
run tells how much the content overflows and how tall each droppable entry is. From that we
predict, in order: the least typographic tightening within the declared bounds (size, margins,
spacing) that fits; if even the floor does not fit, which lowest-priority entries (in the declared
drop order) to drop as well. The prediction is checked by a second compile; only if it was too
optimistic do further compiles drop one more entry each. A PDF of two pages is never returned.
"""

from __future__ import annotations

import itertools
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

from cvtool.errors import CvError
from cvtool.latex.compile import Compiled
from cvtool.latex.style import Typography
from cvtool.model import CV, FitBounds
from cvtool.select import Plan, select, variant_rules

TARGET_FILL = 0.97  # aim a little under a full page: the prediction is approximate
SIZE_EXPONENT = 1.6  # content height ~ size^1.6 (between one-line rows ~size and prose ~size^2)
MAX_EXTRA_RUNS = 6

_MARK = re.compile(r"CVTOOL-MARK (\S+) (\d+) ([\d.]+)pt ([\d.]+)pt")


@dataclass(frozen=True)
class Measure:
    total: float  # content height in pt, as if the pages were one long page
    textheight: float
    heights: dict[str, float]  # entry key → its height in pt (up to the next mark)


def measure(log: str, marks: list[str]) -> Measure | None:
    points = []
    textheight = 0.0
    for name, page, total, height in _MARK.findall(log):
        textheight = float(height)
        points.append((name, (int(page) - 1) * textheight + float(total)))
    if not points or points[-1][0] != "end":
        return None
    heights = {}
    for (name, y), (_, y_next) in itertools.pairwise(points):
        if name != "end":
            heights[marks[int(name)]] = max(0.0, y_next - y)
    return Measure(total=points[-1][1], textheight=textheight, heights=heights)


def overflow(log: str, marks: list[str]) -> list[str]:
    """The entries that start beyond the first page in a compile's log."""
    return [marks[int(name)] for name, page, _, _ in _MARK.findall(log) if name != "end" and int(page) > 1]


def _area(t: Typography, variant: str) -> tuple[float, float]:
    """(text width, text height) in cm for a typography, as the template's geometry sets them."""
    bottom = t.margin_cm + (0.5 if variant != "short" else 0.0)
    width, height = t.page_cm
    return width - 2 * t.margin_cm, height - t.margin_cm - bottom


def height_scale(base: Typography, t: Typography, variant: str) -> float:
    """How much taller (<1: shorter) the same content is under `t` than under `base`."""
    w0, _ = _area(base, variant)
    w1, _ = _area(t, variant)
    scale = (t.size / base.size) ** SIZE_EXPONENT * (w0 / w1) ** 0.5
    return scale * (1 - 0.06 * (1 - t.spacing / base.spacing))  # skips are a small share


def predicted_fill(m: Measure, base: Typography, t: Typography, variant: str, dropped_pt: float = 0.0) -> float:
    """Predicted page fill (1.0 = exactly one page) of the measured content under typography `t`."""
    _, h0 = _area(base, variant)
    _, h1 = _area(t, variant)
    content_cm = (m.total - dropped_pt) / m.textheight * h0
    return content_cm * height_scale(base, t, variant) / h1


def tightening_path(base: Typography, cv_bounds: FitBounds, steps: int = 20) -> list[Typography]:
    """From the declared start to the declared floor, in small even steps."""
    out = []
    for i in range(1, steps + 1):
        lam = i / steps
        out.append(base.tightened(
            size=round(base.size - lam * (base.size - min(base.size, cv_bounds.min_font_size)), 2),
            margin_cm=round(base.margin_cm - lam * (base.margin_cm - min(base.margin_cm, cv_bounds.min_margin_cm)), 2),
            spacing=round(base.spacing - lam * (base.spacing - min(base.spacing, cv_bounds.min_spacing)), 3),
        ))
    return out


def _pages(pdf) -> int:
    from cvtool.verify import read_facts  # pypdf is imported while the first TeX run works (pipeline)

    return read_facts(pdf).pages


CompileFn = Callable[[Plan, Typography], "tuple[Compiled, list[str]]"]


def fit_one_page(plan: Plan, cv: CV, base: Typography, compile_plan: CompileFn) -> tuple[Compiled, list[str]]:
    """Compile `plan` to one page, tightening then dropping; return the compile and a report."""
    bounds = variant_rules(cv, "short").fit
    started = time.perf_counter()
    compiled, marks = compile_plan(plan, base)
    runs = compiled.runs
    if _pages(compiled.pdf) == 1:
        return compiled, []
    m = measure(compiled.log, marks)
    compiled.cleanup()
    if m is None:
        raise CvError("the short variant overflows one page and could not be measured (template lacks \\cvmark)")

    # 1. the least tightening predicted to fit
    path = tightening_path(base, bounds)
    typography = next((t for t in path if predicted_fill(m, base, t, "short") <= TARGET_FILL), path[-1])
    report = [f"tightened to {typography.describe()} (from {base.describe()})"]

    # 2. if even the floor does not fit: drop lowest-priority entries, in the declared order
    dropped: list[str] = []
    dropped_pt = 0.0
    for _section, key in plan.droppable:
        if predicted_fill(m, base, typography, "short", dropped_pt) <= TARGET_FILL:
            break
        dropped.append(key)
        dropped_pt += m.heights.get(key, 0.0)

    attempts = 0
    while True:
        current = select(cv, "short", plan.profile, frozenset(dropped)) if dropped else plan
        compiled, current_marks = compile_plan(current, typography)
        runs += compiled.runs
        if _pages(compiled.pdf) == 1:
            break
        compiled.cleanup()
        remaining = [key for _, key in plan.droppable if key not in dropped]
        attempts += 1
        if not remaining or attempts > MAX_EXTRA_RUNS:
            over = overflow(compiled.log, current_marks)
            raise CvError(
                "the short variant does not fit on one page even at "
                f"{typography.describe()} after dropping {len(dropped)} entries"
                + (f" ({', '.join(dropped)})" if dropped else "")
                + (f"; still on page 2: {', '.join(over[:8])}{' …' if len(over) > 8 else ''}" if over else ""),
                hint="Give fewer entries to the short variant (variants.short.sections.*.max_items, "
                "`short: false` on entries), add sections to variants.short.drop_order, "
                "or lower variants.short.fit bounds.",
            )
        dropped.append(remaining[0])

    # 3. the prediction errs on the safe side: give back dropped entries the page still has room
    #    for (measured in the fitted run), at the cost of one more run, keeping the fitted PDF
    #    if the attempt overflows.
    if dropped:
        compiled, dropped, extra = _give_back(compiled, m, base, typography, dropped, cv, plan, compile_plan)
        runs += extra
    compiled.runs = runs
    compiled.seconds = time.perf_counter() - started  # all the runs, not only the last
    if dropped:
        report.append("dropped to fit: " + ", ".join(dropped))
    return compiled, report


def _give_back(
    compiled: Compiled, m: Measure, base: Typography, typography: Typography, dropped: list[str],
    cv: CV, plan: Plan, compile_plan: CompileFn,
) -> tuple[Compiled, list[str], int]:
    """Restore dropped entries, most important first, while the fitted page has room."""
    fitted = measure(compiled.log, ["?"] * (len(m.heights) + 1))
    if fitted is None:
        return compiled, dropped, 0
    scale = height_scale(base, typography, "short")
    kept_pt = m.total - sum(m.heights.get(k, 0.0) for k in dropped)
    calibration = fitted.total / (kept_pt * scale) if kept_pt > 0 else 1.0
    room = TARGET_FILL * fitted.textheight - fitted.total
    restored = []
    for key in reversed(dropped):  # the last dropped is the most important of them
        need = m.heights.get(key, 0.0) * scale * calibration
        if need > room:
            break
        restored.append(key)
        room -= need
    if not restored:
        return compiled, dropped, 0
    remaining = [k for k in dropped if k not in restored]
    retry, _ = compile_plan(select(cv, "short", plan.profile, frozenset(remaining)), typography)
    if _pages(retry.pdf) == 1:
        compiled.cleanup()
        return retry, remaining, retry.runs
    retry.cleanup()
    return compiled, dropped, retry.runs
