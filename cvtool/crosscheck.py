"""Whole-document checks: what no single field can know (unique ids, references that exist,
variants and profiles naming real things, missing translations).

Each check is a small function over one `Checks` context; every diagnostic has a `code` that
callers filter on (`validate` sets aside codes whose targets are broken), never its wording.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from cvtool import labels
from cvtool.errors import Diagnostic
from cvtool.fieldpath import Loc, format_loc
from cvtool.languages import language_findings
from cvtool.load import Source
from cvtool.model import CV, Publication


@dataclass
class Checks:
    """One run of the checks over `cv`. `index_map`: for a CV built without some broken entries,
    section id → the original index of each remaining entry, so locations point into the file."""

    cv: CV
    source: Source
    index_map: dict[str, list[int]] | None = None
    langs: list[str] | None = None  # translations are checked in these (default: every declared language)
    out: list[Diagnostic] = field(default_factory=list)

    def at(self, section: str, index: int, *rest: Any) -> Loc:
        """The cv.yaml location of entry `index` of section `section` (short or long form)."""
        if self.index_map and section in self.index_map:
            index = self.index_map[section][index]
        return (*self.cv.sections[section].entries_loc(section), index, *rest)

    def entries(self, kind: str | None = None) -> list[tuple[str, int, Any]]:
        """(section id, index, entry) of every list entry (topics included), optionally of one kind."""
        out = []
        for sid, section in self.cv.sections.items():
            if kind is None or section.kind == kind:
                items = section.topics if section.kind == "research_interests" else getattr(section, "entries", [])
                out += [(sid, i, e) for i, e in enumerate(items)]
        return out

    def error(self, loc: Loc, code: str, message: str, *, key: bool = False) -> None:
        self.out.append(self.source.diagnostic(loc, message, code=code, key=key))

    def warn(self, loc: Loc, code: str, message: str) -> None:
        self.out.append(self.source.diagnostic(loc, message, severity="warning", code=code))


def cross_checks(
    cv: CV, source: Source, index_map: dict[str, list[int]] | None = None, langs: list[str] | None = None
) -> list[Diagnostic]:
    c = Checks(cv, source, index_map, langs)
    ids = check_entry_ids(c)
    topic_ids = check_topic_ids(c)
    check_publications(c, topic_ids)
    check_cited_labels(c)
    check_layout(c)
    check_fit_floors(c)
    check_variants(c)
    check_profiles(c, set(ids) | set(topic_ids), topic_ids)
    check_translations(c)
    return c.out


def check_entry_ids(c: Checks) -> dict[str, Loc]:
    """Ids are unique across the whole CV: profiles and priorities refer to them."""
    ids: dict[str, Loc] = {}
    for sid, i, entry in c.entries():
        if entry.id is None or c.cv.sections[sid].kind == "research_interests":
            continue
        loc = c.at(sid, i, "id")
        if entry.id in ids:
            first = c.source.position(ids[entry.id])
            where = f" (first used on line {first[0]})" if first else ""
            c.error(loc, "duplicate-id", f"duplicate id `{entry.id}`{where}")
        else:
            ids[entry.id] = loc
    return ids


def check_topic_ids(c: Checks) -> dict[str, int]:
    topic_ids: dict[str, int] = {}
    for sid, i, topic in c.entries("research_interests"):
        if topic.id in topic_ids:
            c.error(c.at(sid, i, "id"), "duplicate-topic-id", f"duplicate topic id `{topic.id}`")
        topic_ids[topic.id] = i
    return topic_ids


ET_AL = {"et al.", "et al", "others", "等", "等人"}


def check_publications(c: Checks, topic_ids: dict[str, int]) -> None:
    """No paper twice (same title, case-insensitive); topics exist; the owner is an author."""
    titles: dict[str, tuple[Loc, Publication]] = {}
    for sid, i, pub in c.entries("publications"):
        key = " ".join(pub.title.first()[1].lower().split())
        if key in titles and not _versions(pub, titles[key][1]):
            c.error(c.at(sid, i, "title"), "duplicate-publication",
                    f"the same title as {format_loc(titles[key][0])}: a duplicate publication?")
        titles.setdefault(key, (c.at(sid, i), pub))
        for j, topic in enumerate(pub.topics):
            if topic not in topic_ids:
                c.error(c.at(sid, i, "topics", j), "unknown-topic", unknown("topic", topic, topic_ids))
        for j, author in enumerate(pub.authors):
            if author.strip().casefold() in ET_AL:
                c.error(c.at(sid, i, "authors", j), "typed-et-al",
                        f"`{author}` is not an author; write `authors_incomplete: true` and cvtool prints one 'et al.'")
        if not labels.has_owner(pub, c.cv.person):
            c.warn(c.at(sid, i, "authors"), "owner-not-author",
                   "none of the authors is you (person.name or person.name_variants)")


def check_cited_labels(c: Checks) -> None:
    """Hand-typed labels (`topics[].cite`) must exist."""
    known = set(labels.assign(c.cv).values())
    for sid, i, topic in c.entries("research_interests"):
        for j, label in enumerate(topic.cite):
            if label not in known:
                c.error(c.at(sid, i, "cite", j), "unknown-label", unknown("publication label", label, known))


def check_layout(c: Checks) -> None:
    prefixes = labels.prefixes(c.cv)
    for kind, prefix in c.cv.layout.labels.items():
        clash = [k for k, p in prefixes.items() if p == prefix and k != kind]
        if clash:
            c.error(("layout", "labels", kind), "label-prefix-clash",
                    f"label prefix `{prefix}` is also used for {clash[0]} papers; labels must tell the kinds apart")


def check_fit_floors(c: Checks) -> None:
    """The fitter tightens downwards: its floors must not be above where it starts."""
    from cvtool.design import design_for

    for vname, variant in c.cv.variants.items():
        fit = variant.fit
        design = design_for(c.cv, vname, None)
        size, margin = design.font_size, design.margins
        # a floor the file did not write follows the design (fit.py never tightens upwards)
        if fit.min_font_size > size and "min_font_size" in fit.model_fields_set:
            c.error(("variants", vname, "fit", "min_font_size"), "fit-floor-too-high",
                    f"{fit.min_font_size:g}pt is above the design's font size ({size:g}pt); the floor must be at most the size")
        if fit.min_margin_cm > margin and "min_margin_cm" in fit.model_fields_set:
            c.error(("variants", vname, "fit", "min_margin_cm"), "fit-floor-too-high",
                    f"{fit.min_margin_cm:g} cm is above the page margin ({margin:g} cm); the floor must be at most the margin")


def check_variants(c: Checks) -> None:
    """Variant rules name sections by id; `kinds` only means something to a publications section."""
    ids = c.cv.sections
    for vname, variant in c.cv.variants.items():
        for name, rule in variant.sections.items():
            if name not in ids:
                c.error(("variants", vname, "sections", name), "unknown-section", unknown("section", name, ids), key=True)
            elif rule.kinds is not None and ids[name].kind != "publications":
                c.error(("variants", vname, "sections", name, "kinds"), "rule-of-another-kind",
                        f"`kinds` chooses publication kinds; section `{name}` is a {ids[name].kind} section")
        seen: set[str] = set()
        for i, name in enumerate(variant.drop_order):
            if name not in ids:
                c.error(("variants", vname, "drop_order", i), "unknown-section", unknown("section", name, ids))
            elif name in seen:
                c.error(("variants", vname, "drop_order", i), "duplicate-section", f"section `{name}` is listed twice")
            seen.add(name)


def check_profiles(c: Checks, entry_ids: set[str], topic_ids: dict[str, int]) -> None:
    for pname, profile in c.cv.profiles.items():
        seen: set[str] = set()
        for i, name in enumerate(profile.sections or []):
            if name not in c.cv.sections:
                c.error(("profiles", pname, "sections", i), "unknown-section", unknown("section", name, c.cv.sections))
            elif name in seen:
                c.error(("profiles", pname, "sections", i), "duplicate-section", f"section `{name}` is listed twice")
            seen.add(name)
        for i, topic in enumerate(profile.topics):
            if topic not in topic_ids:
                c.error(("profiles", pname, "topics", i), "unknown-topic", unknown("topic", topic, topic_ids))
        for field_name in ("keep", "drop"):
            for i, ref in enumerate(getattr(profile, field_name)):
                if ref not in entry_ids:
                    c.error(("profiles", pname, field_name, i), "unknown-entry-id", unknown("entry id", ref, entry_ids))


def check_translations(c: Checks) -> None:
    """`languages:`, `conversion:`, the tags in text, and missing translations (`cvtool.languages`)."""
    for found in language_findings(c.cv, c.langs):
        loc = found.loc
        if loc[:1] == ("sections",) and len(loc) > 3 and isinstance(loc[3], int) and loc[2] in ("entries", "topics"):
            loc = c.at(loc[1], loc[3], *loc[4:])
        c.out.append(c.source.diagnostic(loc, found.message, severity=found.severity, key=found.at_key, code=found.code))


def unknown(what: str, value: str, known: Any) -> str:
    hint = difflib.get_close_matches(value, sorted(known), n=1, cutoff=0.5)
    text = f"unknown {what} `{value}`"
    if hint:
        return text + f"; did you mean `{hint[0]}`?"
    if known:
        shown = sorted(known)
        return text + f"; known: {', '.join(shown[:12])}{', …' if len(shown) > 12 else ''}"
    return text + "; none are defined"


def _versions(a: Publication, b: Publication) -> bool:
    """Two versions of one paper (a workshop paper and its conference version) may share a title."""
    return a.id in b.related or b.id in a.related
