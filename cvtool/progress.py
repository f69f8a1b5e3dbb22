"""What `cvtool render` prints: a live status line per PDF on a terminal, plain lines otherwise.

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

from cvtool.errors import CvError
from cvtool.targets import Result, Target

if TYPE_CHECKING:
    from rich.live import Live
    from rich.text import Text


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
    def __init__(self, stem: str, *, quiet: bool = False, verbose: bool = False) -> None:
        self.stem = stem
        self.quiet = quiet
        self.verbose = verbose
        self.out = _Stream(sys.stdout)
        self.err = _Stream(sys.stderr)
        self._state: dict[str, str] = {}
        self._lock = threading.Lock()
        self._live: Live | None = None

    def warn(self, text: str) -> None:
        if not self.quiet:
            self.err.print(text, "yellow")

    @contextlib.contextmanager
    def live(self, targets: list[Target]) -> Iterator[None]:
        if self.quiet or not self.err.is_terminal or len(targets) < 2:
            yield
            return
        self._state = {t.jobname(self.stem): "waiting" for t in targets}
        from rich.live import Live

        with Live(self._render(), console=self.err.console, refresh_per_second=8, transient=True) as live:
            self._live = live
            try:
                yield
            finally:
                self._live = None

    def update(self, target: Target, outcome: Result | CvError | None) -> None:
        name = target.jobname(self.stem)
        with self._lock:
            if outcome is None:
                self._state[name] = "building…"
            elif isinstance(outcome, CvError):
                self._state[name] = "failed"
            else:
                self._state[name] = "kept (unchanged)" if outcome.cached else f"done, {outcome.pages} p."
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

    def previews(self, result: Result, pngs: list[Path]) -> None:
        if not self.quiet:
            self.out.print(f"{result.path.name}: {len(pngs)} PNG preview{'s' * (len(pngs) != 1)} beside it")

    def summary(self, results: list[Result], errors: list[CvError]) -> None:
        for result in results:
            for line in result.warnings:
                self.err.print(f"warning: {line}", "yellow")
            if self.quiet:
                continue
            for line in result.report:
                self.out.print(f"{result.path.name}: {line}")
            self.out.print(result.summary_line())
            if self.verbose and not result.cached:
                for warning in result.tex_warnings:
                    self.out.print(f"  {warning}", "dim")
        for error in errors:
            self.err.print(error.format(), "red")
