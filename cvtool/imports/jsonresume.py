"""JSON Resume (https://jsonresume.org/schema) → a format-2 cv.yaml tree.

Each JSON Resume section becomes one cv.yaml section of the nearest kind, in JSON Resume's order;
`volunteer` and `certificates`, which cvtool has no kind of their own for, keep their name as the
section id with an explicit kind. Fields with no place (an image, a GPA, `meta`) are reported.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cvtool.imports.common import Imported, Report, compact, date, leftovers, period, text, texts, url
from cvtool.model import PUBLICATION_KINDS

Builder = Callable[[dict[str, Any], str, Report], dict[str, Any] | None]

_ICONS = {**{name: name for name in ("github", "gitlab", "linkedin", "orcid", "twitter", "x", "mastodon", "researchgate",
                                      "dblp", "bluesky")}, "googlescholar": "scholar"}


def convert(resume: Any) -> Imported:
    """Convert a parsed JSON Resume document."""
    report = Report()
    if not isinstance(resume, dict):
        report.note("(document)", "expected a JSON object at the top")
        resume = {}
    basics = resume.get("basics") if isinstance(resume.get("basics"), dict) else {}
    cv: dict[str, Any] = {"person": _person(basics, report)}
    sections: dict[str, Any] = {}
    summary = text(basics.get("summary"))
    if summary:
        sections["summary"] = {"kind": "paragraph", "text": summary}
    for key, (section_id, kind, build) in _SECTIONS.items():
        if key == "volunteer" and _is_service(resume.get(key)):
            section_id, kind, build = "service", "service", _service
        entries = _entries(resume.get(key), key, build, report)
        if entries and key == "interests":
            sections[section_id] = _interests(entries)
        elif entries and section_id == kind:
            sections[section_id] = entries
        elif entries:  # a kind under another name: the name is its title (else the kind's would show)
            sections[section_id] = {"kind": kind, "title": section_id.capitalize(), "entries": entries}
    sections.update(_kept_sections(resume.get("meta"), report))
    for key, value in resume.items():
        if key not in _SECTIONS and key not in ("basics", "$schema", "meta") and value not in (None, "", [], {}):
            report.note(key, "no matching section in cv.yaml")
    cv["sections"] = sections
    return Imported(cv=cv, unmapped=report.unmapped)


def _is_service(items: Any) -> bool:
    """Volunteer entries that are roles, not jobs: each has a position and no text of its own."""
    return isinstance(items, list) and bool(items) and all(
        isinstance(e, dict) and text(e.get("position")) and not (text(e.get("summary")) or text(e.get("description")))
        for e in items)


def _entries(items: Any, key: str, build: Builder, report: Report) -> list[dict[str, Any]]:
    if items is None:
        return []
    if not isinstance(items, list):
        report.note(key, "expected a list; section left out")
        return []
    out = []
    for i, item in enumerate(items):
        where = f"{key}[{i}]"
        entry = build(item, where, report) if isinstance(item, dict) else None
        if entry:
            out.append(entry)
        else:
            report.note(where, "nothing cvtool needs (a name or title) in this entry; left out")
    return out


def _person(basics: dict[str, Any], report: Report) -> dict[str, Any]:
    name = text(basics.get("name"))
    if name is None:
        report.note("basics.name", "missing; `person.name` set to `Your Name`, edit it")
    links = []
    for i, profile in enumerate(basics.get("profiles") or []):
        if isinstance(profile, dict):
            links.append(_profile(profile, f"basics.profiles[{i}]", report))
    person = {
        "name": name or "Your Name",
        "position": text(basics.get("label")),
        "address": _address(basics.get("location")),
        "emails": [e for e in [text(basics.get("email"))] if e],
        "phones": texts(basics.get("phones")) or [p for p in [text(basics.get("phone"))] if p],  # cvtool's: all
        "affiliation": texts(basics.get("affiliation")),
        "homepage": url(basics.get("url"), "basics.url", report),
        "links": [link for link in links if link],
    }
    leftovers(basics, {"name", "label", "location", "email", "phone", "phones", "affiliation", "url", "profiles",
                       "summary"},
              "basics", report)
    return compact(person)


def _address(location: Any) -> str | None:
    if not isinstance(location, dict):
        return text(location)
    parts = [text(location.get(k)) for k in ("address", "city", "region", "postalCode", "countryCode")]
    return ", ".join(p for p in parts if p) or None


def _profile(profile: dict[str, Any], where: str, report: Report) -> dict[str, Any] | None:
    network = text(profile.get("network"))
    username = text(profile.get("username"))
    link = url(profile.get("url"), f"{where}.url", report)
    if link is None:
        if profile.get("url") is None:
            report.note(where, f"profile {network or username!r} has no URL; left out")
        return None
    entry = {"label": network or username or link, "url": link}
    icon = _ICONS.get((network or "").lower().replace(" ", ""))
    if icon:
        entry["icon"] = icon
    return entry


def _work(e: dict[str, Any], where: str, r: Report) -> dict[str, Any] | None:
    org = text(e.get("name")) or text(e.get("organization")) or text(e.get("company"))
    if org is None:
        return None
    leftovers(e, {"name", "organization", "company", "position", "location", "startDate", "endDate", "summary",
                  "description", "highlights", *_KEPT_BY_NAME}, where, r)
    return compact({
        "organization": org, "role": text(e.get("position")), "location": text(e.get("location")),
        **{k: text(e.get(k)) for k in _KEPT_BY_NAME},
        **period(e, "startDate", "endDate", where, r),
        "description": _join(text(e.get("description")), text(e.get("summary"))),
        "bullets": texts(e.get("highlights")),
    })


_KEPT_BY_NAME = ("mentor", "advisor", "project")  # cv.yaml experience fields cvtool's export keeps by name


def _service(e: dict[str, Any], where: str, r: Report) -> dict[str, Any] | None:
    """A volunteer entry with a role and no organization (cvtool's export of a service section:
    "Reviewer" for ICLR, ICML) is a service entry; as experience it would need an organization."""
    role = text(e.get("position"))
    if role is None:
        return None
    leftovers(e, {"position", "organization", "name", "highlights", "startDate", "endDate"}, where, r)
    return compact({"role": role, "organization": text(e.get("organization")) or text(e.get("name")),
                    **period(e, "startDate", "endDate", where, r), "items": texts(e.get("highlights"))})


def _education(e: dict[str, Any], where: str, r: Report) -> dict[str, Any] | None:
    school = text(e.get("institution"))
    if school is None:
        return None
    leftovers(e, {"institution", "area", "studyType", "startDate", "endDate", "score", "courses", "location",
                  "advisor", "thesis"}, where, r)
    score = text(e.get("score"))
    courses = texts(e.get("courses"))
    degree, area = text(e.get("studyType")), text(e.get("area"))
    if degree is None:
        r.note(f"{where}.studyType", "no degree, which cv.yaml needs; " + ("the area stands in" if area else "set to `Degree`, edit it"))
        degree, area = area or "Degree", None
    return compact({
        "school": school, "degree": degree, "field": area, "location": text(e.get("location")),
        "advisor": text(e.get("advisor")), "thesis": text(e.get("thesis")),
        **period(e, "startDate", "endDate", where, r),
        "bullets": ([f"Score: {score}"] if score else []) + ([f"Courses: {', '.join(courses)}"] if courses else []),
    })


def _award(e: dict[str, Any], where: str, r: Report) -> dict[str, Any] | None:
    title = text(e.get("title"))
    if title is None:
        return None
    leftovers(e, {"title", "date", "awarder"}, where, r)
    return compact({"title": title, "organization": text(e.get("awarder")),
                    "date": date(e.get("date"), f"{where}.date", r)})


def _certificate(e: dict[str, Any], where: str, r: Report) -> dict[str, Any] | None:
    name = text(e.get("name"))
    if name is None:
        return None
    leftovers(e, {"name", "date", "issuer"}, where, r)
    return compact({"title": name, "organization": text(e.get("issuer")),
                    "date": date(e.get("date"), f"{where}.date", r)})


def _kept_sections(meta: Any, report: Report) -> dict[str, Any]:
    """The sections cvtool's export keeps under `meta.cvtool.sections` (teaching, talks, students…),
    each as cv.yaml wrote it (`cv_yaml`); a section with only its text lines cannot be read back."""
    if not isinstance(meta, dict):
        return {}
    kept: dict[str, Any] = meta["cvtool"] if isinstance(meta.get("cvtool"), dict) else {}
    out: dict[str, Any] = {}
    for i, section in enumerate(kept.get("sections") or []):
        where = f"meta.cvtool.sections[{i}]"
        source = section.get("cv_yaml") if isinstance(section, dict) else None
        section_id = text(section.get("id")) if isinstance(section, dict) else None
        if isinstance(source, dict) and section_id:
            out[section_id] = source
        else:
            report.note(where, "a section as text lines only (no `cv_yaml`); left out")
    if any(key != "cvtool" and value not in (None, "", [], {}) for key, value in meta.items()):
        report.note("meta", "no matching section in cv.yaml")
    return out


def _publication(e: dict[str, Any], where: str, r: Report) -> dict[str, Any] | None:
    title = text(e.get("name"))
    if title is None:
        return None
    leftovers(e, {"name", "publisher", "releaseDate", "url", "authors", "label", "status", "kind", "venue",
                  "authors_incomplete", "arxiv", "doi"}, where, r)
    publisher = text(e.get("publisher"))
    kind = text(e.get("kind"))
    venue = _venue(e.get("venue")) or ({"name": publisher} if publisher else None)
    return compact({
        "kind": kind if kind in PUBLICATION_KINDS else ("journal" if venue else "preprint"),
        "status": text(e.get("status")),
        "authors": texts(e.get("authors")),  # cvtool's export writes them; finish() fills the owner if none
        "authors_incomplete": e.get("authors_incomplete") is True or None,
        "title": title, "venue": venue,
        "date": date(e.get("releaseDate"), f"{where}.releaseDate", r),
        "url": url(e.get("url"), f"{where}.url", r),
        "arxiv": text(e.get("arxiv")), "doi": text(e.get("doi")),
    })


def _venue(value: Any) -> dict[str, str] | None:
    """The venue as cvtool's export writes it: {short, name, publisher, workshop}."""
    if not isinstance(value, dict):
        return None
    return compact({k: text(value.get(k)) for k in ("short", "name", "publisher", "workshop")}) or None


