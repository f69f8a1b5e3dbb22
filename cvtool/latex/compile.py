"""Stage 6 — compile: .tex → PDF with XeLaTeX, sandboxed, timed out, its log made readable.

TeX runs in a private temporary directory, in the sandbox of `sandbox.py`, from the preloaded
format of the fixed preamble when there is one (`preload.py`). One pass is the norm; a second
runs only if the log asks for it ("Rerun"). The PDF stays in the private directory: publishing
it is the caller's atomic move.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from cvtool.errors import CvError, Diagnostic, folder_problem
from cvtool.install import FONT_PACKAGES, TEX_PACKAGES, apt_install
from cvtool.latex import preload
from cvtool.latex.sandbox import run_tex, sandbox_env
from cvtool.latex.templates import STYLE_FILES, templates_dir

if TYPE_CHECKING:
    from cvtool.latex.prestart import EarlyTex
    from cvtool.latex.render import Rendered

TEX_INSTALL_HINT = "Install TeX with: " + apt_install(*TEX_PACKAGES, *FONT_PACKAGES)
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


def compile_tex(
    rendered: Rendered,
    jobname: str,
    *,
    source_date_epoch: int | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    build_dir: Path | None = None,
    use_preload: bool = True,
    early: EarlyTex | None = None,
) -> Compiled:
    """Compile; on failure raise a CvError that names the TeX message, the .tex line and the field.

    With `use_preload`, the run starts from the cached format of the .tex's fixed preamble (built
    on first use, see `preload`). A failed run from a format is retried without it: preloading
    may save time but never decides whether a CV builds. `early`, a TeX already started for this
    job (`prestart`), makes the first run; it is stopped if it does not suit this .tex."""
    workdir: Path | None = None
    try:
        if early is not None and not (use_preload and early.suits(jobname, rendered.tex, source_date_epoch)):
            early.abort()
            early = None
        xelatex = xelatex_path()
        workdir = early.workdir if early else Path(tempfile.mkdtemp(prefix="cvtool-build-"))
        (workdir / f"{jobname}.tex").write_text(rendered.tex, encoding="utf-8")
        styles = [templates_dir() / name for name in STYLE_FILES]
        if early is None:
            for path in styles:
                shutil.copyfile(path, workdir / path.name)
        if early is not None:
            fmt: Path | None = early.fmt
        else:
            fmt = _format(rendered.tex, styles, xelatex, timeout) if use_preload else None
        started = time.perf_counter()
        suspect: Path | None = None  # a format whose run failed
        runs = 0
        log = ""
        while runs < MAX_RUNS:
            runs += 1
            if early is not None:
                code, early = early.go(timeout), None
            else:
                env = sandbox_env(source_date_epoch, formats=fmt.parent if fmt else None)
                code = run_tex(xelatex_cmd(xelatex, jobname, preloaded=fmt is not None), workdir, env, timeout)
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
                    _keep(workdir, jobname, build_dir)
                raise _tex_error(rendered, jobname, log, build_dir)
            if "Rerun to get" not in log and "Rerun LaTeX" not in log:
                break
        compiled = Compiled(
            pdf=workdir / f"{jobname}.pdf",
            workdir=workdir,
            log=log,
            runs=runs,
            seconds=time.perf_counter() - started,
            missing_glyphs=missing_glyphs(log),
        )
        if build_dir is not None:
            _keep(workdir, jobname, build_dir)
        return compiled
    except BaseException:
        if early is not None:
            early.abort()
        if workdir is not None:
            shutil.rmtree(workdir, ignore_errors=True)
        raise


def _format(tex: str, styles: list[Path], xelatex: str, timeout: float) -> Path | None:
    """The preloaded format of `tex`'s preamble, if it has one and the cache can hold it."""
    text = preload.preamble(tex)
    return preload.format_for(text, styles, xelatex, sandbox_env(None), timeout) if text else None


def xelatex_cmd(xelatex: str, jobname: str, *, preloaded: bool) -> list[str]:
    return [
        xelatex, "-no-shell-escape", "-interaction=nonstopmode", "-halt-on-error", "-file-line-error",
        *([f"-fmt={preload.FORMAT_NAME}"] if preloaded else []), f"-jobname={jobname}", f"{jobname}.tex",
    ]


def _keep(workdir: Path, jobname: str, build_dir: Path) -> None:
    """Copy a self-contained build (tex, style, log, pdf) to `build_dir` for rebuilding by hand."""
    try:
        build_dir.mkdir(parents=True, exist_ok=True)
        for name in (f"{jobname}.tex", f"{jobname}.log", f"{jobname}.pdf", *STYLE_FILES):
            if (workdir / name).exists():
                shutil.copyfile(workdir / name, build_dir / name)
    except OSError as exc:
        raise CvError(f"--build-dir {build_dir}: {folder_problem(build_dir, exc)}") from None


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
