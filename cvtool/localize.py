"""Stage 4 — localize: a selected CV → the typed view of one language (`cvtool.view`).

Strings are picked for the language (converted, or borrowed from another declared language, which
validation warned about: `cvtool.languages.Reader`), dates and section titles are formatted, labels attached. Every string keeps the field path
it came from (`Sourced.loc`), so a TeX error can name the cv.yaml field that caused it. The
per-kind builders live in `cvtool.entryviews`.
"""

from __future__ import annotations

import datetime as _dt

from cvtool.entryviews import BUILDERS, Ctx
from cvtool.languages import Reader
from cvtool.locales import locale as language
from cvtool.select import Plan
from cvtool.view import Contact, CvView, DocView, PersonView, SectionView, Sourced


def localize(plan: Plan, lang_code: str, updated: _dt.date) -> CvView:
    reader = Reader(plan.cv, lang_code)
    ctx = Ctx(plan, language(reader.lang), reader)
    person = _person(ctx)
    sections = []
    for sid in plan.sections:
        section = plan.cv.sections[sid]
        body = BUILDERS[section.kind](ctx, sid)
        if body is not None:
            title = ctx.t(section.title, ("sections", sid, "title")) or ctx.lang.section_title(section.kind)
            sections.append(SectionView(id=sid, kind=section.kind, title=title, compact=sid in plan.compact, body=body))
    lang = ctx.lang
    return CvView(
        lang=lang.tag, cjk=lang.cjk, pdf_lang=lang.pdf_lang, variant=plan.variant, words=lang.words,
        doc=_doc(ctx, person.name, updated), person=person, sections=sections, marks=ctx.marks,
    )


def _person(ctx: Ctx) -> PersonView:
    person = ctx.plan.cv.person
    name = ctx.req(person.name, ("person", "name"))
    # the name as written in the CV's next language (宋庆禹 beside Qingyu Song), if different
    others = ctx.reader.order[1:]
    other, other_name = person.name.first(others) if others else (None, None)
    name_other = Sourced(other_name, ("person", "name", other)) if other_name and other_name != name else None
    return PersonView(
        name=name,
        name_other=name_other,
        position=ctx.lines(person.position, ("person", "position")),
        affiliation=ctx.lines(person.affiliation, ("person", "affiliation")),
        address=ctx.t(person.address, ("person", "address")),
        contacts=_contacts(ctx),
    )


def _contacts(ctx: Ctx) -> list[Contact]:
    person = ctx.plan.cv.person
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
                                Sourced(link.url, ("person", "links", i, "url")), link.icon))
    return contacts


def _doc(ctx: Ctx, name: str, updated: _dt.date) -> DocView:
    cv, words = ctx.plan.cv, ctx.lang.words
    keywords: list[str] = [ctx.req(k, ("meta", "keywords", i)) for i, k in enumerate(cv.meta.keywords)]
    if not keywords:
        for sid, section in cv.of_kind("research_interests"):
            keywords += [ctx.req(topic.title, (*section.entries_loc(sid), i, "title"))
                         for i, topic in ctx.plan.entries(sid) if topic.current]
    subject = ctx.t(cv.meta.subject, ("meta", "subject")) or words["subject"]
    return DocView(title=f"{name}{words['title_suffix']}", author=name, subject=subject, keywords=keywords,
                   updated=ctx.lang.updated_stamp(updated))
