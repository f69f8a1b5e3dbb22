"""Commands for publications: `export` them to a website page or BibTeX, `import-bib` new ones."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from cvtool.cli.errors import reports_errors
from cvtool.cli.options import Quiet, echo_unless
from cvtool.errors import CvError


class ExportFormat(str, Enum):
    academicpages = "academicpages"
    bibtex = "bibtex"
    # the whole CV (cvtool.exports.FORMATS)
    markdown = "markdown"
    html = "html"
    jsonresume = "jsonresume"
    academicpages_cv = "academicpages-cv"


class ImportKind(str, Enum):
    auto = "auto"
    preprint = "preprint"
    journal = "journal"
    conference = "conference"
    workshop = "workshop"
    book = "book"
    chapter = "chapter"
    thesis = "thesis"
    report = "report"
    patent = "patent"


@reports_errors
def export(
    fmt: Annotated[ExportFormat, typer.Option(
        "--format", "-f", help="Publications: academicpages (the website's page) or bibtex. The whole CV: "
        "markdown, html, jsonresume, academicpages-cv (the website's _pages/cv.md).")],
    file: Annotated[Path, typer.Argument(help="The CV source.")] = Path("cv.yaml"),
    out: Annotated[str, typer.Option("--out", "-o", metavar="PATH", help="Where to write; `-` for standard output.")] = "-",
    lang: Annotated[str | None, typer.Option(
        "--lang", "-l", help="A language of the CV (a tag of its `languages:`); default: its first.")] = None,
    quiet: Quiet = False,
) -> None:
    """Export the publications (website page, BibTeX) or the whole CV (Markdown, HTML, JSON Resume,
    the website's CV page).

    Example: cvtool export cv.yaml --format academicpages --out ../site/_pages/publications.md
    Example: cvtool export cv.yaml --format html --lang zh --out cv-zh.html
    """
    from cvtool import exports
    from cvtool.export import export as publications_only
    from cvtool.files import write_atomic
    from cvtool.languages import export_language
    from cvtool.load import load
    from cvtool.validate import validate

    source = load(file)
    validated = validate(source)
    whole_cv = fmt.value in exports.FORMATS
    tag = export_language(lang, validated.cv)
    validated = validate(source, langs=[tag])  # warnings about this language only
    run = exports.export_cv if whole_cv else publications_only
    text = run(validated.cv, fmt.value, tag)
    for warning in [] if quiet else validated.warnings:
        typer.echo(warning.format(), err=True)
    if out == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        target = Path(out)
        if target.is_dir():
            raise CvError(f"--out {out}: is a folder; give a file name")
        write_atomic(target, text.encode("utf-8"))
        n = len(validated.cv.publications)
        if not quiet:
            typer.echo(f"wrote {target} ({n} publication{'s' * (n != 1)}, {fmt.value})", err=True)


@reports_errors
def import_bib(
    bib: Annotated[Path, typer.Argument(help="The BibTeX file to import (FILE.bib).")],
    cv: Annotated[Path, typer.Option("--cv", help="The CV source to add the publications to.")] = Path("cv.yaml"),
    kind: Annotated[ImportKind, typer.Option(
        "--kind", "-k", help="Kind of every entry; auto infers it (arXiv → preprint, the venue list, the entry type).")
    ] = ImportKind.auto,
    dry_run: Annotated[bool, typer.Option("--dry-run", "-n", help="Show the plan (and the diff); write nothing.")] = False,
    strict: Annotated[bool, typer.Option("--strict", help="Refuse the whole file if any entry cannot be imported.")] = False,
    venues: Annotated[Path | None, typer.Option("--venues", help="Your own venue list (YAML), tried before cvtool's.")] = None,
    quiet: Quiet = False,
) -> None:
    """Add or update publications in cv.yaml from a BibTeX file, entry by entry, keeping its comments and layout.

    Every entry is added, merged (another version of a paper), updated, unchanged or skipped, with
    its line and a reason. An import only fills what cv.yaml does not say yet, so importing the
    same file again changes nothing.

    Example: cvtool import-bib refs.bib --cv cv.yaml --dry-run
    """
    from cvtool.bib.plan import apply, plan_import

    say = echo_unless(quiet)
    plan = plan_import(cv, bib, kind=kind.value, strict=strict, venues=venues)
    _report_plan(plan, say)
    if all(d.action == "skipped" for d in plan.decisions):
        raise CvError(f"{bib}: error: no entry can be imported (reasons above); nothing was changed",
                      code="bib-nothing-imported")
    if dry_run:
        if plan.changed:
            say(plan.diff(), nl=False)
        say(f"dry run: {plan.cv_path} not changed")
        return
    apply(plan)
    counts = {a: sum(d.action == a for d in plan.decisions) for a in ("added", "merged", "updated", "skipped")}
    summary = ", ".join(f"{n} {a}" for a, n in counts.items() if n)
    say(f"wrote {plan.cv_path} ({summary})" if plan.changed else f"{plan.cv_path}: nothing to change")


def _report_plan(plan: Any, say: Any) -> None:
    from cvtool.errors import display_path

    for warning in plan.warnings:
        say(warning.format(), err=True)
    name = display_path(plan.bib_path)
    for decision in plan.decisions:
        say(decision.describe(name))
        for note in decision.notes:
            say(f"    note: {note}")
    if plan.relabelled:
        moves = ", ".join(f"{old} → {new} ({pid})" for pid, old, new in plan.relabelled)
        say(f"note: an added paper is older than others of its kind, so labels move: {moves}", err=True)
