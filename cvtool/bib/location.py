"""Where cv.yaml keeps its publications: the one place that knows (format 1: the top-level
`publications:` list). The move to format 2 (a section of kind `publications` under
`sections:`) changes only this module."""

from __future__ import annotations

from typing import Any

from cvtool.model import CV, Publication

PUBLICATIONS_KEY = "publications"


def publications_of(cv: CV) -> list[Publication]:
    """The publications of a validated CV, in file order."""
    return list(cv.publications)


def publications_parent(doc: Any) -> Any:
    """The ruamel mapping that holds (or will hold) the publications list."""
    return doc


def publications_node(doc: Any) -> Any:
    """The publications list in a round-trip-loaded cv.yaml (None when there is none)."""
    return publications_parent(doc).get(PUBLICATIONS_KEY)
