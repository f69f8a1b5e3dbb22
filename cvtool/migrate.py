"""`cvtool migrate`: rewrite a cv.yaml of cvtool < 0.2 (format 1) in format 2, keeping comments.

Format 1 kept seven fixed sections at the top level, their order and titles under `layout:`.
Format 2 keeps an ordered `sections:` mapping (see FORMAT in the README). The rewrite goes through
ruamel.yaml's round-trip mode, so comments, quoting and key order survive; field renames happen
in place (same position in their mapping):

- every section moves under `sections:`, in `layout.sections` order; a section format 1 hid
  (not in `layout.sections`) becomes `variants.full.sections.<id>: false`;
- `layout.titles.<id>` (or a format-1 default title that format 2 changed) becomes the section's
  `title:` in the long form `{title, entries}`;
- `start` without `end` meant a single date in format 1: it becomes `date` (format 2 reads a lone
  `start` as "since"); the same inside `also:`;
- education `city` → `location`; teaching `course` (the codes) → `code`, `title` → `course`.
"""

from __future__ import annotations

from typing import Any

from cvtool.bib.roundtrip import RoundTrip
from cvtool.errors import CvError
from cvtool.oldformat import V1_SECTIONS, V1_TITLES, old_format_key


def needs_migration(text: str) -> bool:
    """Whether `text` is a format-1 cv.yaml (one that does not load is left for `migrate_text` to explain)."""
    try:
        doc = RoundTrip(text).load()
    except ValueError:  # an impossible date: migrate_text says how to fix it
        return True
    return old_format_key(doc) is not None


def migrate_text(text: str) -> str:
    """The format-2 text of a format-1 cv.yaml. Raises CvError when it is not format 1."""
    rt = RoundTrip(text)
    try:
        doc = rt.load()
    except ValueError as exc:  # ruamel reads 2021-02-31 as an impossible date
        raise CvError(f"cannot migrate: {exc}; fix the value (`cvtool validate` shows where) and retry") from None
    if old_format_key(doc) is None:
        raise CvError("this cv.yaml is already in format 2; nothing to migrate")
    from ruamel.yaml.comments import CommentedMap

    layout = doc.get("layout") if isinstance(doc.get("layout"), dict) else CommentedMap()
    order = [str(k) for k in layout.get("sections", V1_SECTIONS)]
    titles = layout.get("titles", {})
    position = min(i for i, k in enumerate(doc) if k in V1_SECTIONS) if any(k in V1_SECTIONS for k in doc) else len(doc)
    sections = CommentedMap()
    for key in [*order, *(k for k in V1_SECTIONS if k not in order)]:
        if key not in doc:
            continue
        value = _pop(doc, key, sections)
        _fix_section(key, value)
        title = titles.get(key) or V1_TITLES.get(key)
        sections[key] = _with_title(value, title) if title else value
    doc.insert(min(position, len(doc)), "sections", sections)
    _hide(doc, [k for k in sections if k not in order])
    notes = [note for key in ("sections", "titles") if key in layout for note in _comments_of(layout, key)]
    for key in ("sections", "titles"):
        layout.pop(key, None)
    if notes:  # what the user wrote about the order and titles now describes `sections:`
        doc.yaml_add_eol_comment(" ".join(notes), "sections")
    if "layout" in doc and not layout:
        _pop(doc, "layout", None)
    return rt.dump(doc)


def _comments_of(mapping: Any, key: str) -> list[str]:
    """The text of the comments on `key` and inside its value (without the `#`)."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if hasattr(node, "value") and isinstance(getattr(node, "value", None), str) and "#" in node.value:
            found.extend(line.strip().lstrip("#").strip() for line in node.value.splitlines() if line.strip())
        elif isinstance(node, (list, tuple)):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            for item in node.values():
                walk(item)

    walk(mapping.ca.items.get(key))
    value = mapping.get(key)
    if hasattr(value, "ca"):
        walk(value.ca.items)
        walk(value.ca.end)
        walk(value.ca.comment)
    return list(dict.fromkeys(f for f in found if f))


def _pop(mapping: Any, key: str, into: Any) -> Any:
    """Remove `key`, carrying the comment attached to it over to `into` (when given)."""
    comment = mapping.ca.items.pop(key, None)
    value = mapping.pop(key)
    if comment is not None and into is not None:
        into.ca.items[key] = comment
    return value


def _rename(mapping: Any, old: str, new: str) -> None:
    if not hasattr(mapping, "insert") or old not in mapping:
        return
    position = list(mapping).index(old)
    comment = mapping.ca.items.pop(old, None)
    value = mapping.pop(old)
    mapping.insert(position, new, value)
    if comment is not None:
        mapping.ca.items[new] = comment


def _lone_start_is_a_date(entry: Any) -> None:
    if isinstance(entry, dict) and "start" in entry and "end" not in entry and "date" not in entry:
        _rename(entry, "start", "date")
    for period in entry.get("also", []) if isinstance(entry, dict) else []:
        _lone_start_is_a_date(period)


def _fix_section(key: str, value: Any) -> None:
    if not isinstance(value, list):
        return
    for entry in value:
        if key in ("education", "experience", "awards"):
            _lone_start_is_a_date(entry)
        if key == "education":
            _rename(entry, "city", "location")
        if key == "teaching" and isinstance(entry, dict):
            _rename(entry, "course", "code")
            _rename(entry, "title", "course")


def _with_title(value: Any, title: Any) -> Any:
    from ruamel.yaml.comments import CommentedMap

    if hasattr(value, "insert") and hasattr(value, "keys"):  # research_interests: a mapping already
        value.insert(0, "title", _flow(title))
        return value
    long = CommentedMap()
    long["title"] = _flow(title)
    long["entries"] = value
    return long


def _flow(value: Any) -> Any:
    from ruamel.yaml.comments import CommentedMap

    if isinstance(value, dict) and not isinstance(value, CommentedMap):
        out = CommentedMap(value)
        out.fa.set_flow_style()
        return out
    return value


def _hide(doc: Any, hidden: list[str]) -> None:
    """Format 1 left out sections missing from layout.sections; format 2 says so in the full variant."""
    if not hidden:
        return
    from ruamel.yaml.comments import CommentedMap

    variants = doc.setdefault("variants", CommentedMap())
    full = variants.setdefault("full", CommentedMap())
    rules = full.setdefault("sections", CommentedMap())
    for key in hidden:
        rules[key] = False
