"""Decisions → the text of cv.yaml: updates through ruamel.yaml, additions spliced in as text.

Editing keeps comments, key order and quoting: existing publications are edited in place with
ruamel.yaml's round-trip mode, and new publications are spliced in as text at their place in the
list (grouped by kind, newest first), so the comments between groups stay where they were.
"""

from __future__ import annotations

import re
from typing import Any

from cvtool.bib.location import (
    PUBLICATIONS_KEY,
    indented,
    items_column,
    publications_node,
    publications_of,
    publications_place,
)
from cvtool.bib.record import PUB_KEYS
from cvtool.bib.roundtrip import RoundTrip, is_flow, plain, set_key, styled
from cvtool.errors import CvError, Diagnostic
from cvtool.model import CV, PUBLICATION_KINDS


class Editor:
    """Applies an import's decisions to the text of cv.yaml."""

    def __init__(self, text: str, cv: CV):
        self.text = text
        self.cv = cv
        self.pubs = publications_of(cv)
        self.warnings: list[Diagnostic] = []

    def update(self, changes: dict[int, dict[str, Any]]) -> None:
        """Set keys of existing publications (index → {key: new value, or None to remove})."""
        if not changes:
            return
        yaml = RoundTrip(self.text)
        doc = yaml.load()
        seq = publications_node(doc)
        for index, values in changes.items():
            item = seq[index]
            for key, value in values.items():
                if value is None:
                    item.pop(key, None)
                elif plain(item.get(key)) != plain(value):
                    set_key(item, key, styled(value, like=item.get(key)), PUB_KEYS)
        self.text = yaml.dump(doc)
        if yaml.warning:
            self.warnings.append(Diagnostic(message=yaml.warning, severity="warning", code="yaml-reformatted"))

    # ---------------------------------------------------------------- additions (text splices)

    def add(self, additions: list[dict[str, Any]]) -> None:
        """Splice new publications in, each at its place (by kind, newest first)."""
        if not additions:
            return
        yaml = RoundTrip(self.text)
        doc = yaml.load()
        lines = self.text.splitlines(keepends=True)
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += "\n"
        seq = publications_node(doc)
        if self.pubs and is_flow(seq):
            raise CvError("cannot add publications to a list written in flow style (`publications: [...]`); "
                          "write it as a block list (lines starting with `- `) first; nothing was changed")
        # the existing publications, in file order, as (kind rank, newest-first key)
        existing = [(_rank(p.kind), _neg(p.date)) for p in self.pubs]
        splices: list[tuple[int, str]] = []  # (insert before this 0-based line, text)

        column = items_column(doc)
        if not existing:
            block = "".join(yaml.dump_item(styled(r), PUBLICATIONS_KEY) for r in sorted(additions, key=_order_of))
            splices.append(self._empty_publications(doc, lines, indented(block, column)))
        else:
            groups: dict[int, list[dict[str, Any]]] = {}
            for rec in additions:
                key = _order_of(rec)
                pos = next((i for i, k in enumerate(existing) if k > key), len(existing))
                groups.setdefault(pos, []).append(rec)
            for pos, recs in groups.items():
                recs.sort(key=_order_of)
                block = indented("".join(yaml.dump_item(styled(r), PUBLICATIONS_KEY) for r in recs), column)
                kind = recs[0]["kind"]
                after_previous = pos == len(existing) or (
                    pos > 0 and (self.pubs[pos - 1].kind == kind or self.pubs[pos].kind != kind)
                )
                if after_previous:
                    line = _content_end(lines, _item_start(seq, pos - 1, lines),
                                        self._boundary(doc, seq, pos, lines), _item_column(seq))
                else:
                    line = _item_start(seq, pos, lines)
                splices.append((line, block))
        for line, block in sorted(splices, key=lambda s: s[0], reverse=True):
            lines[line:line] = [block]
        self.text = "".join(lines)

    def _boundary(self, doc: Any, seq: Any, pos: int, lines: list[str]) -> int:
        """The first line after item pos-1: the next item, else the first line after the list."""
        if pos < len(seq):
            return _item_start(seq, pos, lines)
        dash = _item_start(seq, len(seq) - 1, lines)
        dash_column = len(lines[dash]) - len(lines[dash].lstrip(" "))
        for number in range(dash + 1, len(lines)):
            text = lines[number]
            stripped = text.strip()
            if not stripped or stripped.startswith("#"):
                continue
            indent = len(text) - len(text.lstrip(" "))
            if indent < dash_column or (indent == dash_column and not stripped.startswith("-")):
                return number
        return len(lines)

    def _empty_publications(self, doc: Any, lines: list[str], block: str) -> tuple[int, str]:
        parent, key = publications_place(doc)
        if parent is None:  # no `sections:` yet: add it, with the publications, at the end
            gap = "\n" if lines and lines[-1].strip() else ""
            return len(lines), f"{gap}sections:\n  {PUBLICATIONS_KEY}:\n" + block
        if key not in parent:
            raise CvError("cannot add publications: add `publications: []` under `sections:` first")
        line = parent.lc.key(key)[0]
        match = re.match(r"(\s*\w+\s*:)\s*(\[\s*\]|~|null|Null|NULL)?\s*(#.*)?$", lines[line].rstrip("\n"))
        if not match:
            raise CvError("cannot add publications: write `publications:` as a block list (lines starting with `- `)")
        comment = f" {match[3]}" if match[3] else ""
        lines[line] = f"{match[1]}{comment}\n"
        return line + 1, block


def _rank(kind: str) -> int:
    return PUBLICATION_KINDS.index(kind)


def _neg(date: Any) -> tuple[int, ...]:
    return tuple(-k for k in date.sort_key())


def _order_of(item: dict[str, Any]) -> tuple[int, tuple[int, ...]]:
    from cvtool.dates import parse_date

    return (_rank(item["kind"]), _neg(parse_date(item["date"])))


def _item_start(seq: Any, index: int, lines: list[str]) -> int:
    """The line of item `index`'s `- ` (its first key's line, or the line above for a lone `-`)."""
    line, col = seq.lc.item(index)
    if "-" not in lines[line][:col]:
        while line > 0 and not lines[line - 1].strip():
            line -= 1
        if line > 0 and lines[line - 1].strip() == "-":
            line -= 1
    return line


def _item_column(seq: Any) -> int:
    return seq.lc.item(0)[1]


def _content_end(lines: list[str], start: int, boundary: int, key_column: int) -> int:
    """The line after the last content line of an item that starts at `start`, before `boundary`.

    Blank lines and comments indented no deeper than the item's keys are what separates items (a
    group header like `# --- workshops`); a new item goes before them.
    """
    end = boundary
    while end > start + 1:
        line = lines[end - 1]
        stripped = line.strip()
        indent = len(line) - len(line.lstrip(" "))
        if not stripped or (stripped.startswith("#") and indent <= key_column):
            end -= 1
            continue
        break
    return end
