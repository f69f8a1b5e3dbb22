"""The CV format, as pydantic models: one definition serves validation, defaults and JSON Schema.

Field docstrings (`description=`) become the editor tooltips of `cvtool schema`. Every model
forbids unknown keys, so a typo is an error with a "did you mean" rather than silently ignored.
Cross-references (topics, labels, ids, section names) are checked in `validate.py`, which knows
positions; the models check shapes and single values.
"""

from __future__ import annotations

import re
import typing
import unicodedata
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


def blank_text(text: str) -> bool:
    """No visible character: only spaces, controls and invisible format characters (a lone
    zero-width space would otherwise pass as a name and print as nothing)."""
    return all(unicodedata.category(ch)[0] in "ZC" for ch in text)


def _coerce_text(value: Any) -> Any:
    if isinstance(value, str):
        if blank_text(value):
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
        if text is None or (isinstance(text, str) and blank_text(text)):
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


# Characters a URL may not hold as typed: HTML and Markdown exports would refuse to link it.
_URL_UNSAFE = {"<": "%3C", ">": "%3E", '"': "%22", "'": "%27", "`": "%60"}


def _check_url(value: Any) -> Any:
    """A URL the PDF and every export link alike: whitespace is refused with its %20 spelling;
    `<>"'` and backticks are percent-encoded (the same address, a link HTML can carry)."""
    if not isinstance(value, str):
        return value
    if re.search(r"\s", value.strip()) and _URL.match(re.sub(r"\s", "%20", value.strip())):
        fixed = re.sub(r"\s", "%20", value.strip())
        raise ValueError(f"a URL cannot contain a space, found {value!r}; write each space as %20: '{fixed}'")
    if not _URL.match(value):
        if re.match(r"[\w.-]+\.[a-z]{2,}(/\S*)?\Z", value):
            raise ValueError(f"expected a URL starting with https://, found {value!r}; did you mean 'https://{value}'?")
        raise ValueError(f"expected a URL starting with http:// or https://, found {value!r}")
    return "".join(_URL_UNSAFE.get(ch, ch) for ch in value)


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


DATE_AND_RANGE = "date_and_range"  # the pydantic error type of `date` given with `start`/`end`


class Span(Strict):
    """When: a single `date`, a `start`/`end` range, only a `start` (ongoing since), only an
    `end`, or nothing at all (an undated entry)."""

    date: Date | None = Field(default=None, description="A single date: 2021, 2021-08 or 2021-08-15.")
    start: Date | None = Field(default=None, description="Start of a range; without `end`: ongoing since then.")
    end: EndDate | None = Field(default=None, description="End of a range; `present` while ongoing.")

    @model_validator(mode="after")
    def _consistent(self) -> Span:
        if self.date is not None and (self.start is not None or self.end is not None):
            raise PydanticCustomError(DATE_AND_RANGE, "use either `date` (one date) or `start`/`end` (a range), not both")
        if self.start is not None:
            check_order(self.start, self.end)
        return self

    def sort_key(self) -> tuple[int, ...]:
        """Newest last; undated entries sort first."""
        d = self.date or self.end or self.start
        return d.sort_key() if d else (0,)


class Dated(Entry, Span):
    also: list[Span] = Field(default_factory=list, description="Further dates or periods of the same entry.")


class Described(Strict):
    description: RichTextField | None = Field(default=None, description="A paragraph; may use **bold**, *italic*, [links](https://…).")
    bullets: list[RichTextField] = Field(default_factory=list, description="Bullet points under the entry.")


# ---------------------------------------------------------------- the person


class Link(Strict):
    label: Text
    url: Url
    icon: Literal["email", "phone", "homepage", "link", "location", "blog", "dblp", "arxiv", "github", "gitlab",
                  "orcid", "linkedin", "scholar", "researchgate", "twitter", "x", "mastodon", "bluesky", "youtube",
                  "stackoverflow", "zhihu", "bilibili", "wechat"] | None = Field(
        default=None, description="The icon shown when the design has icons (default: by the URL's host).")


