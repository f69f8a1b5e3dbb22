"""One view builder per section kind: a kept entry → the shape its partial draws (`cvtool.view`).

Kinds share a few shapes: a `Block` (heading line, grey line, details, body, bullets), a `Row`
(one line, dates right), a `LabelLine` ("Label: a, b"). Words come from the locale, never from
here; every user string keeps its cv.yaml path.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from cvtool import labels as labelling
from cvtool.citation import Style, citation, publication_links
from cvtool.fieldpath import Loc
from cvtool.languages import Reader
from cvtool.locales import Locale as Language
from cvtool.model import LocalizedText, RichText, Span
from cvtool.select import Plan, entry_key
from cvtool.view import (
    Author,
    Block,
    Blocks,
    Body,
    CitePiece,
    Interests,
    Item,
    Items,
    Labelled,
    LabelLine,
    LabelLines,
    Link,
    Paper,
    PaperGroup,
    Paragraph,
    Publications,
    Rich,
    Row,
    Rows,
    Sourced,
    TopicView,
    VenueView,
)


def pick(text: LocalizedText | None, reader: Reader, loc: Loc) -> Sourced | None:
    if text is None:
        return None
    picked = reader.pick(text)
    cls = Rich if isinstance(text, RichText) else Sourced
    return cls(picked.text, loc if picked.lang is None else (*loc, picked.lang))


@dataclass
class Ctx:
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

    def opt(self, entry: Any, loc: Loc, *names: str) -> list[Sourced]:
        """The entry's texts among `names` that are set, in that order."""
        return [x for n in names if (x := self.t(getattr(entry, n), (*loc, n)))]

    def lines(self, texts: list[LocalizedText], loc: Loc) -> list[Sourced]:
        return [self.req(x, (*loc, i)) for i, x in enumerate(texts)]

    def mark(self, section: str, index: int, entry: Any) -> int:
        self.marks.append(entry_key(section, index, entry))
        return len(self.marks) - 1

    def labelled(self, entry: Any, loc: Loc, names: tuple[str, ...], italic: bool = False) -> list[Labelled]:
        """`Advisor: …`-style pairs for the fields the entry has, labels in the CV's language."""
        out = []
        for n in names:
            value = getattr(entry, n)
            if value:
                text = self.req(value, (*loc, n)) if isinstance(value, LocalizedText) else Sourced(value, (*loc, n))
                out.append(Labelled(self.lang.words[n], text, italic))
        return out

    def dates(self, entry: Span) -> str:
        """`Aug 2021 – Present`, `2019`, `Since 2021`, or "" for an undated entry; `also` after commas."""
        spans = [entry, *getattr(entry, "also", [])]
        return ", ".join(x for x in (self._span(s) for s in spans) if x)

    def _span(self, s: Span) -> str:
        lang = self.lang
        if s.date is not None:
            return lang.date(s.date)
        if s.start is not None and s.end is not None:
            return lang.period(s.start, s.end)
        if s.start is not None:
            return lang.words["since"].format(date=lang.date(s.start))
        if s.end is not None:
            return lang.words["until"].format(date=lang.date(s.end))
        return ""

    def bullets(self, entry: Any, loc: Loc) -> list[Sourced]:
        return [self.req(b, (*loc, "bullets", j)) for j, b in enumerate(entry.bullets)]

    def each(self, sid: str) -> list[tuple[Loc, int, Any]]:
        """(cv.yaml location, mark, entry) for every kept entry of section `sid`."""
        base = self.plan.cv.sections[sid].entries_loc(sid)
        return [((*base, i), self.mark(sid, i, e), e) for i, e in self.plan.entries(sid)]


Builder = Callable[[Ctx, str], Body | None]


def _blocks(build: Callable[[Ctx, Any, Loc, int], Block]) -> Builder:
    def builder(ctx: Ctx, sid: str) -> Body | None:
        entries = [build(ctx, e, loc, mark) for loc, mark, e in ctx.each(sid)]
        return Blocks(entries) if entries else None
    return builder


def _rows(build: Callable[[Ctx, Any, Loc, int], Row]) -> Builder:
    def builder(ctx: Ctx, sid: str) -> Body | None:
        rows = [build(ctx, e, loc, mark) for loc, mark, e in ctx.each(sid)]
        return Rows(rows) if rows else None
    return builder


