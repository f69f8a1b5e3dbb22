"""The CV format, as pydantic models: one definition serves validation, defaults and JSON Schema.

Field docstrings (`description=`) become the editor tooltips of `cvtool schema`. Every model
forbids unknown keys, so a typo is an error with a "did you mean" rather than silently ignored.
Cross-references (topics, labels, ids, section names) are checked in `validate.py`, which knows
positions; the models check shapes and single values.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    RootModel,
    WithJsonSchema,
    field_validator,
    model_serializer,
    model_validator,
)
from pydantic_core import PydanticCustomError

from cvtool.dates import PartialDate, parse_date
from cvtool.design import DesignSpec

# A language tag as in BCP 47 (en, zh, zh-hant, pt-br); compared lower-case, so zh-Hant = zh-hant.
LANG_TAG = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
_TAG = re.compile(LANG_TAG)
EVERY = "*"  # the key of a plain string: the same text in every language


def normalize_tag(tag: str) -> str:
    """`zh-Hant` → `zh-hant`: tags are compared case-insensitively, stored lower-case."""
    return tag.lower()


DEFAULT_MARGIN_CM = 1.8  # the page margin the one-page fitter starts from (latex.style.Typography)

SECTIONS = ("education", "research_interests", "publications", "experience", "teaching", "awards", "services")
Section = Literal["education", "research_interests", "publications", "experience", "teaching", "awards", "services"]

PUBLICATION_KINDS = ("preprint", "journal", "conference", "workshop", "book", "chapter", "thesis", "report", "patent")
PublicationKind = Literal["preprint", "journal", "conference", "workshop", "book", "chapter", "thesis", "report", "patent"]
VENUE_KINDS = ("journal", "conference", "workshop")  # kinds that are published somewhere: a venue is required


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# ---------------------------------------------------------------- text


class LocalizedText(RootModel[dict[str, str]]):
    """Text in each language: lower-case language tag → text. A plain string in YAML means the
    same text in every language and is held under the key `EVERY`."""

    model_config = ConfigDict(frozen=True)

    @property
    def same(self) -> bool:
        return EVERY in self.root

    @property
    def tags(self) -> list[str]:
        """The languages this text is written in (none for a plain string), in file order."""
        return [tag for tag in self.root if tag != EVERY]

    def get(self, lang: str) -> str | None:
        """The text written for `lang` (any case), or the plain string; None when there is none."""
        return self.root.get(EVERY) or self.root.get(normalize_tag(lang))

    def missing(self, langs: Iterable[str]) -> list[str]:
        """Which of `langs` have no text here."""
        return [] if self.same else [lang for lang in langs if not self.get(lang)]

    def first(self, order: Iterable[str] = ()) -> tuple[str, str]:
        """(tag, text) of the first language of `order` that has text, else of the file's first."""
        for lang in order:
            if text := self.get(lang):
                return normalize_tag(lang), text
        return next(iter(self.root.items()))

    def texts(self) -> list[str]:
        """Every text written here, once each (for matching, e.g. the owner's name in author lists)."""
        return list(dict.fromkeys(self.root.values()))

    @model_serializer
    def _as_written(self) -> str | dict[str, str]:
        return self.root[EVERY] if self.same else dict(self.root)


def _coerce_text(value: Any) -> Any:
    if isinstance(value, str):
        if not value.strip():
            raise ValueError("expected text, found an empty string")
        return {EVERY: value}
    if isinstance(value, dict):
        return _text_mapping(value)
    if isinstance(value, LocalizedText):
        return value
    kind = "a list" if isinstance(value, list) else "nothing" if value is None else type(value).__name__
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise ValueError(f"expected text, found the number {value!r}; quote it to make it text")
    raise ValueError(f"expected text (a string, or a mapping {{en: …, zh: …}}), found {kind}")


def _text_mapping(value: dict[Any, Any]) -> dict[str, Any]:
    """Tags folded to lower case; `{en: "  "}` or `{en: }` is no English text (missing, not a blank)."""
    out: dict[str, Any] = {}
    for key, text in value.items():
        if not isinstance(key, str) or not _TAG.match(key):
            raise ValueError(f"unknown language `{key}`; expected language tags such as en, zh, zh-hant")
        tag = normalize_tag(key)
        if tag in out:
            raise ValueError(f"the language `{tag}` is given twice (tags ignore case: {key} = {tag})")
        if text is None or (isinstance(text, str) and not text.strip()):
            continue
        out[tag] = text
    if not out:
        raise ValueError("expected text in at least one language, e.g. {en: …, zh: …}")
    return out


_TEXT_SCHEMA = {
    "anyOf": [
        {"type": "string", "minLength": 1},
        {
            "type": "object",
            "patternProperties": {LANG_TAG: {"type": "string"}},
            "additionalProperties": False,
            "minProperties": 1,
        },
    ]
}

