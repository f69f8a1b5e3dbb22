r"""Preloading: the class and packages every CV loads, dumped once into a XeTeX format.

Loading fontspec, xeCJK, hyperref and friends is half of a xelatex run. The lines of a cvtool
.tex from `\documentclass` to `\cvpreambleend` never depend on the CV, so they are run once with
`xelatex -ini` and dumped into `cvtool.fmt`; later runs start from that format, which redefines
`\documentclass` to skip those lines up to the marker. The .tex stays a plain LaTeX file: run by
hand, `xelatex file.tex` reads the same lines and the marker does nothing.

XeTeX cannot dump OpenType fonts, and fontspec selects Latin Modern while it loads. During the
dump those shapes are TFM stand-ins that are forgotten before `\dump`, so the document loads
its real fonts as usual. A format lives in the user cache under a key of the preamble, the style
files and the xelatex binary, and is rebuilt when any file it read (recorded by -recorder) has
changed since: a TeX Live update invalidates it. Any failure here only means no preloading.

Measured here: xelatex on the real CV takes ~0.5 s plain and ~0.28 s from the format.
"""

from __future__ import annotations

import fcntl
import gzip
import hashlib
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

from cvtool.errors import CvError
from cvtool.latex.sandbox import run_tex
from cvtool.usercache import user_cache

MARKER = r"\cvpreambleend"
FORMAT_NAME = "cvtool"
RECIPE = "2"  # bump when the dump recipe below changes
KEEP = 3  # formats kept in the cache (another cvtool version, another TeX Live)

# Latin Modern shapes fontspec selects while loading: TFM stand-ins during the dump only.
_STAND_INS = (("m", "n", "cmr10"), ("bx", "n", "cmbx10"))
_DUMP_BEFORE = "\n".join(
    [r"\DeclareFontFamily{TU}{lmr}{}"]
    + [rf"\DeclareFontShape{{TU}}{{lmr}}{{{series}}}{{{shape}}}{{<->{tfm}}}{{}}" for series, shape, tfm in _STAND_INS]
)
_DUMP_AFTER = "\n".join(
    # forget the stand-ins: the next selection of TU/lmr reads tulmr.fd and loads the real font
    [rf"\expandafter\let\csname TU/lmr/{series}/{shape}/10\endcsname\relax" for series, shape, _ in _STAND_INS]
    + [rf"\expandafter\let\csname TU/lmr/{series}/{shape}\endcsname\relax" for series, shape, _ in _STAND_INS]
    + [r"\expandafter\let\csname TU+lmr\endcsname\relax",
       # a document run from the format skips its own copy of the preloaded lines
       rf"\long\def\documentclass#1{MARKER}{{}}",
       r"\dump"]
)


def preamble(tex: str) -> str | None:
    r"""The preloadable lines of `tex` (from `\documentclass` to the marker line), or None when
    the .tex does not have that shape: only comments and blank lines may come before them."""
    lines = tex.split("\n")
    for start, line in enumerate(lines):
        if line.startswith(r"\documentclass"):
            break
        if line.strip() and not line.lstrip().startswith("%"):
            return None
    else:
        return None
    for end in range(start, len(lines)):
        if lines[end].strip() == MARKER:
            return "\n".join(lines[start:end + 1]) + "\n"
    return None


def template_preamble(template: str) -> str | None:
    """The preloadable lines as a template spells them (its own header comes before them); the
    template is checked to keep values out of them, so every CV rendered from it has the same."""
    start = template.find("\n\\documentclass")
    return preamble(template[start + 1:]) if start >= 0 else None


def cache_root() -> Path:
    return user_cache("formats")


