"""Where cv.yaml keeps its publications: the one place that knows. In format 2 they are the
entries of the first section of kind `publications` under `sections:` (`sections.publications`
written as a list, or `sections.<id>.entries` in the long form)."""

from __future__ import annotations

from typing import Any

from cvtool.model import CV, Publication

PUBLICATIONS_KEY = "publications"


def publications_of(cv: CV) -> list[Publication]:
    """The publications of a validated CV, in file order."""
    return list(cv.publications)


def publications_place(doc: Any) -> tuple[Any, str]:
    """(the ruamel mapping that holds, or will hold, the publications list; its key). The mapping
    is None when the file has no `sections:` yet."""
    sections = doc.get("sections")
    if not hasattr(sections, "items"):
        return None, PUBLICATIONS_KEY
    for sid, value in sections.items():
        kind = value.get("kind") if hasattr(value, "get") else None
        if kind == "publications" or (sid == PUBLICATIONS_KEY and kind is None):
            return (value, "entries") if hasattr(value, "get") else (sections, sid)
    return sections, PUBLICATIONS_KEY


def publications_parent(doc: Any) -> Any:
    """The ruamel mapping that holds (or will hold) the publications list (None: no `sections:`)."""
    return publications_place(doc)[0]


def publications_node(doc: Any) -> Any:
    """The publications list in a round-trip-loaded cv.yaml (None when there is none)."""
    parent, key = publications_place(doc)
    return parent.get(key) if parent is not None else None


def items_column(doc: Any) -> int:
    """How far right of a top-level list new items go: the column of the list's key."""
    parent, key = publications_place(doc)
    return parent.lc.key(key)[1] if parent is not None and key in parent else 2


def indented(block: str, columns: int) -> str:
    """A block dumped at the top level, moved right to sit under a nested key."""
    pad = " " * columns
    return "".join(pad + line if line.strip() else line for line in block.splitlines(keepends=True))