def _one_or_many(value: Any) -> Any:
    return [value] if value is not None and not isinstance(value, list) else value


TextLines = Annotated[list[Text], BeforeValidator(_one_or_many, json_schema_input_type=list[Text] | Text)]


class Person(Strict):
    name: Text
    name_variants: list[Str] = Field(
        default_factory=list,
        description="Other spellings of your name in author lists; each is set in bold.",
    )
    position: TextLines = Field(default_factory=list, description="Title/position lines, one line each.")
    affiliation: TextLines = Field(default_factory=list, description="One line each, e.g. department then university.")
    address: Text | None = None
    emails: list[Email] = Field(default_factory=list)
    phones: list[Str] = Field(default_factory=list)
    homepage: Url | None = None
    links: list[Link] = Field(default_factory=list, description="Labelled links: Google Scholar, ORCID, GitHub, …")


# ---------------------------------------------------------------- entries, one model per kind


class Education(Dated, Described):
    school: Text
    location: Text | None = None
    degree: Text
    field: Text | None = None
    advisor: Text | None = None
    thesis: Text | None = None


class Position(Dated, Described):
    """An appointment: Associate Professor, Department of …, University of …"""

    title: Text
    organization: Text | None = None
    department: Text | None = None
    location: Text | None = None


class Experience(Dated, Described):
    organization: Text
    role: Text | None = None
    location: Text | None = None
    mentor: Text | None = None
    advisor: Text | None = None
    project: Text | None = None


class Topic(Entry):
    id: Id
    title: Text
    current: bool = Field(default=True, description="false for a past research topic.")
    cite: list[Str] = Field(
        default_factory=list, description="Extra publication labels cited by hand (checked to exist)."
    )


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


class Talk(Dated):
    title: Text
    event: Text | None = Field(default=None, description="Conference, seminar series or institution.")
    location: Text | None = None
    type: Literal["invited", "contributed", "keynote", "plenary", "tutorial", "seminar", "panel", "poster"] | None = None
    url: Url | None = None
    slides: Url | None = None
    video: Url | None = None


class Grant(Dated, Described):
    title: Text
    funder: Text | None = None
    role: Text | None = Field(default=None, description="e.g. PI, co-PI, co-I.")
    amount: Str | None = Field(default=None, description="As it should print, e.g. $450,000 or HK$1.2M.")


class Student(Dated, Described):
    name: Text
    degree: Text | None = Field(default=None, description="e.g. Ph.D., M.Sc., undergraduate research.")
    co_advisor: Text | None = None
    thesis: Text | None = None
    placement: Text | None = Field(default=None, description="Where they went, e.g. Assistant Professor at …")


SEASONS = ("spring", "summer", "fall", "autumn", "winter")


def _free_term(value: Any) -> Any:
    """`term: Michaelmas 2023` (or {en: …, zh: …}) is free text; `{season, year}` is structured."""
    if isinstance(value, str) or (isinstance(value, dict) and not {"season", "year", "quarter", "text"} & set(value)):
        return {"text": value}
    return value


class Term(Strict):
    season: Literal["spring", "summer", "fall", "autumn", "winter"] | None = None
    year: int | None = Field(default=None, ge=1000, le=2999)
    quarter: bool = Field(default=False, description="true: printed as e.g. Winter Quarter 2024.")
    text: Text | None = Field(default=None, description="Free text, e.g. Michaelmas 2023.")

    @model_validator(mode="after")
    def _either(self) -> Term:
        if self.text is None and (self.season is None or self.year is None):
            raise ValueError("a term needs `season` and `year` (e.g. {season: fall, year: 2021}) or free text")
        return self


TermField = Annotated[Term, BeforeValidator(_free_term, json_schema_input_type=Term | Text)]


