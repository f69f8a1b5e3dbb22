r"""The TeX engine: the one way cvtool runs TeX. `prepare` the jobs a build will run, then
`compile` each rendered .tex into a PDF in a private work folder.

Behind this interface, three ways to make a pass, fastest first:
- a TeX started early (`prestart`): `prepare` starts the first pass of each job from the
  preloaded format while cvtool still imports, validates and renders; `compile` lets it read the
  .tex. A start that does not suit the .tex (another preamble) is stopped and not used.
- a pass from the preloaded format of the .tex's fixed preamble (`preload`), built on first use;
- a plain `xelatex` pass, which is also the fallback when a pass from a format fails.
Every TeX runs in the sandbox of `sandbox.py`. The result is the same PDF, byte for byte.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from cvtool.latex import preload
from cvtool.latex.compile import DEFAULT_TIMEOUT, Compiled, run_passes, xelatex_cmd, xelatex_path
from cvtool.latex.prestart import EarlyTex, start_early
from cvtool.latex.sandbox import private_folder, run_tex, sandbox_env
from cvtool.latex.templates import STYLE_FILES, templates_dir

if TYPE_CHECKING:
    from cvtool.latex.render import Rendered


class TexEngine:
    """Compiles .tex files for one build: one stamp (SOURCE_DATE_EPOCH), one timeout per pass, and
    optionally a folder that keeps each .tex, style file and log for rebuilding by hand.
    Thread-safe: jobs compile in parallel. Use it as a context manager (`close` stops unused starts)."""

    def __init__(self, *, source_date_epoch: int | None = None, timeout: float = DEFAULT_TIMEOUT,
                 build_dir: Path | None = None, preload: bool = True) -> None:
        self.source_date_epoch = source_date_epoch
        self.timeout = timeout
        self.build_dir = build_dir
        self.preload = preload
        self._started: dict[str, EarlyTex] = {}
        self._lock = threading.Lock()

    def prepare(self, jobnames: Iterable[str]) -> None:
        """Start the first pass of these jobs now, if a preloaded format is ready (else nothing:
        the first compile builds the format)."""
        if not self.preload:
            return
        for jobname in jobnames:
            early = start_early(jobname, source_date_epoch=self.source_date_epoch, timeout=self.timeout)
            if early is not None:
                with self._lock:
                    self._started[jobname] = early

    def compile(self, rendered: Rendered, jobname: str) -> Compiled:
        """Compile `rendered` as `jobname`.pdf; on failure a CvError locating the TeX error."""
        early = self._take(jobname, rendered.tex)
        workdir: Path | None = None
        try:
            xelatex = xelatex_path()
            workdir = early.workdir if early else self._workdir()
            fmt = early.fmt if early else self._format(rendered.tex, xelatex)

            def run(fmt_now: Path | None) -> int:
                nonlocal early
                if early is not None:  # the first pass: let the started TeX read the .tex
                    started, early = early, None
                    return started.go(self.timeout)
                env = sandbox_env(self.source_date_epoch, formats=fmt_now.parent if fmt_now else None)
                return run_tex(xelatex_cmd(xelatex, jobname, preloaded=fmt_now is not None), workdir, env, self.timeout)

            return run_passes(rendered, jobname, workdir, fmt, run, self.build_dir)
        except BaseException:
            if early is not None:
                early.abort()
            if workdir is not None:
                shutil.rmtree(workdir, ignore_errors=True)
            raise

    def close(self) -> None:
        """Stop the started TeX runs no compile used (a cache hit, an invalid CV)."""
        with self._lock:
            left, self._started = list(self._started.values()), {}
        for early in left:
            early.abort()

    def __enter__(self) -> TexEngine:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def _take(self, jobname: str, tex: str) -> EarlyTex | None:
        """The TeX started for this job, if it suits this .tex; one that does not is stopped."""
        with self._lock:
            early = self._started.pop(jobname, None)
        if early is not None and not early.suits(jobname, tex, self.source_date_epoch):
            early.abort()
            return None
        return early

    def _format(self, tex: str, xelatex: str) -> Path | None:
        """The preloaded format of `tex`'s preamble, if it has one and the cache can hold it."""
        text = preload.preamble(tex) if self.preload else None
        if not text:
            return None
        styles = [templates_dir() / name for name in STYLE_FILES]
        return preload.format_for(text, styles, xelatex, sandbox_env(None), self.timeout)

    @staticmethod
    def _workdir() -> Path:
        """A private folder holding the style files the .tex loads."""
        workdir = private_folder()
        try:
            for name in STYLE_FILES:
                shutil.copyfile(templates_dir() / name, workdir / name)
        except BaseException:
            shutil.rmtree(workdir, ignore_errors=True)
            raise
        return workdir


def compile_tex(rendered: Rendered, jobname: str, *, source_date_epoch: int | None = None,
                timeout: float = DEFAULT_TIMEOUT, build_dir: Path | None = None, preload: bool = True) -> Compiled:
    """One .tex, compiled by an engine of its own (nothing started early): for one-off use and tests."""
    with TexEngine(source_date_epoch=source_date_epoch, timeout=timeout, build_dir=build_dir, preload=preload) as engine:
        return engine.compile(rendered, jobname)
