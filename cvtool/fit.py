"""The one-page fitter's arithmetic: what a compile's log says about heights, and which typography
between the design's defaults and the declared floor fills the page without overflowing it.

The template logs where every entry starts (`\\cvmark`), so one compile tells the height of each
entry and of the whole content. How heights change with the type (size, margins, spacing) is a
simple model (`height_scale`); every later compile corrects it (`Predictor.calibrate`), so the
second guess lands within a line or two. The runs themselves are `cvtool.onepage`'s.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from cvtool.latex.style import Typography
from cvtool.model import FitBounds

PT_PER_CM = 72.27 / 2.54
# Content height ~ size^a / width^b: prose would go as size^2 / width and one-line rows as size, but
# the fixed skips and rules of a CV page flatten it (measured on overfull CVs); compiles correct the rest.
SIZE_EXPONENT = 1.0
WIDTH_EXPONENT = 0.3
LINE_FACTOR = 1.24  # baselineskip / body size (the sizes `Typography.tex` gives the style)
FILLED_LINES = 2.0  # a page is full when its last line ends within this many lines of the bottom margin
AIM_LINES = 0.9  # what a prediction aims for: the middle of that band
DROP_MARGIN_LINES = 1.0  # what to drop is chosen to leave this much room at the floor: a wrong guess costs every language a run

_MARK = re.compile(r"CVTOOL-MARK (\S+) (\d+) ([\d.]+)pt ([\d.]+)pt")
_WRITTEN = re.compile(r"Output written on .*?\((\d+) pages?", re.S)


@dataclass(frozen=True)
class Measure:
    """One compile's layout: content height as if the pages were one long page, and per entry."""

    total: float  # pt
    textheight: float  # pt
    pages: int
    heights: dict[str, float]  # entry key → its height in pt (up to the next mark)

    @property
    def fill(self) -> float:
        return self.total / self.textheight

    def room_lines(self, t: Typography) -> float:
        """Lines of `t`'s body text left between the last line and the bottom margin."""
        return (self.textheight - self.total) / (LINE_FACTOR * t.size)

    def filled(self, t: Typography) -> bool:
        return self.pages == 1 and self.room_lines(t) <= FILLED_LINES


@dataclass(frozen=True)
class Run:
    """One TeX run of the fitter, for the --verbose table."""

    typography: Typography
    dropped: int
    pages: int
    room_lines: float


def measure(log: str, marks: list[str]) -> Measure | None:
    """The marks' positions in a compile's log; None if the template logged none."""
    points = []
    textheight = 0.0
    page = 1
    for name, page_no, total, height in _MARK.findall(log):
        textheight, page = float(height), int(page_no)
        points.append((name, (page - 1) * textheight + float(total)))
    if not points or points[-1][0] != "end":
        return None
    heights = {}
    for (name, y), (_, y_next) in itertools.pairwise(points):
        if name.isdigit():  # an entry; `section` marks a section's start, which is nobody's height
            heights[marks[int(name)]] = max(0.0, y_next - y)
    # the marks' page numbers are those of the page being filled when TeX passed them: the last line
    # of a page may still be pushed to the next one, so the page count is the one TeX wrote
    written = _WRITTEN.search(log)
    pages = int(written[1]) if written else page
    total = points[-1][1]
    if pages > page:  # the last lines went over: count them as a line or so past the page
        total = max(total, (pages - 1) * textheight + textheight / 50)
    return Measure(total=total, textheight=textheight, pages=pages, heights=heights)


def overflow(log: str, marks: list[str]) -> list[str]:
    """The entries that start beyond the first page in a compile's log."""
    return [marks[int(name)] for name, page, _, _ in _MARK.findall(log) if name.isdigit() and int(page) > 1]


def area(t: Typography) -> tuple[float, float]:
    """(text width, text height) in cm of the one-page variant under `t` (its paper), as `Typography.tex` sets them."""
    width, height = t.page_cm
    return width - 2 * t.margin_cm, height - 2 * t.margin_cm


def height_scale(base: Typography, t: Typography) -> float:
    """How much taller (<1: shorter) the same content is under `t` than under `base`."""
    w0, _ = area(base)
    w1, _ = area(t)
    scale = (t.size / base.size) ** SIZE_EXPONENT * (w0 / w1) ** WIDTH_EXPONENT
    return scale * (1 - 0.06 * (1 - t.spacing / base.spacing))  # skips are a small share


def at(base: Typography, floor: FitBounds, lam: float) -> Typography:
    """The typography a share `lam` of the way from the defaults (0) to the declared floor (1)."""

    def between(start: float, low: float, step: float) -> float:
        return round((start - lam * (start - min(start, low))) / step) * step

    return base.tightened(
        size=round(between(base.size, floor.min_font_size, 0.05), 2),
        margin_cm=round(between(base.margin_cm, floor.min_margin_cm, 0.05), 2),
        spacing=round(between(base.spacing, floor.min_spacing, 0.01), 2),
    )


@dataclass
class Predictor:
    """The page fill of one language's content under a typography and a drop set: from the compile
    at the defaults with nothing dropped, times a factor learnt from the latest compile."""

    first: Measure
    base: Typography
    floor: FitBounds
    factor: float = 1.0

    def fill(self, t: Typography, dropped: Iterable[str] = ()) -> float:
        m = self.first
        dropped_pt = sum(m.heights.get(key, 0.0) for key in dropped)
        content_cm = (m.total - dropped_pt) / m.textheight * area(self.base)[1]
        return self.factor * content_cm * height_scale(self.base, t) / area(t)[1]

    def aim(self, t: Typography, lines: float = AIM_LINES) -> float:
        """The fill to aim for under `t`: `lines` short of the bottom margin."""
        return 1 - lines * LINE_FACTOR * t.size / (area(t)[1] * PT_PER_CM)

    def calibrate(self, t: Typography, dropped: Iterable[str], got: Measure) -> None:
        """Learn from a compile of the content less `dropped` under `t`."""
        predicted = self.fill(t, dropped) / self.factor
        if predicted > 0:
            self.factor = got.fill / predicted

    def room_at_defaults(self, dropped: Iterable[str]) -> float:
        """Lines left (negative: over) at the design's type without `dropped`, from the first compile alone."""
        m = self.first
        content = m.total - sum(m.heights.get(key, 0.0) for key in dropped)
        return (m.textheight - content) / (LINE_FACTOR * self.base.size)

    def fits_at_floor(self, dropped: Iterable[str]) -> bool:
        floor = at(self.base, self.floor, 1.0)
        return self.fill(floor, dropped) <= self.aim(floor, DROP_MARGIN_LINES)

    def loosest(self, dropped: list[str]) -> float | None:
        """The least tightening (share of the way to the floor) predicted to fit; None: not even the floor."""

        def over(lam: float) -> bool:
            t = at(self.base, self.floor, lam)
            return self.fill(t, dropped) > self.aim(t)

        if not over(0.0):
            return 0.0
        if over(1.0):
            return None
        low, high = 0.0, 1.0
        while high - low > 0.01:
            mid = (low + high) / 2
            low, high = (mid, high) if over(mid) else (low, mid)
        return high
