"""Records → the text of cv.yaml: updates through ruamel.yaml, additions spliced in as text.

Editing keeps comments, key order and quoting: existing publications are edited in place with
ruamel.yaml's round-trip mode, and new publications are spliced in as text at their place in the
list (grouped by kind, newest first), so the comments between groups stay where they were.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from cvtool.bib.parse import BibRecord
from cvtool.bib.roundtrip import RoundTrip, is_flow, plain, set_key, styled
from cvtool.errors import CvError, Diagnostic
from cvtool.model import CV, PUBLICATION_KINDS


@dataclass(frozen=True)
class Change:
    action: str  # "added" | "updated" | "unchanged"
    id: str
    source: str  # "refs.bib:12"
    fields: tuple[str, ...] = ()
    matched_by: str | None = None  # "id" | "title" for updates
    label: str | None = None  # the computed label after the import, e.g. "C9"

    def describe(self) -> str:
        label = f" ({self.label})" if self.label else ""
        if self.action == "added":
            return f"added {self.id}{label} from {self.source}"
        if self.action == "updated":
            how = f", matched by {self.matched_by}" if self.matched_by == "title" else ""
            return f"updated {self.id}{label}: {', '.join(self.fields)} (from {self.source}{how})"
        return f"unchanged {self.id}{label} ({self.source})"



def normalize_title(title: str) -> str:
    text = unicodedata.normalize("NFKC", title).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", text).split())



def _same_people(ours: list[str], theirs: tuple[str, ...] | list[str]) -> bool:
    """True when two author lists name the same people, one perhaps with initials
    ("Qingyu Song" ~ "Q. Song"): an abbreviated .bib must not overwrite the full names."""
    if len(ours) != len(theirs):
        return False

    def parts(name: str) -> tuple[str, list[str]]:
        words = name.replace(".", ". ").split()
        return (words[-1].casefold() if words else ""), [w.rstrip(".").casefold() for w in words[:-1]]

    for a, b in zip(ours, theirs):
        (last_a, first_a), (last_b, first_b) = parts(a), parts(b)
        if last_a != last_b or len(first_a) != len(first_b):
            return False
        if any(x[:1] != y[:1] or (len(x) > 1 and len(y) > 1 and x != y) for x, y in zip(first_a, first_b)):
            return False
    return True


PUBLICATIONS_KEY = "publications"


def publications_node(doc: Any) -> Any:
    """The publications list in a round-trip-loaded cv.yaml (None when there is none).

    The one place that knows where cv.yaml keeps its publications (with `publications_place`).
    """
    parent, key = publications_place(doc)
    return parent.get(key) if parent is not None else None


def publications_place(doc: Any) -> tuple[Any, str]:
    """(the mapping that holds the publications list, its key): in format 2 the first section of
    kind publications, `sections.publications` (a list) or `sections.<id>.entries` (long form).
    The mapping is None when the file has no `sections:`."""
    sections = doc.get("sections")
    if not hasattr(sections, "items"):
        return None, PUBLICATIONS_KEY
    for sid, value in sections.items():
        kind = value.get("kind") if hasattr(value, "get") else None
        if kind == "publications" or (sid == PUBLICATIONS_KEY and kind is None):
            return (value, "entries") if hasattr(value, "get") else (sections, sid)
    return sections, PUBLICATIONS_KEY


def _indented(block: str, columns: int) -> str:
    """A block dumped at the top level, moved right to sit under a nested key."""
    pad = " " * columns
    return "".join(pad + line if line.strip() else line for line in block.splitlines(keepends=True))


class Editor:
    """Applies records to the text of cv.yaml: updates through ruamel.yaml, additions as text."""

    def __init__(self, text: str, cv: CV, bib_name: str):
        self.text = text
        self.cv = cv
        self.bib_name = bib_name
        self.warnings: list[Diagnostic] = []

    def run(self, records: list[BibRecord], *, explicit_kind: bool) -> list[Change]:
        pubs = self.cv.publications
        by_id = {p.id: i for i, p in enumerate(pubs)}
        by_title: dict[str, int] = {}
        for i, p in enumerate(pubs):
            for t in p.title.texts():
                if t:
                    by_title.setdefault(normalize_title(t), i)
        other_ids = {e.id: sid for sid, section in self.cv.sections.items() if section.kind != "publications"
                     for e in getattr(section, "entries", []) if getattr(e, "id", None)}

        errors: list[Diagnostic] = []
        claimed: dict[Any, BibRecord] = {}
        updates: list[tuple[int, BibRecord, str]] = []
        additions: list[BibRecord] = []
        for rec in records:
            target: int | tuple[str, str]
            if rec.id in by_id:
                target, how = by_id[rec.id], "id"
            elif normalize_title(rec.title) in by_title:
                target, how = by_title[normalize_title(rec.title)], "title"
            else:
                target, how = ("new", normalize_title(rec.title)), "new"
            if target in claimed:
                first = claimed[target]
                what = (f"publications[{target}] ({pubs[target].id})" if isinstance(target, int)
                        else "the same new paper")
                errors.append(self._error(rec, f"@{rec.entry_type}{{{rec.key}}} and the entry on line {first.line} "
                                               f"both match {what}; keep one of them"))
                continue
            claimed[target] = rec
            if how == "new":
                if rec.id in other_ids:
                    errors.append(self._error(rec, f"the key `{rec.key}` is already the id of an entry in "
                                                   f"`{other_ids[rec.id]}`; rename the BibTeX key"))
                    continue
                additions.append(rec)
            elif isinstance(target, int):
                updates.append((target, rec, how))
        if errors:
            raise CvError(f"{self.bib_name}: cannot import; nothing was changed", errors)

        changes: list[Change] = []
        if updates:
            changes += self._update(updates, explicit_kind)
        if additions:
            changes += self._add(additions)
        return changes

    def _error(self, rec: BibRecord, message: str) -> Diagnostic:
        return Diagnostic(message=message, file=self.bib_name, line=rec.line)

    # ---------------------------------------------------------------- updates (ruamel round trip)

    def _update(self, updates: list[tuple[int, BibRecord, str]], explicit_kind: bool) -> list[Change]:
        yaml = RoundTrip(self.text)
        doc = yaml.load()
        seq = publications_node(doc)
        changes: list[Change] = []
        for index, rec, how in updates:
            pub = self.cv.publications[index]
            changed = self._update_item(pub, seq[index], rec, explicit_kind)
            source = f"{self.bib_name}:{rec.line}"
            if changed:
                changes.append(Change("updated", pub.id, source, tuple(changed), how))
            else:
                changes.append(Change("unchanged", pub.id, source, (), how))
        if any(c.action == "updated" for c in changes):
            self.text = yaml.dump(doc)
            if yaml.warning:
                self.warnings.append(Diagnostic(message=yaml.warning, severity="warning"))
        return changes

    def _update_item(self, pub: Any, item: Any, rec: BibRecord, explicit_kind: bool) -> list[str]:
        """Edit one publication's ruamel mapping in place; the keys that changed."""
        changed: list[str] = []

        def put(key: str, new: Any) -> None:
            if plain(item.get(key)) != plain(new):
                set_key(item, key, styled(new, like=item.get(key)))
                changed.append(key)

        kind = pub.kind
        if explicit_kind or (pub.kind == "preprint" and rec.kind != "preprint"):
            kind = rec.kind
            put("kind", kind)
        if not _same_people(pub.authors, rec.authors):
            put("authors", list(rec.authors))  # abbreviated forms of the same names keep cv.yaml's
        title = item.get("title")
        if any(normalize_title(t) == normalize_title(rec.title) for t in pub.title.texts() if t):
            pass  # the same title, maybe in other letter case (BibTeX tools often lowercase): keep cv.yaml's
        elif isinstance(title, dict):
            if title.get("en") != rec.title:
                title["en"] = styled(rec.title, like=title.get("en"))
                changed.append("title")
        else:
            put("title", rec.title)
        if kind != "preprint" and pub.venue is None:
            if not rec.venue:
                raise CvError(f"{self.bib_name}:{rec.line}: error: @{rec.entry_type}{{{rec.key}}}: a {kind} paper "
                              f"needs a venue, but the entry has no {'journal' if kind == 'journal' else 'booktitle'}")
            put("venue", {"name": rec.venue})
        if not _same_or_finer(pub.date, rec.date):
            put("date", rec.date)
        if rec.arxiv:
            put("arxiv", rec.arxiv)
        if rec.doi:
            put("doi", rec.doi)
        if rec.url and rec.url not in (pub.pdf, pub.code):
            put("url", rec.url)
        return changed

    # ---------------------------------------------------------------- additions (text splices)

    def _add(self, additions: list[BibRecord]) -> list[Change]:
        yaml = RoundTrip(self.text)
        doc = yaml.load()
        lines = self.text.splitlines(keepends=True)
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += "\n"
        seq = publications_node(doc)
        if self.cv.publications and is_flow(seq):
            raise CvError("cannot add publications to a list written in flow style (`publications: [...]`); "
                          "write it as a block list (lines starting with `- `) first; nothing was changed")
        # the existing publications, in file order, as (kind rank, newest-first key)
        existing = [(_rank(p.kind), _neg(p.date)) for p in self.cv.publications]
        splices: list[tuple[int, str]] = []  # (insert before this 0-based line, text)

        parent, list_key = publications_place(doc)
        column = parent.lc.key(list_key)[1] if parent is not None and list_key in parent else 2
        if not existing:
            block = "".join(yaml.dump_item(_new_item(r)) for r in sorted(additions, key=_order_of))
            splices.append(self._empty_publications(doc, lines, _indented(block, column)))
        else:
            groups: dict[int, list[BibRecord]] = {}
            for rec in additions:
                key = _order_of(rec)
                pos = next((i for i, k in enumerate(existing) if k > key), len(existing))
                groups.setdefault(pos, []).append(rec)
            for pos, recs in groups.items():
                recs.sort(key=_order_of)
                block = _indented("".join(yaml.dump_item(_new_item(r)) for r in recs), column)
                kind = recs[0].kind
                after_previous = pos == len(existing) or (
                    pos > 0 and (self.cv.publications[pos - 1].kind == kind or self.cv.publications[pos].kind != kind)
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
        return [Change("added", r.id, f"{self.bib_name}:{r.line}") for r in additions]

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


def _order_of(rec: BibRecord) -> tuple[int, tuple[int, ...]]:
    from cvtool.dates import parse_date

    return (_rank(rec.kind), _neg(parse_date(rec.date)))


def _same_or_finer(current: Any, new: str | int) -> bool:
    """True if the date in cv.yaml already says what the BibTeX says (maybe more precisely)."""
    from cvtool.dates import parse_date

    new_date = parse_date(new)
    if current.year != new_date.year:
        return False
    if new_date.month is None:
        return True
    return current.month == new_date.month


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


def _new_item(rec: BibRecord) -> dict[str, Any]:
    item: dict[str, Any] = {"id": rec.id, "kind": rec.kind, "authors": list(rec.authors), "title": rec.title}
    if rec.venue and rec.kind != "preprint":
        item["venue"] = {"name": rec.venue}
    item["date"] = rec.date
    for key in ("arxiv", "doi", "url"):
        if getattr(rec, key):
            item[key] = getattr(rec, key)
    item["topics"] = []
    return item

