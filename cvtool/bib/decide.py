"""Every entry of a .bib → one decision with a one-line reason: added, merged, updated, unchanged
or skipped. A bad entry is skipped with its reason; it never blocks the others."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cvtool.bib.fields import EntryProblem
from cvtool.bib.match import changes_for, find_existing, same_title_other_version
from cvtool.bib.parse import BadBlock, RawEntry
from cvtool.bib.record import Record, build_record, ordered
from cvtool.bib.venues import KnownVenue
from cvtool.bib.versions import fold_versions
from cvtool.model import Publication

ACTIONS = ("added", "merged", "updated", "unchanged", "skipped")


@dataclass(frozen=True)
class Decision:
    action: str  # one of ACTIONS
    line: int  # of the entry in the .bib
    key: str  # the BibTeX key (or the head of an unreadable block)
    reason: str
    id: str | None = None  # the publication in cv.yaml it went to
    notes: tuple[str, ...] = ()
    label: str | None = None  # the publication's label after the import, e.g. C9

    def describe(self, bib_name: str) -> str:
        target = f" → {self.id}" if self.id and self.id != self.key else ""
        label = f" ({self.label})" if self.label else ""
        return f"{bib_name}:{self.line}: {self.action} {self.key}{target}{label}: {self.reason}"


@dataclass
class Outcome:
    decisions: list[Decision] = field(default_factory=list)
    updates: dict[int, dict[str, Any]] = field(default_factory=dict)  # index in the CV's publications → changes
    additions: list[dict[str, Any]] = field(default_factory=list)

    @property
    def skipped(self) -> list[Decision]:
        return [d for d in self.decisions if d.action == "skipped"]


def decide(entries: list[RawEntry], bad: list[BadBlock], pubs: list[Publication], existing: list[dict[str, Any]],
           venues: tuple[KnownVenue, ...], kind: str = "auto", taken_ids: frozenset[str] = frozenset()) -> Outcome:
    """Decisions for all entries, in .bib order; `existing` are the publications' cv.yaml mappings."""
    out = Outcome()
    out.decisions += [Decision("skipped", b.line, b.head, b.reason) for b in bad]
    records: list[Record] = []
    for raw in entries:
        try:
            records.append(build_record(raw, venues, kind))
        except EntryProblem as exc:
            out.decisions.append(Decision("skipped", raw.line, raw.key, str(exc)))
    primaries, folded = fold_versions(records)
    for fold in folded:
        out.decisions.append(Decision(fold.action, fold.record.raw.line, fold.record.raw.key, fold.reason,
                                      fold.into.id, tuple(fold.record.notes)))
    final_id = _place(primaries, pubs, existing, out, taken_ids)
    _fix_related(out, final_id)
    for fold in folded:  # a folded entry went where its version went
        index = out.decisions.index(next(d for d in out.decisions if d.key == fold.record.raw.key and d.line == fold.record.raw.line))
        decision = out.decisions[index]
        out.decisions[index] = Decision(decision.action, decision.line, decision.key, decision.reason,
                                        final_id.get(fold.into.id, fold.into.id), decision.notes)
    out.decisions.sort(key=lambda d: d.line)
    return out


def _place(records: list[Record], pubs: list[Publication], existing: list[dict[str, Any]], out: Outcome,
           taken_ids: frozenset[str]) -> dict[str, str]:
    """Match each record to cv.yaml (update) or add it; the final id of every record."""
    final_id: dict[str, str] = {}
    used = {p.id for p in pubs} | set(taken_ids)
    for rec in records:
        found = find_existing(rec, pubs)
        if found is not None:
            index, how = found
            pub = pubs[index]
            final_id[rec.id] = pub.id
            changes = changes_for(pub, existing[index], rec)
            versions = set(rec.item.get("related", [])) - set(pub.related) - {pub.id}
            if versions:  # another version in this .bib: link both ways
                changes["related"] = sorted(set(pub.related) | versions)
            if changes:
                out.updates.setdefault(index, {}).update(changes)
                what = ", ".join(changes)
                out.decisions.append(Decision("updated", rec.raw.line, rec.raw.key, f"{what} (matched by {how})", pub.id,
                                              tuple(rec.notes)))
            else:
                out.decisions.append(Decision("unchanged", rec.raw.line, rec.raw.key, f"already in cv.yaml (matched by {how})",
                                              pub.id, tuple(rec.notes)))
            continue
        _add(rec, pubs, out, used, final_id)
    return final_id


def _add(rec: Record, pubs: list[Publication], out: Outcome, used: set[str], final_id: dict[str, str]) -> None:
    new_id = rec.id
    n = 2
    while new_id in used:
        new_id, n = f"{rec.id}-{n}", n + 1
    notes = list(rec.notes)
    if new_id != rec.id:
        notes.append(f"the id `{rec.id}` is taken: added as `{new_id}`")
        rec.item["id"] = new_id
    used.add(new_id)
    final_id[rec.id] = new_id
    reason = f"new {rec.kind} ({rec.kind_reason})"
    versions = same_title_other_version(rec, pubs)
    if versions:
        rec.item["related"] = sorted(set(rec.item.get("related", [])) | set(versions))
        for i, pub in enumerate(pubs):
            if pub.id in versions and rec.item["id"] not in pub.related:
                out.updates.setdefault(i, {})["related"] = sorted({*pub.related, new_id})
        reason += f"; another version of {', '.join(versions)}"
    out.additions.append(ordered(rec.item))
    out.decisions.append(Decision("added", rec.raw.line, rec.raw.key, reason, new_id, tuple(notes)))


def _fix_related(out: Outcome, final_id: dict[str, str]) -> None:
    """`related` named the records' BibTeX ids; point them at the ids the records ended up with."""
    for item in out.additions:
        if item.get("related"):
            item["related"] = sorted({final_id.get(r, r) for r in item["related"]} - {item["id"]})
    for changes in out.updates.values():
        if changes.get("related"):
            changes["related"] = sorted({final_id.get(r, r) for r in changes["related"]})
