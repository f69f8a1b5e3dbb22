"""Stage 4 — localize: a selected CV → the typed view of one language (`cvtool.view`).

Strings are picked for the language (converted, or borrowed from another declared language, which
validation warned about: `cvtool.languages.Reader`), dates and section titles are formatted, labels attached. Every string keeps the field path
it came from (`Sourced.loc`), so a TeX error can name the cv.yaml field that caused it.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from cvtool import labels as labelling
from cvtool.citation import citation, publication_links
from cvtool.fieldpath import Loc
from cvtool.languages import Reader
from cvtool.locales import Locale as Language
from cvtool.locales import locale as language
from cvtool.model import LocalizedText, RichText
from cvtool.select import Plan, entry_key
from cvtool.view import (
    Author,
    Block,
    Blocks,
    Body,
    CitePiece,
    Contact,
    CvView,
    DocView,
    Interests,
    Labelled,
    LabelLine,
    LabelLines,
    Link,
    Paper,
    PaperGroup,
    PersonView,
    Publications,
    Rich,
    Row,
    Rows,
    SectionView,
    Sourced,
    TopicView,
    VenueView,
)


def pick(text: LocalizedText | None, reader: Reader, loc: Loc) -> Sourced | None:
    if text is None:
        return None
    picked = reader.pick(text)
    cls = Rich if isinstance(text, RichText) else Sourced
    return cls(picked.text, loc if picked.lang is None else tuple(loc) + (picked.lang,))


@dataclass
class _Ctx:
    """What every builder needs: the plan, the language, and the measurement marks so far."""

    plan: Plan
    lang: Language
    reader: Reader  # the text of a field in this language (as written, converted or borrowed)
    marks: list[str] = field(default_factory=list)  # mark number → entry key (for the fitter)

    def t(self, text: LocalizedText | None, loc: Loc) -> Sourced | None:
        return pick(text, self.reader, loc)

    def pick(self, text: LocalizedText) -> tuple[str, str | None]:
        """A field's text in this language and the tag it was written in (for cvtool.citation)."""
        picked = self.reader.pick(text)
        return picked.text, picked.lang

    def req(self, text: LocalizedText, loc: Loc) -> Sourced:
        value = pick(text, self.reader, loc)
        assert value is not None
        return value

    def mark(self, section: str, index: int, entry: Any) -> int:
        self.marks.append(entry_key(section, index, entry))
        return len(self.marks) - 1

    def labelled(self, entry: Any, loc: Loc, names: tuple[str, ...], italic: bool = False) -> list[Labelled]:
        """`Advisor: …`-style pairs for the fields the entry has, labels in the CV's language."""
        return [Labelled(self.lang.words[n], self.req(getattr(entry, n), loc + (n,)), italic)
                for n in names if getattr(entry, n)]

    def dates(self, entry: Any) -> str:
        parts = [self.lang.period(entry.start, entry.end)]
        parts += [self.lang.period(p.start, p.end) for p in entry.also]
        return ", ".join(parts)


def localize(plan: Plan, lang_code: str, updated: _dt.date) -> CvView:
    reader = Reader(plan.cv, lang_code)
    ctx = _Ctx(plan, language(reader.lang), reader)
    person = _person(ctx)
    sections = []
    for kind in plan.sections:
        body = _SECTION_BUILDERS[kind](ctx, kind)
        if body is not None:
            sections.append(SectionView(id=kind, kind=kind, title=_title(ctx, kind), compact=kind in plan.compact,
                                        body=body))
    lang = ctx.lang
    return CvView(
        lang=lang.tag, cjk=lang.cjk, pdf_lang=lang.pdf_lang, variant=plan.variant, words=lang.words,
        doc=_doc(ctx, person.name, updated), person=person, sections=sections, marks=ctx.marks,
    )


def _title(ctx: _Ctx, kind: str) -> str:
    titles = ctx.plan.cv.layout.titles
    return ctx.req(titles[kind], ("layout", "titles", kind)) if kind in titles else ctx.lang.section_title(kind)