class Teaching(Dated):
    course: Text = Field(description="The course's name.")
    code: Str | None = Field(default=None, description="Course code(s), e.g. CSCI 4430 / ESTR 4120.")
    institution: Text | None = None
    term: TermField | None = None
    role: Literal["instructor", "co_instructor", "teaching_assistant", "guest_lecturer", "tutor", "grader"] | None = None
    co_instructors: list[Text] = Field(default_factory=list)


class Award(Dated):
    title: Text
    organization: Text | None = None


class Service(Dated):
    role: Text
    organization: Text | None = Field(default=None, description="The body served, e.g. a journal or a committee.")
    items: list[Text] = Field(default_factory=list, description="e.g. the conferences reviewed for.")


class Skill(Entry):
    label: Text = Field(description="e.g. Languages, Frameworks.")
    items: list[Text] = Field(min_length=1)


class Project(Dated, Described):
    title: Text
    role: Text | None = None
    organization: Text | None = None
    url: Url | None = None
    keywords: list[Text] = Field(default_factory=list, description="e.g. technologies used.")


class Software(Dated, Described):
    name: Text
    role: Text | None = Field(default=None, description="e.g. author, maintainer, contributor.")
    url: Url | None = None
    keywords: list[Text] = Field(default_factory=list)


class Patent(Dated):
    title: Text
    inventors: list[Str] = Field(default_factory=list)
    number: Str | None = None
    office: Text | None = Field(default=None, description="e.g. US, CN, EP.")
    status: Text | None = Field(default=None, description="e.g. granted, pending.")
    url: Url | None = None


class LanguageSkill(Entry):
    language: Text
    level: Text | None = Field(default=None, description="e.g. native, fluent, C1, IELTS 7.5.")


class Reference(Entry):
    name: Text
    position: Text | None = None
    organization: Text | None = None
    email: Email | None = None
    phone: Str | None = None
    relation: Text | None = Field(default=None, description="e.g. Ph.D. advisor.")


class GenericEntry(Dated, Described):
    title: Text
    subtitle: Text | None = None
    location: Text | None = None
    url: Url | None = None


def _text_entry(value: Any) -> Any:
    """A bullet or a one-liner may be written as bare text instead of {text: …}."""
    if isinstance(value, str) or (isinstance(value, dict) and "text" not in value
                                  and all(isinstance(k, str) and _TAG.match(k) for k in value)):
        return {"text": value}
    return value


class OneLiner(Dated):
    text: RichTextField


class Bullet(Entry):
    text: RichTextField


OneLinerField = Annotated[OneLiner, BeforeValidator(_text_entry, json_schema_input_type=OneLiner | RichTextField)]
BulletField = Annotated[Bullet, BeforeValidator(_text_entry, json_schema_input_type=Bullet | RichTextField)]


# ---------------------------------------------------------------- sections: ordered, each of a kind


class SectionBase(Strict):
    title: Text | None = Field(default=None, description="Default: the language's title for the kind.")
    short_form: bool = Field(default=False, exclude=True)  # written as a bare list / body (for locations)

    def entries_loc(self, section_id: str) -> tuple[str, ...]:
        """Where this section's entries are in cv.yaml: under `entries:` in the long form."""
        return ("sections", section_id) if self.short_form else ("sections", section_id, "entries")


class EducationSection(SectionBase):
    kind: Literal["education"]
    entries: list[Education] = Field(default_factory=list)


class PositionsSection(SectionBase):
    kind: Literal["positions"]
    entries: list[Position] = Field(default_factory=list)


class ExperienceSection(SectionBase):
    kind: Literal["experience"]
    entries: list[Experience] = Field(default_factory=list)


class PublicationsSection(SectionBase):
    kind: Literal["publications"]
    entries: list[Publication] = Field(default_factory=list)
    journal_names: Literal["full", "short"] = Field(
        default="full", description="Journals by full name, or by their short name (venue.short, e.g. TPAMI).")


