r"""Preloading: the class and packages every CV loads, dumped once into a XeTeX format.

Loading fontspec, xeCJK, hyperref and friends is half of a xelatex run. The lines of a cvtool
.tex from `\documentclass` to `\cvpreambleend` never depend on the CV, so they are run once with
`xelatex -ini` and dumped into `cvtool.fmt`; later runs start from that format (found through
TEXFORMATS: no link in TeX's work folder to write through), which redefines
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

import gzip
import hashlib
import os
import re
import shutil
import subprocess
import tempfile
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from cvtool.errors import CvError
from cvtool.files import replace_file
from cvtool.latex.sandbox import run_tex, stopping
from cvtool.usercache import user_cache

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: no preloading
    fcntl = None  # type: ignore[assignment]

MARKER = r"\cvpreambleend"
FORMAT_NAME = "cvtool"
KEEP = 3  # formats kept in the cache (another cvtool version, another TeX Live)
LOCK_WAIT = 15.0  # seconds to wait for another process's dump before running without a format

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
       # a document run from the format skips its own copy of the preloaded lines, and then is in
       # the font a plain run is in at that point (the current font was a stand-in when dumped)
       rf"\long\def\documentclass#1{MARKER}{{\normalfont}}",
       r"\dump"]
)
_KPATHSEA_SPECIAL = re.compile(r"[:;{}$!,]")  # would be read as path syntax in TEXFORMATS
_FAILED: dict[str, str] = {}  # key → manifest of a dump that failed in this process
_HEADER = "cvtool-manifest 1"  # a manifest without it (empty, cut short) is never fresh


def preamble(tex: str) -> str | None:
    r"""The preloadable lines of `tex` (from `\documentclass` to the marker line), or None when
    the .tex does not have that shape: only comments and blank lines may come before them, and
    the marker stands on a line of its own (TeX stops at its first occurrence)."""
    lines = tex.split("\n")
    for start, line in enumerate(lines):  # noqa: B007 - `start` is used after the loop
        if line.startswith(r"\documentclass"):
            break
        if line.strip() and not line.lstrip().startswith("%"):
            return None
    else:
        return None
    for end in range(start, len(lines)):
        if lines[end].strip() == MARKER:
            return "\n".join(lines[start:end + 1]) + "\n"
        if MARKER in lines[end]:
            return None
    return None


def template_preamble(template: str) -> str | None:
    """The preloadable lines as a template spells them (its own header comes before them); the
    template is checked to keep values out of them, so every CV rendered from it has the same."""
    start = template.find("\n\\documentclass")
    return preamble(template[start + 1:]) if start >= 0 else None


def cache_root() -> Path:
    return user_cache("formats")


def format_key(preamble_text: str, style_files: list[Path], xelatex: str) -> str:
    """The preamble, the dump recipe, the style files and the xelatex binary."""
    digest = hashlib.sha256(f"{_DUMP_BEFORE}\0{preamble_text}\0{_DUMP_AFTER}\0".encode())
    real = os.path.realpath(xelatex)
    st = os.stat(real)
    digest.update(f"{real}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    for path in sorted(style_files):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:32]


def format_for(preamble_text: str, style_files: list[Path], xelatex: str, env: dict[str, str], timeout: float,
               *, build: bool = True) -> Path | None:
    """A format holding `preamble_text`: the cached one while its inputs are unchanged, else one
    built now unless `build` is false. One process builds; others wait up to LOCK_WAIT seconds.
    None if it cannot be had, or if building it failed and nothing it read has changed since."""
    if fcntl is None:
        return None
    try:
        root = cache_root()
        if _KPATHSEA_SPECIAL.search(str(root)):  # TeX finds the format through TEXFORMATS
            return None
        key = format_key(preamble_text, style_files, xelatex)
        entry = root / key
        if _ready(entry):
            _touch(entry)
            return entry / f"{FORMAT_NAME}.fmt"
        if not build or _failed(root, key):
            return None
        root.mkdir(parents=True, exist_ok=True)
        with _locked(root / ".lock", LOCK_WAIT) as got:
            if not got or _failed(root, key):  # it failed while we waited
                return None
            if not _ready(entry):
                _build(entry, preamble_text, style_files, xelatex, env, timeout)
        return entry / f"{FORMAT_NAME}.fmt" if _ready(entry) else None
    except (OSError, ValueError):  # an unwritable cache, a path that cannot be encoded
        return None


def state(preamble_text: str, style_files: list[Path], xelatex: str) -> tuple[str, Path | None]:
    """For `doctor`: ("ready", format), ("failed", its log), or ("absent", None)."""
    try:
        root = cache_root()
        key = format_key(preamble_text, style_files, xelatex)
    except OSError:
        return "absent", None
    if _ready(root / key):
        return "ready", root / key / f"{FORMAT_NAME}.fmt"
    if _failed(root, key):
        log = root / f"{key}.log"
        return "failed", log if log.is_file() else None
    return "absent", None


def discard(fmt: Path) -> None:
    """Drop a format that failed where a plain run worked; the next use builds it again."""
    with _locked(fmt.parent.parent / ".lock", LOCK_WAIT) as got:
        if got:  # else another process is rebuilding it right now
            shutil.rmtree(fmt.parent, ignore_errors=True)


def _ready(entry: Path) -> bool:
    return _fresh(entry / "inputs") and (entry / f"{FORMAT_NAME}.fmt").is_file()


def _failed(root: Path, key: str) -> bool:
    """A dump of `key` failed, here or in another process, and nothing it read has changed since."""
    if key in _FAILED and _fresh_text(_FAILED[key]):
        return True
    return _fresh(root / f"{key}.failed")


def _fresh(manifest: Path) -> bool:
    try:
        return _fresh_text(manifest.read_text(encoding="utf-8", errors="surrogateescape"))
    except OSError:
        return False


def _fresh_text(manifest: str) -> bool:
    """Nothing the manifest records has changed: no file the dump read, no TeX file database
    (ls-R), no folder searched without one (a package added in ~/texmf)."""
    lines = manifest.split("\n")
    if not lines or lines[0] != _HEADER:
        return False
    try:
        for line in filter(None, lines[1:]):
            kind, stamp, path = line.split(" ", 2)
            if kind == "file":
                st = os.stat(path)
                if stamp != f"{st.st_size}:{st.st_mtime_ns}":
                    return False
            elif kind == "tree":
                if stamp != _tree_stamp(path):
                    return False
            elif kind == "none":
                if os.path.exists(path):
                    return False
            else:
                return False
        return True
    except (OSError, ValueError):
        return False


def _write(path: Path, text: str) -> None:
    """Write atomically: a full disk leaves no half manifest behind."""
    replace_file(path, text.encode("utf-8", errors="surrogateescape"), durable=False)


@contextmanager
def _locked(path: Path, wait: float) -> Iterator[bool]:
    """Hold an exclusive lock on `path`; yields False if another process keeps it `wait` seconds
    (a suspended render must not stall every other one)."""
    with open(path, "a") as handle:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    yield False
                    return
                time.sleep(0.05)
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _build(entry: Path, preamble_text: str, style_files: list[Path], xelatex: str, env: dict[str, str], timeout: float) -> None:
    root = entry.parent
    for stale in root.glob(".build-*"):  # left by a killed dump: only the lock holder builds
        shutil.rmtree(stale, ignore_errors=True)
    work = Path(tempfile.mkdtemp(prefix=".build-", dir=root))
    try:
        for path in style_files:
            shutil.copyfile(path, work / path.name)
        (work / "preload.tex").write_text(f"{_DUMP_BEFORE}\n{preamble_text}{_DUMP_AFTER}\n", encoding="utf-8")
        cmd = [xelatex, "-ini", "-interaction=nonstopmode", "-halt-on-error", "-recorder",
               f"-jobname={FORMAT_NAME}", "&xelatex", "preload.tex"]
        started = time.time_ns()
        try:
            code = run_tex(cmd, work, env, timeout)
        except CvError:
            if stopping():  # the render is being stopped (Ctrl-C, SIGTERM): no verdict on the dump
                return
            code = 1  # timed out: as slow next time, so remembered like a failure
        ended = time.time_ns()
        fmt = work / f"{FORMAT_NAME}.fmt"
        manifest = _manifest(work / f"{FORMAT_NAME}.fls", work, env, started, ended)
        if manifest is None or code < 0:  # TeX files changed meanwhile, or TeX was killed: not its fault
            return
        if code != 0 or not fmt.is_file():
            _FAILED[entry.name] = manifest
            _write(root / f"{entry.name}.failed", manifest)
            if (work / f"{FORMAT_NAME}.log").is_file():
                shutil.copyfile(work / f"{FORMAT_NAME}.log", root / f"{entry.name}.log")
            return
        _decompress(fmt)
        _write(work / "inputs", manifest)
        for name in os.listdir(work):
            if name not in (fmt.name, "inputs"):
                os.remove(work / name)
        shutil.rmtree(entry, ignore_errors=True)  # a stale format under the same key
        os.rename(work, entry)
        for leftover in (root / f"{entry.name}.failed", root / f"{entry.name}.log"):
            leftover.unlink(missing_ok=True)
        _prune(root, keep=KEEP)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _touch(entry: Path) -> None:
    try:
        os.utime(entry)
    except OSError:
        pass


def _prune(root: Path, keep: int) -> None:
    """Drop all but the `keep` most recently used formats (each is ~30 MB)."""
    entries = []
    for path in root.iterdir():
        try:
            if path.is_dir() and not path.name.startswith("."):
                entries.append((path.stat().st_mtime, path))
        except OSError:  # removed by another process meanwhile
            continue
    for _, old in sorted(entries, reverse=True)[keep:]:
        shutil.rmtree(old, ignore_errors=True)
        for leftover in (root / f"{old.name}.failed", root / f"{old.name}.log"):
            leftover.unlink(missing_ok=True)


def _decompress(fmt: Path) -> None:
    """Store the format uncompressed: TeX writes it gzipped, and un-gzipping 30 MB took ~50 ms of
    every run; zlib reads a plain file as it is. (32 MB of cache instead of 9.)"""
    raw = fmt.with_suffix(".raw")
    try:
        with gzip.open(fmt) as packed, open(raw, "wb") as out:
            shutil.copyfileobj(packed, out, 1 << 20)
    except (gzip.BadGzipFile, EOFError, zlib.error):  # plain already, or not readable: keep it as TeX wrote it
        raw.unlink(missing_ok=True)
        return
    os.replace(raw, fmt)


def _manifest(fls: Path, work: Path, env: dict[str, str], started_ns: int, ended_ns: int) -> str | None:
    """What decides whether a format is still right: `file size:mtime path` for every file the
    dump read outside its own folder (those are in the key) and for every ls-R database (`none`
    where a tree has none yet), and `tree stamp path` for every TeX folder kpathsea searches on
    disk. None if a file it read changed while it was being dumped (a date in the future, say
    from a tarball, is no change)."""
    lines: dict[str, str] = {"": _HEADER}
    names = []
    if fls.is_file():
        for line in fls.read_text(encoding="utf-8", errors="surrogateescape").split("\n"):
            if line.startswith("INPUT "):
                names.append(line[len("INPUT "):])
    databases, trees = _search_paths(env)
    for path in databases:
        if not os.path.exists(path):  # `mktexlsr` creating it would add packages
            lines[path] = f"none - {path}"
    for path in [*names, *(os.path.realpath(p) for p in databases if os.path.exists(p))]:
        if not os.path.isabs(path) or Path(path).parent == work or path in lines:
            continue
        st = os.stat(path)
        if started_ns <= st.st_mtime_ns <= ended_ns:
            return None
        lines[path] = f"file {st.st_size}:{st.st_mtime_ns} {path}"
    for tree in trees:
        lines[tree] = f"tree {_tree_stamp(tree)} {tree}"
    return "\n".join(lines.values()) + "\n"


def _search_paths(env: dict[str, str]) -> tuple[list[str], list[str]]:
    """The ls-R files of TeX's indexed trees, and the `tex/` folders of the trees it searches on
    disk (TEXMFHOME and the like): where a newly added package could shadow a preloaded one."""
    try:
        out = subprocess.run(["kpsewhich", "-var-brace-value=TEXMF"], capture_output=True, text=True, env=env,
                             timeout=20, check=False, errors="surrogateescape").stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return [], []
    databases, trees = [], []
    for item in out.split(os.pathsep):
        item = item.strip()
        if not item:
            continue
        if item.startswith("!!"):
            databases.append(os.path.join(item[2:], "ls-R"))
        elif os.path.isabs(item):
            trees.append(os.path.join(item, "tex"))
    return databases, trees


def _tree_stamp(folder: str) -> str:
    """A stamp of every folder under `folder` (a file added or removed changes its folder's
    mtime); "absent" if there is none. Usually one stat: ~/texmf rarely exists."""
    if not os.path.isdir(folder):
        return "absent"
    digest = hashlib.sha256()
    for dirpath, dirnames, _ in os.walk(folder):
        dirnames.sort()
        digest.update(f"{dirpath}\0{os.stat(dirpath).st_mtime_ns}\0".encode(errors="surrogateescape"))
    return digest.hexdigest()[:16]
