"""The stages for one validated CV: select → localize → render → compile → verify → publish.

Each stage is a plain function in its own module; this one only wires them, for one PDF
(`render_job`) or several in parallel threads (`render_many`; each TeX is its own process).
What to build, the cache and the reporting are the orchestrator's (`cvtool.build`); how TeX runs
is the engine's (`cvtool.latex.engine`).
"""

from __future__ import annotations

import datetime as _dt
import importlib
import os
import re
import sys
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from cvtool.design import Design, cli_design, design_for
from cvtool.errors import CvError, Diagnostic
from cvtool.fonts import font_setup
from cvtool.languages import requested_languages
from cvtool.latex.compile import Compiled
from cvtool.latex.sandbox import stop_all, stopping
from cvtool.latex.style import Typography
from cvtool.latex.templates import USER_TEMPLATES
from cvtool.locales import locale
from cvtool.localize import localize
from cvtool.model import CV
from cvtool.onepage import Choice, CompileFn, SharedChoice, fit_languages
from cvtool.publish import publish
from cvtool.select import VARIANTS, Plan, select
from cvtool.targets import Job, Result, Stamp, Target, requested
from cvtool.texmath import contains_math
from cvtool.validate import Validated

# The stages that load jinja2 and pypdf are imported where they run, after the cache check:
# a render with nothing to do never loads them.
if TYPE_CHECKING:
    from cvtool.latex.engine import TexEngine
    from cvtool.latex.render import Rendered


def targets(langs: list[str], variants: list[str], profile: str | None, cv: CV | None = None) -> list[Target]:
    """Every (language, variant) pair to build; checks the names, and the profile against `cv`."""
    if profile is not None and cv is not None and profile not in cv.profiles:
        known = ", ".join(cv.profiles) or "none are declared under `profiles:`"
        raise CvError(f"unknown profile {profile!r}; known: {known}")
    if cv is not None:  # `all` → the declared languages; a tag → the declared one it names
        langs = requested_languages(",".join(langs), cv)
    for lang in langs:
        locale(lang)  # a tag without a locale file fails here, before any job
    for variant in variants:
        if variant not in VARIANTS:
            raise CvError(f"unknown variant {variant!r}; expected one of: {', '.join(VARIANTS)}, all")
    return requested(langs, variants, profile)


def build_tex(plan: Plan, lang: str, day: _dt.date, typography: Typography, source_name: str, jobname: str,
              design: Design | None = None, user_templates: Path | None = None) -> tuple[Rendered, list[str]]:
    """Plan → rendered .tex (and the entry keys of its measurement marks), in the design's theme
    with the partials of `user_templates` (the `templates/` folder beside the CV) first."""
    from cvtool.latex.design_tex import design_tex
    from cvtool.latex.render import Tex, render_tex

    design = design or Design()
    view = localize(plan, lang, day)
    context = {
        **view.context(),
        "style": {k: Tex(v) for k, v in typography.tex(plan.variant).items()},
        "fonts": {"setup": Tex(font_setup(families=locale(view.lang).fonts, math=contains_math(plan.cv.model_dump())))},
        "design": {"tex": Tex(design_tex(design)), "choices": design},
        "source_name": source_name,
        "jobname": jobname,
    }
    return render_tex(context, theme=design.theme, user=user_templates), view.marks


def render_job(validated: Validated, job: Job, stamp: Stamp, engine: TexEngine,
               design_choices: tuple[tuple[str, str], ...] = (), one_page: SharedChoice | None = None) -> Result:
    """Build one PDF and publish it; a CvError if it cannot be made (the last good PDF stays).
    `design_choices` are the command line's (--theme …), above the CV's own `design:`; a one-page
    PDF takes its content and type from `one_page`, the choice shared by every language."""
    target = job.target
    report: list[str] = []
    table: list[str] = []
    if target.variant == "short":
        shared = one_page or one_page_choice(validated, [job], stamp, engine, design_choices, [target.lang])
        compiled, report, table = shared.claim(target.lang, target.profile)
    else:
        design = design_for(validated.cv, target.variant, target.profile, cli_design(design_choices))
        compile_plan = _compiler(validated, target.lang, job.jobname, stamp, engine, design)
        compiled, _ = compile_plan(select(validated.cv, target.variant, target.profile), base_typography(design))
    try:
        from cvtool.verify import verify  # imported while TeX ran (`_import_behind_tex`)

        facts = verify(compiled.pdf, max_pages=1 if target.variant == "short" else None)
        if stopping():  # interrupted while TeX was finishing: leave the last PDF in place
            raise CvError("stopped; the previous PDF, if any, was left untouched")
        publish(compiled.pdf, job.pdf)
    finally:
        compiled.cleanup()
    return Result(target, job.pdf, facts.pages, compiled.runs, compiled.seconds, [], report,
                  tex_warnings=tex_warnings(compiled.log), fit_table=table)


def base_typography(design: Design) -> Typography:
    """The design's type, margins and paper: where the one-page fitter starts."""
    page_w, page_h = design.page_pt
    return Typography(size=design.font_size, margin_cm=design.margins,
                      page_cm=(round(page_w / 72 * 2.54, 2), round(page_h / 72 * 2.54, 2)))


def _compiler(validated: Validated, lang: str, jobname: str, stamp: Stamp, engine: TexEngine,
              design: Design) -> CompileFn:
    """Plan and typography → a compiled PDF of `lang` (and its measurement marks)."""

    def compile_plan(plan: Plan, typography: Typography) -> tuple[Compiled, list[str]]:
        rendered, marks = build_tex(plan, lang, stamp.day, typography, validated.source.name, jobname, design,
                                    validated.source.path.parent / USER_TEMPLATES)
        _import_behind_tex("cvtool.verify")
        compiled = engine.compile(rendered, jobname)
        if compiled.missing_glyphs:
            compiled.cleanup()
            raise missing_glyph_error(validated, rendered, compiled.missing_glyphs)
        return compiled, marks

    return compile_plan