class ResearchInterestsSection(SectionBase):
    kind: Literal["research_interests"]
    intro: RichTextField | None = None
    topics: list[Topic] = Field(default_factory=list)

    def entries_loc(self, section_id: str) -> tuple[str, ...]:
        return ("sections", section_id, "topics")


class TalksSection(SectionBase):
    kind: Literal["talks"]
    entries: list[Talk] = Field(default_factory=list)


class GrantsSection(SectionBase):
    kind: Literal["grants"]
    entries: list[Grant] = Field(default_factory=list)


class StudentsSection(SectionBase):
    kind: Literal["students"]
    entries: list[Student] = Field(default_factory=list)


class TeachingSection(SectionBase):
    kind: Literal["teaching"]
    entries: list[Teaching] = Field(default_factory=list)


class AwardsSection(SectionBase):
    kind: Literal["awards"]
    entries: list[Award] = Field(default_factory=list)


class ServiceSection(SectionBase):
    kind: Literal["service"]
    entries: list[Service] = Field(default_factory=list)


class SkillsSection(SectionBase):
    kind: Literal["skills"]
    entries: list[Skill] = Field(default_factory=list)


class ProjectsSection(SectionBase):
    kind: Literal["projects"]
    entries: list[Project] = Field(default_factory=list)


class SoftwareSection(SectionBase):
    kind: Literal["software"]
    entries: list[Software] = Field(default_factory=list)


class PatentsSection(SectionBase):
    kind: Literal["patents"]
    entries: list[Patent] = Field(default_factory=list)


class LanguagesSection(SectionBase):
    kind: Literal["languages"]
    entries: list[LanguageSkill] = Field(default_factory=list)


class ReferencesSection(SectionBase):
    kind: Literal["references"]
    entries: list[Reference] = Field(default_factory=list)


class EntriesSection(SectionBase):
    kind: Literal["entries"]
    entries: list[GenericEntry] = Field(default_factory=list)


class OneLinersSection(SectionBase):
    kind: Literal["oneliners"]
    entries: list[OneLinerField] = Field(default_factory=list)


class BulletsSection(SectionBase):
    kind: Literal["bullets"]
    entries: list[BulletField] = Field(default_factory=list)


class ParagraphSection(SectionBase):
    kind: Literal["paragraph"]
    text: RichTextField

    def entries_loc(self, section_id: str) -> tuple[str, ...]:
        return ("sections", section_id)


SECTION_MODELS: dict[str, type[SectionBase]] = {
    typing.get_args(model.model_fields["kind"].annotation)[0]: model
    for model in (
        EducationSection, PositionsSection, ExperienceSection, PublicationsSection, ResearchInterestsSection,
        TalksSection, GrantsSection, StudentsSection, TeachingSection, AwardsSection, ServiceSection, SkillsSection,
        ProjectsSection, SoftwareSection, PatentsSection, LanguagesSection, ReferencesSection, EntriesSection,
        OneLinersSection, BulletsSection, ParagraphSection,
    )
}
KINDS = tuple(SECTION_MODELS)
BODY_KINDS = ("research_interests", "paragraph")  # a mapping of fields, not a list of entries
# Section ids that name a kind without being its name: `appointments:` is a positions section.
KIND_ALIASES = {
    "appointments": "positions", "employment": "positions", "funding": "grants", "supervision": "students",
    "mentoring": "students", "advising": "students", "services": "service", "honors": "awards",
    "interests": "research_interests", "summary": "paragraph", "about": "paragraph",
}

Section = Annotated[
    EducationSection | PositionsSection | ExperienceSection | PublicationsSection | ResearchInterestsSection
    | TalksSection | GrantsSection | StudentsSection | TeachingSection | AwardsSection | ServiceSection
    | SkillsSection | ProjectsSection | SoftwareSection | PatentsSection | LanguagesSection | ReferencesSection
    | EntriesSection | OneLinersSection | BulletsSection | ParagraphSection,
    Field(discriminator="kind"),
]


