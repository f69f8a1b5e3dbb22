"""`cvtool themes`: the built-in themes, one per line, name first."""

from __future__ import annotations

import typer

from cvtool.cli.options import Quiet


def themes(quiet: Quiet = False) -> None:
    """List the themes, one per line: the name, then what it looks like.

    Pick one with `design: {theme: NAME}` in cv.yaml or `cvtool render --theme NAME`; a
    templates/ folder beside the CV overrides any of its partials.

    Example: cvtool themes
    """
    from cvtool.themes import THEMES

    width = max(map(len, THEMES))
    for theme in [] if quiet else THEMES.values():
        typer.echo(f"{theme.name.ljust(width)}  {theme.description}")
