"""Stage 3 — select: which sections and entries belong to a variant (full / short) and profile.

All of it is declared in `cv.yaml` (`variants:`, `profiles:`, per-entry `priority`/`short`),
none in templates. The one-page fitter calls `select` again with extra entries to drop, so a
drop is always the same mechanism as a declared rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from cvtool import labels
from cvtool.errors import CvError
from cvtool.model import CV, Entry, Profile, SectionRule, Variant

VARIANTS = ("full", "short")
LIST_SECTIONS = ("education", "publications", "experience", "teaching", "awards", "services")
PROFILE_BOOST = 1000

DEFAULT_SHORT = Variant(
    sections={
        "education": SectionRule(compact=True),
        "publications": SectionRule(max_items=8),
        "experience": SectionRule(max_items=3, compact=True),
        "teaching": SectionRule(include=False),
        "awards": SectionRule(max_items=3),
        "services": SectionRule(include=False),
    },
    drop_order=["awards", "experience", "publications", "education"],
)


@dataclass(frozen=True)
class Plan:
    """What one PDF shows: the filtered CV, the section order, and which sections are compact."""

    cv: CV
    variant: str
    profile: str | None
    sections: Sequence[str]
    compact: frozenset[str]
    left_out: list[str] = field(default_factory=list)  # "publications: lin2024qn" — for reports
    droppable: list[tuple[str, str]] = field(default_factory=list)  # (section, key) in drop order
    labels: dict[str, str] = field(default_factory=dict)  # publication id → label, from the whole CV
    # section → the cv.yaml index of each entry of that section in `cv` (same order), so that
    # later stages can point at the source: positions are keyed by (section, index)
    positions: dict[str, list[int]] = field(default_factory=dict)

    def entries(self, section: str) -> list[tuple[int, Any]]:
        """(index in cv.yaml, entry) for each kept entry of `section`, in display order."""
        return list(zip(self.positions.get(section, []), entries_of(self.cv, section)))


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
    if section == "research_interests":
        return list(cv.research_interests.topics) if cv.research_interests else []
    return list(getattr(cv, section))


def variant_rules(cv: CV, variant: str) -> Variant:
    if variant in cv.variants:
        return cv.variants[variant]
    return DEFAULT_SHORT if variant == "short" else Variant()


def entry_key(section: str, index: int, entry: Entry) -> str:
    """How reports and drop lists name an entry: its id, else section[index]."""
    return entry.id or f"{section}[{index}]"


def select(cv: CV, variant: str, profile: str | None = None, also_drop: frozenset[str] = frozenset()) -> Plan:
    if variant not in VARIANTS:
        raise CvError(f"unknown variant {variant!r}; expected one of: {', '.join(VARIANTS)}")
    rules = variant_rules(cv, variant)
    prof = _profile(cv, profile)
    order = list(prof.sections) if prof and prof.sections else list(cv.layout.sections)
    sections = [s for s in order if rules.sections.get(s, SectionRule()).include]
    compact = frozenset(s for s in sections if rules.sections.get(s, SectionRule()).compact)

    chooser = _Chooser(variant, profile, prof, also_drop)
    update: dict[str, object] = {}
    positions: dict[str, list[int]] = {}
    candidates: list[Candidate] = []
    for section in LIST_SECTIONS:
        kept = chooser.choose(cv, section, rules.sections.get(section, SectionRule())) if section in sections else []
        update[section] = [c.entry for c in kept]
        positions[section] = [c.index for c in kept]
        candidates += [c for c in kept if not c.forced]
    if cv.research_interests and "research_interests" in sections:
        topics = _ordered_topics(cv, prof)
        update["research_interests"] = cv.research_interests.model_copy(update={"topics": [t for _, t in topics]})
        positions["research_interests"] = [i for i, _ in topics]
    else:  # not shown, but its topics still give the PDF keywords
        positions["research_interests"] = list(range(len(entries_of(cv, "research_interests"))))
    return Plan(
        cv=cv.model_copy(update=update),
        variant=variant,
        profile=profile,
        sections=sections,
        compact=compact,
        left_out=chooser.left_out,
        droppable=_droppable(candidates, rules.drop_order),
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

    def choose(self, cv: CV, section: str, rule: SectionRule) -> list[Candidate]:
        """The kept entries of `section`, in file order."""
        scored = [c for i, e in enumerate(entries_of(cv, section)) if (c := self._candidate(section, i, e, rule))]
        # max_items keeps forced entries, then the heaviest; the display keeps the file order
        ranked = sorted(scored, key=Candidate.rank, reverse=True)
        if rule.max_items is not None:
            keep_n = max(rule.max_items, sum(1 for c in ranked if c.forced))
            for c in ranked[keep_n:]:
                self.left_out.append(f"{section}: {c.key} (over max_items {rule.max_items})")
            ranked = ranked[:keep_n]
        kept = []
        for c in ranked:
            if c.key in self.also_drop:
                self.left_out.append(f"{section}: {c.key} (dropped to fit one page)")
            else:
                kept.append(c)
        return sorted(kept, key=lambda c: c.index)

    def _candidate(self, section: str, index: int, entry: Any, rule: SectionRule) -> Candidate | None:
        key = entry_key(section, index, entry)
        weight = self._weight(section, entry)
        if weight is None:
            self._leave(section, key, self._why_profile_drops(section, entry))
            return None
        keep = self.prof is not None and entry.id in self.prof.keep
        short = self.variant == "short"
        forced = (short and entry.short is True) or keep
        if short and entry.short is False and not forced:
            self._leave(section, key, "short: false")
            return None
        if section == "publications" and rule.kinds is not None and entry.kind not in rule.kinds and not forced:
            self._leave(section, key, f"kind {entry.kind} not in the {self.variant} variant")
            return None
        return Candidate(section, index, entry, key, forced, weight)

    def _weight(self, section: str, entry: Any) -> int | None:
        """The entry's weight under the profile, or None when the profile leaves it out."""
        weight: int = entry.priority
        prof = self.prof
        if prof is None:
            return weight
        if section == "publications" and prof.topics:
            if set(prof.topics) & set(entry.topics):
                weight += PROFILE_BOOST
            elif prof.only_topics:
                return None
        if entry.id in prof.drop:
            return None
        if entry.id in prof.keep:
            weight += 10 * PROFILE_BOOST
        return weight

    def _why_profile_drops(self, section: str, entry: Any) -> str:
        prof = self.prof
        if prof and prof.only_topics and section == "publications" and prof.topics and not set(prof.topics) & set(entry.topics):
            return f"off-topic for profile {self.profile}"
        return f"dropped by profile {self.profile}"

    def _leave(self, section: str, key: str, why: str) -> None:
        self.left_out.append(f"{section}: {key} ({why})")


def _ordered_topics(cv: CV, prof: Profile | None) -> list[tuple[int, Any]]:
    """(index, topic): the profile's topics first, then the rest unless `only_topics`."""
    topics = list(enumerate(cv.research_interests.topics if cv.research_interests else []))
    if not (prof and prof.topics):
        return topics
    first = [(i, t) for tid in prof.topics for i, t in topics if t.id == tid]
    rest = [] if prof.only_topics else [(i, t) for i, t in topics if t.id not in prof.topics]
    return first + rest


def _droppable(candidates: list[Candidate], drop_order: Sequence[str]) -> list[tuple[str, str]]:
    """(section, key) of the entries the fitter may drop: by declared section order, lightest first."""
    drop_rank = {s: i for i, s in enumerate(drop_order)}
    chosen = [c for c in candidates if c.section in drop_rank]
    chosen.sort(key=lambda c: (drop_rank[c.section], c.weight, -c.index))
    return [(c.section, c.key) for c in chosen]
