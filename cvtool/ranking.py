"""Which entries a one-page CV gives up first, and how a report names an entry left out.

One ranking across sections: the lowest priority goes first whatever its section; among equal
priorities, the sections earlier in `drop_order` first (the declared preference), then the older
entry. Each section keeps a floor (`min_items`, default 1) of its best entries, so no section is
emptied wholesale; sections not named in `drop_order` are never dropped from.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

DEFAULT_FLOOR = 1  # entries a section keeps when it declares no `min_items`
TITLE_FIELDS = ("title", "school", "organization", "institution", "role", "name", "course", "degree", "text")
TITLE_CHARS = 70


class Ranked(Protocol):
    """What the ranking needs of a candidate entry (`select.Candidate`)."""

    @property
    def section(self) -> str: ...

    @property
    def index(self) -> int: ...

    @property
    def entry(self) -> Any: ...

    @property
    def key(self) -> str: ...

    @property
    def forced(self) -> bool: ...

    @property
    def weight(self) -> int: ...


def drop_ranking(candidates: Sequence[Ranked], drop_order: Sequence[str],
                 floors: Mapping[str, int | None]) -> list[tuple[str, str]]:
    """(section, key) of every entry the fitter may drop, the first to go first."""
    preference = {s: i for i, s in enumerate(drop_order)}
    droppable: list[Ranked] = []
    for section in preference:
        own = [c for c in candidates if c.section == section]
        floor = floors.get(section)
        keep = (DEFAULT_FLOOR if floor is None else floor) - sum(1 for c in own if c.forced)
        best_first = sorted((c for c in own if not c.forced), key=lambda c: (c.weight, recency(c.entry), -c.index),
                            reverse=True)
        droppable += best_first[max(0, keep):]
    droppable.sort(key=lambda c: (c.weight, preference[c.section], recency(c.entry), -c.index))
    return [(c.section, c.key) for c in droppable]


def recency(entry: Any) -> tuple[int, int, int, int]:
    """The latest date an entry names (its end, single date or start); undated entries are the oldest."""
    keys = [_date_key(v) for name in ("end", "date", "start") if (v := getattr(entry, name, None)) is not None]
    return max(keys, default=(0, 0, 0, 0))


_DATE = re.compile(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")


def _date_key(value: Any) -> tuple[int, int, int, int]:
    if hasattr(value, "sort_key"):
        year_first: tuple[int, int, int, int] = value.sort_key()
        return (1, 9999, 0, 0) if year_first[0] else (0, *year_first[1:])
    text = str(value)
    if text == "present":
        return (1, 9999, 0, 0)
    m = _DATE.match(text)
    return (0, int(m[1]), int(m[2] or 0), int(m[3] or 0)) if m else (0, 0, 0, 0)


def entry_title(entry: Any, lang: str) -> str:
    """A short name for an entry in `lang`: its title, school, organization … (shortened)."""
    for name in TITLE_FIELDS:
        value = getattr(entry, name, None)
        if value:
            text = value.first([lang])[1] if hasattr(value, "first") else str(value)
            text = " ".join(text.split())
            return text if len(text) <= TITLE_CHARS else text[: TITLE_CHARS - 1].rstrip() + "…"
    return ""


@dataclass(frozen=True)
class Hidden:
    """An entry a variant leaves out, for the report: its section, key, the entry and why."""

    section: str
    key: str
    entry: Any
    reason: str
    for_space: bool = False  # dropped by the one-page fitter (else by a declared rule)

    def describe(self, lang: str) -> str:
        """`publications: “Title …” (id song2024; over max_items 8)`."""
        title = entry_title(self.entry, lang)
        named = f"“{title}” " if title else ""
        return f"{self.section}: {named}({self.key}; {self.reason})"
