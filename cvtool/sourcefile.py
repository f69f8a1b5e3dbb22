"""Reading a CV source file: bounded, UTF-8, a located message for what cannot be a CV.

Kept apart from `load` and free of YAML: a render with nothing to do hashes this text and stops.
"""

from __future__ import annotations

from pathlib import Path

from cvtool.files import read_text

MAX_SOURCE_BYTES = 2 * 1024 * 1024


def read_source_text(path: Path) -> str:
    """Read a source file as UTF-8 text, refusing what cannot be a CV with a located message."""
    return read_text(path, limit=MAX_SOURCE_BYTES, expected="a YAML file",
                     hint="Create one with `cvtool init`, or pass the path of your CV.")
