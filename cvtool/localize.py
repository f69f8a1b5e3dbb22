"""Stage 4 — localize: a selected CV → the view of one language, ready for the templates.

Strings are picked for the language (falling back to the other language, which validation warned
about), dates and section titles are formatted, labels attached. Every string keeps the field path
it came from (`Sourced.loc`), so a TeX error can name the cv.yaml field that caused it.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from cvtool import labels as labelling
from cvtool.i18n import Language, language
from cvtool.load import Loc
from cvtool.model import LANGS, LocalizedText, RichText
from cvtool.select import Plan, entry_key


class Sourced(str):
    """A user string and the cv.yaml field it came from."""

    loc: Loc = ()

    def __new__(cls, value: str, loc: Loc = ()) -> Sourced:
        obj = super().__new__(cls, value)
        obj.loc = tuple(loc)
        return obj


class Rich(Sourced):
    """A user string that may use the inline markup (**bold**, *italic*, [text](url))."""


def pick(text: LocalizedText | None, lang: str, loc: Loc) -> Sourced | None:
    if text is None:
        return None
    value, used = text.get(lang), lang
    if not value:
        used = next(other for other in LANGS if text.get(other))
        value = text.get(used)
    cls = Rich if isinstance(text, RichText) else Sourced
    return cls(value or "", loc if text.same else tuple(loc) + (used,))


def localize(plan: Plan, lang_code: str, updated: _dt.date) -> dict[str, Any]:
    lang = language(lang_code)
    cv = plan.cv
    # lists in the Plan are filtered; find each entry's index in the source for error locations
    t = lambda text, loc: pick(text, lang.code, loc)

    person = cv.person
    name = t(person.name, ("person", "name"))
    other = next((o for o in LANGS if o != lang.code), None)
    name_other = None
    if other and not person.name.same and person.name.get(other) and person.name.get(other) != name:
        name_other = Sourced(person.name.get(other) or "", ("person", "name", other))
    contacts: list[dict[str, Sourced | None]] = []
    for i, email in enumerate(person.emails):
        contacts.append({"text": Sourced(email, ("person", "emails", i)), "url": Sourced(f"mailto:{email}", ("person", "emails", i))})
    for i, phone in enumerate(person.phones):
        contacts.append({"text": Sourced(phone, ("person", "phones", i)), "url": None})
    if person.homepage:
        shown = person.homepage.split("://", 1)[-1].rstrip("/")
        contacts.append({"text": Sourced(shown, ("person", "homepage")), "url": Sourced(person.homepage, ("person", "homepage"))})
    for i, link in enumerate(person.links):
        contacts.append({"text": t(link.label, ("person", "links", i, "label")), "url": Sourced(link.url, ("person", "links", i, "url"))})

    marks: list[str] = []  # mark number → entry key, for the one-page fitter's measurements

    def mark(section: str, entry: Any) -> int:
        marks.append(entry_key(section, plan.index_of(entry), entry))
        return len(marks) - 1

    sections = []
    for kind in plan.sections:
        body = _SECTION_BUILDERS[kind](plan, lang, t, mark)
        if not body:
            continue
        title = t(cv.layout.titles[kind], ("layout", "titles", kind)) if kind in cv.layout.titles else lang.sections[kind]
        sections.append({"kind": kind, "title": title, "compact": kind in plan.compact, **body})

    keywords = [t(k, ("meta", "keywords", i)) for i, k in enumerate(cv.meta.keywords)]
    if not keywords and cv.research_interests:
        keywords = [t(topic.title, ("research_interests", "topics", plan.index_of(topic), "title"))
                    for topic in cv.research_interests.topics if topic.current]
    subject = t(cv.meta.subject, ("meta", "subject")) if cv.meta.subject else lang.words["subject"]
    return {
        "lang": lang.code,
        "cjk": lang.cjk,
        "pdf_lang": lang.pdf_lang,
        "variant": plan.variant,
        "words": lang.words,
        "doc": {
            "title": f"{name}{lang.words['title_suffix']}",
            "author": name,
            "subject": subject,
            "keywords": keywords,
            "updated": lang.updated(updated),
        },
        "person": {
            "name": name,
            "name_other": name_other,
            "position": t(person.position, ("person", "position")),
            "affiliation": [t(a, ("person", "affiliation", i)) for i, a in enumerate(person.affiliation)],
            "contacts": contacts,
        },
        "sections": sections,
        "marks": marks,
    }


def _each(plan: Plan, section: str, mark, build) -> list[dict[str, Any]]:
    """One view dict per kept entry of `section`, each with its measurement mark and its
    cv.yaml location (the index in the source, not in the filtered list)."""
    return [{"mark": mark(section, e), **build(e, (section, plan.index_of(e)))} for e in getattr(plan.cv, section)]


def _labelled(lang: Language, t, entry: Any, loc: Loc, fields: tuple[str, ...], italic: bool = False) -> list[dict[str, Any]]:
    """`Advisor: …`-style pairs for the fields the entry has, labels in the CV's language."""
    return [
        {"label": lang.words[name], "text": t(getattr(entry, name), loc + (name,)), "italic": italic}
        for name in fields
        if getattr(entry, name)
    ]


def _education(plan: Plan, lang: Language, t, mark) -> dict[str, Any] | None:
    entries = _each(plan, "education", mark, lambda e, loc: {
        "heading": t(e.school, loc + ("school",)),
        "location": t(e.city, loc + ("city",)),
        "dates": _dates(lang, e),
        "sub": [x for x in (t(e.degree, loc + ("degree",)), t(e.field, loc + ("field",))) if x],
        "aside": _labelled(lang, t, e, loc, ("advisor",)),
        "details": _labelled(lang, t, e, loc, ("thesis",), italic=True),
        "body": None,
    })
    return {"entries": entries} if entries else None


