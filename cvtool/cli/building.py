"""Commands that build PDFs: `render` once, `watch` on every save. Both take the same options."""

from __future__ import annotations

from pathlib import Path

import typer

from cvtool.cli.errors import reports_errors
from cvtool.cli.options import (
    BuildDir,
    Force,
    Lang,
    LangChoice,
    OnePage,
    Out,
    Png,
    Profile,
    Quiet,
    Source,
    Strict,
    Timeout,
    Updated,
    Variant,
    VariantChoice,
    Verbose,
    expand_choices,
)
from cvtool.errors import CvError


@reports_errors
def render(
    file: Source = Path("cv.yaml"),
    lang: Lang = LangChoice.all,
    variant: Variant = VariantChoice.full,
    one_page: OnePage = False,
    profile: Profile = None,
    out: Out = Path("out"),
    updated: Updated = None,
    build_dir: BuildDir = None,
    force: Force = False,
    strict: Strict = False,
    timeout: Timeout = 120.0,
    quiet: Quiet = False,
    verbose: Verbose = False,
    png: Png = False,
) -> None:
    """Render PDFs into OUT as <stem>-<lang>-<variant>[-<profile>].pdf.

    Examples: cvtool render --lang zh;  cvtool render --lang en --one-page;
    cvtool render --lang all --variant all --updated 2026-11
    """
    from cvtool import cache
    from cvtool.progress import Reporter
    from cvtool.targets import Options, requested

    langs, variants = expand_choices(lang, variant, one_page)
    options = Options(out_dir=out, updated=updated, build_dir=build_dir, timeout=timeout, force=force)
    reporter = Reporter(file.stem, quiet=quiet, verbose=verbose)
    asked = requested(langs, variants, profile)
    known = cache.Check([], [], asked) if strict or png else cache.check(file, asked, options)
    if known.complete:  # nothing changed: answer without loading pydantic, jinja2 or TeX
        for line in known.warnings:
            reporter.warn(line)
        reporter.summary(known.results, [])
        return

    from cvtool.early import started_early

    with started_early(file, known.missing, options) as early:  # TeX only where it will run
        from cvtool.load import load  # the heavy imports run while TeX starts
        from cvtool.pipeline import render_many, targets
        from cvtool.validate import validate as run

        validated = run(load(file), strict=strict)
        wanted = targets(langs, variants, profile, validated.cv)
        for warning in validated.warnings:
            reporter.warn(warning.format())
        with reporter.live(wanted):
            results, errors = render_many(validated, wanted, options, progress=reporter.update, early=early)
    if png:
        from cvtool.preview import png_previews

        for result in results:
            reporter.previews(result, png_previews(result.path))
    reporter.summary(results, errors)
    if errors:
        raise typer.Exit(code=1)


@reports_errors
def watch(
    file: Source = Path("cv.yaml"),
    lang: Lang = LangChoice.all,
    variant: Variant = VariantChoice.full,
    one_page: OnePage = False,
    profile: Profile = None,
    out: Out = Path("out"),
    updated: Updated = None,
    build_dir: BuildDir = None,
    force: Force = False,
    strict: Strict = False,
    timeout: Timeout = 120.0,
    debounce: float = typer.Option(0.3, "--debounce", min=0.0, max=10.0, help="Seconds to gather saves before rendering."),
) -> None:
    """Re-render whenever the CV, the templates (latex_templates/) or fonts/ change; Ctrl-C stops.

    Example: cvtool watch cv.yaml --lang zh --variant short
    """
    import os

    from cvtool.dates import updated_date
    from cvtool.errors import display_path
    from cvtool.targets import Options
    from cvtool.watch import watch as run

    langs, variants = expand_choices(lang, variant, one_page)
    options = Options(out_dir=out, updated=updated, build_dir=build_dir, timeout=timeout, force=force)
    updated_date(updated, dict(os.environ))  # a bad --updated fails now, not on every save
    if not file.is_file():
        raise CvError(f"{display_path(file)}: no such file", hint="Create one with `cvtool init`.")
    try:
        run(file, langs, variants, options, profile=profile, strict=strict, debounce=debounce,
            echo=lambda line, err: typer.echo(line, err=err))
    except KeyboardInterrupt:
        typer.echo("stopped", err=True)
