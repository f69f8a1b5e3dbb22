"""`cvtool import`: another tool's CV → a format-2 cv.yaml, and the list of what did not fit.

A registry maps each `--from` name to a reader (bytes → parsed document) and a converter (document →
`Imported`); adding a source is one entry. The result is YAML text ready to write; the CLI validates it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from cvtool.errors import CvError, display_path
from cvtool.imports import jsonresume, publications, rendercv
from cvtool.imports.common import Imported, Report


def _json(data: str, path: Path) -> Any:
    try:
        return json.loads(data)
    except json.JSONDecodeError as exc:
        raise CvError(f"{display_path(path)}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}") from None


def _yaml(data: str, path: Path) -> Any:
    try:
        return yaml.safe_load(data)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}:{mark.column + 1}" if mark else ""
        raise CvError(f"{display_path(path)}{where}: not valid YAML: {getattr(exc, 'problem', exc)}") from None


SOURCES: dict[str, tuple[Callable[[str, Path], Any], Callable[[Any], Imported]]] = {
    "jsonresume": (_json, jsonresume.convert),
    "rendercv": (_yaml, rendercv.convert),
}


def import_file(source: str, path: Path) -> Imported:
    """Read `path` as `source` (a key of SOURCES) and convert it."""
    if source not in SOURCES:
        raise CvError(f"unknown import source {source!r}; expected one of {', '.join(SOURCES)}")
    try:
        data = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CvError(f"cannot read {display_path(path)}: {getattr(exc, 'strerror', None) or exc}") from None
    read, convert = SOURCES[source]
    imported = convert(read(data, path))
    report = Report(list(imported.unmapped))
    publications.finish(imported.cv, report)
    return Imported(cv=imported.cv, unmapped=report.unmapped)


def to_yaml(imported: Imported, source: str, path: Path) -> str:
    """The cv.yaml text: a header saying where it came from and what did not fit, then the data."""
    head = [f"# Imported by `cvtool import --from {source}` from {path.name}."]
    if imported.unmapped:
        head.append("# Not imported (no place in cv.yaml, or a value cvtool refuses):")
        head += [f"#   - {line}" for line in imported.unmapped]
    body = yaml.safe_dump(imported.cv, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)
    return "\n".join(head) + "\n\n" + body
