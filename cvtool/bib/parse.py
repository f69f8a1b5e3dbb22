"""BibTeX text → raw entries (type, key, line, fields as written), and the blocks that are not entries.

bibtexparser 2 splits the file: it locates every entry and every malformed block, and
resolves `@string` macros. Values stay LaTeX here (decoding is `record`'s job, and the BibTeX
export keeps them as written). A malformed block or a duplicate key is a problem of that block
only: the other entries still import. `crossref` is resolved (DBLP's proceedings entries fill
`booktitle`, `year`, `publisher` of the papers that cite them).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cvtool.files import read_text

logging.getLogger("bibtexparser").addHandler(logging.NullHandler())  # failed blocks are reported by us

MAX_BIB_BYTES = 10 * 1024 * 1024
# fields a paper takes from the proceedings it cross-references (BibTeX's own crossref rule: only missing ones)
_INHERITED = ("booktitle", "year", "month", "publisher", "editor", "series", "volume", "address", "organization")


@dataclass
class RawEntry:
    """One `@type{key, …}` block as written in the .bib."""

    entry_type: str  # lower case
    key: str
    line: int  # 1-based line of `@type{`
    fields: dict[str, str] = field(default_factory=dict)  # lower-case name → LaTeX value as written
    field_lines: dict[str, int] = field(default_factory=dict)
    cited_by: list[str] = field(default_factory=list)  # keys of entries whose crossref names this one


@dataclass(frozen=True)
class BadBlock:
    """A block that is not an entry cvtool can read: it is skipped with this reason."""

    line: int
    head: str  # `@article{key}` or `block`
    reason: str


def read_bib(path: Path) -> str:
    return read_text(path, limit=MAX_BIB_BYTES, expected="a .bib file")


def parse_entries(text: str) -> tuple[list[RawEntry], list[BadBlock]]:
    """All entries of a .bib text in file order, and the blocks that could not be read."""
    import bibtexparser

    # no middleware: bibtexparser's string resolution takes a `#` inside braces for a concatenation
    # and drops the spaces around it (`{A {\#}SAT Algorithm}` → `A\#SATAlgorithm`); we unquote ourselves
    library = bibtexparser.parse_string(text, parse_stack=[])
    bad = [_bad_block(block) for block in library.failed_blocks]
    strings = {key.lower(): _unquote(str(block.value), {}) for key, block in library.strings_dict.items()}
    entries = [_raw(entry, strings) for entry in library.entries]
    _resolve_crossrefs(entries)
    return entries, bad


def _raw(entry: Any, strings: dict[str, str]) -> RawEntry:
    raw = RawEntry(entry.entry_type.lower(), entry.key, (entry.start_line or 0) + 1)
    for f in entry.fields:
        value = f.value if isinstance(f.value, str) else str(f.value)
        raw.fields[f.key.lower()] = _unquote(value, strings).strip()
        if f.start_line is not None:
            raw.field_lines[f.key.lower()] = f.start_line + 1
    return raw


def _resolve_crossrefs(entries: list[RawEntry]) -> None:
    by_key = {e.key.lower(): e for e in entries}
    for entry in entries:
        target = by_key.get(entry.fields.get("crossref", "").lower())
        if target is None or target is entry:
            continue
        target.cited_by.append(entry.key)
        if "booktitle" not in entry.fields and "title" in target.fields:
            entry.fields["booktitle"] = target.fields["title"]
        for name in _INHERITED:
            if name not in entry.fields and name in target.fields:
                entry.fields[name] = target.fields[name]


def _bad_block(block: Any) -> BadBlock:
    from bibtexparser.model import DuplicateBlockKeyBlock, DuplicateFieldKeyBlock

    line = (block.start_line or 0) + 1
    head = _block_head(block.raw)
    if isinstance(block, DuplicateBlockKeyBlock):
        first = block.previous_block.start_line
        where = f" (first defined on line {first + 1})" if first is not None else ""
        return BadBlock(line, head, f"the key `{block.key}` is used twice{where}")
    if isinstance(block, DuplicateFieldKeyBlock):
        return BadBlock(line, head, f"the field `{', '.join(sorted(block.duplicate_keys))}` is given twice")
    reason = getattr(block.error, "abort_reason", None) or str(block.error) or type(block.error).__name__
    return BadBlock(line, head, f"malformed entry: {reason.strip()}")


def _block_head(raw: str | None) -> str:
    first = (raw or "").strip().splitlines()[0] if (raw or "").strip() else ""
    match = re.match(r"@\s*(\w+)\s*[{(]\s*([^,\s]*)", first)
    return f"@{match[1]}{{{match[2]}}}" if match else "block"


def _unquote(value: str, strings: dict[str, str]) -> str:
    """A value as written (`{…}`, `"…"`, a number, a macro, or `a # "b"`) → its text."""
    value = value.strip()
    if len(value) >= 2 and ((value[0] == "{" and value[-1] == "}" and _balanced(value[1:-1]))
                            or (value[0] == '"' and value[-1] == '"' and '"' not in _outside_braces(value[1:-1]))):
        return value[1:-1]
    return _concatenate(value, strings)


def _balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


def _outside_braces(text: str) -> str:
    out, depth = [], 0
    for ch in text:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth == 0 and ch not in "{}":
            out.append(ch)
    return "".join(out)


def _concatenate(expression: str, strings: dict[str, str]) -> str:
    """BibTeX `a # "b" # {c}` (bibtexparser 2 leaves concatenations unresolved)."""
    parts: list[str] = []
    for piece in re.findall(r'"(?:[^"{}]|\{[^{}]*\})*"|\{(?:[^{}]|\{[^{}]*\})*\}|[^#\s]+', expression):
        if piece[0] in "\"{":
            parts.append(piece[1:-1])
        else:
            parts.append(strings.get(piece.lower(), piece))
    return "".join(parts)
