"""What kind of publication a BibTeX entry is, with the reason in words.

The entry type is a hint, not the answer: Google Scholar files conference papers as @article,
al-folio users put a journal in `booktitle`, DBLP files CoRR and ECCC preprints as @article.
The venue decides when the venue list knows it; preprint servers make a preprint.
"""

from __future__ import annotations

import re

from cvtool.bib.venues import KnownVenue, find_venue

_PREPRINT_VENUE = re.compile(
    r"\b(arxiv|corr|preprint|biorxiv|medrxiv|chemrxiv|ssrn|eccc|electron\. colloquium comput\. complex"
    r"|electronic colloquium on computational complexity|cryptology eprint|openreview|techrxiv|research square)\b",
    re.IGNORECASE,
)
_WORKSHOP = re.compile(r"\bworkshops?\b", re.IGNORECASE)
_THESIS_TYPES = {"phdthesis": "PhD", "mastersthesis": "Master's", "thesis": None, "bachelorthesis": "Bachelor's"}


class KindError(Exception):
    """The entry cannot be a publication of any kind (the message says why)."""


def infer_kind(entry_type: str, fields: dict[str, str], venues: tuple[KnownVenue, ...]) -> tuple[str, str]:
    """(kind, reason) for an entry whose text fields are already decoded."""
    journal = fields.get("journal") or fields.get("journaltitle")
    booktitle = fields.get("booktitle")
    if entry_type in _THESIS_TYPES:
        return "thesis", f"@{entry_type}"
    if entry_type == "patent":
        return "patent", "@patent"
    if entry_type in ("book", "mvbook"):
        return "book", f"@{entry_type}"
    if entry_type == "proceedings":
        raise KindError("a proceedings volume (editors, no authors) is not a paper; import it with --kind book to keep it")
    if _preprint_text(journal, booktitle, fields):
        return "preprint", f"{_preprint_text(journal, booktitle, fields)} is a preprint server"
    venue_text = journal or booktitle
    known = find_venue(venue_text, venues)
    if venue_text and _WORKSHOP.search(venue_text):
        return "workshop", "the venue names a workshop"
    if known is not None:
        return known.kind, f"{known.short} is a {known.kind} (venue list)"
    return _by_type(entry_type, journal, booktitle, fields)


def _by_type(entry_type: str, journal: str | None, booktitle: str | None, fields: dict[str, str]) -> tuple[str, str]:
    if entry_type in ("inproceedings", "conference"):
        return "conference", f"@{entry_type}"
    if entry_type in ("inbook", "incollection", "bookinbook", "inreference"):
        if booktitle and re.search(r"\b(proceedings|conference|symposium)\b", booktitle, re.IGNORECASE):
            return "conference", f"@{entry_type} in proceedings"
        return "chapter", f"@{entry_type}"
    if entry_type in ("techreport", "report", "manual", "booklet"):
        return "report", f"@{entry_type}"
    if entry_type == "article":
        if journal:
            return "journal", "@article in a journal"
        return "preprint", "@article without a journal"
    if entry_type in ("misc", "unpublished", "online", "preprint", "electronic", "www"):
        return "preprint", f"@{entry_type}" + (" (" + fields["note"] + ")" if fields.get("note") else "")
    if booktitle:
        return "conference", f"@{entry_type} with a booktitle"
    if journal:
        return "journal", f"@{entry_type} with a journal"
    raise KindError(f"cannot tell what kind of publication a @{entry_type} is; pass --kind")


def _preprint_text(journal: str | None, booktitle: str | None, fields: dict[str, str]) -> str | None:
    """The preprint server an entry names (`arXiv`, `CoRR`, `ECCC`), if any."""
    for text in (journal, booktitle, fields.get("publisher"), fields.get("howpublished"), fields.get("institution")):
        if text:
            match = _PREPRINT_VENUE.search(text)
            if match:
                return "ECCC" if match[1].lower().startswith("electron") else match[1]
    if not journal and not booktitle and (fields.get("eprinttype") or fields.get("archiveprefix", "")).lower() == "arxiv":
        return "arXiv"
    return None


def thesis_degree(entry_type: str, fields: dict[str, str]) -> str | None:
    """PhD / Master's from the entry type, or biblatex's `type` field."""
    kind = fields.get("type")
    if kind:
        lowered = kind.lower()
        if "phd" in lowered or "doctor" in lowered:
            return "PhD"
        if "master" in lowered or lowered in ("mathesis", "msc"):
            return "Master's"
        return kind
    return _THESIS_TYPES.get(entry_type)
