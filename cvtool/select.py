"""Stage 3 — select: which sections and entries belong to a variant (full / short) and profile.

All of it is declared in `cv.yaml` (`variants:`, `profiles:`, per-entry `priority`/`short`),
none in templates. Rules name sections by id; a CV that declares no short variant gets one by
section kind (`default_short`). The one-page fitter calls `select` again with extra entries to
drop, so a drop is always the same mechanism as a declared rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from cvtool import labels
from cvtool.errors import CvError
from cvtool.model import CV, Entry, Profile, SectionRule, Variant
from cvtool.ranking import Hidden, drop_ranking

VARIANTS = ("full", "short")
PROFILE_BOOST = 1000

# The one-page CV of a file that declares no `variants.short`: a rule per section kind.
SHORT_RULES = {
    "education": SectionRule(compact=True),
    "positions": SectionRule(compact=True),
    "publications": SectionRule(max_items=8),
    "experience": SectionRule(max_items=3, compact=True),
    "grants": SectionRule(max_items=3, compact=True),
    "talks": SectionRule(max_items=3),
    "projects": SectionRule(max_items=3, compact=True),
    "software": SectionRule(max_items=3, compact=True),
    "entries": SectionRule(max_items=3, compact=True),
    "awards": SectionRule(max_items=3),
    "patents": SectionRule(max_items=2),
    "oneliners": SectionRule(max_items=3),
    "bullets": SectionRule(max_items=4),
    "teaching": SectionRule(include=False),
    "service": SectionRule(include=False),
    "students": SectionRule(include=False),
    "references": SectionRule(include=False),
}
SHORT_DROP_KINDS = ("awards", "talks", "oneliners", "patents", "grants", "projects", "software", "entries",
                    "experience", "publications", "education")


@dataclass(frozen=True)
class Plan:
    """What one PDF shows: the filtered CV, the section ids in order, and which are compact."""

    cv: CV
    variant: str
    profile: str | None
    sections: Sequence[str]
    compact: frozenset[str]
    left_out: list[str] = field(default_factory=list)  # "publications: lin2024qn" — for reports
    hidden: list[Hidden] = field(default_factory=list)  # the same, with the entries: for the report's titles
    droppable: list[tuple[str, str]] = field(default_factory=list)  # (section id, key) in drop order
    labels: dict[str, str] = field(default_factory=dict)  # publication id → label, from the whole CV
    # section id → the cv.yaml index of each entry of that section in `cv` (same order), so that
    # later stages can point at the source: positions are keyed by (section, index)
    positions: dict[str, list[int]] = field(default_factory=dict)

    def entries(self, section: str) -> list[tuple[int, Any]]:
        """(index in cv.yaml, entry) for each kept entry of `section`, in display order."""
        return list(zip(self.positions.get(section, []), entries_of(self.cv, section), strict=False))


@dataclass(frozen=True)
class Candidate:
    """One entry competing for a place: its weight decides `max_items` and the drop order."""

    section: str
    index: int  # in cv.yaml
    entry: Entry
    key: str
    forced: bool  # `short: true` or kept by the profile: never capped, never dropped
    weight: int

    def rank(self) -> tuple[bool, int, int]:
        """Higher ranks first; among equals, the earlier entry in the file."""
        return (self.forced, self.weight, -self.index)


def entries_of(cv: CV, section: str) -> list[Any]:
    """The entries of a section (a research_interests section's are its topics; a paragraph has none)."""
    s = cv.sections.get(section)
    if s is None:
        return []
    if s.kind == "research_interests":
        return list(s.topics)
    return list(getattr(s, "entries", []))


def default_short(cv: CV) -> Variant:
    """The short variant by section kind, for a file that declares none."""
    kinds = {sid: s.kind for sid, s in cv.sections.items()}
    rank = {k: i for i, k in enumerate(SHORT_DROP_KINDS)}
    return Variant(
        sections={sid: SHORT_RULES[k] for sid, k in kinds.items() if k in SHORT_RULES},
        drop_order=sorted((sid for sid, k in kinds.items() if k in rank), key=lambda sid: rank[kinds[sid]]),
    )


def variant_rules(cv: CV, variant: str) -> Variant:
    if variant in cv.variants:
        return cv.variants[variant]
    return default_short(cv) if variant == "short" else Variant()


def entry_key(section: str, index: int, entry: Entry) -> str:
    """How reports and drop lists name an entry: its id, else section[index]."""
    return entry.id or f"{section}[{index}]"


def select(cv: CV, variant: str, profile: str | None = None, also_drop: frozenset[str] = frozenset()) -> Plan:
    if variant not in VARIANTS:
        raise CvError(f"unknown variant {variant!r}; expected one of: {', '.join(VARIANTS)}")
    rules = variant_rules(cv, variant)
    prof = _profile(cv, profile)
    order = list(prof.sections) if prof and prof.sections else list(cv.sections)
    sections = [s for s in order if s in cv.sections and rules.sections.get(s, SectionRule()).include]
    compact = frozenset(s for s in sections if rules.sections.get(s, SectionRule()).compact)

    chooser = _Chooser(variant, profile, prof, also_drop)
    shown: dict[str, Any] = {}
    positions: dict[str, list[int]] = {}
    candidates: list[Candidate] = []
    for sid, section in cv.sections.items():
        if section.kind == "research_interests":
            topics = _ordered_topics(section.topics, prof) if sid in sections else list(enumerate(section.topics))
            shown[sid] = section.model_copy(update={"topics": [t for _, t in topics]})
            positions[sid] = [i for i, _ in topics]  # hidden, its topics still give the PDF keywords
        elif hasattr(section, "entries"):
            kept = chooser.choose(cv, sid, rules.sections.get(sid, SectionRule())) if sid in sections else []
            shown[sid] = section.model_copy(update={"entries": [c.entry for c in kept]})
            positions[sid] = [c.index for c in kept]
            candidates += kept
        else:
            shown[sid] = section
    return Plan(
        cv=cv.model_copy(update={"sections": shown}),
        variant=variant,
        profile=profile,
        sections=sections,
        compact=compact,
        left_out=chooser.left_out,
        droppable=drop_ranking(candidates, rules.drop_order, {s: r.min_items for s, r in rules.sections.items()}),
        hidden=chooser.hidden,
        labels=labels.assign(cv),
        positions=positions,
    )


def _profile(cv: CV, profile: str | None) -> Profile | None:
    if profile is None:
        return None
    if profile not in cv.profiles:
        known = ", ".join(cv.profiles) or "none are declared under `profiles:`"
        raise CvError(f"unknown profile {profile!r}; known: {known}")
    return cv.profiles[profile]


@dataclass
class _Chooser:
    """Applies one variant and profile to each section's entries, noting what it leaves out."""

    variant: str
    profile: str | None
    prof: Profile | None
    also_drop: frozenset[str]
    left_out: list[str] = field(default_factory=list)
    hidden: list[Hidden] = field(default_factory=list)

    def choose(self, cv: CV, section: str, rule: SectionRule) -> list[Candidate]:
        """The kept entries of `section`, in file order."""
        papers = cv.sections[section].kind == "publications"
        scored = [c for i, e in enumerate(entries_of(cv, section)) if (c := self._candidate(section, papers, i, e, rule))]
        # max_items keeps forced entries, then the heaviest; the display keeps the file order
        ranked = sorted(scored, key=Candidate.rank, reverse=True)
        if rule.max_items is not None:
            keep_n = max(rule.max_items, sum(1 for c in ranked if c.forced))
            for c in ranked[keep_n:]:
                self._leave(section, c.key, f"over max_items {rule.max_items}", c.entry)
            ranked = ranked[:keep_n]
        kept = []
        for c in ranked:
            if c.key in self.also_drop:
                self._leave(section, c.key, "dropped to fit one page", c.entry, for_space=True)
            else:
                kept.append(c)
        return sorted(kept, key=lambda c: c.index)

    def _candidate(self, section: str, papers: bool, index: int, entry: Any, rule: SectionRule) -> Candidate | None:
        key = entry_key(section, index, entry)
        weight = self._weight(papers, entry)
        if weight is None:
            self._leave(section, key, self._why_profile_drops(papers, entry), entry)
            return None
        keep = self.prof is not None and entry.id in self.prof.keep
        short = self.variant == "short"
        forced = (short and entry.short is True) or keep
        if short and entry.short is False and not forced:
            self._leave(section, key, "short: false", entry)
            return None
        if papers and rule.kinds is not None and entry.kind not in rule.kinds and not forced:
            self._leave(section, key, f"kind {entry.kind} not in the {self.variant} variant", entry)
            return None
        return Candidate(section, index, entry, key, forced, weight)

    def _weight(self, papers: bool, entry: Any) -> int | None:
        """The entry's weight under the profile, or None when the profile leaves it out."""
        weight: int = entry.priority
        prof = self.prof
        if prof is None:
            return weight
        if papers and prof.topics:
            if set(prof.topics) & set(entry.topics):
                weight += PROFILE_BOOST
            elif prof.only_topics:
                return None
        if entry.id in prof.drop:
            return None
        if entry.id in prof.keep:
            weight += 10 * PROFILE_BOOST
        return weight

    def _why_profile_drops(self, papers: bool, entry: Any) -> str:
        prof = self.prof
        if prof and prof.only_topics and papers and prof.topics and not set(prof.topics) & set(entry.topics):
            return f"off-topic for profile {self.profile}"
        return f"dropped by profile {self.profile}"

    def _leave(self, section: str, key: str, why: str, entry: Any, for_space: bool = False) -> None:
        self.left_out.append(f"{section}: {key} ({why})")
        self.hidden.append(Hidden(section, key, entry, why, for_space))


def _ordered_topics(topics: list[Any], prof: Profile | None) -> list[tuple[int, Any]]:
    """(index, topic): the profile's topics first, then the rest unless `only_topics`."""
    indexed = list(enumerate(topics))
    if not (prof and prof.topics):
        return indexed
    first = [(i, t) for tid in prof.topics for i, t in indexed if t.id == tid]
    rest = [] if prof.only_topics else [(i, t) for i, t in indexed if t.id not in prof.topics]
    return first + rest
