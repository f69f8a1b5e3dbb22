"""`cvtool init`: a starter cv.yaml that teaches the format, and the schema beside it.

There is one starter per shape of CV: `student` (package data, `cvtool/starter.yaml`), and
`faculty` and `engineer`, which are the examples in `examples/` (shipped inside the wheel). Each
validates with no error and no warning and renders in every language and variant as is; the
tests hold them to that.
"""

from __future__ import annotations

import difflib
from importlib import resources
from pathlib import Path

from cvtool.errors import CvError, display_path
from cvtool.files import write_atomic
from cvtool.schema import SCHEMA_FILENAME, schema_text

TEMPLATES = ("student", "faculty", "engineer")


def examples_dir() -> Path:
    """`examples/` beside the package (a checkout) or inside it (an installed wheel)."""
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "examples", here / "examples"):
        if candidate.is_dir():
            return candidate
    raise CvError("cannot find the example CVs (examples/); is cvtool installed correctly?")


def starter_text(template: str = "student") -> str:
    if template not in TEMPLATES:
        hint = difflib.get_close_matches(template, TEMPLATES, n=1)
        raise CvError(f"unknown template {template!r}; expected one of: {', '.join(TEMPLATES)}"
                      + (f"; did you mean {hint[0]!r}?" if hint else ""))
    student = resources.files("cvtool").joinpath("starter.yaml").read_text(encoding="utf-8")
    if template == "student":
        return student
    text = (examples_dir() / f"{template}.yaml").read_text(encoding="utf-8")
    first, rest = text.split("\n", 1)
    # the examples point at the repository's schema; a starter points where the student one does
    return student.split("\n", 1)[0] + "\n" + rest if first.startswith("# yaml-language-server:") else text


def write_starter(path: Path, *, force: bool = False, template: str = "student") -> list[Path]:
    """Write the starter CV to `path` (a file, or a folder to hold cv.yaml) and the schema beside it.

    Refuses to replace an existing CV unless `force`. The schema is generated, so an existing
    cv.schema.json is always refreshed. Returns the paths written.
    """
    text = starter_text(template)
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
    except OSError as exc:
        raise CvError(f"cannot write {display_path(path)}: {exc.strerror or exc}") from None
    write_atomic(path, text.encode("utf-8"))
    write_atomic(schema_path, schema_text().encode("utf-8"))
    return [path, schema_path]
