"""RenderCV (https://docs.rendercv.com) YAML → a format-2 cv.yaml tree.

RenderCV's sections are a mapping title → entries, the entry type told by its keys (EducationEntry
has `institution`, ExperienceEntry `company`, …). Each becomes one cv.yaml section: its id a slug
of the title, its title the one RenderCV shows, its kind the nearest cvtool kind. RenderCV's inline
Markdown (**bold**, *italic*, [text](url)) is the markup cvtool reads, so text is kept as written.
`design`, `locale` and `settings` are about RenderCV's own typesetting and are reported, not mapped.
"""

from __future__ import annotations

import re
from typing import Any

from cvtool.imports.common import Imported, Report, compact, date, leftovers, period, text, texts, url

_NETWORKS = {
    "LinkedIn": "https://linkedin.com/in/", "GitHub": "https://github.com/", "GitLab": "https://gitlab.com/",
    "IMDB": "https://imdb.com/name/", "Instagram": "https://instagram.com/", "ORCID": "https://orcid.org/",
    "StackOverflow": "https://stackoverflow.com/users/", "ResearchGate": "https://researchgate.net/profile/",
    "YouTube": "https://youtube.com/@", "Google Scholar": "https://scholar.google.com/citations?user=",
    "Telegram": "https://t.me/", "WhatsApp": "https://wa.me/", "Leetcode": "https://leetcode.com/u/",
    "X": "https://x.com/", "Bluesky": "https://bsky.app/profile/", "Reddit": "https://reddit.com/user/",
}
_ICONS = {"LinkedIn": "linkedin", "GitHub": "github", "GitLab": "gitlab", "ORCID": "orcid",
          "Google Scholar": "scholar", "X": "x", "Bluesky": "bluesky", "ResearchGate": "researchgate",
          "Mastodon": "mastodon"}
_EMPHASIS = re.compile(r"^\*+|\*+$")


def convert(document: Any) -> Imported:
    """Convert a parsed RenderCV input file (the mapping with `cv:` at the top)."""
    report = Report()
    if not isinstance(document, dict) or not isinstance(document.get("cv"), dict):
        report.note("cv", "expected a mapping with a `cv:` key at the top (a RenderCV input file)")
        document = {"cv": {}}
    for key, value in document.items():
        if key != "cv" and value:
            report.note(key, "RenderCV's own typesetting options; cvtool has its own `design:`")
    source = document["cv"]
    person = _person(source, report)
    sections: dict[str, Any] = {}
    raw_sections = source.get("sections") if isinstance(source.get("sections"), dict) else {}
    for title, entries in raw_sections.items():
        section = _section(str(title), entries, f"cv.sections.{title}", report, person)
        if section is None:
            continue
        key = _unique(_slug(str(title)), sections)
        # `education:` with EducationEntry items: the short form, so the title is the locale's
        short = key == section["kind"] and "entries" in section and section["title"] == _shown_title(key)
        sections[key] = section["entries"] if short else section
    return Imported(cv={"person": compact(person), "sections": sections}, unmapped=report.unmapped)


def _person(cv: dict[str, Any], report: Report) -> dict[str, Any]:
    name = text(cv.get("name"))
    if name is None:
        report.note("cv.name", "missing; `person.name` set to `Your Name`, edit it")
    homepages = [u for i, w in enumerate(_listed(cv.get("website"))) if (u := url(w, f"cv.website[{i}]", report))]
    links = [_network(n, f"cv.social_networks[{i}]", report) for i, n in enumerate(cv.get("social_networks") or [])]
    links += [_connection(c, f"cv.custom_connections[{i}]", report) for i, c in enumerate(cv.get("custom_connections") or [])]
    links += [{"label": h.split("://", 1)[-1].rstrip("/"), "url": h} for h in homepages[1:]]
    leftovers(cv, {"name", "headline", "location", "email", "phone", "website", "social_networks",
                   "custom_connections", "sections"}, "cv", report)
    return {
        "name": name or "Your Name",
        "name_variants": [],
        "position": text(cv.get("headline")),
        "address": text(cv.get("location")),
        "emails": texts(_listed(cv.get("email"))),
        "phones": [p.removeprefix("tel:") for p in texts(_listed(cv.get("phone")))],
        "homepage": homepages[0] if homepages else None,
        "links": [link for link in links if link],
    }


