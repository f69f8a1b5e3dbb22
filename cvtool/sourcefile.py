"""Reading a CV source file: bounded, UTF-8, a located message for what cannot be a CV.

Kept apart from `load` and free of YAML: a render with nothing to do hashes this text and stops.
"""

from __future__ import annotations

from pathlib import Path

from cvtool.errors import CvError, display_path

MAX_SOURCE_BYTES = 2 * 1024 * 1024


def read_source_text(path: Path) -> str:
    """Read a source file as UTF-8 text, refusing what cannot be a CV with a located message."""
    name = display_path(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise CvError(f"{name}: no such file", hint="Create one with `cvtool init`, or pass the path of your CV.") from None
    except OSError as exc:
        raise CvError(f"{name}: cannot read: {exc.strerror}") from None
    if path.is_dir():
        raise CvError(f"{name}: is a directory, expected a YAML file")
    if not path.is_file():
        raise CvError(f"{name}: is not a regular file (a device or a pipe?), expected a YAML file")
    if size > MAX_SOURCE_BYTES:
        raise CvError(f"{name}: {size:,} bytes is too large for a CV source (the limit is {MAX_SOURCE_BYTES:,} bytes)")
    try:
        with path.open("rb") as f:
            raw = f.read(MAX_SOURCE_BYTES + 1)  # bounded even if the size on disk lied
        if len(raw) > MAX_SOURCE_BYTES:
            raise CvError(f"{name}: too large for a CV source (the limit is {MAX_SOURCE_BYTES:,} bytes)")
    except OSError as exc:
        raise CvError(f"{name}: cannot read: {exc.strerror}") from None
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise CvError(f"{name}:{line}: error: this is a binary file (it contains NUL bytes), expected YAML text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        line_start = before[before.rfind(b"\n") + 1 :]
        col = len(line_start.decode("utf-8", errors="replace")) + 1  # in characters, not bytes
        raise CvError(
            f"{name}:{line}:{col}: error: byte 0x{raw[exc.start]:02x} is not valid UTF-8; save the file as UTF-8"
        ) from None
    return text
