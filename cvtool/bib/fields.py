"""Single BibTeX fields → cv.yaml values: dates, arXiv ids, DOIs, URLs, ids, submission status."""

from __future__ import annotations

import re

from cvtool.bib.latex import decode

_ARXIV_NEW = r"\d{4}\.\d{4,5}(?:v\d+)?"
_ARXIV_OLD = r"[a-z-]+(?:\.[A-Z]{2})?/\d{7}(?:v\d+)?"
_ARXIV_ID = re.compile(rf"({_ARXIV_NEW}|{_ARXIV_OLD})")
_ARXIV_URL = re.compile(rf"arxiv\.org/(?:abs|pdf)/({_ARXIV_NEW}|{_ARXIV_OLD})", re.IGNORECASE)
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
_STATUS = (
    (re.compile(r"\bunder (review|submission)\b|\bin review\b", re.IGNORECASE), "Under review"),
    (re.compile(r"\bsubmitted\b", re.IGNORECASE), "Submitted"),
    (re.compile(r"\bto appear\b|\bforthcoming\b|\bin press\b", re.IGNORECASE), "To appear"),
    (re.compile(r"\baccepted\b", re.IGNORECASE), "Accepted"),
)


class EntryProblem(Exception):
    """Why an entry is skipped, in one line."""


def ident(key: str) -> str:
    """A BibTeX key as a cv.yaml id (letters, digits, `-`, `_`, `.`)."""
    value = re.sub(r"[^A-Za-z0-9_.-]+", "-", key.strip())
    return re.sub(r"^[^A-Za-z0-9]+", "", value).rstrip("-")


def date_of(fields: dict[str, str], used: set[str], notes: list[str]) -> str | int:
    """`year` (+ `month`) or biblatex `date` → 2024 or "2024-03"."""
    year, month = fields.get("year"), fields.get("month")
    used.update(("year", "month", "date"))
    if not year and fields.get("date"):
        match = re.match(r"\s*(\d{4})(?:-(\d{1,2}))?", fields["date"])
        if not match:
            raise EntryProblem(f"date {fields['date']!r} is not a date like 2024 or 2024-03")
        year, month = match[1], month or match[2]
    if not year:
        raise EntryProblem("no `year` (or `date`)")
    text = decode(year).strip()
    if not re.fullmatch(r"\d{4}", text) or not 1000 <= int(text) <= 2999:
        raise EntryProblem(f"year {year!r} is not a year like 2024")
    number = month_number(month) if month else None
    if month and number is None:
        notes.append(f"month {month!r} not understood; only the year is used")
    return f"{text}-{number:02d}" if number else int(text)


def month_number(text: str) -> int | None:
    """`mar`, `Mar.`, `March`, `3`, `03` → 3; anything else → None."""
    text = text.strip().strip("{}").strip().rstrip(".").lower()
    if text.isdigit():
        return int(text) if 1 <= int(text) <= 12 else None
    return next((i for i, name in enumerate(_MONTHS, start=1) if len(text) >= 3 and name.startswith(text)), None)


def arxiv_id(fields: dict[str, str]) -> str | None:
    """The arXiv id an entry carries: eprint, al-folio `arxiv`, an arxiv.org URL, `arXiv:…` in journal/volume."""
    prefix = (fields.get("archiveprefix") or fields.get("eprinttype") or "arxiv").strip().lower()
    for candidate in (fields.get("arxiv"), fields.get("eprint") if prefix == "arxiv" else None):
        if candidate:
            match = _ARXIV_ID.search(candidate.replace("arXiv:", "").replace("\\_", "_"))
            if match:
                return match[1]
    url = fields.get("url", "")
    match = _ARXIV_URL.search(url)
    if match:
        return match[1]
    joined = " ".join(fields.get(name, "") for name in ("journal", "volume", "howpublished", "note", "doi"))
    if re.search(r"arxiv|corr|10\.48550", joined, re.IGNORECASE):
        match = re.search(rf"(?:arxiv[.:/ ]*|abs/)({_ARXIV_NEW})", joined, re.IGNORECASE)
        if match:
            return match[1]
    return None


def clean_doi(value: str | None) -> str | None:
    if not value:
        return None
    return _DOI_PREFIX.sub("", clean_url(value, require_http=False) or "").strip() or None


def clean_url(value: str | None, *, require_http: bool = True) -> str | None:
    """`\\url{…}` and TeX-escaped `\\_` removed; None unless http(s) (when required)."""
    if not value:
        return None
    text = value.strip()
    match = re.fullmatch(r"\\url\{(.*)\}", text)
    if match:
        text = match[1]
    text = re.sub(r"\\([_%&#~$])", r"\1", text).strip()
    if require_http and not re.match(r"https?://\S+\Z", text):
        return None
    return text


def status_of(note: str | None, keywords: str | None, kind: str) -> str | None:
    """"Under review", "Submitted", "To appear", "Accepted" from a note or keywords."""
    for text in (note, keywords):
        if not text:
            continue
        for pattern, status in _STATUS:
            if pattern.search(text):
                return status
    return None
