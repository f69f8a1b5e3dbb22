"""The whole pipeline for one or many PDFs: select → localize → render → compile → verify → publish.

Each stage is a plain function in its own module; this one only wires them and decides names.
Several PDFs build in parallel threads (each is a separate xelatex process).
"""

from __future__ import annotations

import datetime as _dt
import importlib
import os
import re
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from cvtool import cache
from cvtool.design import Design, cli_design, design_for
from cvtool.errors import CvError, Diagnostic
from cvtool.fonts import font_setup
from cvtool.latex.compile import Compiled, compile_tex
from cvtool.latex.prestart import EarlyTex
from cvtool.latex.sandbox import stop_all, stopping
from cvtool.latex.style import Typography
from cvtool.localize import localize
from cvtool.model import CV, LANGS
from cvtool.publish import publish
from cvtool.select import VARIANTS, Plan, select
from cvtool.targets import Options, Result, Target, requested, stamp_and_epoch
from cvtool.validate import Validated

# The stages that load jinja2 and pypdf are imported where they run, after the cache check:
# a render with nothing to do never loads them.
if TYPE_CHECKING:
    from cvtool.early import EarlyStarts
    from cvtool.latex.render import Rendered


def targets(langs: list[str], variants: list[str], profile: str | None, cv: CV | None = None) -> list[Target]:
    """Every (language, variant) pair to build; checks the names, and the profile against `cv`."""
    if profile is not None and cv is not None and profile not in cv.profiles:
        known = ", ".join(cv.profiles) or "none are declared under `profiles:`"
        raise CvError(f"unknown profile {profile!r}; known: {known}")
    for lang in langs:
        if lang not in LANGS:
            raise CvError(f"unknown language {lang!r}; expected one of: {', '.join(LANGS)}, all")
    for variant in variants:
        if variant not in VARIANTS:
            raise CvError(f"unknown variant {variant!r}; expected one of: {', '.join(VARIANTS)}, all")
    return requested(langs, variants, profile)


def build_tex(plan: Plan, lang: str, day: _dt.date, typography: Typography, source_name: str, jobname: str,
              design: Design | None = None) -> tuple[Rendered, list[str]]:
    """Plan → rendered .tex (and the entry keys of its measurement marks)."""
    from cvtool.latex.design_tex import design_tex
    from cvtool.latex.render import Tex, render_tex

    design = design or Design()
    view = localize(plan, lang, day)
    context = {
        **view.context(),
        "style": {k: Tex(v) for k, v in typography.tex(plan.variant).items()},
        "fonts": {"setup": Tex(font_setup())},
        "design": {"tex": Tex(design_tex(design)), "choices": design},
        "source_name": source_name,
        "jobname": jobname,
    }
    return render_tex(context), view.marks


def render_target(validated: Validated, target: Target, options: Options, early: EarlyTex | None = None) -> Result:
    """Build one PDF. `early`, a TeX already started for it (`cvtool.early`), makes its first run."""
    unused = [early] if early is not None else []
    try:
        return _render_target(validated, target, options, unused)
    finally:
        for started in unused:  # a cache hit, or a failure before the first TeX run
            started.abort()


