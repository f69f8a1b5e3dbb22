"""Stage 6 — compile, the mechanics: the xelatex command line, the passes over one .tex, and its
log made readable (located errors, missing glyphs).

How a pass is started (from the preloaded format, by a TeX started early, plainly) is the
engine's business (`engine.py`); this module only runs passes until the log stops asking for a
rerun and retries a failed pass without the format. The PDF stays in the private work folder:
publishing it is the caller's atomic move.
"""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from cvtool.errors import CvError, Diagnostic, folder_problem
from cvtool.install import FONT_PACKAGES, TEX_PACKAGES, apt_install
from cvtool.latex import preload
from cvtool.latex.templates import STYLE_FILES

if TYPE_CHECKING:
    from cvtool.latex.render import Rendered

TEX_INSTALL_HINT = ("`cvtool doctor` prints the command that installs TeX on this system (on Debian/Ubuntu: "
                    + apt_install(*TEX_PACKAGES, *FONT_PACKAGES) + ")")
DEFAULT_TIMEOUT = 120.0
MAX_RUNS = 3

_MISSING_CHAR = re.compile(r"Missing character: There is no (.+?) \((U\+[0-9A-F]+)\) in font ([^!]+)!")
_FILE_LINE_ERROR = re.compile(r"^\./(?P<file>[^:\n]+):(?P<line>\d+): (?P<msg>.*)$", re.M)
_BANG_ERROR = re.compile(r"^! (?P<msg>.*)$", re.M)


@dataclass
class Compiled:
    pdf: Path  # inside `workdir`
    workdir: Path
    log: str
    runs: int
    seconds: float
    missing_glyphs: list[tuple[str, str, str]] = field(default_factory=list)  # (char, U+XXXX, font)

    def cleanup(self) -> None:
        shutil.rmtree(self.workdir, ignore_errors=True)


def xelatex_path() -> str:
    path = shutil.which("xelatex")
    if path is None:
        raise CvError("xelatex was not found on PATH", hint=TEX_INSTALL_HINT)
    return path


RunTex = Callable[[Path | None], int]  # one xelatex pass in the work folder, from a format or none: its exit code


def run_passes(rendered: Rendered, jobname: str, workdir: Path, fmt: Path | None, run: RunTex,
               build_dir: Path | None = None) -> Compiled:
    """Write the .tex into `workdir` and run TeX on it until its log stops asking for a rerun.

    The first pass starts from `fmt` (a preloaded format) when given; a failed pass from a format
    is retried without it: preloading may save time but never decides whether a CV builds. On
    failure, raise a CvError that names the TeX message, the .tex line and the cv.yaml field."""
    (workdir / f"{jobname}.tex").write_text(rendered.tex, encoding="utf-8")
    started = time.perf_counter()
    suspect: Path | None = None  # a format whose run failed
    runs = 0
    log = ""
    while runs < MAX_RUNS:
        runs += 1
        code = run(fmt)
        log_path = workdir / f"{jobname}.log"
        log = log_path.read_text(encoding="utf-8", errors="replace") if log_path.exists() else ""
        failed = code != 0 or not (workdir / f"{jobname}.pdf").exists()
        if failed and fmt is not None:  # once more without the format
            suspect, fmt = fmt, None
            continue
        if not failed and suspect is not None:  # the format was at fault: build it anew next time
            preload.discard(suspect)
            suspect = None
        if failed:
            if build_dir is not None:
                keep(workdir, jobname, build_dir)
            raise _tex_error(rendered, jobname, log, build_dir)
        if "Rerun to get" not in log and "Rerun LaTeX" not in log:
            break
    compiled = Compiled(pdf=workdir / f"{jobname}.pdf", workdir=workdir, log=log, runs=runs,
                        seconds=time.perf_counter() - started, missing_glyphs=missing_glyphs(log))
    if build_dir is not None:
        keep(workdir, jobname, build_dir)
    return compiled


def xelatex_cmd(xelatex: str, jobname: str, *, preloaded: bool) -> list[str]:
    return [
        xelatex, "-no-shell-escape", "-interaction=nonstopmode", "-halt-on-error", "-file-line-error",
        *([f"-fmt={preload.FORMAT_NAME}"] if preloaded else []), f"-jobname={jobname}", f"{jobname}.tex",
    ]


def keep(workdir: Path, jobname: str, build_dir: Path) -> None:
    """Copy a self-contained build (tex, style, log, pdf) to `build_dir` for rebuilding by hand,
    there or anywhere: the fonts it loads go beside it (`portable`)."""
    from cvtool.latex.portable import make_portable

    try:
        build_dir.mkdir(parents=True, exist_ok=True)
        for name in (f"{jobname}.tex", f"{jobname}.log", f"{jobname}.pdf", *STYLE_FILES):
            if (workdir / name).exists():
                shutil.copyfile(workdir / name, build_dir / name)
    except OSError as exc:
        raise CvError(f"--build-dir {build_dir}: {folder_problem(build_dir, exc)}") from None
    if (build_dir / f"{jobname}.tex").is_file():
        make_portable(build_dir / f"{jobname}.tex")


def missing_glyphs(log: str) -> list[tuple[str, str, str]]:
    """Characters XeTeX could not find in a font: (char, U+XXXX, font name), each once."""
    seen: list[tuple[str, str, str]] = []
    for _char, code, font in _MISSING_CHAR.findall(log):
        item = (chr(int(code[2:], 16)), code, font.strip())
        if item[:2] not in [s[:2] for s in seen]:
            seen.append(item)
    return seen


def _tex_error(rendered: Rendered, jobname: str, log: str, build_dir: Path | None) -> CvError:
    match = _FILE_LINE_ERROR.search(log)
    line_no = int(match["line"]) if match else None
    # the most telling message: the first one that is not TeX's generic "Emergency stop"
    messages = [m["msg"].strip() for m in _FILE_LINE_ERROR.finditer(log)] + [m["msg"].strip() for m in _BANG_ERROR.finditer(log)]
    specific = [m for m in messages if m and not m.startswith(("Emergency stop", "==> Fatal error"))]
    message = (specific or messages or ["xelatex failed without an error message (see the log)"])[0]
    tex_lines = rendered.tex.splitlines()
    diagnostics = []
    if line_no and 1 <= line_no <= len(tex_lines):
        tex_line = tex_lines[line_no - 1]
        fields = rendered.fields_on(tex_line)
        where = f"; it comes from cv.yaml field {fields[0]}" if fields else ""
        shown = tex_line if len(tex_line) <= 160 else tex_line[:157] + "…"
        diagnostics.append(Diagnostic(
            message=f"TeX: {message}{where}\n    {shown}",
            file=f"{jobname}.tex",
            line=line_no,
        ))
    else:
        diagnostics.append(Diagnostic(message=f"TeX: {message}", file=f"{jobname}.log"))
    hint = f"The full log is in {build_dir / (jobname + '.log')}." if build_dir else "Use --build-dir DIR to keep the .tex and the log."
    return CvError("xelatex failed; the previous PDF, if any, was left untouched", diagnostics, hint=hint)