Text = Annotated[LocalizedText, BeforeValidator(_coerce_text), WithJsonSchema(_TEXT_SCHEMA)]
"""A text field: a string (same in every language) or {tag: text}, e.g. {en: …, zh: …}."""


class RichText(LocalizedText):
    """Prose that may use the tiny inline markup: **bold**, *italic*, [text](https://…)."""


RichTextField = Annotated[RichText, BeforeValidator(_coerce_text), WithJsonSchema(_TEXT_SCHEMA)]


def _plain_string(value: Any) -> Any:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise ValueError(f"expected a string, found the number {value!r}; quote it")
    return value


Str = Annotated[str, BeforeValidator(_plain_string), Field(min_length=1)]

# ---------------------------------------------------------------- dates

_DATE_SCHEMA = {
    "anyOf": [
        {"type": "integer", "minimum": 1000, "maximum": 2999},
        {"type": "string", "pattern": r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"},
    ]
}
_END_SCHEMA = {"anyOf": [*_DATE_SCHEMA["anyOf"], {"const": "present"}]}

Date = Annotated[
    PartialDate,
    BeforeValidator(lambda v: parse_date(v)),
    PlainSerializer(str, return_type=str),
    WithJsonSchema(_DATE_SCHEMA),
]
EndDate = Annotated[
    PartialDate,
    BeforeValidator(lambda v: parse_date(v, allow_present=True)),
    PlainSerializer(str, return_type=str),
    WithJsonSchema(_END_SCHEMA),
]

_URL = re.compile(r"(https?|mailto):\S+\Z")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+\Z")
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*\Z")


def _check_url(value: Any) -> Any:
    if isinstance(value, str) and not _URL.match(value):
        if re.match(r"[\w.-]+\.[a-z]{2,}(/\S*)?\Z", value):
            raise ValueError(f"expected a URL starting with https://, found {value!r}; did you mean 'https://{value}'?")
        raise ValueError(f"expected a URL starting with http:// or https://, found {value!r}")
    return value


def _check_email(value: Any) -> Any:
    if isinstance(value, str) and not _EMAIL.match(value):
        raise ValueError(f"expected an e-mail address like name@example.org, found {value!r}")
    return value


def _check_id(value: Any) -> Any:
    if isinstance(value, str) and not _ID.match(value):
        raise ValueError(f"expected an id of letters, digits, '-', '_' or '.', found {value!r}")
    return value


Url = Annotated[str, BeforeValidator(_check_url)]
Email = Annotated[str, BeforeValidator(_check_email)]
Id = Annotated[str, BeforeValidator(_check_id)]


class Period(Strict):
    start: Date
    end: EndDate | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        check_order(self.start, self.end)
        return self


END_BEFORE_START = "end_before_start"  # the pydantic error type of a reversed range


def check_order(start: PartialDate, end: PartialDate | None) -> None:
    """Refuse an end before its start, comparing only the precision both know (2021 vs 2021-08)."""
    if end is None or end.present:
        return
    a = (start.year, start.month, start.day)
    b = (end.year, end.month, end.day)
    n = 1 + (a[1] is not None and b[1] is not None) + (a[1] is not None and b[1] is not None and a[2] is not None and b[2] is not None)
    if b[:n] < a[:n]:
        raise PydanticCustomError(END_BEFORE_START, "the end {end} is before the start {start}",
                                  {"end": str(end), "start": str(start)})


class Entry(Strict):
    """What every list entry may carry: an id to refer to it, and its weight for short variants."""

    id: Id | None = Field(default=None, description="A stable name to refer to this entry (profiles, priorities).")
    priority: int = Field(
        default=0,
        description="Higher is more important. The short variant keeps the highest first and drops the lowest first.",
    )
    short: bool | None = Field(
        default=None, description="true: always in the short variant; false: never; unset: by priority."
    )


class DatedEntry(Entry):
    start: Date
    end: EndDate | None = Field(default=None, description="`present` while ongoing; unset for a single date.")
    also: list[Period] = Field(default_factory=list, description="Further periods of the same entry.")

    @model_validator(mode="after")
    def _ordered(self) -> DatedEntry:
        check_order(self.start, self.end)
        return self


# ---------------------------------------------------------------- sections


class Link(Strict):
    label: Text
    url: Url


class Person(Strict):
    name: Text
    name_variants: list[Str] = Field(
        default_factory=list,
        description="Other spellings of your name in author lists; each is set in bold.",
    )
    position: Text | None = None
    affiliation: list[Text] = Field(default_factory=list, description="One line each, e.g. department then university.")
    emails: list[Email] = Field(default_factory=list)
    phones: list[Str] = Field(default_factory=list)
    homepage: Url | None = None
    links: list[Link] = Field(default_factory=list)


class Education(DatedEntry):
    school: Text
    city: Text | None = None
    degree: Text
    field: Text | None = None
    advisor: Text | None = None
    thesis: Text | None = None


class Topic(Entry):
    id: Id
    title: Text
    current: bool = Field(default=True, description="false for a past research topic.")
    cite: list[Str] = Field(
        default_factory=list, description="Extra publication labels cited by hand (checked to exist)."
    )


class ResearchInterests(Strict):
    intro: RichTextField | None = None
    topics: list[Topic] = Field(default_factory=list)


class Venue(Strict):
    short: Str | None = Field(default=None, description="Short name set in bold, e.g. INFOCOM; for a journal its abbreviation.")
    name: Text | None = Field(default=None, description="Full name, e.g. IEEE International Conference on …")
    publisher: Str | None = Field(default=None, description="e.g. IEEE, ACM, IEEE/CVF.")
    workshop: Text | None = Field(default=None, description="For a workshop: its name; the venue is the host.")

    @model_validator(mode="after")
    def _named(self) -> Venue:
        if not (self.short or self.name):
            raise ValueError("a venue needs `short` or `name`")
        return self


_ARXIV = re.compile(r"(\d{4}\.\d{4,5}|[a-z-]+(\.[A-Z]{2})?/\d{7})(v\d+)?\Z")
BibValue = Annotated[str, BeforeValidator(lambda v: str(v) if isinstance(v, int) and not isinstance(v, bool) else v)]


class Publication(Entry):
    """A paper, book, chapter, thesis, report or patent. Import from BibTeX with `cvtool import-bib`."""

    id: Id
    kind: PublicationKind
    status: Text | None = Field(default=None, description="e.g. Under review, Submitted, To appear.")
    authors: list[Str] = Field(min_length=1)
    authors_incomplete: bool = Field(default=False, description="The list is cut short (BibTeX `and others`): printed with one “et al.”.")
    title: Text
    venue: Venue | None = Field(default=None, description="Journal or conference (required for those kinds); for a chapter, the book.")
    date: Date = Field(description="Publication date: YYYY or YYYY-MM; orders and numbers the list.")
    volume: Str | None = None
    issue: Str | None = Field(default=None, description="Journal issue (BibTeX `number`).")
    pages: Str | None = Field(default=None, description="e.g. 101--108 or 28:1--28:19.")
    number: Str | None = Field(default=None, description="Report or patent number.")
    publisher: Str | None = Field(default=None, description="Publisher of a book, chapter or report.")
    institution: Text | None = Field(default=None, description="School of a thesis, institution of a report.")
    degree: Str | None = Field(default=None, description="For a thesis: PhD, Master's, …")
    editors: list[Str] = Field(default_factory=list)
    presentation: Str | None = Field(default=None, description="A badge such as Oral, Spotlight, Poster.")
    award: Text | None = Field(default=None, description="e.g. Best Paper Award.")
    arxiv: Str | None = Field(default=None, description="arXiv id, e.g. 2501.18092.")
    doi: Str | None = None
    pdf: Url | None = None
    code: Url | None = None
    url: Url | None = None
    html: Url | None = None
    slides: Url | None = None
    poster: Url | None = None
    video: Url | None = None
    website: Url | None = None
    related: list[Id] = Field(default_factory=list, description="Ids of other versions (a workshop version, the journal extension).")
    selected: bool = Field(default=False, description="A selected publication (al-folio `selected`).")
    abbr: Str | None = Field(default=None, description="Badge shown by al-folio, e.g. NeurIPS.")
    topics: list[Id] = Field(default_factory=list, description="Ids of research_interests.topics.")
    bibtex_type: Str | None = Field(default=None, description="The BibTeX entry type it was imported from, e.g. mastersthesis.")
    bibtex: dict[Str, BibValue] = Field(
        default_factory=dict, description="Other BibTeX fields, kept as imported (LaTeX) so the BibTeX export loses nothing."
    )

    @field_validator("arxiv")
    @classmethod
    def _arxiv(cls, value: str | None) -> str | None:
        if value is not None:
            value = value.removeprefix("arXiv:")
            if not _ARXIV.match(value):
                raise ValueError(f"expected an arXiv id like 2501.18092, found {value!r}")
        return value

    @model_validator(mode="after")
    def _venue(self) -> Publication:
        if self.kind in VENUE_KINDS and self.venue is None:
            raise ValueError(f"a {self.kind} paper needs a `venue`")
        return self


class Experience(DatedEntry):
    organization: Text
    role: Text | None = None
    location: Text | None = None
    mentor: Text | None = None
    advisor: Text | None = None
    project: Text | None = None
    description: RichTextField | None = None


class Term(Strict):
    season: Literal["spring", "summer", "fall"]
    year: int = Field(ge=1000, le=2999)


class Teaching(Entry):
    term: Term
    institution: Text
    course: Str = Field(description="Course code(s), e.g. CSCI 4430 / ESTR 4120.")
    title: Text


class Award(DatedEntry):
    title: Text
    organization: Text | None = None


class Service(Entry):
    role: Text
    items: list[Text] = Field(default_factory=list)


# ---------------------------------------------------------------- layout, variants, profiles


class SectionRule(Strict):
    include: bool = True
    max_items: int | None = Field(default=None, ge=0)
    compact: bool = Field(default=False, description="One line per entry (drops advisor, thesis, descriptions).")
    kinds: list[PublicationKind] | None = Field(default=None, description="publications only: which kinds to keep.")


class FitBounds(Strict):
    """How far the one-page fitter may tighten the type before it drops entries."""

    min_font_size: float = Field(default=10.0, ge=9.0, le=12.0)
    min_margin_cm: float = Field(default=1.2, ge=0.8)
    min_spacing: float = Field(default=0.5, ge=0.2, le=1.0, description="Vertical spacing factor floor.")


RuleField = Annotated[
    SectionRule,
    BeforeValidator(lambda v: {"include": v} if isinstance(v, bool) else v, json_schema_input_type=bool | SectionRule),
]


class Variant(Strict):
    sections: dict[Section, RuleField] = Field(
        default_factory=dict, description="Per section: false to leave it out, or a rule."
    )
    drop_order: list[Section] = Field(
        default_factory=list, description="Sections whose lowest-priority entries are dropped first when fitting."
    )
    fit: FitBounds = Field(default_factory=FitBounds)
    design: DesignSpec | None = Field(default=None, description="Design choices for this variant only.")


class Profile(Strict):
    description: Text | None = None
    topics: list[Id] = Field(default_factory=list, description="Topics to put first; others follow or are dropped.")
    only_topics: bool = Field(default=False, description="Drop publications and topics not on `topics`.")
    sections: list[Section] | None = Field(default=None, description="Section order for this profile.")
    keep: list[Id] = Field(default_factory=list, description="Entry ids always kept.")
    drop: list[Id] = Field(default_factory=list, description="Entry ids always dropped.")
    design: DesignSpec | None = Field(default=None, description="Design choices for this profile only.")


class Layout(Strict):
    sections: list[Section] = Field(default_factory=lambda: list(SECTIONS))  # type: ignore[arg-type]
    titles: dict[Section, Text] = Field(default_factory=dict, description="Override section titles.")
    labels: dict[PublicationKind, Str] = Field(
        default_factory=dict, description="Label prefix per publication kind (default P, J, C, W)."
    )
    font_size: float = Field(default=11.0, ge=9.0, le=12.0)


class Meta(Strict):
    subject: Text | None = None
    keywords: list[Text] = Field(default_factory=list)


def _check_tag(value: Any) -> Any:
    if isinstance(value, str):
        if not _TAG.match(value):
            raise ValueError(f"expected a language tag such as en, zh or zh-hant, found {value!r}")
        return normalize_tag(value)
    return value


LangTag = Annotated[str, BeforeValidator(_check_tag), WithJsonSchema({"type": "string", "pattern": LANG_TAG})]


class Conversion(Strict):
    """How text a language lacks is made from another language (zh-hant from zh, with OpenCC)."""

    standard: Str | None = Field(
        default=None, description="zh-hant: hk (Hong Kong, default), tw (Taiwan) or tw-phrases (Taiwan vocabulary too)."
    )
    pin: dict[Str, Str] = Field(
        default_factory=dict,
        description="Words kept exactly as given, e.g. proper names: {宋庆禹: 宋慶禹} (source text → converted text).",
    )


class CV(Strict):
    """A bilingual CV."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="cvtool CV")

    languages: list[LangTag] | None = Field(
        default=None,
        description="The languages of this CV, e.g. [en, zh, zh-hant]; `render` builds each. Default: those its text uses.",
    )
    conversion: dict[LangTag, Conversion] = Field(
        default_factory=dict, description="Per derived language (zh-hant): the conversion standard and pinned words."
    )
    person: Person
    meta: Meta = Field(default_factory=Meta)
    layout: Layout = Field(default_factory=Layout)
    design: DesignSpec = Field(default_factory=DesignSpec, description="How the CV looks: theme, paper, fonts, colours.")
    education: list[Education] = Field(default_factory=list)
    research_interests: ResearchInterests | None = None
    publications: list[Publication] = Field(default_factory=list)
    experience: list[Experience] = Field(default_factory=list)
    teaching: list[Teaching] = Field(default_factory=list)
    awards: list[Award] = Field(default_factory=list)
    services: list[Service] = Field(default_factory=list)
    variants: dict[Literal["full", "short"], Variant] = Field(default_factory=dict)
    profiles: dict[Id, Profile] = Field(default_factory=dict)
