"""The typed view of one CV in one language: what `localize` builds and the templates read.

Every user string in it is a `Sourced` (it remembers the cv.yaml field it came from, so a TeX
error can name the field); strings cvtool made itself (formatted dates, locale words) are plain.
Each section carries a `kind`, which names its template partial, and a kind-specific `body`.
This module imports nothing from the stages around it: localize builds these, render reads them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from cvtool.fieldpath import Loc


class Sourced(str):
    """A user string and the cv.yaml field it came from."""

    loc: Loc = ()

    def __new__(cls, value: str, loc: Loc = ()) -> Sourced:
        obj = super().__new__(cls, value)
        obj.loc = tuple(loc)
        return obj


class Rich(Sourced):
    """A user string that may use the inline markup (**bold**, *italic*, [text](url))."""


@dataclass(frozen=True)
class Link:
    label: str
    url: Sourced


@dataclass(frozen=True)
class Labelled:
    """`Advisor: …`: a locale word and a user value."""

    label: str
    text: Sourced
    italic: bool = False


@dataclass(frozen=True)
class Block:
    """An entry with a heading line (school, organization, project …), dates flush right."""

    mark: int
    heading: Sourced
    dates: str = ""
    location: Sourced | None = None
    sub: list[Sourced] = field(default_factory=list)  # the grey line: degree, role …
    compact: list[Sourced] = field(default_factory=list)  # what the one-line form shows after the heading
    aside: list[Labelled] = field(default_factory=list)  # on the grey line, after `sub`
    details: list[Labelled] = field(default_factory=list)  # one line each
    body: Sourced | None = None
    bullets: list[Sourced] = field(default_factory=list)
    url: Sourced | None = None  # the heading links there


@dataclass(frozen=True)
class Row:
    """A one-line entry: `parts` joined by spaces, then `rest` after list separators; dates right."""

    mark: int
    dates: str
    parts: list[Sourced]
    rest: list[Sourced] = field(default_factory=list)
    tag: str | None = None  # a locale word in front, e.g. "Invited"
    quoted: bool = False  # the first part is a title: set in quotes
    links: list[Link] = field(default_factory=list)


@dataclass(frozen=True)
class LabelLine:
    """`Conference Reviewer: ICLR 2025, ICML 2025`."""

    mark: int
    label: Sourced
    values: list[Sourced]
    dates: str = ""


@dataclass(frozen=True)
class Author:
    name: Sourced
    owner: bool


@dataclass(frozen=True)
class VenueView:
    publisher: Sourced | None
    short: Sourced | None
    name: Sourced | None
    workshop: Sourced | None
    bold: bool


@dataclass(frozen=True)
class CitePiece:
    """A piece of a citation (cvtool.citation): the template only styles it."""

    text: str  # a Sourced string for user text, plain for punctuation and words
    style: str  # "" | "me" | "venue" | "badge"


@dataclass(frozen=True)
class Paper:
    mark: int
    label: str
    authors: list[Author]
    title: Sourced
    venue: VenueView | None
    status: Sourced | None
    year: str
    arxiv: Sourced | None
    links: list[Link]
    citation: list[CitePiece] = field(default_factory=list)  # the whole citation, punctuated (cvtool.citation)


@dataclass
class PaperGroup:
    kind: str
    title: str
    papers: list[Paper] = field(default_factory=list)


@dataclass(frozen=True)
class TopicView:
    title: Sourced
    labels: list[str]


# ---------------------------------------------------------------- section bodies, one shape per family


@dataclass(frozen=True)
class Blocks:
    entries: list[Block]


@dataclass(frozen=True)
class Rows:
    rows: list[Row]


@dataclass(frozen=True)
class LabelLines:
    lines: list[LabelLine]


@dataclass(frozen=True)
class Publications:
    groups: list[PaperGroup]


@dataclass(frozen=True)
class Interests:
    intro: Sourced | None
    current: list[TopicView]
    past: list[TopicView]
    past_title: str


@dataclass(frozen=True)
class Item:
    mark: int
    text: Sourced


@dataclass(frozen=True)
class Items:
    """A bullet list."""

    items: list[Item]


@dataclass(frozen=True)
class Paragraph:
    text: Sourced


Body = Blocks | Rows | LabelLines | Publications | Interests | Items | Paragraph


@dataclass(frozen=True)
class SectionView:
    id: str
    kind: str  # names the partial: latex_templates/partials/<kind>.tex.j2
    title: str
    compact: bool
    body: Body


@dataclass(frozen=True)
class Contact:
    text: Sourced
    url: Sourced | None
    icon: str | None = None  # declared in cv.yaml; else icons.icon_name guesses from the URL


@dataclass(frozen=True)
class PersonView:
    name: Sourced
    name_other: Sourced | None
    position: list[Sourced]  # one line each
    affiliation: list[Sourced]  # one line each
    address: Sourced | None
    contacts: list[Contact]


@dataclass(frozen=True)
class DocView:
    """PDF metadata and the "Updated …" stamp."""

    title: str
    author: str
    subject: str
    keywords: list[str]
    updated: str


@dataclass(frozen=True)
class CvView:
    lang: str
    cjk: bool
    pdf_lang: str
    variant: str
    words: dict[str, str]
    doc: DocView
    person: PersonView
    sections: list[SectionView]
    marks: list[str]  # mark number → entry key, for the one-page fitter's measurements

    def context(self) -> dict[str, Any]:
        """The template's top-level names (shallow: the values stay typed)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}
