"""The CV as a JSON Resume document (https://jsonresume.org/schema), valid against the official
schema vendored in `jsonresume_schema/`.

Texts come from the localized view; which JSON Resume field a text fills is read from the cv.yaml
field it came from (`fields.by_field`), dates from its entry as data (ISO, as JSON Resume wants).
A section JSON Resume has no place for (teaching, service, …) goes to `meta.cvtool.sections` as
title and plain-text lines; a field it has no place for stays on its entry under its cvtool name
(the schema allows extra properties; themes ignore them).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from cvtool.exports import fields
from cvtool.exports.safe import clean, safe_url
from cvtool.inline import parse, plain
from cvtool.view import (
    Blocks,
    CvView,
    Interests,
    Items,
    LabelLines,
    Paper,
    Paragraph,
    Publications,
    Rich,
    Rows,
    SectionView,
)

SCHEMA_URL = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"
Mapper = Callable[[SectionView, Any], list[dict[str, Any]]]


def jsonresume(view: CvView, cv: Any) -> str:
    resume: dict[str, Any] = {"$schema": SCHEMA_URL, "basics": _basics(view)}
    summary = next((s for s in view.sections if isinstance(s.body, Paragraph)), None)
    if summary is not None:  # the first paragraph (a summary, an "about") is the résumé's summary
        resume["basics"]["summary"] = _text(summary.body.text)  # type: ignore[union-attr]
    homeless = []
    for section in view.sections:
        if section is summary:
            continue
        target = _TARGETS.get(section.kind)
        if target is None:
            homeless.append(_as_text(section, cv))
            continue
        key, mapper = target
        resume.setdefault(key, []).extend(mapper(section, cv))
        if isinstance(section.body, Interests) and section.body.intro and "summary" not in resume["basics"]:
            resume["basics"]["summary"] = _text(section.body.intro)
    resume["meta"] = {"cvtool": {"language": view.lang, "updated": view.doc.updated, "sections": homeless}}
    return json.dumps(resume, ensure_ascii=False, indent=2) + "\n"


def _text(value: str | None) -> str:
    """Plain text: JSON Resume values are not Markdown, so prose loses its markup, keeps its words."""
    if value is None:
        return ""
    return clean(plain(parse(value, markup=isinstance(value, Rich))))


def _basics(view: CvView) -> dict[str, Any]:
    p = view.person
    basics: dict[str, Any] = {"name": _text(p.name)}
    if p.position:
        basics["label"] = "; ".join(_text(line) for line in p.position)
    if p.address:
        basics["location"] = {"address": _text(p.address)}
    profiles = []
    for c in p.contacts:
        kind = c.text.loc[1] if len(c.text.loc) > 1 else None  # ("person", "emails", 0)
        if kind == "emails" and "email" not in basics:
            basics["email"] = _text(c.text)
        elif kind == "phones":
            basics.setdefault("phone", _text(c.text))
            basics.setdefault("phones", []).append(_text(c.text))  # every number; JSON Resume has one
        elif kind == "homepage" and safe_url(c.url):
            basics["url"] = safe_url(c.url)
        elif kind == "links" and safe_url(c.url):
            profiles.append({"network": _text(c.text), "url": safe_url(c.url)})
    if p.affiliation:
        basics["affiliation"] = [_text(a) for a in p.affiliation]  # no JSON Resume field; kept by name
    if profiles:
        basics["profiles"] = profiles
    return basics


LISTS = ("highlights", "keywords", "roles", "courses")  # JSON Resume fields that are lists


def _entries(rename: dict[str, str], single_date: bool = False, **fixed: str) -> Mapper:
    """A mapper for Blocks/Rows/LabelLines sections: cvtool field → JSON Resume field by `rename`;
    a field JSON Resume has no name for is kept under its cvtool name (the schema allows it).
    `single_date`: the JSON Resume entry has one `date` (an award): the start of a range.
    `fixed`: constant fields, e.g. a project's `type`."""

    def run(section: SectionView, cv: Any) -> list[dict[str, Any]]:
        return [{**_entry(item, rename, cv, single_date), **fixed} for item in _items(section)]

    return run


def _items(section: SectionView) -> list[Any]:
    body = section.body
    if isinstance(body, Blocks):
        return list(body.entries)
    if isinstance(body, Rows):
        return list(body.rows)
    return list(body.lines) if isinstance(body, LabelLines) else []


def _entry(item: Any, rename: dict[str, str], cv: Any, single_date: bool) -> dict[str, Any]:
    entry: dict[str, Any] = {}
    for key, value in fields.by_field(item).items():
        name = rename.get(key, key)
        value = [_text(v) for v in value] if isinstance(value, list) else _text(value)
        if name in ("url", "slides", "video") and not safe_url(value if isinstance(value, str) else None):
            continue
        entry[name] = [value] if name in LISTS and not isinstance(value, list) else value
    strings = fields.strings(item)
    dates = fields.iso_dates(fields.entry_of(cv, strings[0]) if strings else None)
    first = dates.get("startDate") or dates.get("date")
    if first and single_date:
        entry["date"] = first
    elif first:
        entry.update({"startDate": first, **({"endDate": dates["endDate"]} if "endDate" in dates else {})})
    return entry


