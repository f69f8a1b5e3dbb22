"""The one error type users see, and the located diagnostics it carries.

Every stage raises `CvError` for bad input or a failed build; only the CLI turns it into an
exit code. A diagnostic knows where it points (file, line, column) so it can be printed the way
compilers do: `FILE:LINE:COL: error: field.path: message`, the source line, a caret.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Diagnostic:
    message: str
    severity: str = "error"  # "error" | "warning"
    file: str | None = None
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based
    path: str | None = None  # dotted field path, e.g. "publications[3].title"
    source_line: str | None = None
    code: str = ""  # kebab-case, e.g. `bib-no-title`: what tools filter on (never the wording)

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def format(self) -> str:
        where = ""
        if self.file:
            where = self.file
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        subject = f"{self.path}: " if self.path else ""
        text = f"{where}{self.severity}: {subject}{self.message}"
        if self.source_line is not None and self.column is not None:
            shown = self.source_line.replace("\t", " ")
            pad = sum(_width(ch) for ch in shown[: self.column - 1])
            text += f"\n    {shown}\n    {' ' * pad}^"
        return text


def _width(ch: str) -> int:
    """Terminal columns of a character: CJK and other wide characters take two."""
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def sorted_diagnostics(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return sorted(diagnostics, key=lambda d: (d.file or "", d.line or 0, d.column or 0))


@dataclass
class CvError(Exception):
    """A user-facing failure: a message, optionally with located diagnostics."""

    message: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    hint: str | None = None
    code: str = ""  # kebab-case, e.g. `no-such-file`, `bib-import-refused`

    def __post_init__(self) -> None:
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.format()

    def format(self) -> str:
        parts = [d.format() for d in sorted_diagnostics(self.diagnostics)]
        parts.append(self.message)
        if self.hint:
            parts.append(self.hint)
        return "\n".join(parts)


def source_line(text: str, line: int | None) -> str | None:
    """The 1-based `line` of `text`, for showing under a diagnostic."""
    if line is None:
        return None
    lines = text.splitlines()
    if 1 <= line <= len(lines):
        return lines[line - 1]
    return None


def folder_problem(folder: Path, exc: OSError) -> str:
    """Why a folder cannot be created or written, in words (a file in the way is the usual case)."""
    for part in (folder, *folder.parents):
        if part.exists() and not part.is_dir():
            return f"{display_path(part)} is a file, not a folder"
    return exc.strerror or str(exc)


def display_path(path: Path) -> str:
    """A path as the user typed it relative to the working directory, when possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
