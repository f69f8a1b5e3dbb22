"""Stage 3 — select: which sections and entries belong to a variant (full / short) and profile.

All of it is declared in `cv.yaml` (`variants:`, `profiles:`, per-entry `priority`/`short`),
none in templates. The one-page fitter calls `select` again with extra entries to drop, so a
drop is always the same mechanism as a declared rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from cvtool import labels
from cvtool.errors import CvError
from cvtool.model import CV, Entry, SectionRule, Variant

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
    droppable: list[tuple[str, str]] = field(default_factory=list)  # (section, id) in drop order
    labels: dict[str, str] = field(default_factory=dict)  # publication id → label, from the whole CV
    source_index: dict[int, int] = field(default_factory=dict)  # id(entry) → its index in cv.yaml

    def index_of(self, entry: object) -> int:
        return self.source_index[id(entry)]


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
    prof = None
    if profile is not None:
        if profile not in cv.profiles:
            known = ", ".join(cv.profiles) or "none are declared under `profiles:`"
            raise CvError(f"unknown profile {profile!r}; known: {known}")
        prof = cv.profiles[profile]

    order = list(prof.sections) if prof and prof.sections else list(cv.layout.sections)
    sections = [s for s in order if rules.sections.get(s, SectionRule()).include]
    compact = frozenset(s for s in sections if rules.sections.get(s, SectionRule()).compact)
    focus = set(prof.topics) if prof else set()

    update: dict[str, object] = {}
    source_index = {id(e): i for section in LIST_SECTIONS for i, e in enumerate(getattr(cv, section))}
    if cv.research_interests:
        source_index.update({id(t): i for i, t in enumerate(cv.research_interests.topics)})
    left_out: list[str] = []
    candidates: list[tuple[str, str, tuple]] = []
    for section in LIST_SECTIONS:
        entries = list(getattr(cv, section))
        if section not in sections:
            update[section] = []
            continue
        rule = rules.sections.get(section, SectionRule())
        scored = []
        for i, entry in enumerate(entries):
            key = entry_key(section, i, entry)
            weight = entry.priority
            if prof:
                on_topic = bool(focus & set(getattr(entry, "topics", ())))
                if section == "publications" and focus:
                    if on_topic:
                        weight += PROFILE_BOOST
                    elif prof.only_topics:
                        left_out.append(f"{section}: {key} (off-topic for profile {profile})")
                        continue
                if entry.id in prof.drop:
                    left_out.append(f"{section}: {key} (dropped by profile {profile})")
                    continue
                if entry.id in prof.keep:
                    weight += 10 * PROFILE_BOOST
            forced = (variant == "short" and entry.short is True) or (prof is not None and entry.id in prof.keep)
            if variant == "short" and entry.short is False and not forced:
                left_out.append(f"{section}: {key} (short: false)")
                continue
            if section == "publications" and rule.kinds is not None and entry.kind not in rule.kinds and not forced:
                left_out.append(f"{section}: {key} (kind {entry.kind} not in the {variant} variant)")
                continue
            scored.append((forced, weight, -i, i, entry, key))
        # max_items keeps forced entries, then the heaviest; the display keeps the file order
        ranked = sorted(scored, key=lambda t: (t[0], t[1], t[2]), reverse=True)
        if rule.max_items is not None:
            keep_n = max(rule.max_items, sum(1 for t in ranked if t[0]))
            for t in ranked[keep_n:]:
                left_out.append(f"{section}: {t[5]} (over max_items {rule.max_items})")
            ranked = ranked[:keep_n]
        kept = []
        for t in ranked:
            if t[5] in also_drop:
                left_out.append(f"{section}: {t[5]} (dropped to fit one page)")
                continue
            kept.append(t)
            if not t[0]:
                candidates.append((section, t[5], (t[1], t[2])))
        update[section] = [t[4] for t in sorted(kept, key=lambda t: t[3])]

    if cv.research_interests and "research_interests" in sections:
        topics = list(cv.research_interests.topics)
        if prof and prof.topics:
            first = [t for tid in prof.topics for t in topics if t.id == tid]
            rest = [] if prof.only_topics else [t for t in topics if t.id not in prof.topics]
            topics = first + rest
        update["research_interests"] = cv.research_interests.model_copy(update={"topics": topics})

    drop_rank: dict[str, int] = {s: i for i, s in enumerate(rules.drop_order)}
    droppable = [
        (section, key)
        for section, key, _ in sorted(
            (c for c in candidates if c[0] in drop_rank),
            key=lambda c: (drop_rank[c[0]], c[2]),
        )
    ]
    return Plan(
        cv=cv.model_copy(update=update),
        variant=variant,
        profile=profile,
        sections=sections,
        compact=compact,
        left_out=left_out,
        droppable=droppable,
        labels=labels.assign(cv),
        source_index=source_index,
    )
