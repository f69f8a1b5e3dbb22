"""Finish imported publications: cvtool needs an id, authors and a date that other formats may lack."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from cvtool.imports.common import Report


def finish(cv: dict[str, Any], report: Report) -> None:
    """Give every publication an id, fill missing authors with the CV's owner (noted), and drop
    (noting the title) a publication with no date, which cvtool numbers and orders by."""
    name = cv["person"]["name"]
    taken: set[str] = set()
    for section_id, section in cv["sections"].items():
        entries = section if isinstance(section, list) else section.get("entries")
        kind = section_id if isinstance(section, list) else section.get("kind")
        if kind != "publications" or not isinstance(entries, list):
            continue
        kept = []
        for i, pub in enumerate(entries):
            where = f"cv.yaml sections.{section_id}[{i}]"
            if "date" not in pub:
                report.note(where, f"publication {pub['title']!r} has no date; left out: add it with its date")
                continue
            if not pub.get("authors"):
                pub["authors"] = [name]
                report.note(where, f"no authors given; set to {name!r}: check them")
            kept.append({"id": _unique(_pub_id(pub), taken), **pub})
        if isinstance(section, list):
            cv["sections"][section_id] = kept
        else:
            section["entries"] = kept


def _pub_id(pub: dict[str, Any]) -> str:
    """`surname` + year + first long title word, as BibTeX keys usually are: doe2023sparse."""
    author = pub["authors"][0]
    surname = author.split(",")[0] if "," in author else (author.split() or ["paper"])[-1]
    words = [_ascii(w) for w in pub["title"].split()]
    word = next((w for w in words if len(w) > 3), "")
    return f"{_ascii(surname).lower()}{pub['date'][:4]}{word.lower()}"


def _ascii(value: str) -> str:
    return re.sub(r"[^A-Za-z0-9]", "", unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode())


def _unique(key: str, taken: set[str]) -> str:
    key = key if re.match(r"[A-Za-z0-9]", key) else f"p{key}"
    candidate, n = key, 2
    while candidate in taken:
        candidate, n = f"{key}{chr(ord('a') + n - 2)}" if n < 28 else f"{key}{n}", n + 1
    taken.add(candidate)
    return candidate