def _references(section: SectionView, cv: Any) -> list[dict[str, Any]]:
    """JSON Resume's reference is one text: the referee's position, organization and relation."""
    out = []
    for entry in _entries({})(section, cv):
        name = entry.pop("name", "")
        rest = [v for v in entry.values() if isinstance(v, str)]
        out.append({"name": name, **({"reference": ", ".join(rest)} if rest else {}), **entry})
    return out


def _publications(section: SectionView, cv: Any) -> list[dict[str, Any]]:
    body = section.body
    assert isinstance(body, Publications)
    return [_paper(p, cv) for g in body.groups for p in g.papers]


def _paper(p: Paper, cv: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {"name": _text(p.title)}
    if p.venue:
        v = p.venue
        entry["publisher"] = " ".join(_text(x) for x in (v.publisher, v.short or v.name) if x)
        if v.workshop:
            entry["publisher"] += f", {_text(v.workshop)}"
    pub = fields.entry_of(cv, p.title)
    if pub is not None:
        entry["releaseDate"] = str(pub.date)
    links = [safe_url(link.url) for link in p.links]
    if any(links):
        entry["url"] = next(u for u in links if u)
    entry["authors"] = [_text(a.name) for a in p.authors]  # not in JSON Resume; kept by name
    entry["label"] = p.label
    if p.status:
        entry["status"] = _text(p.status)
    if pub is not None:
        entry.update(_paper_fields(p, pub))
    return entry


def _paper_fields(p: Paper, pub: Any) -> dict[str, Any]:
    """What cv.yaml says of a paper and `publisher` cannot: its kind, its venue's parts, a cut-short
    author list, the arXiv id (so `cvtool import --from jsonresume` reads its own export back)."""
    fields_: dict[str, Any] = {"kind": pub.kind}
    if p.venue:
        parts = {k: _text(getattr(p.venue, k)) for k in ("short", "name", "publisher", "workshop")}
        fields_["venue"] = {k: v for k, v in parts.items() if v}
    if pub.authors_incomplete:
        fields_["authors_incomplete"] = True
    if p.arxiv:
        fields_["arxiv"] = _text(p.arxiv)
    if pub.doi:
        fields_["doi"] = pub.doi
    return fields_


def _interests(section: SectionView, cv: Any) -> list[dict[str, Any]]:
    body = section.body
    assert isinstance(body, Interests)
    return [{"name": _text(t.title), "keywords": list(t.labels)} for t in [*body.current, *body.past]]


def _as_text(section: SectionView, cv: Any) -> dict[str, Any]:
    """A section JSON Resume has no place for: its title and one plain line per entry."""
    body = section.body
    lines = []
    for item in _items(section):
        dates = getattr(item, "dates", "")
        lines.append(", ".join(_text(s) for s in fields.strings(item)) + (f" ({dates})" if dates else ""))
    if isinstance(body, Items):
        lines = [_text(i.text) for i in body.items]
    elif isinstance(body, Paragraph):
        lines = [_text(body.text)]
    source = cv.sections.get(section.id) if cv is not None else None
    kept = {"cv_yaml": source.model_dump(mode="json", exclude_defaults=True, by_alias=True)} if source else {}
    # `cv_yaml`: the section as cv.yaml writes it, every language, for the import to read back
    return {"id": section.id, "kind": section.kind, "title": section.title, "lines": lines, **kept}


_WORK = {"organization": "name", "role": "position", "title": "position", "description": "summary",
         "bullets": "highlights"}
_PROJECT = {"title": "name", "role": "roles", "organization": "entity", "description": "summary",
            "bullets": "highlights"}
_TARGETS: dict[str, tuple[str, Mapper]] = {
    "education": ("education", _entries({"school": "institution", "degree": "studyType", "field": "area",
                                         "description": "summary", "bullets": "highlights"})),
    "positions": ("work", _entries(_WORK)),
    "experience": ("work", _entries(_WORK)),
    "service": ("volunteer", _entries({"role": "position", "items": "highlights"})),
    "awards": ("awards", _entries({"organization": "awarder"}, single_date=True)),
    "grants": ("awards", _entries({"funder": "awarder", "description": "summary", "bullets": "highlights"},
                                  single_date=True)),
    "publications": ("publications", _publications),
    "skills": ("skills", _entries({"label": "name", "items": "keywords"})),
    "languages": ("languages", _entries({"level": "fluency"})),
    "research_interests": ("interests", _interests),
    "projects": ("projects", _entries(_PROJECT)),
    "software": ("projects", _entries(_PROJECT, type="software")),
    "references": ("references", _references),
}
