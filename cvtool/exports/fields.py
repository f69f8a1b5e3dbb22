"""Read the view back as data: which cv.yaml field a view string came from, and its entry.

Every user string in the view is a `Sourced` that remembers its field path, e.g.
`("education", 0, "degree", "en")`. Data exports (JSON Resume) need the field's name — is this
line the degree or the field of study? — and the entry's dates as data, not as formatted text;
both are read from that path, so these exports still take every text from the localized view.
"""

from __future__ import annotations

from typing import Any

from cvtool.locales import available
from cvtool.view import Block, LabelLine, Row, Sourced


def name_of(value: Sourced) -> str | None:
    """The cv.yaml field name of a view string: the last path step that is a name, not a language."""
    for step in reversed(value.loc):
        if isinstance(step, str) and step not in available():
            return step
    return None


def entry_of(cv: Any, value: Sourced) -> Any:
    """The model entry (list item) a view string belongs to: the last list index on its path."""
    obj, entry = cv, None
    for step in value.loc:
        if isinstance(step, int):
            # a short-form section is written as its list of entries: the path skips `entries`
            obj = (obj.entries if hasattr(obj, "entries") else obj)[step]
            entry = obj
        elif isinstance(obj, dict):
            obj = obj.get(step)
        else:
            obj = getattr(obj, step, None)
        if obj is None:
            break
    return entry


def strings(item: Block | Row | LabelLine) -> list[Sourced]:
    """Every user string of one view entry, in reading order."""
    if isinstance(item, Block):
        found = [item.heading, item.location, *item.sub, *(a.text for a in item.aside),
                 *(d.text for d in item.details), item.body, *item.bullets, item.url]
    elif isinstance(item, Row):
        found = [*item.parts, *item.rest, *(link.url for link in item.links)]
    else:
        found = [item.label, *item.values]
    return [s for s in found if isinstance(s, Sourced)]


def by_field(item: Block | Row | LabelLine) -> dict[str, Any]:
    """`{field name: view string}` of one view entry; a field seen more than once (bullets) gives a list."""
    out: dict[str, Any] = {}
    for value in strings(item):
        key = name_of(value)
        if key is None:
            continue
        if key in out:
            out[key] = (out[key] if isinstance(out[key], list) else [out[key]]) + [value]
        else:
            out[key] = value
    return out


def iso_dates(entry: Any) -> dict[str, str]:
    """JSON-Resume-style dates of a model entry: startDate/endDate, or a single date."""
    if entry is None:
        return {}
    start, end, single = (getattr(entry, k, None) for k in ("start", "end", "date"))
    out = {}
    if start is not None:
        out["startDate"] = str(start)
        if end is not None and not end.present:
            out["endDate"] = str(end)
    elif single is not None:
        out["date"] = str(single)
    return out
