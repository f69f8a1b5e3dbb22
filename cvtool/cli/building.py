"""Commands that build PDFs: `render` once, `watch` on every save. Both take the same options."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cvtool.cli.errors import reports_errors
from cvtool.cli.options import (
    BuildDir,
    FileName,
    Force,
    Lang,
    OnePage,
    Out,
    Paper,
    PaperChoice,
    Png,
    Profile,
    Quiet,
    Source,
    Strict,
    Theme,
    Timeout,
    Updated,
    Variant,
    VariantChoice,
    Verbose,
    design_choices,
    expand_choices,
)
from cvtool.errors import CvError

if TYPE_CHECKING:
    from cvtool.build import Request


@reports_errors
def render(
    file: Source = Path("cv.yaml"),
    lang: Lang = "all",
    variant: Variant = None,
    one_page: OnePage = False,
    profile: Profile = None,
    out: Out = None,
    file_name: FileName = None,
    updated: Updated = None,
    build_dir: BuildDir = None,
    force: Force = False,
    strict: Strict = False,
    timeout: Timeout = 120.0,
    quiet: Quiet = False,
    verbose: Verbose = False,
    png: Png = False,
    theme: Theme = None,
    paper: Paper = None,
) -> None:
    """Render PDFs into OUT (out/ beside the CV file) as <stem>-<lang>-<variant>[-<profile>].pdf.

    Examples: cvtool render --lang zh;  cvtool render --lang en --one-page;
    cvtool render --lang all --variant all --updated 2026-11;  cvtool render --theme modern --paper letter
    """
    from cvtool.build import build
    from cvtool.progress import Reporter

    request = build_request(file, lang, variant, one_page, profile, out, file_name, updated, build_dir, force, strict, timeout,
                            png, theme, paper)
    reporter = Reporter(quiet=quiet, verbose=verbose)
    outcome = build(request, reporter)
    reporter.report(outcome)
    if not outcome.ok:
        raise typer.Exit(code=1)


@reports_errors
def watch(
    file: Source = Path("cv.yaml"),
    lang: Lang = "all",
    variant: Variant = None,
    one_page: OnePage = False,
    profile: Profile = None,
    out: Out = None,
    file_name: FileName = None,
    updated: Updated = None,
    build_dir: BuildDir = None,
    force: Force = False,
    strict: Strict = False,
    timeout: Timeout = 120.0,
    quiet: Quiet = False,
    verbose: Verbose = False,
    png: Png = False,
    theme: Theme = None,
    paper: Paper = None,
    debounce: Annotated[float, typer.Option(
        "--debounce", min=0.0, max=10.0, help="Seconds to gather saves before rendering.")] = 0.3,
) -> None:
    """Re-render whenever the CV, the templates (latex_templates/) or fonts/ change; Ctrl-C stops.

    Takes every option of `render`. Example: cvtool watch cv.yaml --lang zh --variant short
    """
    from cvtool.errors import display_path
    from cvtool.progress import Reporter
    from cvtool.targets import Stamp
    from cvtool.watch import watch as run

    request = build_request(file, lang, variant, one_page, profile, out, file_name, updated, build_dir, force, strict, timeout,
                            png, theme, paper)
    Stamp.resolve(updated)  # a bad --updated fails now, not on every save
    if not file.is_file():
        raise CvError(f"{display_path(file)}: no such file", hint="Create one with `cvtool init`.")
    try:
        run(request, Reporter(quiet=quiet, verbose=verbose), debounce=debounce)
    except KeyboardInterrupt:
        typer.echo("stopped", err=True)


def build_request(file: Path, lang: str, variant: VariantChoice | None, one_page: bool, profile: str | None, out: Path | None,
                  file_name: str | None, updated: str | None, build_dir: Path | None, force: bool, strict: bool, timeout: float,
                  png: bool, theme: str | None = None, paper: PaperChoice | None = None) -> Request:
    """The build the shared options of `render` and `watch` ask for."""
    from cvtool.build import Request
    from cvtool.targets import DEFAULT_FILE_NAME, Options

    langs, variants = expand_choices(lang, variant, one_page)
    options = Options(out_dir=file.parent / "out" if out is None else out, updated=updated, build_dir=build_dir,
                      timeout=timeout, force=force, file_name=file_name or DEFAULT_FILE_NAME,
                      design=design_choices(theme, paper))
    return Request(file, tuple(langs), tuple(variants), profile, options, strict=strict, png=png)