def _listed(value: Any) -> list[Any]:
    """RenderCV takes one email/phone/website or a list of them."""
    return value if isinstance(value, list) else [value]


def _network(item: Any, where: str, report: Report) -> dict[str, Any] | None:
    network = text(item.get("network")) if isinstance(item, dict) else None
    username = text(item.get("username")) if isinstance(item, dict) else None
    if not (network and username):
        report.note(where, "a social network needs `network` and `username`; left out")
        return None
    if network == "Mastodon" and username.count("@") == 2:
        _, user, host = username.split("@")
        link = f"https://{host}/@{user}"
    elif network in _NETWORKS:
        link = _NETWORKS[network] + username
    else:
        report.note(where, f"unknown network {network!r}; left out")
        return None
    return compact({"label": network, "url": link, "icon": _ICONS.get(network)})


def _connection(item: Any, where: str, report: Report) -> dict[str, Any] | None:
    if not isinstance(item, dict):
        return None
    label = text(item.get("placeholder"))
    link = url(item.get("url"), f"{where}.url", report)
    if not (label and link):
        report.note(where, "a connection without a link has no place in cv.yaml; left out")
        return None
    return {"label": label, "url": link}


def _slug(title: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "_", title.strip().lower()).strip("_")
    return slug or "section"


def _unique(key: str, taken: dict[str, Any]) -> str:
    n, candidate = 2, key
    while candidate in taken:
        candidate, n = f"{key}_{n}", n + 1
    return candidate


def _shown_title(title: str) -> str:
    """RenderCV shows `selected_honors` as `Selected Honors` and a title with spaces as written."""
    if " " in title or not re.fullmatch(r"[a-z0-9_]+", title):
        return title
    return " ".join(w.capitalize() for w in title.split("_"))


def _section(title: str, entries: Any, where: str, report: Report, person: dict[str, Any]) -> dict[str, Any] | None:
    if not isinstance(entries, list) or not entries:
        report.note(where, "expected a list of entries; section left out")
        return None
    kind = _entry_type(entries[0])
    if kind is None:
        report.note(f"{where}[0]", "not a RenderCV entry type; section left out")
        return None
    kept = []
    for i, entry in enumerate(entries):
        if _entry_type(entry) != kind:
            report.note(f"{where}[{i}]", f"a different entry type than the section's first ({kind}); left out")
            continue
        converted = _CONVERT[kind](entry, f"{where}[{i}]", report, person)
        if converted is not None:
            kept.append(converted)
    return _shape(kind, _shown_title(title), kept)


def _shape(kind: str, title: str, entries: list[Any]) -> dict[str, Any] | None:
    if not entries:
        return None
    if kind == "text":
        return {"kind": "paragraph", "title": title, "text": "\n\n".join(entries)}
    cv_kind = {"education": "education", "experience": "experience", "publication": "publications",
               "normal": "entries", "one_line": "skills", "bullet": "bullets", "number": "bullets",
               "reversed_number": "bullets"}[kind]
    return {"kind": cv_kind, "title": title, "entries": entries}


def _entry_type(entry: Any) -> str | None:
    if isinstance(entry, str):
        return "text"
    if not isinstance(entry, dict):
        return None
    for key, kind in (("institution", "education"), ("company", "experience"), ("authors", "publication"),
                      ("bullet", "bullet"), ("reversed_number", "reversed_number"), ("number", "number"),
                      ("label", "one_line"), ("name", "normal")):
        if key in entry:
            return kind
    return None


def _dates(entry: dict[str, Any], where: str, report: Report) -> dict[str, str]:
    """RenderCV's `date` (a date or free text) wins over start_date/end_date, as in RenderCV."""
    if text(entry.get("date")) is not None:
        single = date(entry.get("date"), f"{where}.date", report)
        return {"date": single} if single else {}
    return period(entry, "start_date", "end_date", where, report)