def _render_target(validated: Validated, target: Target, options: Options, early: list[EarlyTex]) -> Result:
    cv = validated.cv
    day, epoch = stamp_and_epoch(options)
    stem = validated.source.path.stem
    jobname = target.jobname(stem)
    build_dir = options.build_dir
    design = design_for(cv, target.variant, target.profile, cli_design(options.design))
    base = Typography(size=design.font_size, margin_cm=design.margins)

    def compile_plan(plan: Plan, typography: Typography) -> tuple[Compiled, list[str]]:
        rendered, marks = build_tex(plan, target.lang, day, typography, validated.source.name, jobname, design)
        _import_behind_tex("cvtool.verify")
        compiled = compile_tex(rendered, jobname, source_date_epoch=epoch, timeout=options.timeout, build_dir=build_dir,
                               early=early.pop() if early else None)
        if compiled.missing_glyphs:
            compiled.cleanup()
            raise missing_glyph_error(validated, rendered, compiled.missing_glyphs)
        return compiled, marks

    path = options.out_dir / f"{jobname}.pdf"
    key = cache.target_key(validated.source.text, jobname, target, day, epoch, options.design, validated.source.path.parent)
    use_cache = not options.force and build_dir is None
    if use_cache and (hit := cache.lookup(options.out_dir, jobname, key)):
        return hit.result(target, path)

    from cvtool.fit import fit_one_page

    plan = select(cv, target.variant, target.profile)
    report: list[str] = []
    if target.variant == "short":
        compiled, report = fit_one_page(plan, cv, base, compile_plan)
    else:
        compiled, _ = compile_plan(plan, base)
    try:
        from cvtool.verify import verify  # imported while TeX ran (`_import_behind_tex`)

        facts = verify(compiled.pdf, max_pages=1 if target.variant == "short" else None)
        if stopping():  # interrupted while TeX was finishing: leave the last PDF in place
            raise CvError("stopped; the previous PDF, if any, was left untouched")
        publish(compiled.pdf, path)
        pdf_sha = cache.file_sha256(path)
    finally:
        compiled.cleanup()
    warnings: list[str] = []
    if use_cache or options.force:
        source_warnings = [w.format() for w in validated.warnings]
        cache.store(options.out_dir, jobname, cache.Entry(key, pdf_sha, facts.pages, report, warnings, source_warnings))
    return Result(target, path, facts.pages, compiled.runs, compiled.seconds, warnings, report,
                  tex_warnings=tex_warnings(compiled.log))


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


Progress = Callable[[Target, "Result | CvError | None"], None]  # None: started


def _font_names(missing: list[tuple[str, str, str]]) -> list[str]:
    """'NotoSerif-Regular' from XeTeX's '"[/usr/…/NotoSerif-Regular.ttf:0]/OT:script=latn;…"'."""
    names = []
    for _, _, font in missing:
        name = Path(font.strip('"[').split("]")[0].split(":")[0]).stem or font
        if name not in names:
            names.append(name)
    return names


def render_many(
    validated: Validated, wanted: list[Target], options: Options, progress: Progress | None = None,
    early: EarlyStarts | None = None,
) -> tuple[list[Result], list[CvError]]:
    """Build every target, in parallel; one failure does not stop the others. `early` holds TeX
    runs started before validation (`cvtool.early.started_early`)."""
    stamp_and_epoch(options)  # a bad --updated or SOURCE_DATE_EPOCH fails once, before any job
    if not options.timeout > 0:  # also refuses NaN
        raise CvError(f"--timeout {options.timeout}: expected a number of seconds above 0")
    jobs = options.jobs or min(len(wanted), os.cpu_count() or 1)
    results: list[Result] = []
    errors: list[CvError] = []

    def attempt(target: Target) -> Result | CvError:
        if progress:
            progress(target, None)
        started = early.take(target.jobname(validated.source.path.stem)) if early is not None else None
        outcome = _attempt(validated, target, options, started)
        if progress:
            progress(target, outcome)
        return outcome

    pool = ThreadPoolExecutor(max_workers=jobs) if jobs > 1 and len(wanted) > 1 else None
    try:
        outcomes = list(pool.map(attempt, wanted)) if pool else [attempt(t) for t in wanted]
    except BaseException:  # Ctrl-C or SIGTERM: stop every TeX run now, build and publish nothing more
        stop_all()
        if pool:
            pool.shutdown(wait=True, cancel_futures=True)
        raise
    if pool:
        pool.shutdown()
    for outcome in outcomes:
        if isinstance(outcome, Result):
            results.append(outcome)
        else:
            errors.append(outcome)
    return results, errors


def _attempt(validated: Validated, target: Target, options: Options, early: EarlyTex | None) -> Result | CvError:
    try:
        return render_target(validated, target, options, early)
    except CvError as exc:
        exc.message = f"{target.jobname(validated.source.path.stem)}: {exc.message}"
        return exc
