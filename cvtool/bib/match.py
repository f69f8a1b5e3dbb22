"""Records against the publications already in cv.yaml: which one each record is, and what it adds.

A record is the publication with the same id, arXiv id, DOI or title (a workshop and a
conference paper with the same title are different publications). An import only fills what
cv.yaml does not say yet (and turns a preprint into its published version): what the user
wrote by hand (translations, short venue names, topics) is never overwritten, so importing the
same file, or cvtool's own BibTeX export, again changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cvtool.bib.record import Record
from cvtool.bib.versions import normalize_title
from cvtool.model import Publication

# the keys an import never adds to an existing publication: they are the user's (or derived)
_NEVER_FILLED = {"id", "title", "authors", "bibtex_type", "topics", "priority", "short", "related"}


@dataclass
class Match:
    index: int  # in the CV's publications
    how: str  # "id" | "arXiv id" | "DOI" | "title"
    changes: dict[str, Any] = field(default_factory=dict)


def find_existing(rec: Record, pubs: list[Publication]) -> tuple[int, str] | None:
    """The index of the publication this record is, and by what it was recognised."""
    title = normalize_title(str(rec.item["title"]))
    for i, pub in enumerate(pubs):
        if pub.id == rec.id and (title in _titles(pub) or _same_link(pub, rec)):
            return i, "id"
    for i, pub in enumerate(pubs):
        if rec.item.get("arxiv") and pub.arxiv == rec.item["arxiv"] and _compatible(pub.kind, rec.kind):
            return i, "arXiv id"
        if rec.item.get("doi") and pub.doi and pub.doi.lower() == str(rec.item["doi"]).lower():
            return i, "DOI"
    for i, pub in enumerate(pubs):
        if title in _titles(pub) and _compatible(pub.kind, rec.kind):
            return i, "title"
    return None


def _titles(pub: Publication) -> list[str]:
    return [normalize_title(t) for t in pub.title.texts() if t]


def _same_link(pub: Publication, rec: Record) -> bool:
    return bool((rec.item.get("arxiv") and pub.arxiv == rec.item["arxiv"])
                or (rec.item.get("doi") and pub.doi and pub.doi.lower() == str(rec.item["doi"]).lower()))


def same_title_other_version(rec: Record, pubs: list[Publication]) -> list[str]:
    """Ids of publications with this title that are other versions (workshop vs conference)."""
    title = normalize_title(str(rec.item["title"]))
    return [p.id for p in pubs if title in [normalize_title(t) for t in p.title.texts() if t]]


def _compatible(ours: str, theirs: str) -> bool:
    """Can an existing publication of kind `ours` take a record of kind `theirs`?"""
    if ours == theirs or "preprint" in (ours, theirs):
        return True
    return "workshop" not in (ours, theirs)  # a workshop paper and its conference version are two


def changes_for(pub: Publication, existing: dict[str, Any], rec: Record) -> dict[str, Any]:
    """What the record adds to an existing publication (its cv.yaml mapping is `existing`)."""
    changes: dict[str, Any] = {}
    if pub.kind == "preprint" and rec.kind != "preprint":
        changes["kind"] = rec.kind  # the preprint is published now
        for key in ("venue", "date"):
            if key in rec.item:
                changes[key] = rec.item[key]
        if existing.get("status"):
            changes["status"] = None  # "Under review" no longer holds
        if normalize_title(str(rec.item["title"])) not in _titles(pub):
            old = existing.get("title")  # published under a new title (a translation stays)
            changes["title"] = {**old, "en": rec.item["title"]} if isinstance(old, dict) else rec.item["title"]
    for key, value in rec.item.items():
        if key in _NEVER_FILLED or key in changes or key in existing:
            continue
        if key == "venue" and pub.venue is not None:
            continue
        if rec.kind == "preprint" and pub.kind != "preprint" and key not in ("arxiv", "pdf", "code", "url"):
            continue  # a preprint record only lends its links to the published paper
        if key == "bibtex" or (key == "url" and value in {existing.get(k) for k in ("pdf", "code", "html", "website")}):
            continue
        if key == "kind" or (key == "status" and pub.kind != "preprint"):
            continue
        changes[key] = value
    extra = _new_bibtex_fields(existing.get("bibtex") or {}, rec)
    if extra and rec.kind == pub.kind:
        changes["bibtex"] = {**(existing.get("bibtex") or {}), **extra}
    return changes


def _new_bibtex_fields(existing: dict[str, Any], rec: Record) -> dict[str, Any]:
    return {k: v for k, v in (rec.item.get("bibtex") or {}).items() if k not in existing}