def one_page_choice(validated: Validated, jobs: list[Job], stamp: Stamp, engine: TexEngine,
                    design_choices: tuple[tuple[str, str], ...], langs: Sequence[str], workers: int = 0) -> SharedChoice:
    """The one choice of content for the one-page PDFs of `jobs`, made over all of `langs` (an entry
    is kept only if it fits in every one of them), whichever of them are built."""
    names = {job.target.lang: job.jobname for job in jobs if job.target.variant == "short"}
    every = list(dict.fromkeys([*langs, *names]))

    def choose(profile: str | None) -> Choice:
        design = design_for(validated.cv, "short", profile, cli_design(design_choices))
        compilers = {lang: _compiler(validated, lang, names.get(lang, f"measure-{lang}-short"), stamp, engine, design)
                     for lang in every}
        return fit_languages(validated.cv, profile, compilers, base_typography(design), parallel_jobs(workers, len(every)))

    return SharedChoice(choose, set(names))


def _import_behind_tex(module: str) -> None:
    """Import `module` in a thread now: the TeX run about to start takes ~0.3 s in which Python only
    waits, and pypdf (for verify) takes ~0.05 s to import. Its later import waits for this one."""
    if module not in sys.modules:
        threading.Thread(target=_quiet_import, args=(module,), daemon=True).start()


def _quiet_import(module: str) -> None:
    try:
        importlib.import_module(module)
    except Exception:
        pass


_TEX_WARNING = re.compile(r"^(Overfull \\[hv]box.*|Underfull \\[hv]box.*|LaTeX Warning:.*|LaTeX Font Warning:.*|"
                          r"Package \w+ Warning:.*|Output written on .*)$", re.M)


def tex_warnings(log: str) -> list[str]:
    """What a reader wants from a TeX log: box, font and LaTeX warnings, each once, and its
    closing "Output written on … (N pages)" line (the rest is memory statistics)."""
    return list(dict.fromkeys(m.group(1).strip() for m in _TEX_WARNING.finditer(log)))


def missing_glyph_error(validated: Validated, rendered: Rendered, missing: list[tuple[str, str, str]]) -> CvError:
    """No character is dropped silently: name it, its font, and the cv.yaml field it is in."""
    by_field: dict[tuple, list[str]] = {}
    for char, code, _font in missing:
        for loc in rendered.fields_with(char) or [()]:
            by_field.setdefault(loc, []).append(f"{char!r} ({code})")
    diagnostics = []
    for loc, chars in by_field.items():
        what = "character " + chars[0] + " has" if len(chars) == 1 else "characters " + ", ".join(chars) + " have"
        message = f"{what} no glyph in the fonts cvtool uses ({', '.join(_font_names(missing))})"
        if loc:
            diagnostics.append(validated.source.diagnostic(loc, message))
        else:
            diagnostics.append(Diagnostic(message=message, file=validated.source.name))
    return CvError(
        "some characters cannot be printed; nothing was written",
        diagnostics,
        hint="Replace them, or put a font that has them in fonts/ (see fonts/README.md).",
    )


Progress = Callable[[Job, "Result | CvError | None"], None]  # None: started


def _font_names(missing: list[tuple[str, str, str]]) -> list[str]:
    """'NotoSerif-Regular' from XeTeX's '"[/usr/…/NotoSerif-Regular.ttf:0]/OT:script=latn;…"'."""
    names = []
    for _, _, font in missing:
        name = Path(font.strip('"[').split("]")[0].split(":")[0]).stem or font
        if name not in names:
            names.append(name)
    return names


def render_many(
    validated: Validated, jobs: list[Job], stamp: Stamp, engine: TexEngine, *, workers: int = 0,
    design_choices: tuple[tuple[str, str], ...] = (), progress: Progress | None = None,
    same_content_langs: Sequence[str] = (),
) -> list[Result | CvError]:
    """Build every job, `workers` at a time (0: one per PDF, up to the CPU count); one failure does
    not stop the others. The outcomes come back in the order of `jobs`. The one-page PDFs share one
    choice of content, made over `same_content_langs` too (default: their own languages)."""
    one_page = one_page_choice(validated, jobs, stamp, engine, design_choices, same_content_langs, workers)

    def attempt(job: Job) -> Result | CvError:
        if progress:
            progress(job, None)
        try:
            outcome: Result | CvError = render_job(validated, job, stamp, engine, design_choices, one_page)
        except CvError as exc:
            exc.message = f"{job.jobname}: {exc.message}"
            outcome = exc
        if progress:
            progress(job, outcome)
        return outcome

    at_once = parallel_jobs(workers, len(jobs))
    pool = ThreadPoolExecutor(max_workers=at_once) if at_once > 1 else None
    try:
        outcomes = list(pool.map(attempt, jobs)) if pool else [attempt(job) for job in jobs]
    except BaseException:  # Ctrl-C or SIGTERM: stop every TeX run now, build and publish nothing more
        stop_all()
        if pool:
            pool.shutdown(wait=True, cancel_futures=True)
        raise
    if pool:
        pool.shutdown()
    return outcomes


def parallel_jobs(workers: int, count: int) -> int:
    """How many PDFs build at once: `workers`, else one per PDF up to the CPU count."""
    return workers or min(count, os.cpu_count() or 1)
