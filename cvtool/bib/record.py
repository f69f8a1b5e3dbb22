"""One raw BibTeX entry → the cv.yaml publication it becomes (a plain mapping), or why it cannot.

Mapped fields are decoded to Unicode (math kept as `$…$`); every other field is kept as written
under `bibtex:` so the export gives back what was imported. The mapping is checked against the
model (`Publication`) here, entry by entry: a bad entry is skipped with its reason and never
stops the others.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from cvtool.bib.fields import EntryProblem, arxiv_id, clean_doi, clean_url, date_of, ident, status_of
from cvtool.bib.kinds import KindError, infer_kind, thesis_degree
from cvtool.bib.latex import decode
from cvtool.bib.names import parse_names
from cvtool.bib.parse import RawEntry
from cvtool.bib.venues import KnownVenue, find_venue, workshop_name
from cvtool.model import VENUE_KINDS, Publication

# BibTeX fields that become publication fields (the rest is kept under `bibtex:`)
_LINKS = ("pdf", "code", "html", "slides", "poster", "video", "website")
_TEXT_FIELDS = ("title", "journal", "journaltitle", "booktitle", "publisher", "school", "institution", "note",
                "howpublished", "type", "organization")
_PRESENTATIONS = re.compile(r"\b(oral|spotlight|poster|highlight|long talk|contributed talk)\b", re.IGNORECASE)
_TALK = re.compile(r"\b(invit\w*|talks?|keynote|seminar)\b", re.IGNORECASE)
_NOT_A_VENUE = re.compile(r"^(preprint|arxiv|phd|ms|msc|thesis|book|chapter|report|patent|workshop|journal|under review)\b",
                          re.IGNORECASE)


@dataclass
class Record:
    """An entry that makes a valid publication: `item` is what cv.yaml gets."""

    raw: RawEntry
    item: dict[str, Any]
    kind_reason: str
    notes: list[str] = field(default_factory=list)
    marked: tuple[str, ...] = ()  # names bold/underlined in the .bib

    @property
    def id(self) -> str:
        return str(self.item["id"])

    @property
    def kind(self) -> str:
        return str(self.item["kind"])


def build_record(raw: RawEntry, venues: tuple[KnownVenue, ...], kind_option: str = "auto") -> Record:
    """The publication of one entry; EntryProblem says why there is none."""
    text = {k: decode(v) for k, v in raw.fields.items() if k in _TEXT_FIELDS}
    used: set[str] = set()
    notes: list[str] = []
    item: dict[str, Any] = {"id": ident(raw.key)}
    if not item["id"]:
        raise EntryProblem(f"the key {raw.key!r} has no letters or digits to make an id from")
    kind, reason = _kind(raw, text, venues, kind_option)
    item["kind"] = kind
    marked = _people(raw, item, used)
    if not text.get("title"):
        raise EntryProblem("no `title`")
    item["title"] = _no_final_stop(text["title"])  # the citation puts its own stop after the title
    used.add("title")
    _venue(raw, kind, text, venues, item, used)
    item["date"] = date_of(raw.fields, used, notes)
    _numbers(raw, kind, text, item, used)
    _links(raw, item, used, notes)
    _badges(raw, text, item, used)
    _keep_rest(raw, item, used)
    _keep_cased_title(raw, item)
    try:
        Publication.model_validate(item)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise EntryProblem(f"{where}: {first['msg']}" if where else first["msg"]) from None
    return Record(raw, ordered(item), reason, notes, marked)


def _kind(raw: RawEntry, text: dict[str, str], venues: tuple[KnownVenue, ...], option: str) -> tuple[str, str]:
    if option != "auto":
        return option, "--kind"
    if raw.entry_type == "talk" or _TALK.search(raw.fields.get("keywords", "")):
        raise EntryProblem("a talk, not a publication (keywords or type say so): add it to a talks section")
    if raw.entry_type == "proceedings" and raw.cited_by:
        raise EntryProblem(f"the proceedings that {', '.join(raw.cited_by[:3])} cross-reference (their venue, not a paper)")
    try:
        return infer_kind(raw.entry_type, text, venues)
    except KindError as exc:
        raise EntryProblem(str(exc)) from None


def _people(raw: RawEntry, item: dict[str, Any], used: set[str]) -> tuple[str, ...]:
    authors = parse_names(raw.fields.get("author", ""))
    editors = parse_names(raw.fields.get("editor", ""))
    used.update(("author", "editor"))
    if not authors.names:
        if item["kind"] == "book" and editors.names:
            authors = editors
        else:
            raise EntryProblem("no `author` (a talk? add it to a talks section)"
                               if raw.entry_type in ("inproceedings", "misc") else "no `author`")
    item["authors"] = list(authors.names)
    if authors.incomplete:
        item["authors_incomplete"] = True
    if editors.names and not editors.incomplete:
        item["editors"] = list(editors.names)
    elif editors.names:  # cv.yaml has no "et al." for editors: the field is kept as written (under `bibtex:`)
        used.discard("editor")
    return authors.marked


def _venue(raw: RawEntry, kind: str, text: dict[str, str], venues: tuple[KnownVenue, ...],
           item: dict[str, Any], used: set[str]) -> None:
    where = text.get("journal") or text.get("journaltitle") or text.get("booktitle")
    if kind in VENUE_KINDS or kind == "chapter":
        if not where:
            raise EntryProblem(f"a {kind} paper needs a venue, but the entry has no journal or booktitle")
        venue: dict[str, Any] = {}
        known = find_venue(where, venues)
        abbr = raw.fields.get("abbr")
        if known is not None and kind != "chapter":
            venue["short"] = known.short
        elif abbr and not _NOT_A_VENUE.match(abbr) and len(abbr) <= 16:
            venue["short"] = re.sub(r"['’]?\s*\d{2,4}$", "", decode(abbr)).strip() or None
        venue["name"] = where
        if kind == "workshop" and known is not None:  # the short name is the host's: keep the workshop's own
            venue["workshop"] = workshop_name(where, known)
        if kind in VENUE_KINDS and text.get("publisher"):
            venue["publisher"] = text["publisher"]
            used.add("publisher")
        item["venue"] = {k: v for k, v in venue.items() if v}
        used.update(("journal", "journaltitle", "booktitle"))
    if kind in ("thesis", "report") and (text.get("school") or text.get("institution")):
        item["institution"] = text.get("school") or text.get("institution")
        used.update(("school", "institution"))
    if kind == "thesis":
        degree = thesis_degree(raw.entry_type, text)
        if degree:
            item["degree"] = degree
            used.add("type")
    if "publisher" not in used and text.get("publisher") and kind not in ("preprint",):
        item["publisher"] = text["publisher"]
        used.add("publisher")


def _numbers(raw: RawEntry, kind: str, text: dict[str, str], item: dict[str, Any], used: set[str]) -> None:
    for name, key in (("volume", "volume"), ("pages", "pages")):
        if raw.fields.get(name) and kind != "preprint":
            item[key] = decode(raw.fields[name]).replace("–", "--")
            used.add(name)
    number = raw.fields.get("number") or raw.fields.get("issue")
    if number and kind != "preprint":
        item["number" if kind in ("report", "patent") else "issue"] = decode(number)
        used.update(("number", "issue"))
    status = status_of(text.get("note"), raw.fields.get("keywords"), kind)
    if status:
        item["status"] = status
        used.add("note")


def _links(raw: RawEntry, item: dict[str, Any], used: set[str], notes: list[str]) -> None:
    arxiv = arxiv_id(raw.fields)
    if arxiv:
        item["arxiv"] = arxiv
        used.update(("eprint", "archiveprefix", "eprinttype", "arxiv"))
    doi = clean_doi(raw.fields.get("doi"))
    if doi:
        item["doi"] = doi
        used.add("doi")
    url = clean_url(raw.fields.get("url"))
    if url and not (arxiv and "arxiv.org" in url) and not (doi and url.lower().rstrip("/").endswith(doi.lower())):
        item["url"] = url
    if url or not raw.fields.get("url"):
        used.add("url")
    for name in _LINKS:
        value = clean_url(raw.fields.get(name))
        if value:
            item[name] = value
            used.add(name)
        elif raw.fields.get(name):
            notes.append(f"`{name}` {raw.fields[name]!r} is not an http(s) URL: kept under `bibtex:`")


def _badges(raw: RawEntry, text: dict[str, str], item: dict[str, Any], used: set[str]) -> None:
    if raw.fields.get("selected", "").strip().lower() in ("true", "yes", "1"):
        item["selected"] = True
    used.add("selected")
    if raw.fields.get("abbr"):
        item["abbr"] = decode(raw.fields["abbr"])
        used.add("abbr")
    award = decode(raw.fields.get("award", "")) or decode(raw.fields.get("award_name", ""))
    if award:
        match = _PRESENTATIONS.fullmatch(award.strip())
        if match:
            item["presentation"] = match[1].title()
        else:
            item["award"] = award
        used.update(("award", "award_name"))


def _keep_rest(raw: RawEntry, item: dict[str, Any], used: set[str]) -> None:
    item["bibtex_type"] = raw.entry_type
    rest = {k: v for k, v in raw.fields.items() if k not in used and v.strip()}
    if rest:
        item["bibtex"] = rest


_CASED_WORD = re.compile(r"[^\s{}]*\{[^{}\\$]*[A-Z][^{}]*\}\S*")  # {L}earning, {GPU}s; not {\em x} nor {$x$}
_FINAL_STOP = re.compile(r"(?<![.\s])\.\s*$")  # one stop; an ellipsis stays


def _no_final_stop(title: str) -> str:
    return _FINAL_STOP.sub("", title).rstrip()


def _keep_cased_title(raw: RawEntry, item: dict[str, Any]) -> None:
    """Braces that protect capitals from a sentence-case style ({L}earning, {B}ayesian) are lost when
    decoding: the title as written is kept under `bibtex:` for the BibTeX export to give back."""
    written = " ".join(raw.fields.get("title", "").split())
    if any(_only_initial_capital(word) for word in _CASED_WORD.findall(written)):
        item.setdefault("bibtex", {})["title"] = _no_final_stop(written)


def _only_initial_capital(word: str) -> bool:
    """A braced word the export would not brace again: its capital is only its first letter
    ({B}ayesian); GPU or NeurIPS the export protects by itself."""
    letters = re.sub(r"[^A-Za-z]", "", decode(word))
    return not any(c.isupper() for c in letters[1:])


# the order of a publication's keys in cv.yaml (the model's order)
PUB_KEYS = tuple(Publication.model_fields)


def ordered(item: dict[str, Any]) -> dict[str, Any]:
    return {k: item[k] for k in PUB_KEYS if k in item}
