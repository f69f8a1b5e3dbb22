"""`cvtool init`: a starter cv.yaml that teaches the format, and the schema beside it.

The starter ships as package data (`cvtool/starter.yaml`). It validates with no error and no
warning and renders in every language and variant as is; the tests hold it to that.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from cvtool.errors import CvError, display_path
from cvtool.files import replace_file
from cvtool.schema import SCHEMA_FILENAME, schema_text


def starter_text() -> str:
    return resources.files("cvtool").joinpath("starter.yaml").read_text(encoding="utf-8")


def write_starter(path: Path, *, force: bool = False) -> list[Path]:
    """Write the starter CV to `path` (a file, or a folder to hold cv.yaml) and the schema beside it.

    Refuses to replace an existing CV unless `force`. The schema is generated, so an existing
    cv.schema.json is always refreshed. Returns the paths written.
    """
    if path.is_dir():
        path = path / "cv.yaml"
    if path.exists() and not force:
        raise CvError(
            f"{display_path(path)} already exists; nothing was written",
            hint=f"Use `cvtool init {display_path(path)} --force` to replace it, or choose another path.",
        )
    schema_path = path.parent / SCHEMA_FILENAME
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _write(path, starter_text())
        _write(schema_path, schema_text())
    except OSError as exc:
        raise CvError(f"cannot write {display_path(path)}: {exc.strerror or exc}") from None
    return [path, schema_path]


def _write(path: Path, text: str) -> None:
    replace_file(path, text.encode("utf-8"))
