"""The typer app: every command in one list, `--version`, and the process's way of ending.

Each command group lives in its own module (`authoring`, `building`, `machine`, `publications`);
they know nothing of `app`, so nothing registers itself by being imported.
"""

from __future__ import annotations

import inspect
import os
import signal
import sys
from collections.abc import Callable

import typer

from cvtool import __version__
from cvtool.cli import authoring, building, interchange, looks, machine, publications
from cvtool.errors import CvError

app = typer.Typer(
    add_completion=True,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    help="Typeset one bilingual cv.yaml into English and Chinese PDF CVs through XeLaTeX.",
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cvtool {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: bool = typer.Option(False, "--version", "-V", callback=_version, is_eager=True,
                                 help="Show the version and exit."),
) -> None:
    pass


COMMANDS: list[tuple[str, Callable[..., None]]] = [
    ("validate", authoring.validate),
    ("render", building.render),
    ("init", authoring.init),
    ("schema", authoring.schema),
    ("migrate", authoring.migrate),
    ("doctor", machine.doctor),
    ("watch", building.watch),
    ("themes", looks.themes),
    ("export", publications.export),
    ("import-bib", publications.import_bib),
    ("import", interchange.import_cv),
]


def summary(command: Callable[..., None]) -> str:
    """The first paragraph of a command's docstring, whole (click would cut it at 45 characters
    in `cvtool --help`)."""
    doc = inspect.getdoc(command) or ""
    return " ".join(doc.split("\n\n")[0].split())


for _name, _command in COMMANDS:
    app.command(_name, short_help=summary(_command))(_command)


def main() -> None:
    _exit_cleanly_on(signal.SIGTERM, signal.SIGHUP)
    try:
        app()
    except CvError as exc:  # pragma: no cover - every command reports its own (`reports_errors`)
        typer.echo(exc.format(), err=True)
        sys.exit(1)
    finally:
        if _SIGNALLED:  # unwound: stop what a signal cut off from its owner, then end by the signal itself
            from cvtool.latex.sandbox import remove_private_folders, stop_all

            stop_all()
            remove_private_folders()
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