def kind_of_id(section_id: str) -> str | None:
    """The kind a section id names (`education`, `appointments` → positions), if any."""
    return section_id if section_id in SECTION_MODELS else KIND_ALIASES.get(section_id)


def long_form(section_id: str, value: Any) -> Any:
    """A section as written → its long form `{kind, title?, entries | body fields}`.

    A list is the entries of the kind the id names; a mapping without `kind` takes the id's kind."""
    short = isinstance(value, list) or (isinstance(value, dict) and "kind" not in value and "entries" not in value
                                         and "title" not in value)
    if isinstance(value, list):
        value = {"entries": value}
    elif isinstance(value, str) and kind_of_id(section_id) == "paragraph":
        value, short = {"text": value}, True
    if isinstance(value, dict) and "kind" not in value and (kind := kind_of_id(section_id)):
        value = {"kind": kind, **value}
    if isinstance(value, dict) and short:
        value = {**value, "short_form": True}
    return value


# ---------------------------------------------------------------- layout, variants, profiles


class SectionRule(Strict):
    include: bool = True
    max_items: int | None = Field(default=None, ge=0)
    min_items: int | None = Field(
        default=None, ge=0, description="Entries the one-page fitter keeps at the least (default 1; 0: may empty it)."
    )
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
    sections: dict[Id, RuleField] = Field(
        default_factory=dict, description="Per section id: false to leave it out, or a rule."
    )
    drop_order: list[Id] = Field(
        default_factory=list, description="Section ids whose lowest-priority entries are dropped first when fitting."
    )
    fit: FitBounds = Field(default_factory=FitBounds)
    design: DesignSpec | None = Field(default=None, description="Design choices for this variant only.")


class Profile(Strict):
    description: Text | None = None
    topics: list[Id] = Field(default_factory=list, description="Topics to put first; others follow or are dropped.")
    only_topics: bool = Field(default=False, description="Drop publications and topics not on `topics`.")
    sections: list[Id] | None = Field(default=None, description="Section ids, in the order this profile shows them.")
    keep: list[Id] = Field(default_factory=list, description="Entry ids always kept.")
    drop: list[Id] = Field(default_factory=list, description="Entry ids always dropped.")
    design: DesignSpec | None = Field(default=None, description="Design choices for this profile only.")


class Layout(Strict):
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
    """A CV: the person, then its sections in order (format 2)."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="cvtool CV")

    languages: list[LangTag] = Field(
        default_factory=list,
        description="The languages of this CV, e.g. [en, zh, zh-hant]; `render` builds each. Default: those its text uses.",
    )
    conversion: dict[LangTag, Conversion] = Field(
        default_factory=dict, description="Per derived language (zh-hant): the conversion standard and pinned words."
    )
    person: Person
    meta: Meta = Field(default_factory=Meta)
    layout: Layout = Field(default_factory=Layout)
    design: DesignSpec = Field(default_factory=DesignSpec, description="How the CV looks: theme, paper, fonts, colours.")
    sections: dict[Id, Section] = Field(
        default_factory=dict, description="Ordered: id → a list of entries (the id names the kind) or {kind, title, entries}.")
    variants: dict[Literal["full", "short"], Variant] = Field(default_factory=dict)
    profiles: dict[Id, Profile] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _long_forms(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("sections"), dict):
            data = {**data, "sections": {k: long_form(str(k), v) for k, v in data["sections"].items()}}
        return data

    def of_kind(self, kind: str) -> list[tuple[str, Any]]:
        """(id, section) of every section of `kind`, in order."""
        return [(sid, s) for sid, s in self.sections.items() if s.kind == kind]

    @property
    def publications(self) -> list[Publication]:
        """Every publication, of every publications section, in file order (labels number them all)."""
        return [p for _, s in self.of_kind("publications") for p in s.entries]

    @property
    def topics(self) -> list[Topic]:
        """The research topics (of the research_interests sections) that publications refer to."""
        return [t for _, s in self.of_kind("research_interests") for t in s.topics]