def _person(ctx: _Ctx) -> PersonView:
    person = ctx.plan.cv.person
    name = ctx.req(person.name, ("person", "name"))
    # the name as written in the CV's next language (宋庆禹 beside Qingyu Song), if different
    others = ctx.reader.order[1:]
    other, other_name = person.name.first(others) if others else (None, None)
    name_other = Sourced(other_name, ("person", "name", other)) if other_name and other_name != name else None
    contacts = []
    for i, email in enumerate(person.emails):
        contacts.append(Contact(Sourced(email, ("person", "emails", i)), Sourced(f"mailto:{email}", ("person", "emails", i))))
    for i, phone in enumerate(person.phones):
        contacts.append(Contact(Sourced(phone, ("person", "phones", i)), None))
    if person.homepage:
        shown = person.homepage.split("://", 1)[-1].rstrip("/")
        contacts.append(Contact(Sourced(shown, ("person", "homepage")), Sourced(person.homepage, ("person", "homepage"))))
    for i, link in enumerate(person.links):
        contacts.append(Contact(ctx.req(link.label, ("person", "links", i, "label")),
                                Sourced(link.url, ("person", "links", i, "url"))))
    return PersonView(
        name=name,
        name_other=name_other,
        position=ctx.t(person.position, ("person", "position")),
        affiliation=[ctx.req(a, ("person", "affiliation", i)) for i, a in enumerate(person.affiliation)],
        contacts=contacts,
    )


def _doc(ctx: _Ctx, name: str, updated: _dt.date) -> DocView:
    cv, words = ctx.plan.cv, ctx.lang.words
    keywords: list[str] = [ctx.req(k, ("meta", "keywords", i)) for i, k in enumerate(cv.meta.keywords)]
    if not keywords:
        keywords = [ctx.req(topic.title, ("research_interests", "topics", i, "title"))
                    for i, topic in ctx.plan.entries("research_interests") if topic.current]
    subject = ctx.t(cv.meta.subject, ("meta", "subject")) or words["subject"]
    return DocView(title=f"{name}{words['title_suffix']}", author=name, subject=subject, keywords=keywords,
                   updated=ctx.lang.updated_stamp(updated))


def _blocks(ctx: _Ctx, section: str, build: Callable[[Any, Loc, int], Block]) -> Blocks | None:
    """One block per kept entry of `section`, each with its mark and its cv.yaml location."""
    entries = [build(e, (section, i), ctx.mark(section, i, e)) for i, e in ctx.plan.entries(section)]
    return Blocks(entries) if entries else None


def _education(ctx: _Ctx, section: str) -> Body | None:
    return _blocks(ctx, section, lambda e, loc, mark: Block(
        mark=mark,
        heading=ctx.req(e.school, loc + ("school",)),
        location=ctx.t(e.city, loc + ("city",)),
        dates=ctx.dates(e),
        sub=[x for x in (ctx.t(e.degree, loc + ("degree",)), ctx.t(e.field, loc + ("field",))) if x],
        compact=[x for x in (ctx.t(e.degree, loc + ("degree",)), ctx.t(e.field, loc + ("field",))) if x],
        aside=ctx.labelled(e, loc, ("advisor",)),
        details=ctx.labelled(e, loc, ("thesis",), italic=True),
    ))


def _experience(ctx: _Ctx, section: str) -> Body | None:
    def build(e: Any, loc: Loc, mark: int) -> Block:
        role = ctx.t(e.role, loc + ("role",))
        return Block(
            mark=mark,
            heading=ctx.req(e.organization, loc + ("organization",)),
            location=ctx.t(e.location, loc + ("location",)),
            dates=ctx.dates(e),
            sub=[role] if role else [],
            # one line in compact form: the role, or the project when there is no role
            compact=[x for x in (role or ctx.t(e.project, loc + ("project",)),) if x],
            aside=ctx.labelled(e, loc, ("mentor", "advisor")),
            details=ctx.labelled(e, loc, ("project",)),
            body=ctx.t(e.description, loc + ("description",)),
        )

    return _blocks(ctx, section, build)