def _education(e: dict[str, Any], where: str, r: Report, person: dict[str, Any]) -> dict[str, Any] | None:
    leftovers(e, {"institution", "area", "degree", "location", "date", "start_date", "end_date", "summary",
                  "highlights"}, where, r)
    bullets, named = [], {}
    for line in texts(e.get("highlights")):
        label, _, value = line.partition(":")
        if label.strip().lower() in ("thesis", "advisor", "supervisor") and value.strip() and "advisor" not in named:
            named["thesis" if label.strip().lower() == "thesis" else "advisor"] = value.strip()
        else:
            bullets.append(line)
    degree, area = text(e.get("degree")), text(e.get("area"))
    if degree is None:  # cv.yaml needs a degree; RenderCV's `area` is required, its `degree` is not
        degree, area = area, None
    return compact({
        "school": text(e.get("institution")), "degree": degree, "field": area,
        "location": text(e.get("location")), **_dates(e, where, r), **named,
        "description": text(e.get("summary")), "bullets": bullets,
    })


def _experience(e: dict[str, Any], where: str, r: Report, person: dict[str, Any]) -> dict[str, Any] | None:
    leftovers(e, {"company", "position", "location", "date", "start_date", "end_date", "summary", "highlights"}, where, r)
    return compact({
        "organization": text(e.get("company")), "role": text(e.get("position")), "location": text(e.get("location")),
        **_dates(e, where, r), "description": text(e.get("summary")), "bullets": texts(e.get("highlights")),
    })


def _normal(e: dict[str, Any], where: str, r: Report, person: dict[str, Any]) -> dict[str, Any] | None:
    leftovers(e, {"name", "location", "date", "start_date", "end_date", "summary", "highlights"}, where, r)
    title, link = _linked(text(e.get("name")))
    return compact({
        "title": title, "url": link, "location": text(e.get("location")), **_dates(e, where, r),
        "description": text(e.get("summary")), "bullets": texts(e.get("highlights")),
    })


def _linked(name: str | None) -> tuple[str | None, str | None]:
    """RenderCV writes a linked name as Markdown, `[quill](https://…)`; cv.yaml has a `url` field."""
    match = re.fullmatch(r"\[([^\]]+)\]\(((?:https?://|mailto:)[^)\s]+)\)", name or "")
    return (match.group(1), match.group(2)) if match else (name, None)


def _publication(e: dict[str, Any], where: str, r: Report, person: dict[str, Any]) -> dict[str, Any] | None:
    leftovers(e, {"title", "authors", "doi", "url", "journal", "date"}, where, r)
    authors = []
    for name in texts(e.get("authors")):
        plain = _EMPHASIS.sub("", name).strip()
        if plain != name and plain != person.get("name") and plain not in person["name_variants"]:
            person["name_variants"].append(plain)  # RenderCV marks the owner by *emphasis*
        authors.append(plain)
    venue = text(e.get("journal"))
    kind = _publication_kind(venue)
    return compact({
        "kind": kind, "title": text(e.get("title")), "authors": authors,
        "venue": {"name": venue} if venue and kind != "preprint" else None,  # cvtool says "arXiv preprint"
        "date": date(e.get("date"), f"{where}.date", r),
        "doi": text(e.get("doi")), "url": url(e.get("url"), f"{where}.url", r),
    })


def _publication_kind(venue: str | None) -> str:
    """RenderCV has one `journal` field for every venue; guess the kind from its words."""
    words = (venue or "").lower()
    if not words or "arxiv" in words or "preprint" in words:
        return "preprint"
    if "workshop" in words:
        return "workshop"
    if re.search(r"journal|transactions|letters|review|magazine", words):
        return "journal"
    return "conference"


def _one_line(e: dict[str, Any], where: str, r: Report, person: dict[str, Any]) -> dict[str, Any] | None:
    leftovers(e, {"label", "details"}, where, r)
    label, details = text(e.get("label")), text(e.get("details"))
    return {"label": label, "items": [details]} if label and details else None


def _bullet(e: dict[str, Any], where: str, r: Report, person: dict[str, Any]) -> Any:
    key = next(k for k in ("bullet", "reversed_number", "number") if k in e)
    leftovers(e, {key}, where, r)
    return text(e.get(key))


def _text(e: Any, where: str, r: Report, person: dict[str, Any]) -> Any:
    return text(e)


_CONVERT = {"education": _education, "experience": _experience, "normal": _normal, "publication": _publication,
            "one_line": _one_line, "bullet": _bullet, "number": _bullet, "reversed_number": _bullet, "text": _text}