def _label_lines(build: Callable[[Ctx, Any, Loc, int], LabelLine]) -> Builder:
    def builder(ctx: Ctx, sid: str) -> Body | None:
        lines = [build(ctx, e, loc, mark) for loc, mark, e in ctx.each(sid)]
        return LabelLines(lines) if lines else None
    return builder


def _url(value: str | None, loc: Loc) -> Sourced | None:
    return Sourced(value, loc) if value else None


# ---------------------------------------------------------------- entries with a heading line


def _education(ctx: Ctx, e: Any, loc: Loc, mark: int) -> Block:
    sub = ctx.opt(e, loc, "degree", "field")
    return Block(mark=mark, heading=ctx.req(e.school, (*loc, "school")), location=ctx.t(e.location, (*loc, "location")),
                 dates=ctx.dates(e), sub=sub, compact=sub, aside=ctx.labelled(e, loc, ("advisor",)),
                 details=ctx.labelled(e, loc, ("thesis",), italic=True),
                 body=ctx.t(e.description, (*loc, "description")), bullets=ctx.bullets(e, loc))


def _position(ctx: Ctx, e: Any, loc: Loc, mark: int) -> Block:
    sub = ctx.opt(e, loc, "department", "organization")
    return Block(mark=mark, heading=ctx.req(e.title, (*loc, "title")), location=ctx.t(e.location, (*loc, "location")),
                 dates=ctx.dates(e), sub=sub, compact=ctx.opt(e, loc, "organization") or sub,
                 body=ctx.t(e.description, (*loc, "description")), bullets=ctx.bullets(e, loc))


def _experience(ctx: Ctx, e: Any, loc: Loc, mark: int) -> Block:
    role = ctx.opt(e, loc, "role")
    return Block(
        mark=mark, heading=ctx.req(e.organization, (*loc, "organization")),
        location=ctx.t(e.location, (*loc, "location")), dates=ctx.dates(e), sub=role,
        # one line in compact form: the role, or the project when there is no role
        compact=role or ctx.opt(e, loc, "project"),
        aside=ctx.labelled(e, loc, ("mentor", "advisor")), details=ctx.labelled(e, loc, ("project",)),
        body=ctx.t(e.description, (*loc, "description")), bullets=ctx.bullets(e, loc),
    )


def _grant(ctx: Ctx, e: Any, loc: Loc, mark: int) -> Block:
    funder = ctx.opt(e, loc, "funder")
    return Block(mark=mark, heading=ctx.req(e.title, (*loc, "title")), dates=ctx.dates(e), sub=funder, compact=funder,
                 aside=ctx.labelled(e, loc, ("role", "amount")),
                 body=ctx.t(e.description, (*loc, "description")), bullets=ctx.bullets(e, loc))


def _student(ctx: Ctx, e: Any, loc: Loc, mark: int) -> Block:
    return Block(mark=mark, heading=ctx.req(e.name, (*loc, "name")), dates=ctx.dates(e),
                 sub=ctx.opt(e, loc, "degree"), compact=ctx.opt(e, loc, "degree", "placement"),
                 aside=ctx.labelled(e, loc, ("co_advisor",)),
                 details=ctx.labelled(e, loc, ("thesis",), italic=True) + ctx.labelled(e, loc, ("placement",)),
                 body=ctx.t(e.description, (*loc, "description")), bullets=ctx.bullets(e, loc))


def _keywords(ctx: Ctx, e: Any, loc: Loc) -> list[Sourced]:
    return [ctx.req(k, (*loc, "keywords", j)) for j, k in enumerate(e.keywords)]


def _project(ctx: Ctx, e: Any, loc: Loc, mark: int) -> Block:
    sub = ctx.opt(e, loc, "role", "organization")
    return Block(mark=mark, heading=ctx.req(e.title, (*loc, "title")), url=_url(e.url, (*loc, "url")),
                 dates=ctx.dates(e), sub=sub + _keywords(ctx, e, loc), compact=sub,
                 body=ctx.t(e.description, (*loc, "description")), bullets=ctx.bullets(e, loc))


def _software(ctx: Ctx, e: Any, loc: Loc, mark: int) -> Block:
    sub = ctx.opt(e, loc, "role")
    return Block(mark=mark, heading=ctx.req(e.name, (*loc, "name")), url=_url(e.url, (*loc, "url")),
                 dates=ctx.dates(e), sub=sub + _keywords(ctx, e, loc), compact=sub,
                 body=ctx.t(e.description, (*loc, "description")), bullets=ctx.bullets(e, loc))


