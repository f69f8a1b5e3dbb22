"""Commands for everyday; registered on the main typer app by import (see cli.py).

init, schema, doctor and watch. Like cli.py they only parse options, call the library and print;
heavy modules are imported inside the commands so `cvtool --help` stays fast.
"""

from __future__ import annotations

from pathlib import Path

import typer

from cvtool.cli import LangChoice, VariantChoice, _fail, app, expand_choices
from cvtool.errors import CvError


@app.command()
def init(
    path: Path = typer.Argument(Path("cv.yaml"), help="Where to write the starter CV (a file, or a folder for cv.yaml)."),
    force: bool = typer.Option(False, "--force", help="Replace an existing file."),
) -> None:
    """Write a starter bilingual cv.yaml that teaches the format, and cv.schema.json beside it.

    Example: cvtool init cv.yaml && cvtool render cv.yaml
    """
    from cvtool.errors import display_path
    from cvtool.starter import write_starter

    try:
        cv_path, schema_path = write_starter(path, force=force)
    except CvError as exc:
        _fail(exc)
        return
    name = display_path(cv_path)
    typer.echo(f"wrote {name} and {display_path(schema_path)}")
    typer.echo(f"next: edit {name}, then `cvtool validate {name}` and `cvtool render {name}`")


@app.command()
def schema(
    out: Path | None = typer.Option(None, "--out", "-o", help="Write the schema here instead of to stdout."),
) -> None:
    """Print the JSON Schema of cv.yaml (for editor completion and checking).

    Example: cvtool schema --out cv.schema.json
    """
    from cvtool.errors import display_path
    from cvtool.schema import schema_text

    text = schema_text()
    if out is None:
        typer.echo(text, nl=False)
        return
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        _fail(CvError(f"cannot write {display_path(out)}: {exc.strerror or exc}"))
        return
    typer.echo(f"wrote {display_path(out)}", err=True)


@app.command()
def doctor(
    out: Path = typer.Option(Path("out"), "--out", "-o", help="The output folder that must be writable."),
) -> None:
    """Check that XeLaTeX, the LaTeX packages, the fonts and pdftoppm are installed; print fixes.

    Example: cvtool doctor --out out
    """
    from cvtool.doctor import diagnose

    report = diagnose(out)
    width = max(len(c.name) for c in report.checks)
    for check in report.checks:
        status = "ok" if check.ok else "MISSING" + (" (optional)" if check.optional else "")
        typer.echo(f"{status:<7}  {check.name:<{width}}  {check.detail}".rstrip())
        if not check.ok and check.fix:
            typer.echo(f"{'':<7}  {'':<{width}}  fix: {check.fix}")
    problems = len(report.problems)
    if report.healthy:
        typer.echo("ready: cvtool can render on this machine")
        return
    typer.echo(f"not ready: {problems} problem{'s' * (problems != 1)}; run the fix commands above", err=True)
    raise typer.Exit(code=1)


@app.command()
def watch(
    file: Path = typer.Argument(Path("cv.yaml"), help="The CV source."),
    lang: LangChoice = typer.Option(LangChoice.all, "--lang", "-l", help="Language of the CV."),
    variant: VariantChoice = typer.Option(VariantChoice.full, "--variant", "-V", help="full, short (one page) or all."),
    profile: str | None = typer.Option(None, "--profile", "-p", help="A profile declared in cv.yaml."),
    out: Path = typer.Option(Path("out"), "--out", "-o", help="Folder for the PDFs."),
    updated: str | None = typer.Option(
        None, "--updated", help="The 'updated' stamp, YYYY-MM[-DD] (default: SOURCE_DATE_EPOCH, else today)."
    ),
    debounce: float = typer.Option(0.3, "--debounce", min=0.0, max=10.0, help="Seconds to gather saves before rendering."),
    strict: bool = typer.Option(False, "--strict", help="Treat warnings as errors."),
) -> None:
    """Re-render whenever the CV, the templates (latex_templates/) or fonts/ change; Ctrl-C stops.

    Example: cvtool watch cv.yaml --lang zh --variant short
    """
    import os

    from cvtool.dates import updated_date
    from cvtool.errors import display_path
    from cvtool.pipeline import Options
    from cvtool.watch import watch as run

    langs, variants = expand_choices(lang, variant, one_page=False)
    try:
        updated_date(updated, dict(os.environ))  # a bad --updated fails now, not on every save
        if not file.is_file():
            raise CvError(f"{display_path(file)}: no such file", hint="Create one with `cvtool init`.")
        run(
            file, langs, variants, Options(out_dir=out, updated=updated),
            profile=profile, strict=strict, debounce=debounce,
            echo=lambda line, err: typer.echo(line, err=err),
        )
    except CvError as exc:
        _fail(exc)
    except KeyboardInterrupt:
        typer.echo("stopped", err=True)
