"""BibTeX text → records: one decoded, typed record per entry, every bad entry a located diagnostic.

Parsing uses bibtexparser 2 (malformed entries and duplicate keys are located, never skipped);
LaTeX in values is decoded to Unicode with pylatexenc.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cvtool.errors import CvError, Diagnostic, source_line
from cvtool.files import read_text
from cvtool.model import PUBLICATION_KINDS

# bibtexparser logs every failed block and pylatexenc every unknown macro; we report them ourselves
for _name in ("bibtexparser", "pylatexenc"):
    logging.getLogger(_name).addHandler(logging.NullHandler())

MAX_BIB_BYTES = 10 * 1024 * 1024
KINDS = ("auto", *PUBLICATION_KINDS)

_ARXIV_ID = re.compile(r"(\d{4}\.\d{4,5}(?:v\d+)?)")
_ARXIV_URL = re.compile(r"arxiv\.org/(?:abs|pdf)/(\d{4}\.\d{4,5}(?:v\d+)?)", re.IGNORECASE)
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                "november", "december")



@dataclass(frozen=True)
class BibRecord:
    """One BibTeX entry, decoded to plain Unicode and mapped onto the publication fields."""

    key: str
    id: str
    line: int  # 1-based line of the `@type{key,` in the .bib
    entry_type: str
    kind: str
    authors: tuple[str, ...]
    title: str
    date: str | int  # "2024-03" or 2024
    venue: str | None = None  # booktitle or journal
    arxiv: str | None = None
    doi: str | None = None
    url: str | None = None


def read_bib(path: Path) -> str:
    return read_text(path, limit=MAX_BIB_BYTES, expected="a .bib file")

def parse_bib(text: str, name: str, *, kind: str = "auto") -> tuple[list[BibRecord], list[Diagnostic]]:
    """Parse BibTeX text into records. Every bad entry is a located diagnostic; any error raises."""
    import bibtexparser
    from bibtexparser import middlewares as mw
    from bibtexparser.model import (
        DuplicateBlockKeyBlock,
        DuplicateFieldKeyBlock,
        MiddlewareErrorBlock,
    )

    if kind not in KINDS:
        raise CvError(f"--kind {kind!r}: expected one of {', '.join(KINDS)}")
    library = bibtexparser.parse_string(text, append_middleware=[mw.SeparateCoAuthors(), mw.SplitNameParts()])
    errors: list[Diagnostic] = []
    warnings: list[Diagnostic] = []

    def diag(line: int | None, message: str, severity: str = "error") -> Diagnostic:
        src = source_line(text, line)
        col = src.find("@") + 1 if src and "@" in src else None
        return Diagnostic(message=message, severity=severity, file=name, line=line, column=col or None, source_line=src)

    for block in library.failed_blocks:
        line = block.start_line + 1 if block.start_line is not None else None
        head = _block_head(block.raw)
        if isinstance(block, DuplicateBlockKeyBlock):
            first = block.previous_block.start_line
            where = f" (first defined on line {first + 1})" if first is not None else ""
            errors.append(diag(line, f"duplicate BibTeX key `{block.key}`{where}"))
        elif isinstance(block, DuplicateFieldKeyBlock):
            keys = ", ".join(sorted(block.duplicate_keys))
            errors.append(diag(line, f"{head}: the field `{keys}` is given twice"))
        elif isinstance(block, MiddlewareErrorBlock):
            errors.append(diag(line, f"{head}: {_error_text(block.error)}"))
        else:
            reason = getattr(block.error, "abort_reason", None) or _error_text(block.error)
            errors.append(diag(line, f"malformed entry {head}: {reason.strip()}"))

    strings = {key.lower(): str(block.value) for key, block in library.strings_dict.items()}
    records: list[BibRecord] = []
    for entry in library.entries:
        line = entry.start_line + 1 if entry.start_line is not None else None
        try:
            record, notes = _record(entry, line, kind, strings)
        except _EntryError as exc:
            field_line = exc.field_line + 1 if exc.field_line is not None else line
            errors.append(diag(field_line, f"@{entry.entry_type}{{{entry.key}}}: {exc}"))
            continue
        records.append(record)
        warnings.extend(diag(line, f"@{entry.entry_type}{{{entry.key}}}: {n}", "warning") for n in notes)

    if not errors and not records:
        errors.append(Diagnostic(message="no BibTeX entries found (expected entries like @article{key, …})", file=name))
    if errors:
        n = len(errors)
        raise CvError(f"{name}: {n} error{'s' * (n != 1)} in the BibTeX; nothing was imported", errors + warnings)
    return records, warnings


class _EntryError(Exception):
    def __init__(self, message: str, field_line: int | None = None):
        super().__init__(message)
        self.field_line = field_line


def _block_head(raw: str | None) -> str:
    first = (raw or "").strip().splitlines()[0] if (raw or "").strip() else ""
    match = re.match(r"@\s*(\w+)\s*[{(]\s*([^,\s]*)", first)
    return f"@{match[1]}{{{match[2]}}}" if match else "block"


def _error_text(error: Exception) -> str:
    reasons = getattr(error, "reasons", None)
    if reasons:
        return "; ".join(str(r) for r in reasons)
    return str(error) or type(error).__name__


def _record(entry: Any, line: int | None, kind_option: str, strings: dict[str, str]) -> tuple[BibRecord, list[str]]:
    from bibtexparser.middlewares.names import NameParts

    notes: list[str] = []
    fields = {f.key.lower(): f for f in entry.fields}

    def raw(name: str) -> str | None:
        f = fields.get(name)
        if f is None or not isinstance(f.value, str):
            return None
        value = f.value
        if f.enclosing == "no-enclosing" and "#" in value:
            value = _concatenate(value, strings)
        return value.strip() or None

    def value(name: str) -> str | None:
        text = raw(name)
        return (decode_latex(text) or None) if text else None

    def line_of(name: str) -> int | None:
        f = fields.get(name)
        return f.start_line if f is not None else None

    entry_type = entry.entry_type.lower()
    title = value("title")
    if not title:
        raise _EntryError("no `title`")
    author_field = fields.get("author")
    if author_field is None or not author_field.value:
        raise _EntryError("no `author`")
    authors: list[str] = []
    for person in author_field.value if isinstance(author_field.value, list) else []:
        if not isinstance(person, NameParts):
            continue
        name = " ".join(decode_latex(" ".join(part)) for part in (person.first, person.von, person.last, person.jr) if part)
        name = " ".join(name.split())
        if name.casefold() == "others":
            notes.append("`and others` dropped: list every author in cv.yaml")
            continue
        if name:
            authors.append(name)
    if not authors:
        raise _EntryError("no authors in `author`", line_of("author"))

    date = _date(raw("year"), raw("month"), raw("date"), line_of("year") or line_of("date"), notes)

    journal = value("journal") or value("journaltitle")
    booktitle = value("booktitle")
    arxiv, arxiv_note = _arxiv(raw("eprint"), raw("archiveprefix") or raw("eprinttype"), raw("url"),
                               journal, value("howpublished"), value("note"))
    if arxiv_note:
        notes.append(arxiv_note)
    doi = raw("doi")
    if doi:
        doi = _DOI_PREFIX.sub("", _unescape_url(doi)).strip() or None
    url = raw("url")
    if url:
        url = _unescape_url(url)
        if _ARXIV_URL.search(url) and arxiv:
            url = None  # the arXiv id says it
        elif doi and url.lower().rstrip("/").endswith(doi.lower()) and "doi.org/" in url.lower():
            url = None  # the doi says it
        elif not re.match(r"https?://\S+\Z", url):
            notes.append(f"url {url!r} is not an http(s) URL; left out")
            url = None

    kind = kind_option if kind_option != "auto" else infer_kind(entry_type, booktitle, journal, arxiv is not None or
                                                                raw("eprint") is not None)
    venue = (journal or booktitle) if kind == "journal" else (booktitle or journal) if kind != "preprint" else None
    ident = _id_from_key(entry.key)
    if not ident:
        raise _EntryError(f"the key {entry.key!r} has no letters or digits to make an id from")
    if ident != entry.key:
        notes.append(f"key `{entry.key}` becomes the id `{ident}` (ids use letters, digits, '-', '_', '.')")
    record = BibRecord(
        key=entry.key, id=ident, line=line or 0, entry_type=entry_type, kind=kind, authors=tuple(authors),
        title=title, date=date, venue=venue, arxiv=arxiv, doi=doi, url=url,
    )
    return record, notes


def _concatenate(expression: str, strings: dict[str, str]) -> str:
    """BibTeX `a # "b" # {c}` (bibtexparser 2 leaves concatenations unresolved)."""
    parts: list[str] = []
    for piece in re.findall(r'"(?:[^"{}]|\{[^{}]*\})*"|\{(?:[^{}]|\{[^{}]*\})*\}|[^#\s]+', expression):
        if piece[0] in "\"{":
            parts.append(piece[1:-1])
        else:
            parts.append(strings.get(piece.lower(), piece))
    return "".join(parts)


def infer_kind(entry_type: str, booktitle: str | None, journal: str | None, has_eprint: bool) -> str:
    """The publication kind of a BibTeX entry.

    A paper published at a venue keeps that venue's kind even when it also has an arXiv eprint
    (the usual export of an accepted paper); arXiv-only entries are preprints.
    """
    if entry_type in ("inproceedings", "conference", "proceedings") or (booktitle and entry_type == "incollection"):
        return "workshop" if booktitle and "workshop" in booktitle.lower() else "conference"
    if entry_type == "article" and journal and not _is_arxiv_venue(journal):
        return "journal"
    if has_eprint or entry_type in ("misc", "unpublished", "techreport", "report", "online", "preprint", "article"):
        return "preprint"
    if booktitle:
        return "workshop" if "workshop" in booktitle.lower() else "conference"
    if journal:
        return "journal"
    raise _EntryError(f"cannot tell what kind of publication a @{entry_type} is; pass --kind")


def _is_arxiv_venue(text: str) -> bool:
    return bool(re.search(r"\barxiv\b|\bcorr\b", text, re.IGNORECASE))


def _arxiv(eprint: str | None, prefix: str | None, url: str | None, *texts: str | None) -> tuple[str | None, str | None]:
    if eprint and (prefix is None or prefix.strip().lower() == "arxiv"):
        candidate = eprint.strip().removeprefix("arXiv:").removeprefix("arxiv:").strip()
        if re.fullmatch(r"\d{4}\.\d{4,5}(v\d+)?", candidate):
            return candidate, None
        return None, f"eprint {eprint!r} is not a new-style arXiv id like 2501.18092; left out"
    if url:
        match = _ARXIV_URL.search(url)
        if match:
            return match[1], None
    for text in texts:
        if text and _is_arxiv_venue(text):
            match = _ARXIV_ID.search(text)
            if match:
                return match[1], None
    return None, None


def _date(year: str | None, month: str | None, date: str | None, line: int | None, notes: list[str]) -> str | int:
    if not year and date:
        match = re.match(r"(\d{4})(?:-(\d{2}))?", date.strip())
        if not match:
            raise _EntryError(f"date {date!r} is not a date like 2024 or 2024-03", line)
        year, month = match[1], month or match[2]
    if not year:
        raise _EntryError("no `year`")
    text = decode_latex(year).strip()
    if not re.fullmatch(r"\d{4}", text) or not 1000 <= int(text) <= 2999:
        raise _EntryError(f"year {year!r} is not a year like 2024", line)
    number = _month(month) if month else None
    if month and number is None:
        notes.append(f"month {month!r} not understood; only the year is used")
    return f"{text}-{number:02d}" if number else int(text)


def _month(text: str) -> int | None:
    """`mar`, `Mar.`, `March`, `3`, `03` → 3; anything else → None."""
    text = text.strip().strip("{}").strip().rstrip(".").lower()
    if text.isdigit():
        return int(text) if 1 <= int(text) <= 12 else None
    return next((i for i, name in enumerate(_MONTH_NAMES, start=1) if len(text) >= 3 and name.startswith(text)), None)


def _id_from_key(key: str) -> str:
    ident = re.sub(r"[^A-Za-z0-9_.-]+", "-", key.strip())
    return re.sub(r"^[^A-Za-z0-9]+", "", ident).rstrip("-")


def _unescape_url(text: str) -> str:
    text = text.strip()
    match = re.fullmatch(r"\\url\{(.*)\}", text)
    if match:
        text = match[1]
    return re.sub(r"\\([_%&#~$])", r"\1", text).strip()


_DECODER = None


def decode_latex(text: str) -> str:
    """LaTeX → plain Unicode: `{\\"o}` → ö, `{\\'E}` → É, `\\&` → &, braces removed, spaces collapsed."""
    global _DECODER
    if _DECODER is None:
        from pylatexenc.latex2text import (
            LatexNodes2Text,
            MacroTextSpec,
            get_default_latex_context_db,
        )

        db = get_default_latex_context_db()
        db.add_context_category("cvtool-bib", prepend=True, macros=[
            MacroTextSpec("url", simplify_repl="%s"),
            MacroTextSpec("textasciicircum", simplify_repl="^"),  # pylatexenc gives U+02C6
        ])
        _DECODER = LatexNodes2Text(latex_context=db, math_mode="text", keep_braced_groups=False)
    try:
        decoded = _DECODER.latex_to_text(text)
    except Exception:  # pylatexenc is lenient; if it still fails, keep the text without braces
        decoded = text.replace("{", "").replace("}", "")
    decoded = unicodedata.normalize("NFC", decoded.replace("\xa0", " "))
    return " ".join(decoded.split())