def _reference(ctx: Ctx, e: Any, loc: Loc, mark: int) -> Block:
    return Block(mark=mark, heading=ctx.req(e.name, (*loc, "name")),
                 sub=ctx.opt(e, loc, "position", "organization"), compact=ctx.opt(e, loc, "organization"),
                 aside=ctx.labelled(e, loc, ("relation",)), details=ctx.labelled(e, loc, ("email", "phone")))


def _generic(ctx: Ctx, e: Any, loc: Loc, mark: int) -> Block:
    sub = ctx.opt(e, loc, "subtitle")
    return Block(mark=mark, heading=ctx.req(e.title, (*loc, "title")), url=_url(e.url, (*loc, "url")),
                 location=ctx.t(e.location, (*loc, "location")), dates=ctx.dates(e), sub=sub, compact=sub,
                 body=ctx.t(e.description, (*loc, "description")), bullets=ctx.bullets(e, loc))


# ---------------------------------------------------------------- one-line entries


def _talk(ctx: Ctx, e: Any, loc: Loc, mark: int) -> Row:
    words = ctx.lang.words
    links = [Link(words[n], Sourced(getattr(e, n), (*loc, n))) for n in ("url", "slides", "video") if getattr(e, n)]
    return Row(mark=mark, dates=ctx.dates(e), parts=[ctx.req(e.title, (*loc, "title"))], quoted=True,
               rest=ctx.opt(e, loc, "event", "location"), tag=words[e.type] if e.type else None, links=links)


def _teaching(ctx: Ctx, e: Any, loc: Loc, mark: int) -> Row:
    words = ctx.lang.words
    parts = ctx.opt(e, loc, "institution") + ([Sourced(e.code, (*loc, "code"))] if e.code else [])
    rest = [ctx.req(e.course, (*loc, "course"))] if parts else []
    parts = parts or [ctx.req(e.course, (*loc, "course"))]
    if e.role:
        rest.append(Sourced(words[e.role], (*loc, "role")))
    if e.co_instructors:
        names = words["list_sep"].join(ctx.lines(e.co_instructors, (*loc, "co_instructors")))
        rest.append(Sourced(words["co_instructors"].format(names=names), (*loc, "co_instructors")))
    return Row(mark=mark, dates=_term(ctx, e, loc) or ctx.dates(e), parts=parts, rest=rest)


def _term(ctx: Ctx, e: Any, loc: Loc) -> str:
    term = e.term
    if term is None:
        return ""
    if term.text is not None:
        return ctx.req(term.text, (*loc, "term", "text"))
    return ctx.lang.term(term.season, term.year, term.quarter)


def _award(ctx: Ctx, e: Any, loc: Loc, mark: int) -> Row:
    return Row(mark=mark, dates=ctx.dates(e), parts=[ctx.req(e.title, (*loc, "title"))],
               rest=ctx.opt(e, loc, "organization"))


def _patent(ctx: Ctx, e: Any, loc: Loc, mark: int) -> Row:
    inventors = [Sourced(ctx.lang.words["list_sep"].join(e.inventors), (*loc, "inventors"))] if e.inventors else []
    number = [Sourced(e.number, (*loc, "number"))] if e.number else []
    links = [Link(ctx.lang.words["link"], Sourced(e.url, (*loc, "url")))] if e.url else []
    return Row(mark=mark, dates=ctx.dates(e), parts=[ctx.req(e.title, (*loc, "title"))], quoted=True,
               rest=inventors + ctx.opt(e, loc, "office") + number + ctx.opt(e, loc, "status"), links=links)


def _oneliner(ctx: Ctx, e: Any, loc: Loc, mark: int) -> Row:
    return Row(mark=mark, dates=ctx.dates(e), parts=[ctx.req(e.text, (*loc, "text"))])


def _service(ctx: Ctx, e: Any, loc: Loc, mark: int) -> LabelLine:
    values = ctx.opt(e, loc, "organization") + ctx.lines(e.items, (*loc, "items"))
    return LabelLine(mark, ctx.req(e.role, (*loc, "role")), values, ctx.dates(e))


def _skill(ctx: Ctx, e: Any, loc: Loc, mark: int) -> LabelLine:
    return LabelLine(mark, ctx.req(e.label, (*loc, "label")), ctx.lines(e.items, (*loc, "items")))


def _language(ctx: Ctx, e: Any, loc: Loc, mark: int) -> LabelLine:
    return LabelLine(mark, ctx.req(e.language, (*loc, "language")), ctx.opt(e, loc, "level"))


