"""The typer app: every command in one list, `--version`, and the process's way of ending.

Each command group lives in its own module (`authoring`, `building`, `machine`, `publications`);
they know nothing of `app`, so nothing registers itself by being imported.
"""

from __future__ import annotations

import os
import signal
import sys

import typer

from cvtool import __version__
from cvtool.cli import authoring, building, interchange, machine, publications
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
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version and exit."),
) -> None:
    pass


app.command()(authoring.validate)
app.command()(building.render)
app.command()(authoring.init)
app.command()(authoring.schema)
app.command()(machine.doctor)
app.command()(building.watch)
app.command()(publications.export)
app.command("import-bib")(publications.import_bib)
app.command("import")(interchange.import_cv)


def main() -> None:
    _exit_cleanly_on(signal.SIGTERM, signal.SIGHUP)
    try:
        app()
    except CvError as exc:  # pragma: no cover - every command reports its own (`reports_errors`)
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
