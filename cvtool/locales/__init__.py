"""Everything that differs between languages, as data: one `<tag>.yaml` locale file per language.

Templates and code never branch on the language: they read these words and formats. Adding a
language means adding `cvtool/locales/<tag>.yaml` (same keys as `en.yaml`) and its tests.
Each file is validated with pydantic when first used, so a broken locale fails loudly.
"""

from __future__ import annotations

import datetime as _dt
import functools
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from cvtool.dates import PartialDate
from cvtool.errors import CvError

HERE = Path(__file__).resolve().parent
FALLBACK = "en"  # titles a locale lacks come from here


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DateFormats(_Data):
    """Placeholders: {year}, {month} (number), {mon} (`months`), {month_name} (`month_names`)."""

    month: str
    year: str = "{year}"
    range: str = "{start} – {end}"
    present: str
    months: list[str] | None = Field(default=None, min_length=12, max_length=12)
    month_names: list[str] | None = Field(default=None, min_length=12, max_length=12)

    def fill(self, template: str, year: int, month: int) -> str:
        names = (self.months or [])[month - 1: month] or [str(month)]
        long_names = (self.month_names or [])[month - 1: month] or names
        return template.format(year=year, month=month, mon=names[0], month_name=long_names[0])


class Derive(_Data):
    """How text this language lacks is made from another language (OpenCC, `cvtool.convert`)."""

    from_: str = Field(alias="from")
    standards: dict[str, str] = Field(min_length=1)  # setting name → OpenCC configuration
    default: str

    @model_validator(mode="after")
    def _default_known(self) -> Derive:
        if self.default not in self.standards:
            raise ValueError(f"derive.default {self.default!r} is not one of {', '.join(self.standards)}")
        return self


class Punctuation(_Data):
    list_sep: str  # between the items of a list: ", " / "，"
    colon: str  # after a label: ": " / "："


class CitationWords(_Data):
    """The words of a citation (`cvtool.citation`): "et al.", "In", "Preprint", "{degree} thesis" …"""

    et_al: str
    in_: str = Field(alias="in")
    preprint: str  # a preprint without an arXiv id or a status
    thesis: str  # "{degree} thesis" / "{degree}学位论文"
    report: str
    patent: str
    vol: str
    no: str
    pp: str
    edited: str
    degrees: dict[str, str] = Field(default_factory=dict)  # a thesis's degree as written → in this language
    default_degree: str = ""  # a thesis that names no degree


class Seasons(_Data):
    spring: str
    summer: str
    fall: str
    autumn: str
    winter: str
    format: str  # "{season} {year}"
    quarter_format: str  # "{season} Quarter {year}"


class Locale(_Data):
    tag: str
    name: str  # the language's own name for itself
    pdf_lang: str  # BCP 47 tag for the PDF /Lang entry
    cjk: bool  # typeset with CJK line breaking as the main script
    name_order: Literal["given-family", "family-given"]
    fonts: dict[Literal["main", "sans", "cjk_main", "cjk_sans"], str]  # font role → family (fonts.py)
    derive: Derive | None = None
    dates: DateFormats
    updated: str  # the "updated" stamp; placeholders as in `dates`
    punctuation: Punctuation
    labels: dict[str, str]
    citation: CitationWords
    website: dict[str, str]  # the academicpages publications page: current, past, and, topic_end, scholar
    seasons: Seasons
    bold_venue: bool  # venue short names in bold
    sections: dict[str, str]  # section kind → title
    publication_kinds: dict[str, str]  # publication kind → group title

    @property
    def words(self) -> dict[str, str]:
        """Label words and punctuation, as the templates read them (`words.colon`, `words.advisor`)."""
        return {**self.labels, **self.punctuation.model_dump()}

    def date(self, d: PartialDate) -> str:
        if d.present:
            return self.dates.present
        if d.month is None:
            return self.dates.year.format(year=d.year)
        return self.dates.fill(self.dates.month, d.year, d.month)

    def period(self, start: PartialDate, end: PartialDate | None) -> str:
        if end is None or end == start:
            return self.date(start)
        return self.dates.range.format(start=self.date(start), end=self.date(end))

    def term(self, season: str, year: int, quarter: bool = False) -> str:
        template = self.seasons.quarter_format if quarter else self.seasons.format
        return template.format(season=getattr(self.seasons, season), year=year)

    def updated_stamp(self, day: _dt.date) -> str:
        return self.dates.fill(self.updated, day.year, day.month)

    def section_title(self, kind: str) -> str:
        """The title of a section kind; English when this locale has none, else the kind's name."""
        if kind in self.sections:
            return self.sections[kind]
        english = locale(FALLBACK).sections if self.tag != FALLBACK else {}
        return english.get(kind) or kind.replace("_", " ").capitalize()

    def publication_kind(self, kind: str) -> str:
        if kind in self.publication_kinds:
            return self.publication_kinds[kind]
        return locale(FALLBACK).publication_kinds.get(kind, kind.capitalize())

    def format_name(self, given: str, family: str) -> str:
        """A person's name in this language's order ("Qingyu Song" / "宋庆禹")."""
        if self.name_order == "family-given":
            return f"{family}{'' if self.cjk else ' '}{given}"
        return f"{given} {family}"


def available() -> list[str]:
    """The tags of every shipped locale, sorted."""
    return sorted(p.stem for p in HERE.glob("*.yaml"))


@functools.cache
def locale(tag: str) -> Locale:
    """The locale of `tag` (lower case), validated; a CvError when there is none or it is broken."""
    path = HERE / f"{tag}.yaml"
    if not path.is_file():
        raise CvError(f"no locale for language {tag!r}; cvtool has: {', '.join(available())}",
                      hint=f"Add cvtool/locales/{tag}.yaml (copy en.yaml) to support it.")
    try:
        found = Locale.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (yaml.YAMLError, ValidationError) as exc:
        raise CvError(f"the locale file {path.name} is broken: {exc}") from None
    if found.tag != tag:
        raise CvError(f"the locale file {path.name} declares tag {found.tag!r}; expected {tag!r}")
    return found
