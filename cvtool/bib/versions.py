"""Versions of one paper inside a .bib: the arXiv/CoRR/ECCC preprint and the published paper are
one publication; a workshop paper and its later conference or journal version are two, linked.

Entries are grouped by their normalised title (and by arXiv id). In a group, every preprint
merges into the published version (its arXiv id is kept there); published versions at
different venues stay apart and name each other in `related`; the same paper at the same
venue twice is a duplicate.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from cvtool.bib.record import Record


@dataclass(frozen=True)
class Folded:
    """An entry that does not become a publication of its own."""

    record: Record
    into: Record
    action: str  # "merged" | "skipped"
    reason: str


def normalize_title(title: str) -> str:
    text = unicodedata.normalize("NFKC", title).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def fold_versions(records: list[Record]) -> tuple[list[Record], list[Folded]]:
    """The records that become publications (file order), and those folded into them."""
    groups: dict[str, list[Record]] = {}
    for rec in records:
        groups.setdefault(normalize_title(str(rec.item["title"])), []).append(rec)
    folded: list[Folded] = []
    dropped: set[int] = set()
    for group in groups.values():
        if len(group) > 1:
            for fold in _fold_group(group):
                folded.append(fold)
                dropped.add(id(fold.record))
    return [r for r in records if id(r) not in dropped], folded


def _fold_group(group: list[Record]) -> list[Folded]:
    published = [r for r in group if r.kind != "preprint"]
    preprints = [r for r in group if r.kind == "preprint"]
    primary = next((r for r in published if r.kind != "workshop"), published[0] if published else preprints[0])
    folds: list[Folded] = []
    for rec in preprints:
        if rec is primary:
            continue
        _take_arxiv(primary, rec)
        what = "preprint" if primary.kind == "preprint" else "preprint version"
        folds.append(Folded(rec, primary, "merged", f"the {what} of `{primary.raw.key}` (line {primary.raw.line})"))
    kept: list[Record] = []
    for rec in published:
        twin = next((k for k in kept if _same_venue(k, rec)), None)
        if twin is not None:
            _take_arxiv(twin, rec)
            folds.append(Folded(rec, twin, "skipped", f"the same paper at the same venue as `{twin.raw.key}` (line {twin.raw.line})"))
            continue
        kept.append(rec)
    for rec in kept:
        others = [k.id for k in kept if k is not rec]
        if others:
            rec.item["related"] = sorted(set(rec.item.get("related", [])) | set(others))
    return folds


def _take_arxiv(target: Record, source: Record) -> None:
    if source.item.get("arxiv") and not target.item.get("arxiv"):
        target.item["arxiv"] = source.item["arxiv"]
        target.notes.append(f"arXiv id {source.item['arxiv']} from `{source.raw.key}` (line {source.raw.line})")


def _same_venue(a: Record, b: Record) -> bool:
    if a.kind != b.kind:
        return False
    va, vb = a.item.get("venue") or {}, b.item.get("venue") or {}
    same_name = (va.get("short") and va.get("short") == vb.get("short")) or va.get("name") == vb.get("name")
    return bool(same_name) and str(a.item["date"])[:4] == str(b.item["date"])[:4]