def _research_interests(ctx: _Ctx, section: str) -> Body | None:
    plan = ctx.plan
    ri = plan.cv.research_interests
    if ri is None or not (ri.topics or ri.intro):
        return None
    groups: dict[bool, list[TopicView]] = {True: [], False: []}
    for i, topic in plan.entries(section):
        tags = labelling.topic_labels(plan.cv, topic.id, plan.cv.publications, plan.labels)
        if not tags and not topic.current and plan.variant == "short":
            continue  # a past topic none of the shown papers is on says little on one page
        groups[topic.current].append(TopicView(ctx.req(topic.title, (section, "topics", i, "title")), tags))
    return Interests(intro=ctx.t(ri.intro, (section, "intro")), current=groups[True], past=groups[False],
                     past_title=ctx.lang.words["past_topics"])


def _publications(ctx: _Ctx, section: str) -> Body | None:
    entries = ctx.plan.entries(section)
    if not entries:
        return None
    groups: list[PaperGroup] = []
    for position in labelling.display_positions([pub for _, pub in entries]):
        index, pub = entries[position]
        if not groups or groups[-1].kind != pub.kind:
            groups.append(PaperGroup(pub.kind, ctx.lang.publication_kind(pub.kind)))
        groups[-1].papers.append(_paper(ctx, section, index, pub))
    return Publications(groups)


def _paper(ctx: _Ctx, section: str, index: int, pub: Any) -> Paper:
    loc: Loc = (section, index)
    venue = None
    if pub.venue:
        v = pub.venue
        venue = VenueView(
            publisher=Sourced(v.publisher, loc + ("venue", "publisher")) if v.publisher else None,
            short=Sourced(v.short, loc + ("venue", "short")) if v.short else None,
            name=ctx.t(v.name, loc + ("venue", "name")),
            workshop=ctx.t(v.workshop, loc + ("venue", "workshop")),
            bold=ctx.lang.bold_venue,
        )
    links = [Link(label, Sourced(url, loc + field)) for label, url, field in publication_links(pub)]
    person = ctx.plan.cv.person
    return Paper(
        mark=ctx.mark(section, index, pub),
        label=ctx.plan.labels[pub.id],
        authors=[Author(Sourced(a, loc + ("authors", j)), labelling.is_owner(a, person)) for j, a in enumerate(pub.authors)],
        title=ctx.req(pub.title, loc + ("title",)),
        venue=venue,
        status=ctx.t(pub.status, loc + ("status",)),
        year=str(pub.date.year),
        arxiv=Sourced(pub.arxiv, loc + ("arxiv",)) if pub.arxiv else None,
        links=links,
        citation=[CitePiece(Sourced(c.text, loc + c.field) if c.field else c.text, c.style)
                  for c in citation(pub, ctx.lang.tag, lambda a: labelling.is_owner(a, person), pick=ctx.pick)],
    )


def _rows(ctx: _Ctx, section: str, build: Callable[[Any, Loc, int], Row]) -> Rows | None:
    rows = [build(e, (section, i), ctx.mark(section, i, e)) for i, e in ctx.plan.entries(section)]
    return Rows(rows) if rows else None


def _teaching(ctx: _Ctx, section: str) -> Body | None:
    return _rows(ctx, section, lambda e, loc, mark: Row(
        mark=mark,
        dates=ctx.lang.term(e.term.season, e.term.year),
        parts=[ctx.req(e.institution, loc + ("institution",)), Sourced(e.course, loc + ("course",))],
        rest=[ctx.req(e.title, loc + ("title",))],
    ))


def _awards(ctx: _Ctx, section: str) -> Body | None:
    return _rows(ctx, section, lambda e, loc, mark: Row(
        mark=mark,
        dates=ctx.dates(e),
        parts=[ctx.req(e.title, loc + ("title",))],
        rest=[x for x in (ctx.t(e.organization, loc + ("organization",)),) if x],
    ))


def _services(ctx: _Ctx, section: str) -> Body | None:
    lines = [
        LabelLine(ctx.mark(section, i, e), ctx.req(e.role, (section, i, "role")),
                  [ctx.req(x, (section, i, "items", j)) for j, x in enumerate(e.items)])
        for i, e in ctx.plan.entries(section)
    ]
    return LabelLines(lines) if lines else None


_SECTION_BUILDERS: dict[str, Callable[[_Ctx, str], Body | None]] = {
    "education": _education,
    "research_interests": _research_interests,
    "publications": _publications,
    "experience": _experience,
    "teaching": _teaching,
    "awards": _awards,
    "services": _services,
}
