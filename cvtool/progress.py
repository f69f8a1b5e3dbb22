"""What `cvtool render` and `cvtool watch` print: a live status line per PDF on a terminal, plain
lines otherwise, and one report of any build's outcome.

Colour and the live display appear only when stderr is a terminal (rich decides); `--quiet`
prints errors only; `--verbose` adds the TeX runs and the end of each TeX log.
"""

from __future__ import annotations

import contextlib
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from cvtool.errors import CvError, display_path
from cvtool.targets import Job, Result

if TYPE_CHECKING:
    from rich.live import Live
    from rich.text import Text

    from cvtool.build import Outcome


class _Stream:
    """Plain lines for pipes and files; rich (imported only then) for colour on a terminal."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.is_terminal = stream.isatty()
        self._console: Any = None

    @property
    def console(self):
        if self._console is None:
            from rich.console import Console

            self._console = Console(file=self.stream, highlight=False, soft_wrap=True)
        return self._console

    def print(self, text: str, style: str | None = None) -> None:
        if self.is_terminal:
            from rich.text import Text

            self.console.print(Text(text, style=style or ""))
        else:
            self.stream.write(text + "\n")
            self.stream.flush()


class Reporter:
    """Prints what a build did (`report`), a live status per PDF while it runs (`building`,
    `update`), and the watcher's notes (`note`). The one place build results become text."""

    def __init__(self, *, quiet: bool = False, verbose: bool = False, out: TextIO | None = None,
                 err: TextIO | None = None) -> None:
        self.quiet = quiet
        self.verbose = verbose
        self.out = _Stream(out or sys.stdout)
        self.err = _Stream(err or sys.stderr)
        self._state: dict[str, str] = {}
        self._lock = threading.Lock()
        self._live: Live | None = None

    def note(self, text: str) -> None:
        if not self.quiet:
            self.out.print(text)

    @contextlib.contextmanager
    def building(self, jobs: list[Job]) -> Iterator[None]:
        if self.quiet or not self.err.is_terminal or len(jobs) < 2:
            yield
            return
        self._state = {job.jobname: "waiting" for job in jobs}
        from rich.live import Live

        with Live(self._render(), console=self.err.console, refresh_per_second=8, transient=True) as live:
            self._live = live
            try:
                yield
            finally:
                self._live = None

    def update(self, job: Job, outcome: Result | CvError | None) -> None:
        with self._lock:
            if outcome is None:
                self._state[job.jobname] = "building…"
            elif isinstance(outcome, CvError):
                self._state[job.jobname] = "failed"
            else:
                self._state[job.jobname] = "kept (unchanged)" if outcome.cached else f"done, {outcome.pages} p."
            if self._live is not None:
                self._live.update(self._render())

    def _render(self) -> Text:
        from rich.text import Text

        text = Text()
        for name, state in self._state.items():
            style = {"failed": "red", "building…": "cyan"}.get(state, "green" if state.startswith(("done", "kept")) else "dim")
            text.append(f"{name:<28}", style="bold")
            text.append(f"{state}\n", style=style)
        return text

    def report(self, outcome: Outcome) -> None:
        """Validation warnings, then per PDF what the fitter did and what was written, then errors."""
        if not self.quiet:
            for line in outcome.warnings:
                self.err.print(line, "yellow")
        for result in outcome.results:
            self._result(result, outcome.previews.get(result.path))
        for error in outcome.errors:
            self.err.print(error.format(), "red")

    def _result(self, result: Result, pngs: list[Path] | None) -> None:
        for line in result.warnings:
            self.err.print(f"warning: {line}", "yellow")
        if self.quiet:
            return
        for line in result.report:
            self.out.print(f"{result.path.name}: {line}")
        self.out.print(result.summary_line(display_path(result.path)))
        if self.verbose and not result.cached:
            for row in result.fit_table:
                self.out.print(f"  {row}", "dim")
            for warning in result.tex_warnings:
                self.out.print(f"  {warning}", "dim")
        if pngs is not None:
            self.out.print(f"{result.path.name}: {len(pngs)} PNG preview{'s' * (len(pngs) != 1)} beside it")
