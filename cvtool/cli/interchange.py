"""`cvtool import`: start a cv.yaml from another tool's CV (JSON Resume, RenderCV)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from cvtool.cli.errors import reports_errors
from cvtool.cli.options import Quiet, echo_unless
from cvtool.errors import CvError


class ImportSource(str, Enum):
    jsonresume = "jsonresume"
    rendercv = "rendercv"


@reports_errors
def import_cv(
    source: Annotated[ImportSource, typer.Option("--from", help="The format of FILE: jsonresume or rendercv.")],
    file: Annotated[Path, typer.Argument(help="The CV to import: resume.json, or a RenderCV *_CV.yaml.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="The cv.yaml to write.")] = Path("cv.yaml"),
    force: Annotated[bool, typer.Option("--force", help="Replace --out if it exists.")] = False,
    quiet: Quiet = False,
) -> None:
    """Write a cv.yaml from a JSON Resume or RenderCV file; list what could not be imported.

    What has no place in cv.yaml is listed here and in a comment at the top of the new file.
    The new file is validated at once.

    Example: cvtool import --from jsonresume resume.json --out cv.yaml
    """
    say = echo_unless(quiet)
    from cvtool.files import write_atomic
    from cvtool.imports import import_file, to_yaml
    from cvtool.load import load
    from cvtool.validate import validate

    if out.exists() and not force:
        raise CvError(f"{out} exists; pass --force to replace it, or choose another --out")
    imported = import_file(source.value, file)
    write_atomic(out, to_yaml(imported, source.value, file).encode("utf-8"))
    for line in imported.unmapped:
        say(f"not imported: {line}", err=True)
    validated = validate(load(out))  # a CvError here names the new file's lines
    for warning in validated.warnings:
        say(warning.format(), err=True)
    n = len(imported.unmapped)
    say(f"wrote {out} ({n} value{'s' * (n != 1)} not imported, listed at its top); it validates", err=True)
