r"""Stage 6, started early: a xelatex that starts before its document exists.

Its start-up (loading the preloaded format, most of what a run costs) then overlaps cvtool
importing its validator, checking the CV and rendering the .tex. It runs
`\input{gate}\input{<jobname>.tex}`, where gate.tex is the read end of a pipe: TeX waits at the
gate until `go` has written the .tex and closed the pipe's other end. (A pipe cannot carry the
.tex itself: XeTeX rewinds every file it opens.) The PDF is byte for byte what a run on the file
gives. The engine (`engine.py`) makes a job's first pass with it, or stops it when it does not
suit the .tex.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from cvtool.errors import CvError
from cvtool.latex import preload
from cvtool.latex.compile import DEFAULT_TIMEOUT, xelatex_cmd, xelatex_path
from cvtool.latex.sandbox import private_folder, sandbox_env, start_tex, stop_tex, wait_tex
from cvtool.latex.templates import STYLE_FILES, TEMPLATE, templates_dir

_SAFE_JOBNAME = re.compile(r"[A-Za-z0-9._-]+\Z")


class EarlyTex:
    """One started xelatex, waiting at its gate (see the module doc)."""

    def __init__(self, jobname: str, source_date_epoch: int | None, xelatex: str, fmt: Path, preamble: str,
                 styles: list[Path]) -> None:
        self.jobname = jobname
        self.source_date_epoch = source_date_epoch
        self.fmt = fmt
        self.preamble = preamble
        self.workdir = private_folder()
        self.gate: int | None = None
        self.proc: subprocess.Popen | None = None
        try:
            for path in styles:
                shutil.copyfile(path, self.workdir / path.name)
            read_end, self.gate = os.pipe()
            try:
                os.symlink(f"/dev/fd/{read_end}", self.workdir / "gate.tex")
                cmd = [*xelatex_cmd(xelatex, jobname, preloaded=True)[:-1], rf"\input{{gate}}\input{{{jobname}.tex}}"]
                env = sandbox_env(source_date_epoch, formats=fmt.parent)
                self.proc = start_tex(cmd, self.workdir, env, pass_fds=(read_end,))
            finally:
                os.close(read_end)
        except BaseException:
            self.abort()
            raise

    def suits(self, jobname: str, tex: str, source_date_epoch: int | None) -> bool:
        """Started for this job and stamp, from the format of this .tex's preamble."""
        same_job = (jobname, source_date_epoch) == (self.jobname, self.source_date_epoch)
        return same_job and preload.preamble(tex) == self.preamble

    def go(self, timeout: float) -> int:
        """Let TeX read the .tex (already in `workdir`); its exit code."""
        self._close_gate()
        try:
            assert self.proc is not None, "go() before start()"
            return wait_tex(self.proc, timeout)
        finally:  # a later run in this folder must not find a link to a descriptor
            (self.workdir / "gate.tex").unlink(missing_ok=True)

    def abort(self) -> None:
        """Stop TeX (if it started) and remove its folder."""
        if self.proc is not None:
            stop_tex(self.proc)
        self._close_gate()
        shutil.rmtree(self.workdir, ignore_errors=True)

    def _close_gate(self) -> None:
        if self.gate is not None:
            os.close(self.gate)
            self.gate = None


def start_early(jobname: str, *, source_date_epoch: int | None, timeout: float = DEFAULT_TIMEOUT) -> EarlyTex | None:
    """An `EarlyTex` for `jobname`, or None where that cannot help: no preloaded format yet (the
    first render builds it), no /dev/fd, an unusual jobname, xelatex missing (the usual compile
    then says what is wrong)."""
    if not _SAFE_JOBNAME.match(jobname) or not os.path.isdir("/dev/fd"):
        return None
    try:
        xelatex = xelatex_path()
        folder = templates_dir()
        preamble = preload.template_preamble((folder / TEMPLATE).read_text(encoding="utf-8"))
        styles = [folder / name for name in STYLE_FILES]
        fmt = preload.format_for(preamble, styles, xelatex, sandbox_env(None), timeout, build=False) if preamble else None
        if fmt is None or preamble is None:
            return None
        return EarlyTex(jobname, source_date_epoch, xelatex, fmt, preamble, styles)
    except (CvError, OSError):
        return None
