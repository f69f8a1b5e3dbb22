"""Commands for writing the CV source: `init` a starter, `validate` it, print its `schema`,
`migrate` a file of cvtool < 0.2."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cvtool.cli.errors import reports_errors
from cvtool.cli.options import Quiet, Source, Strict
from cvtool.errors import CvError


@reports_errors
def init(
    path: Annotated[Path, typer.Argument(
        help="Where to write the starter CV (a file, or a folder for cv.yaml).")] = Path("cv.yaml"),
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
    quiet: Quiet = False,
    template: Annotated[str, typer.Option(
        "--template", "-t", help="The shape of CV to start from: student, faculty or engineer.")] = "student",
) -> None:
    """Write a starter bilingual cv.yaml that teaches the format, and cv.schema.json beside it.

    Example: cvtool init cv.yaml --template faculty && cvtool render cv.yaml
    """
    from cvtool.errors import display_path
    from cvtool.starter import write_starter

    cv_path, schema_path = write_starter(path, force=force, template=template)
    name = display_path(cv_path)
    if not quiet:
        typer.echo(f"wrote {name} and {display_path(schema_path)}")
        typer.echo(f"next: edit {name}, then `cvtool validate {name}` and `cvtool render {name}`")


@reports_errors
def validate(
    files: Annotated[list[Path] | None, typer.Argument(help="The CV sources (default: cv.yaml).", show_default=False)] = None,
    strict: Strict = False,
    converted: Annotated[bool, typer.Option(
        "--converted", help="List every field whose text is converted (zh → zh-hant), for review.")] = False,
    quiet: Quiet = False,
) -> None:
    """Check cv.yaml and report every problem at once, as FILE:LINE:COL; say which languages it is in.

    Several files are checked one after the other (as a pre-commit hook passes them); the exit
    code is 1 if any has an error. Example: cvtool validate cv.yaml --strict
    """
    failed = 0
    for file in files or [Path("cv.yaml")]:
        try:
            _validate_one(file, strict=strict, converted=converted, quiet=quiet)
        except CvError as exc:
            typer.echo(exc.format(), err=True)
            failed += 1
    if failed:
        raise typer.Exit(code=1)


def _validate_one(file: Path, *, strict: bool, converted: bool, quiet: bool) -> None:
    from cvtool.languages import converted_summary, declared_languages
    from cvtool.load import load
    from cvtool.validate import validate as run

    result = run(load(file), strict=strict)
    if quiet:
        return
    for warning in result.warnings:
        typer.echo(warning.format(), err=True)
    if converted:
        for line in converted_summary(result.source, result.cv):
            typer.echo(line)
    n = len(result.warnings)
    langs = f"languages {', '.join(declared_languages(result.cv))}"
    if not result.cv.languages:
        langs += " (those its text uses; declare them with `languages:`)"
    typer.echo(f"{result.source.name}: ok" + (f" ({n} warning{'s' * (n != 1)})" if n else "") + f"; {langs}")


@reports_errors
def schema(
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write the schema here instead of to stdout.")] = None,
    quiet: Quiet = False,
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
        raise CvError(f"cannot write {display_path(out)}: {exc.strerror or exc}") from None
    if not quiet:
        typer.echo(f"wrote {display_path(out)}", err=True)


@reports_errors
def migrate(
    file: Source = Path("cv.yaml"),
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write here instead of rewriting FILE.")] = None,
    quiet: Quiet = False,
) -> None:
    """Rewrite a cv.yaml of cvtool < 0.2 in format 2 (sections under `sections:`), keeping comments.

    Example: cvtool migrate cv.yaml && git diff cv.yaml
    """
    from cvtool.errors import display_path
    from cvtool.files import write_atomic
    from cvtool.load import load_text
    from cvtool.migrate import migrate_text, needs_migration
    from cvtool.sourcefile import read_source_text
    from cvtool.validate import validate as run

    target = out or file
    original = read_source_text(file)
    if not needs_migration(original):  # the goal is reached: not a failure (a script may run it on every file)
        typer.echo(f"{display_path(file)} is already in format 2; nothing to migrate")
        return
    text = migrate_text(original)
    run(load_text(text, target))  # never write a file that does not validate
    write_atomic(target, text.encode("utf-8"))
    if not quiet:
        typer.echo(f"wrote {display_path(target)} in format 2 (comments kept); review it with a diff")