def _experience(plan: Plan, lang: Language, t, mark) -> dict[str, Any] | None:
    entries = _each(plan, "experience", mark, lambda e, loc: {
        "heading": t(e.organization, loc + ("organization",)),
        "location": t(e.location, loc + ("location",)),
        "dates": _dates(lang, e),
        "sub": [x for x in (t(e.role, loc + ("role",)),) if x],
        # one line in compact form: the role, or the project when there is no role
        "compact": [x for x in (t(e.role, loc + ("role",)) or t(e.project, loc + ("project",)),) if x],
        "aside": _labelled(lang, t, e, loc, ("mentor", "advisor")),
        "details": _labelled(lang, t, e, loc, ("project",)),
        "body": t(e.description, loc + ("description",)),
    })
    return {"entries": entries} if entries else None


def _dates(lang: Language, entry: Any) -> str:
    parts = [lang.period(entry.start, entry.end)]
    parts += [lang.period(p.start, p.end) for p in entry.also]
    return ", ".join(parts)


def _research_interests(plan: Plan, lang: Language, t, mark) -> dict[str, Any] | None:
    ri = plan.cv.research_interests
    if ri is None or not (ri.topics or ri.intro):
        return None
    groups: dict[bool, list[dict[str, Any]]] = {True: [], False: []}
    for topic in ri.topics:
        tags = labelling.topic_labels(plan.cv, topic.id, plan.cv.publications, plan.labels)
        if not tags and not topic.current and plan.variant == "short":
            continue  # a past topic none of the shown papers is on says little on one page
        groups[topic.current].append({
            "title": t(topic.title, ("research_interests", "topics", plan.index_of(topic), "title")),
            "labels": tags,
        })
    return {
        "intro": t(ri.intro, ("research_interests", "intro")),
        "current": groups[True],
        "past": groups[False],
        "past_title": lang.words["past_topics"],
    }


def _publications(plan: Plan, lang: Language, t, mark) -> dict[str, Any] | None:
    pubs = labelling.display_order(plan.cv.publications)
    if not pubs:
        return None
    groups: list[dict[str, Any]] = []
    for pub in pubs:
        if not groups or groups[-1]["kind"] != pub.kind:
            groups.append({"kind": pub.kind, "title": lang.publication_kinds[pub.kind], "papers": []})
        loc = ("publications", plan.index_of(pub))
        venue = None
        if pub.venue:
            v = pub.venue
            venue = {
                "publisher": Sourced(v.publisher, loc + ("venue", "publisher")) if v.publisher else None,
                "short": Sourced(v.short, loc + ("venue", "short")) if v.short else None,
                "name": t(v.name, loc + ("venue", "name")),
                "workshop": t(v.workshop, loc + ("venue", "workshop")),
                "bold": lang.bold_venue,
            }
        links = []
        if pub.arxiv:
            links.append({"label": "arXiv", "url": Sourced(f"https://arxiv.org/abs/{pub.arxiv}", loc + ("arxiv",))})
        if pub.doi:
            links.append({"label": "DOI", "url": Sourced(f"https://doi.org/{pub.doi}", loc + ("doi",))})
        for key, label in (("pdf", "PDF"), ("code", "Code"), ("url", "Link")):
            if getattr(pub, key):
                links.append({"label": label, "url": Sourced(getattr(pub, key), loc + (key,))})
        groups[-1]["papers"].append({
            "mark": mark("publications", pub),
            "label": plan.labels[pub.id],
            "authors": [
                {"name": Sourced(a, loc + ("authors", j)), "owner": labelling.is_owner(a, plan.cv.person)}
                for j, a in enumerate(pub.authors)
            ],
            "title": t(pub.title, loc + ("title",)),
            "venue": venue,
            "status": t(pub.status, loc + ("status",)),
            "year": str(pub.date.year),
            "arxiv": Sourced(pub.arxiv, loc + ("arxiv",)) if pub.arxiv else None,
            "links": links,
        })
    return {"groups": groups}


def _teaching(plan: Plan, lang: Language, t, mark) -> dict[str, Any] | None:
    rows = _each(plan, "teaching", mark, lambda e, loc: {
        "dates": lang.term(e.term.season, e.term.year),
        "parts": [t(e.institution, loc + ("institution",)), Sourced(e.course, loc + ("course",))],
        "rest": [t(e.title, loc + ("title",))],
    })
    return {"rows": rows} if rows else None


def _awards(plan: Plan, lang: Language, t, mark) -> dict[str, Any] | None:
    rows = _each(plan, "awards", mark, lambda e, loc: {
        "dates": _dates(lang, e),
        "parts": [t(e.title, loc + ("title",))],
        "rest": [x for x in (t(e.organization, loc + ("organization",)),) if x],
    })
    return {"rows": rows} if rows else None


def _services(plan: Plan, lang: Language, t, mark) -> dict[str, Any] | None:
    rows = _each(plan, "services", mark, lambda e, loc: {
        "label": t(e.role, loc + ("role",)),
        "values_": [t(x, loc + ("items", j)) for j, x in enumerate(e.items)],
    })
    return {"lines": rows} if rows else None


_SECTION_BUILDERS = {
    "education": _education,
    "research_interests": _research_interests,
    "publications": _publications,
    "experience": _experience,
    "teaching": _teaching,
    "awards": _awards,
    "services": _services,
}
