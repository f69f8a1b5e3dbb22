"""The command line: parse options, call the library, turn `CvError` into a message and exit code.

Kept thin on purpose; heavy modules are imported inside the commands so `cvtool --help` is fast.
"""

from __future__ import annotations

import os
import signal
import sys
from enum import Enum
from pathlib import Path

import typer

from cvtool import __version__
from cvtool.errors import CvError

app = typer.Typer(
    add_completion=True,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    help="Typeset one bilingual cv.yaml into English and Chinese PDF CVs through XeLaTeX.",
)


class LangChoice(str, Enum):
    en = "en"
    zh = "zh"
    all = "all"


class VariantChoice(str, Enum):
    full = "full"
    short = "short"
    all = "all"


def expand_choices(lang: LangChoice, variant: VariantChoice, one_page: bool) -> tuple[list[str], list[str]]:
    """--lang/--variant/--one-page → the languages and variants to build."""
    langs = ["en", "zh"] if lang is LangChoice.all else [lang.value]
    chosen = "short" if one_page else variant.value
    return langs, (["full", "short"] if chosen == "all" else [chosen])


def _fail(exc: CvError) -> None:
    typer.echo(exc.format(), err=True)
    raise typer.Exit(code=1)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cvtool {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version and exit."),
) -> None:
    pass


@app.command()
def validate(
    file: Path = typer.Argument(Path("cv.yaml"), help="The CV source."),
    strict: bool = typer.Option(False, "--strict", help="Treat warnings (missing translations) as errors."),
) -> None:
    """Check cv.yaml and report every problem at once, as FILE:LINE:COL.

    Example: cvtool validate cv.yaml --strict
    """
    from cvtool.load import load
    from cvtool.validate import validate as run

    try:
        result = run(load(file), strict=strict)
    except CvError as exc:
        _fail(exc)
        return
    for warning in result.warnings:
        typer.echo(warning.format(), err=True)
    n = len(result.warnings)
    typer.echo(f"{result.source.name}: ok" + (f" ({n} warning{'s' * (n != 1)})" if n else ""))


@app.command()
def render(
    file: Path = typer.Argument(Path("cv.yaml"), help="The CV source."),
    lang: LangChoice = typer.Option(LangChoice.all, "--lang", "-l", help="Language of the CV."),
    variant: VariantChoice = typer.Option(VariantChoice.full, "--variant", "-V", help="full, short (one page) or all."),
    one_page: bool = typer.Option(False, "--one-page", help="Same as --variant short."),
    profile: str | None = typer.Option(None, "--profile", "-p", help="A profile declared in cv.yaml."),
    out: Path = typer.Option(Path("out"), "--out", "-o", help="Folder for the PDFs."),
    updated: str | None = typer.Option(
        None, "--updated", help="The 'updated' stamp, YYYY-MM[-DD] (default: SOURCE_DATE_EPOCH, else today)."
    ),
    build_dir: Path | None = typer.Option(
        None, "--build-dir", help="Keep the .tex, style file and log here (rebuild by hand with xelatex)."
    ),
    force: bool = typer.Option(False, "--force", help="Re-render even if nothing changed."),
    strict: bool = typer.Option(False, "--strict", help="Treat warnings as errors."),
    timeout: float = typer.Option(120.0, "--timeout", help="Seconds one xelatex run may take."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only errors."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Also print TeX runs and the end of each TeX log."),
    png: bool = typer.Option(False, "--png", help="Also write a PNG preview of every page beside each PDF."),
) -> None:
    """Render PDFs into OUT as <stem>-<lang>-<variant>[-<profile>].pdf.

    Examples: cvtool render --lang zh;  cvtool render --lang en --one-page;
    cvtool render --lang all --variant all --updated 2026-11
    """
    from cvtool import cache
    from cvtool.progress import Reporter
    from cvtool.targets import Options, requested

    if one_page and variant is not VariantChoice.full:
        raise typer.BadParameter(f"--one-page means --variant short; it cannot be combined with --variant {variant.value}")
    langs, variants = expand_choices(lang, variant, one_page)
    options = Options(out_dir=out, updated=updated, build_dir=build_dir, timeout=timeout, force=force)
    reporter = Reporter(file.stem, quiet=quiet, verbose=verbose)
    asked = requested(langs, variants, profile)
    known = cache.Check([], [], asked) if strict or png else cache.check(file, asked, options)
    if known.complete:  # nothing changed: answer without loading pydantic, jinja2 or TeX
        for warning in known.warnings:
            reporter.warn(warning)
        reporter.summary(known.results, [])
        return

    from cvtool.early import started_early

    try:
        with started_early(file, known.missing, options) as early:  # TeX only where it will run
            from cvtool.load import load  # the heavy imports run while TeX starts
            from cvtool.pipeline import render_many, targets
            from cvtool.validate import validate as run

            validated = run(load(file), strict=strict)
            wanted = targets(langs, variants, profile, validated.cv)
            for diagnostic in validated.warnings:
                reporter.warn(diagnostic.format())
            with reporter.live(wanted):
                results, errors = render_many(validated, wanted, options, progress=reporter.update, early=early)
        if png:
            from cvtool.preview import png_previews

            for result in results:
                reporter.previews(result, png_previews(result.path))
    except CvError as exc:
        _fail(exc)
        return
    reporter.summary(results, errors)
    if errors:
        raise typer.Exit(code=1)


def main() -> None:
    _exit_cleanly_on(signal.SIGTERM, signal.SIGHUP)
    try:
        app()
    except CvError as exc:  # pragma: no cover - commands catch their own
        typer.echo(exc.format(), err=True)
        sys.exit(1)
    finally:
        if _SIGNALLED:  # cleaned up: now end by the signal itself, so the parent sees how we ended
            signal.signal(_SIGNALLED[0], signal.SIG_DFL)
            os.kill(os.getpid(), _SIGNALLED[0])


_SIGNALLED: list[int] = []


def _exit_cleanly_on(*signals: signal.Signals) -> None:
    """`kill` or a closed terminal unwinds like Ctrl-C does: started TeX runs are stopped and
    temporary folders removed (by default these signals end Python without any cleanup)."""

    def leave(signum: int, _frame: object) -> None:
        _SIGNALLED.append(signum)
        raise SystemExit(128 + signum)

    for sig in signals:
        if signal.getsignal(sig) is signal.SIG_DFL:
            signal.signal(sig, leave)


# Further commands live in their own modules and register themselves on `app`.
from cvtool import cli_everyday, cli_publications  # noqa: E402,F401  (registration side effects)
