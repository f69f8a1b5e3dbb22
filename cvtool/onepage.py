"""One page in every language, from one choice of content, filled with the loosest type that fits.

1. Every language is compiled at the design's type with all that the variant's rules keep, and
   measured (`fit.measure`). If each is one page, that is the answer.
2. One choice for all languages: drop the fewest entries of `Plan.droppable` (lowest ranked first)
   with which every language is predicted to fit at the declared floor. So the one-page CVs of all
   languages list the same entries.
3. Each language then gets the loosest type predicted to fill its page (one run), corrected once
   if the prediction missed by more than the band `fit.FILLED_LINES` allows (a second run). A
   language that cannot fit even at the floor makes every language drop one entry more.
A PDF of two pages is never returned; a CV that cannot fit is a CvError naming what overflows.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from cvtool.errors import CvError
from cvtool.fit import AIM_LINES, Measure, Predictor, Run, at, measure, overflow
from cvtool.fitreport import report_lines, table_lines
from cvtool.latex.compile import Compiled
from cvtool.latex.style import Typography
from cvtool.model import CV, FitBounds
from cvtool.select import Plan, select, variant_rules

CompileFn = Callable[[Plan, Typography], "tuple[Compiled, list[str]]"]
CORRECTIONS = 2  # compiles per language after the prediction's, before more is dropped
MAX_ROUNDS = 4  # rounds of "drop one more for every language" after the first choice


@dataclass
class Fitted:
    """One language's one-page PDF: the compile, its type and how it got there."""

    compiled: Compiled
    typography: Typography
    runs: int
    table: list[Run]


@dataclass
class Choice:
    """The one choice for all languages: the plan shown, what was dropped, each language's PDF."""

    plan: Plan
    dropped: list[str]
    base: Typography
    fitted: dict[str, Fitted | CvError]
    seconds: float = 0.0  # every run of every language, as the PDFs' summary lines show it


@dataclass
class _Lang:
    lang: str
    compile: CompileFn
    base: Typography
    floor: FitBounds
    first: Compiled | None = None
    predictor: Predictor | None = None
    runs: int = 0
    table: list[Run] = field(default_factory=list)
    on_page_two: list[str] = field(default_factory=list)

    def run(self, plan: Plan, t: Typography, dropped: int) -> tuple[Compiled, Measure, list[str]]:
        compiled, marks = self.compile(plan, t)
        self.runs += compiled.runs
        got = measure(compiled.log, marks)
        if got is None:
            compiled.cleanup()
            raise CvError(f"{self.lang}: the one-page variant could not be measured (the template lacks \\cvmark)")
        self.table.append(Run(t, dropped, got.pages, got.room_lines(t)))
        return compiled, got, marks


def fit_languages(cv: CV, profile: str | None, compilers: dict[str, CompileFn], base: Typography,
                  workers: int = 2) -> Choice:
    """The short variant of `cv` in every language of `compilers`, with one choice of content."""
    plan = select(cv, "short", profile)
    floor = variant_rules(cv, "short").fit
    states = [_Lang(lang, fn, base, floor) for lang, fn in compilers.items()]
    fitted: dict[str, Fitted] = {}
    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(states)))) as pool:
        firsts = dict(zip(compilers, pool.map(lambda s: _first(s, plan), states), strict=True))
        live = [s for s in states if not isinstance(firsts[s.lang], CvError)]
        try:
            fitted, dropped, shown = _rounds(cv, profile, plan, live, pool)
        finally:
            kept = [f.compiled for f in fitted.values()]
            for s in live:  # a first compile that is no language's answer
                if s.first is not None and all(c is not s.first for c in kept):
                    s.first.cleanup()
    errors: dict[str, Fitted | CvError] = {lang: e for lang, e in firsts.items() if isinstance(e, CvError)}
    return Choice(shown, dropped, base, {**fitted, **errors})


def _first(s: _Lang, plan: Plan) -> Measure | CvError:
    try:
        compiled, got, _ = s.run(plan, s.base, 0)
    except CvError as exc:
        return exc
    s.first = compiled
    s.predictor = Predictor(got, s.base, s.floor)
    return got


def _rounds(cv: CV, profile: str | None, plan: Plan, states: list[_Lang],
            pool: ThreadPoolExecutor) -> tuple[dict[str, Fitted], list[str], Plan]:
    """Choose the drops, fit every language; drop one more for all while some language cannot fit."""
    ranking = [key for _, key in plan.droppable]
    k = _fewest_drops(states, ranking, 0)
    for _ in range(MAX_ROUNDS + 1):
        dropped = ranking[:k]
        shown = select(cv, "short", profile, frozenset(dropped)) if dropped else plan
        results = list(pool.map(_fit_one, states, [shown] * len(states), [dropped] * len(states)))
        if all(r is not None for r in results):
            return {s.lang: r for s, r in zip(states, results, strict=True) if r is not None}, dropped, shown
        for r in results:  # (a first compile is cleaned up by the caller)
            if r is not None and all(r.compiled is not s.first for s in states):
                r.compiled.cleanup()
        if k >= len(ranking):
            break
        k = _fewest_drops(states, ranking, k + 1)
    raise _unfittable(states, ranking[:k])