def format_key(preamble_text: str, style_files: list[Path], xelatex: str) -> str:
    digest = hashlib.sha256(f"{RECIPE}\0{preamble_text}\0".encode())
    real = os.path.realpath(xelatex)
    st = os.stat(real)
    digest.update(f"{real}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    for path in sorted(style_files):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:32]


def format_for(preamble_text: str, style_files: list[Path], xelatex: str, env: dict[str, str], timeout: float,
               *, build: bool = True) -> Path | None:
    """A format holding `preamble_text`: the cached one while its inputs are unchanged, else one
    built now (one process builds; concurrent callers wait for it) unless `build` is false.
    None if it cannot be had."""
    try:
        root = cache_root()
        key = format_key(preamble_text, style_files, xelatex)
        entry = root / key
        if _fresh(entry):
            _touch(entry)
            return entry / f"{FORMAT_NAME}.fmt"
        if not build:
            return None
        root.mkdir(parents=True, exist_ok=True)
        with _locked(root / ".lock"):
            if not _fresh(entry):  # another process may have built it while we waited
                _build(entry, preamble_text, style_files, xelatex, env, timeout)
        return entry / f"{FORMAT_NAME}.fmt" if _fresh(entry) else None
    except (OSError, CvError):  # an unwritable cache, a failed or timed-out dump
        return None


def discard(fmt: Path) -> None:
    """Drop a format that failed where a plain run worked; the next use builds it again."""
    shutil.rmtree(fmt.parent, ignore_errors=True)


def _fresh(entry: Path) -> bool:
    """The format exists and no file it was built from has changed."""
    try:
        manifest = (entry / "inputs").read_text(encoding="utf-8")
        if not (entry / f"{FORMAT_NAME}.fmt").is_file():
            return False
        for line in manifest.splitlines():
            size, mtime, path = line.split(" ", 2)
            st = os.stat(path)
            if st.st_size != int(size) or st.st_mtime_ns != int(mtime):
                return False
        return True
    except (OSError, ValueError):
        return False


@contextmanager
def _locked(path: Path):
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _build(entry: Path, preamble_text: str, style_files: list[Path], xelatex: str, env: dict[str, str], timeout: float) -> None:
    work = Path(tempfile.mkdtemp(prefix=".build-", dir=entry.parent))
    try:
        for path in style_files:
            shutil.copyfile(path, work / path.name)
        (work / "preload.tex").write_text(f"{_DUMP_BEFORE}\n{preamble_text}{_DUMP_AFTER}\n", encoding="utf-8")
        cmd = [xelatex, "-ini", "-interaction=nonstopmode", "-halt-on-error", "-recorder",
               f"-jobname={FORMAT_NAME}", "&xelatex", "preload.tex"]
        if run_tex(cmd, work, env, timeout) != 0 or not (work / f"{FORMAT_NAME}.fmt").is_file():
            return
        _decompress(work / f"{FORMAT_NAME}.fmt")
        (work / "inputs").write_text(_manifest(work / f"{FORMAT_NAME}.fls", work), encoding="utf-8")
        for name in os.listdir(work):
            if name not in (f"{FORMAT_NAME}.fmt", "inputs"):
                os.remove(work / name)
        shutil.rmtree(entry, ignore_errors=True)  # a stale format under the same key
        os.rename(work, entry)
        _prune(entry.parent, keep=KEEP)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _touch(entry: Path) -> None:
    try:
        os.utime(entry)
    except OSError:
        pass


def _prune(root: Path, keep: int) -> None:
    """Drop all but the `keep` most recently used formats (each is ~30 MB)."""
    entries = sorted((p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")),
                     key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[keep:]:
        shutil.rmtree(old, ignore_errors=True)


def _decompress(fmt: Path) -> None:
    """Store the format uncompressed: TeX writes it gzipped, and un-gzipping 30 MB took ~50 ms of
    every run; zlib reads a plain file as it is. (32 MB of cache instead of 9.)"""
    try:
        with gzip.open(fmt) as packed, open(fmt.with_suffix(".raw"), "wb") as raw:
            shutil.copyfileobj(packed, raw, 1 << 20)
    except (gzip.BadGzipFile, EOFError):  # already plain
        fmt.with_suffix(".raw").unlink(missing_ok=True)
        return
    os.replace(fmt.with_suffix(".raw"), fmt)


def _manifest(fls: Path, work: Path) -> str:
    """`size mtime path` of every file the dump read outside its own folder (those are in the key)."""
    seen: dict[str, str] = {}
    for line in fls.read_text(encoding="utf-8", errors="replace").splitlines():
        if not line.startswith("INPUT "):
            continue
        path = line[len("INPUT "):]
        if not os.path.isabs(path) or Path(path).parent == work or path in seen:
            continue
        st = os.stat(path)
        seen[path] = f"{st.st_size} {st.st_mtime_ns} {path}"
    return "\n".join(seen.values()) + "\n"