def _skill(e: dict[str, Any], where: str, r: Report) -> dict[str, Any] | None:
    name = text(e.get("name"))
    if name is None:
        return None
    items, level = texts(e.get("keywords")), text(e.get("level"))
    leftovers(e, {"name", "keywords"} | ({"level"} if level and not items else set()), where, r)
    return {"label": name, "items": items or [level or name]}


def _language(e: dict[str, Any], where: str, r: Report) -> dict[str, Any] | None:
    name = text(e.get("language"))
    if name is None:
        return None
    leftovers(e, {"language", "fluency"}, where, r)
    return compact({"language": name, "level": text(e.get("fluency"))})


def _interest(e: dict[str, Any], where: str, r: Report) -> dict[str, Any] | None:
    name = text(e.get("name"))
    if name is None:
        return None
    leftovers(e, {"name", "keywords"}, where, r)
    return {"label": name, "items": texts(e.get("keywords"))}


def _interests(entries: list[dict[str, Any]]) -> dict[str, Any]:
    """Interests with keywords are `Name: keywords` lines; a bare interest is a word of one line
    (as its own line it would print "Hiking: Hiking")."""
    grouped = [e for e in entries if e["items"]]
    bare = [e["label"] for e in entries if not e["items"]]
    if not grouped:
        return {"kind": "paragraph", "title": "Interests", "text": ", ".join(bare)}
    if bare:
        grouped.append({"label": "Other", "items": bare})
    return {"kind": "skills", "title": "Interests", "entries": grouped}