def _fewest_drops(states: list[_Lang], ranking: list[str], start: int) -> int:
    """The fewest lowest-ranked entries (at least `start`) with which every language is predicted to fit."""
    for k in range(start, len(ranking) + 1):
        if all(s.predictor is None or s.predictor.fits_at_floor(ranking[:k]) for s in states):
            return k
    return len(ranking)


def _fit_one(s: _Lang, plan: Plan, dropped: list[str]) -> Fitted | None:
    """The loosest one-page compile of `plan` in this language; None if even the floor overflows."""
    assert s.predictor is not None
    if not dropped and s.first is not None and s.table[0].pages == 1:
        return Fitted(s.first, s.base, s.runs, list(s.table))  # the defaults fit: nothing to loosen
    best: tuple[float, Compiled, Typography] | None = None
    over = -1.0  # the largest share of tightening seen to overflow
    # (share of tightening, lines of room left) of each compile of this content; the first point is
    # the defaults' room from the first compile's entry heights, so a second guess can interpolate
    seen: list[tuple[float, float]] = [(0.0, s.predictor.room_at_defaults(dropped))]
    lam: float | None = s.predictor.loosest(dropped)
    if lam is None:  # predicted not to fit even at the floor: see (the prediction errs on the safe side)
        lam = 1.0
    for _ in range(1 + CORRECTIONS):
        if lam is None:
            break
        t = at(s.base, s.floor, lam)
        compiled, got, marks = s.run(plan, t, len(dropped))
        if got.pages == 1:
            if best is not None:
                best[1].cleanup()
            best = (lam, compiled, t)
            if lam == 0.0 or got.filled(t):
                break
        else:
            over = lam
            s.on_page_two = overflow(compiled.log, marks)
            compiled.cleanup()
        seen.append((lam, got.room_lines(t)))
        s.predictor.calibrate(t, dropped, got)
        guess = _secant(seen)
        if guess is None:
            guess = s.predictor.loosest(dropped)
        lam = _next_try(guess, over, best[0] if best else None)
    if best is None:
        return None
    return Fitted(best[1], best[2], s.runs, list(s.table))


def _secant(seen: list[tuple[float, float]]) -> float | None:
    """Where the room left would be `AIM_LINES`, along the line through the last two compiles."""
    (l1, r1), (l2, r2) = seen[-2], seen[-1]
    if l1 == l2 or r1 == r2:
        return None
    return max(0.0, l1 + (AIM_LINES - r1) * (l2 - l1) / (r2 - r1))


def _next_try(predicted: float | None, over: float, fits: float | None) -> float | None:
    """The next share of tightening to compile, strictly between what overflowed and what fit;
    None when no compile there could do better."""
    if predicted is None:  # not even the floor, by a prediction calibrated on this content: drop more
        return None
    nxt = min(max(predicted, over + 0.02), 1.0)
    if nxt <= over or (fits is not None and nxt >= fits - 0.005):
        return None
    return nxt


def _unfittable(states: list[_Lang], dropped: list[str]) -> CvError:
    over = next((s.on_page_two for s in states if s.on_page_two), [])
    floor = at(states[0].base, states[0].floor, 1.0) if states else None
    return CvError(
        "the short variant does not fit on one page even at "
        f"{floor.describe() if floor else 'the floor'} after dropping {len(dropped)} entries"
        + (f" ({', '.join(dropped)})" if dropped else "")
        + (f"; still on page 2: {', '.join(over[:8])}{' …' if len(over) > 8 else ''}" if over else ""),
        hint="Give fewer entries to the short variant (variants.short.sections.*.max_items, `short: false` on "
        "entries), lower the sections' min_items, add sections to variants.short.drop_order, "
        "or lower variants.short.fit bounds.",
    )


class SharedChoice:
    """The one-page choice of a build, per profile: made once, by whichever one-page PDF is built
    first, for every language it covers; then each one-page PDF claims its language's compile."""

    def __init__(self, choose: Callable[[str | None], Choice], wanted: set[str]) -> None:
        self._choose = choose
        self._wanted = wanted  # the languages whose PDFs will claim their compile
        self._lock = threading.Lock()
        self._made: dict[str | None, Choice | CvError] = {}

    def claim(self, lang: str, profile: str | None) -> tuple[Compiled, list[str], list[str]]:
        """This language's one-page compile, the report of what was left out and the --verbose table."""
        with self._lock:
            if profile not in self._made:
                self._made[profile] = self._make(profile)
        choice = self._made[profile]
        if isinstance(choice, CvError):
            raise choice
        fitted = choice.fitted[lang]
        if isinstance(fitted, CvError):
            raise fitted
        fitted.compiled.runs = fitted.runs
        fitted.compiled.seconds = choice.seconds
        return (fitted.compiled, report_lines(choice.plan, choice.dropped, lang, choice.base, fitted.typography),
                table_lines(fitted.table, choice.base))

    def _make(self, profile: str | None) -> Choice | CvError:
        started = time.perf_counter()
        try:
            choice = self._choose(profile)
        except CvError as exc:
            return exc
        choice.seconds = time.perf_counter() - started
        for lang, fitted in choice.fitted.items():  # measured only to choose: nobody claims them
            if lang not in self._wanted and isinstance(fitted, Fitted):
                fitted.compiled.cleanup()
        return choice
