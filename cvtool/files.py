"""The two ways cvtool touches user files: a bounded UTF-8 read and an atomic write.

Every command reads its inputs (cv.yaml, a .bib) through `read_text` and writes its outputs
(PDFs, exports, cv.yaml after an import, the starter, cache entries) through `write_atomic`, so
the limits, the messages and the crash safety are decided once. Free of YAML and TeX: a render
with nothing to do reads its source through here and stops.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from cvtool.errors import CvError, display_path, folder_problem


def read_text(path: Path, *, limit: int, expected: str, hint: str | None = None) -> str:
    """Read `path` as UTF-8 text of at most `limit` bytes; anything else is a located CvError.

    `expected` names what the file should be ("a YAML file"), `hint` says what to do when it is
    missing.
    """
    raw = read_bytes(path, limit=limit, expected=expected, hint=hint)
    name = display_path(path)
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise CvError(f"{name}:{line}: error: this is a binary file (it contains NUL bytes), expected {expected}",
                      code="binary-file")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        line_start = before[before.rfind(b"\n") + 1 :]
        col = len(line_start.decode("utf-8", errors="replace")) + 1  # in characters, not bytes
        raise CvError(
            f"{name}:{line}:{col}: error: byte 0x{raw[exc.start]:02x} is not valid UTF-8; save the file as UTF-8",
            code="not-utf8",
        ) from None


def read_bytes(path: Path, *, limit: int, expected: str, hint: str | None = None) -> bytes:
    """The bytes of a regular file of at most `limit` bytes (bounded even if its size on disk lies)."""
    name = display_path(path)
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise CvError(f"{name}: is a directory, expected {expected}", code="not-a-file")
        if not path.is_file():
            raise CvError(f"{name}: is not a regular file (a device or a pipe?), expected {expected}", code="not-a-file")
        if size > limit:
            raise CvError(f"{name}: {size:,} bytes is too large for {expected} (the limit is {limit:,} bytes)",
                          code="file-too-large")
        with path.open("rb") as f:
            raw = f.read(limit + 1)
    except FileNotFoundError:
        raise CvError(f"{name}: no such file", hint=hint, code="no-such-file") from None
    except OSError as exc:
        raise CvError(f"{name}: cannot read: {exc.strerror}", code="cannot-read") from None
    if len(raw) > limit:
        raise CvError(f"{name}: too large for {expected} (the limit is {limit:,} bytes)", code="file-too-large")
    return raw


def write_atomic(path: Path, data: bytes, *, mode: int | None = None, durable: bool = True) -> None:
    """`replace_file`, with a failure as a CvError naming the file and the reason (for user files)."""
    try:
        replace_file(path, data, mode=mode, durable=durable)
    except OSError as exc:
        raise CvError(f"cannot write {display_path(path)}: {folder_problem(path.parent, exc)}",
                      code="cannot-write") from None


def replace_file(path: Path, data: bytes, *, mode: int | None = None, durable: bool = True) -> None:
    """Replace `path` with `data` in one step: readers see the old file or the new one, never half.

    A temporary file in the same folder is written (and fsynced unless `durable` is False, for
    caches that may be lost), then renamed over `path`. The new file keeps the mode of the one it
    replaces (else `mode`, else 0o644). Raises OSError (caches ignore it; `write_atomic` words it).
    """
    try:
        keep: int | None = path.stat().st_mode & 0o7777
    except OSError:
        keep = None
    final_mode = keep if keep is not None else (mode if mode is not None else 0o644)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            if durable:
                out.flush()
                os.fsync(out.fileno())
        os.chmod(tmp, final_mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
