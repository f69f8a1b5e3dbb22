"""Option definitions shared by the commands: `render` and `watch` take the same build options
from here, so they cannot drift apart."""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer


class VariantChoice(str, Enum):
    full = "full"
    short = "short"
    all = "all"


Source = Annotated[Path, typer.Argument(help="The CV source.")]
Lang = Annotated[str, typer.Option("--lang", "-l", help=(
    "A language of the CV (a tag of its `languages:`, any case: zh-Hant = zh-hant), a comma list, or all."))]
Variant = Annotated[VariantChoice | None, typer.Option("--variant", help="full (the default), short (one page) or all.")]
OnePage = Annotated[bool, typer.Option("--one-page", help="Same as --variant short.")]
Profile = Annotated[str | None, typer.Option("--profile", "-p", help="A profile declared in cv.yaml.")]
Out = Annotated[Path | None, typer.Option("--out", "-o", help="Folder for the PDFs (default: out/ beside the CV file).")]
FileName = Annotated[str | None, typer.Option("--file-name", metavar="PATTERN", help=(
    "The PDFs' names, from {stem} (the CV file's), {lang}, {variant} and {profile}, e.g. Ada_Lovelace_CV_{lang}_{variant} "
    "(default: {stem}-{lang}-{variant}, and -{profile} with a profile)."))]
Updated = Annotated[str | None, typer.Option(
    "--updated", help="The 'updated' stamp, YYYY-MM[-DD] (default: SOURCE_DATE_EPOCH, else today).")]
BuildDir = Annotated[Path | None, typer.Option(
    "--build-dir", help="Keep the .tex, style file and log here (rebuild by hand with xelatex).")]
Force = Annotated[bool, typer.Option("--force", help="Re-render even if nothing changed.")]
Strict = Annotated[bool, typer.Option("--strict", help="Treat warnings (missing translations) as errors.")]
Timeout = Annotated[float, typer.Option("--timeout", help="Seconds one xelatex run may take.")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors.")]
Verbose = Annotated[bool, typer.Option("--verbose", "-v", help="Also print TeX runs and the end of each TeX log.")]
Png = Annotated[bool, typer.Option("--png", help="Also write a PNG preview of every page beside each PDF.")]


class PaperChoice(str, Enum):
    a4 = "a4"
    letter = "letter"


Theme = Annotated[str | None, typer.Option("--theme", help="Theme, over the file's design (see `cvtool themes`).")]
Paper = Annotated[PaperChoice | None, typer.Option("--paper", help="Paper size, over the file's design.")]


def design_choices(theme: str | None, paper: PaperChoice | None) -> tuple[tuple[str, str], ...]:
    """--theme/--paper → the top design layer, as plain pairs (the cache check loads no pydantic)."""
    from cvtool.themes import THEMES

    if theme is not None and theme not in THEMES:
        raise typer.BadParameter(f"unknown theme {theme!r}; expected one of: {', '.join(THEMES)}", param_hint="--theme")
    pairs = [("theme", theme), ("paper", paper.value if paper else None)]
    return tuple((name, value) for name, value in pairs if value is not None)


def expand_choices(lang: str, variant: VariantChoice | None, one_page: bool) -> tuple[list[str], list[str]]:
    """--lang/--variant/--one-page → the languages (tags, or `all`: resolved against the CV's
    declared languages once it is read, `pipeline.targets`) and variants to build. `variant` is
    None when not given (full); given with --one-page, any value is a contradiction, `full` too."""
    if one_page and variant is not None and variant is not VariantChoice.short:
        raise typer.BadParameter(
            f"--one-page means --variant short; it cannot be combined with --variant {variant.value}. "
            + ("Drop --variant full for the one-page CV, or --one-page for the full CV."
               if variant is VariantChoice.full else "Use --variant all alone to build both the full and one-page CVs.")
        )
    langs = [tag.strip().lower() for tag in lang.split(",") if tag.strip()] or ["all"]
    chosen = "short" if one_page else (variant or VariantChoice.full).value
    return langs, (["full", "short"] if chosen == "all" else [chosen])


def echo_unless(quiet: bool) -> Callable[..., None]:
    """`typer.echo`, or nothing with --quiet (which prints errors only: they are raised, not echoed)."""
    return (lambda *args, **kwargs: None) if quiet else typer.echo