def _reference(e: dict[str, Any], where: str, r: Report) -> dict[str, Any] | None:
    name = text(e.get("name"))
    if name is None:
        return None
    leftovers(e, {"name", "reference"}, where, r)
    return compact({"title": name, "description": text(e.get("reference"))})


def _project(e: dict[str, Any], where: str, r: Report) -> dict[str, Any] | None:
    name = text(e.get("name"))
    if name is None:
        return None
    leftovers(e, {"name", "description", "highlights", "keywords", "startDate", "endDate", "url", "roles", "entity"},
              where, r)
    return compact({
        "title": name, "role": ", ".join(texts(e.get("roles"))) or None, "organization": text(e.get("entity")),
        **period(e, "startDate", "endDate", where, r),
        "url": url(e.get("url"), f"{where}.url", r), "description": text(e.get("description")),
        "bullets": texts(e.get("highlights")), "keywords": texts(e.get("keywords")),
    })


def _join(*parts: str | None) -> str | None:
    return "\n\n".join(p for p in parts if p) or None


_SECTIONS: dict[str, tuple[str, str, Builder]] = {
    # JSON Resume key: (cv.yaml section id, kind, builder)
    "work": ("experience", "experience", _work),
    "volunteer": ("volunteering", "experience", _work),
    "education": ("education", "education", _education),
    "awards": ("awards", "awards", _award),
    "certificates": ("certificates", "awards", _certificate),
    "publications": ("publications", "publications", _publication),
    "skills": ("skills", "skills", _skill),
    "languages": ("languages", "languages", _language),
    "interests": ("interests", "skills", _interest),
    # a JSON Resume reference is a quotation, which cvtool's `references` kind (contacts) has no field for
    "references": ("references", "entries", _reference),
    "projects": ("projects", "projects", _project),
}
