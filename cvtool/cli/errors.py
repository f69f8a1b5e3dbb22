"""The one place a `CvError` becomes a message on stderr and exit code 1."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import typer

from cvtool.errors import CvError

P = ParamSpec("P")
R = TypeVar("R")


def fail(exc: CvError) -> typer.Exit:
    """Print `exc` the way compilers do and give the exit to raise."""
    typer.echo(exc.format(), err=True)
    return typer.Exit(code=1)


def reports_errors(command: Callable[P, R]) -> Callable[P, R]:
    """A command whose `CvError` is printed (no traceback) and ends the process with exit code 1."""

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except CvError as exc:
            raise fail(exc) from None

    return run
