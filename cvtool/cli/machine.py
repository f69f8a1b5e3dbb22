"""`doctor`: is this machine ready to render? What each check found, and the fix for what is not."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cvtool.cli.options import Quiet


def doctor(
    out: Annotated[Path, typer.Option("--out", "-o", help="The output folder that must be writable.")] = Path("out"),
    quiet: Quiet = False,
) -> None:
    """Check that XeLaTeX, the LaTeX packages, the fonts and pdftoppm are installed; print the fix for this system.

    Example: cvtool doctor --out out
    """
    from cvtool.doctor import diagnose

    report = diagnose(out)
    width = max(len(c.name) for c in report.checks)
    for check in report.checks:
        if quiet and (check.ok or check.optional):
            continue
        status = "ok" if check.ok else "MISSING" + (" (optional)" if check.optional else "")
        typer.echo(f"{status:<7}  {check.name:<{width}}  {check.detail}".rstrip())
    problems = len(report.problems)
    where = report.platform.name + ("" if report.platform.tex in ("none", "system") else f", TeX: {report.platform.tex}")
    for line in report.fixes():
        typer.echo(f"fix ({where}): {line}")
    for line in [] if quiet else report.fixes(optional=True):
        typer.echo(f"optional ({where}): {line}")
    if report.healthy:
        if not quiet:
            typer.echo("ready: cvtool can render on this machine")
        return
    typer.echo(f"not ready: {problems} problem{'s' * (problems != 1)}; run the fix above", err=True)
    raise typer.Exit(code=1)
