"""What the one-page fitter tells the user: every entry left out (by the variant's rules or to fit
the page) with its section, title and id, and how far the type was tightened; with --verbose, a
table of every TeX run it made."""

from __future__ import annotations

from collections.abc import Sequence

from cvtool.fit import Run
from cvtool.latex.style import Typography
from cvtool.select import Plan


def report_lines(plan: Plan, dropped: list[str], lang: str, base: Typography, final: Typography) -> list[str]:
    """One line per entry left out, then the type if it is not the design's."""
    lines = [f"left out: {h.describe(lang)}" for h in plan.hidden if not h.for_space]
    dropped_first = sorted((h for h in plan.hidden if h.for_space), key=lambda h: dropped.index(h.key))
    lines += [f"dropped to fit one page: {h.describe(lang)}" for h in dropped_first]
    if final != base:
        lines.append(f"tightened to {final.describe()} (design: {base.describe()})")
    return lines


def table_lines(runs: Sequence[Run], base: Typography) -> list[str]:
    """The --verbose table: one row per TeX run of this language."""
    head = f"{'run':>3}  {'type':>6}  {'margins':>7}  {'spacing':>7}  {'dropped':>7}  {'pages':>5}  room"
    rows = [head]
    for i, r in enumerate(runs, 1):
        t = r.typography
        room = f"{r.room_lines:.1f} lines" if r.pages == 1 else "overflows"
        rows.append(f"{i:>3}  {t.size:>4.2f}pt  {t.margin_cm:>5.2f}cm  {t.spacing:>7.0%}  {r.dropped:>7}  {r.pages:>5}  {room}")
    rows.append(f"(design: {base.describe()})")
    return rows
