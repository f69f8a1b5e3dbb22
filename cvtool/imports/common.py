"""What every importer shares: a report of what could not be mapped, and the cleaning of values.

An importer turns another tool's CV into a format-2 cv.yaml tree (plain dicts and lists, in the
order the YAML will have). Nothing is dropped silently: a value with no place in cv.yaml, or one
that cvtool would refuse (a date it cannot read, a link that is not http(s)/mailto), is noted in
the `Report` with where it came from, and the import goes on without it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from cvtool.dates import parse_date

_DATE = re.compile(r"\d{4}(-\d\d(-\d\d)?)?(?=T|\Z)")
_SAFE_URL = re.compile(r"(https?|mailto):\S+\Z", re.IGNORECASE)
_BARE_DOMAIN = re.compile(r"[\w-]+(\.[\w-]+)*\.[a-z]{2,}(/\S*)?\Z", re.IGNORECASE)


@dataclass
class Report:
    """Values that did not make it into cv.yaml, each as `source.path: why`."""

    unmapped: list[str] = field(default_factory=list)

    def note(self, where: str, why: str) -> None:
        self.unmapped.append(f"{where}: {why}")


@dataclass
class Imported:
    """A format-2 cv.yaml tree and what could not be mapped into it."""

    cv: dict[str, Any]
    unmapped: list[str]


def text(value: Any) -> str | None:
    """A trimmed string, or None for nothing/blank; numbers become text (a GPA of 4.0)."""
    if value is None or isinstance(value, (dict, list, bool)):
        return None
    shown = str(value).strip()
    return shown or None


def date(value: Any, where: str, report: Report, *, end: bool = False) -> str | None:
    """A cvtool date (YYYY, YYYY-MM, YYYY-MM-DD, `present` as an end) or None, noting a refusal.

    Timestamps such as `2017-12-24T15:53:00` keep their date part."""
    raw = text(value)
    if raw is None:
        return None
    if end and raw.lower() in ("present", "now", "current"):
        return "present"
    match = _DATE.match(raw)
    try:
        return str(parse_date(match.group(0) if match else raw))  # cvtool's own reading of a date
    except ValueError as exc:
        report.note(where, f"date {raw!r}: {exc}; left out")
        return None


def url(value: Any, where: str, report: Report) -> str | None:
    """An http(s)/mailto link; a bare domain gets https://; anything else is noted and left out."""
    raw = text(value)
    if raw is None:
        return None
    if _SAFE_URL.match(raw):
        return raw
    if _BARE_DOMAIN.match(raw):
        return f"https://{raw}"
    report.note(where, f"link {raw!r} is not an http(s) or mailto address; left out")
    return None


def compact(mapping: dict[str, Any]) -> dict[str, Any]:
    """The mapping without None, empty strings and empty lists (cv.yaml has no empty fields)."""
    return {k: v for k, v in mapping.items() if v not in (None, "", [], {})}


def texts(values: Any) -> list[str]:
    """The non-blank strings of a list (anything else in it is skipped)."""
    if not isinstance(values, list):
        return []
    return [t for t in (text(v) for v in values) if t]


def leftovers(entry: dict[str, Any], used: set[str], where: str, report: Report) -> None:
    """Note every key of `entry` the importer did not use (and that holds something)."""
    for key, value in entry.items():
        if key not in used and value not in (None, "", [], {}):
            report.note(f"{where}.{key}", "no matching field in cv.yaml")


def period(entry: dict[str, Any], start: str, end: str, where: str, report: Report) -> dict[str, str]:
    """`start`/`end` for a range, `date` alone for a single date (start == end, or only an end).

    A start without an end is ongoing (`end: present`), as JSON Resume and RenderCV both read it."""
    first = date(entry.get(start), f"{where}.{start}", report)
    last = date(entry.get(end), f"{where}.{end}", report, end=True)
    if first is None:
        if last == "present":
            report.note(f"{where}.{end}", "an end of `present` without a start; left out")
            return {}
        return {"date": last} if last else {}
    if last == first:
        return {"date": first}
    if last is None:
        return {"start": first, "end": "present"}
    n = min(len(first), len(last))
    if last != "present" and last[:n] < first[:n]:
        report.note(f"{where}.{end}", f"end {last} is before start {first}; left out")
        return {"date": first}
    return {"start": first, "end": last}