# ---------------------------------------------------------------- bodies


def _bullets(ctx: Ctx, sid: str) -> Body | None:
    items = [Item(mark, ctx.req(e.text, (*loc, "text"))) for loc, mark, e in ctx.each(sid)]
    return Items(items) if items else None


def _paragraph(ctx: Ctx, sid: str) -> Body | None:
    section = ctx.plan.cv.sections[sid]
    return Paragraph(ctx.req(section.text, (*section.entries_loc(sid), "text")))  # type: ignore[union-attr]


def _research_interests(ctx: Ctx, sid: str) -> Body | None:
    plan = ctx.plan
    ri: Any = plan.cv.sections[sid]
    if not (ri.topics or ri.intro):
        return None
    groups: dict[bool, list[TopicView]] = {True: [], False: []}
    for i, topic in plan.entries(sid):
        tags = labelling.topic_labels(plan.cv, topic.id, plan.cv.publications, plan.labels)
        if not tags and not topic.current and plan.variant == "short":
            continue  # a past topic none of the shown papers is on says little on one page
        groups[topic.current].append(TopicView(ctx.req(topic.title, (*ri.entries_loc(sid), i, "title")), tags))
    return Interests(intro=ctx.t(ri.intro, ("sections", sid, "intro")), current=groups[True], past=groups[False],
                     past_title=ctx.lang.words["past_topics"])


def _publications(ctx: Ctx, sid: str) -> Body | None:
    entries = ctx.plan.entries(sid)
    if not entries:
        return None
    base = ctx.plan.cv.sections[sid].entries_loc(sid)
    groups: list[PaperGroup] = []
    for position in labelling.display_positions([pub for _, pub in entries]):
        index, pub = entries[position]
        if not groups or groups[-1].kind != pub.kind:
            groups.append(PaperGroup(pub.kind, ctx.lang.publication_kind(pub.kind)))
        groups[-1].papers.append(_paper(ctx, sid, (*base, index), index, pub))
    return Publications(groups)


def _paper(ctx: Ctx, sid: str, loc: Loc, index: int, pub: Any) -> Paper:
    venue = None
    if pub.venue:
        v = pub.venue
        venue = VenueView(
            publisher=Sourced(v.publisher, (*loc, "venue", "publisher")) if v.publisher else None,
            short=Sourced(v.short, (*loc, "venue", "short")) if v.short else None,
            name=ctx.t(v.name, (*loc, "venue", "name")),
            workshop=ctx.t(v.workshop, (*loc, "venue", "workshop")),
            bold=ctx.lang.bold_venue,
        )
    links = [Link(label, Sourced(url, (*loc, *field))) for label, url, field in publication_links(pub)]
    person = ctx.plan.cv.person
    return Paper(
        mark=ctx.mark(sid, index, pub),
        label=ctx.plan.labels[pub.id],
        authors=[Author(Sourced(a, (*loc, "authors", j)), labelling.is_owner(a, person)) for j, a in enumerate(pub.authors)],
        title=ctx.req(pub.title, (*loc, "title")),
        venue=venue,
        status=ctx.t(pub.status, (*loc, "status")),
        year=str(pub.date.year),
        arxiv=Sourced(pub.arxiv, (*loc, "arxiv")) if pub.arxiv else None,
        links=links,
        citation=[CitePiece(Sourced(c.text, (*loc, *c.field)) if c.field else c.text, c.style)
                  for c in citation(pub, ctx.lang.tag, lambda a: labelling.is_owner(a, person), pick=ctx.pick,
                                    style=Style(journal_names=getattr(ctx.plan.cv.sections[sid], "journal_names", "full")))],
    )


BUILDERS: dict[str, Builder] = {
    "education": _blocks(_education),
    "positions": _blocks(_position),
    "experience": _blocks(_experience),
    "grants": _blocks(_grant),
    "students": _blocks(_student),
    "projects": _blocks(_project),
    "software": _blocks(_software),
    "references": _blocks(_reference),
    "entries": _blocks(_generic),
    "talks": _rows(_talk),
    "teaching": _rows(_teaching),
    "awards": _rows(_award),
    "patents": _rows(_patent),
    "oneliners": _rows(_oneliner),
    "service": _label_lines(_service),
    "skills": _label_lines(_skill),
    "languages": _label_lines(_language),
    "bullets": _bullets,
    "paragraph": _paragraph,
    "research_interests": _research_interests,
    "publications": _publications,
}
