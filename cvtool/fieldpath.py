"""Field paths into cv.yaml (`("publications", 3, "title")` ↔ `publications[3].title`).

A leaf module: the loader records positions by path, validation reports them, and the renderer
remembers which path produced which TeX, all without importing each other.
"""

from __future__ import annotations

from typing import Any

Loc = tuple[Any, ...]  # a field path: ("publications", 3, "title")


def format_loc(loc: Loc) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out
