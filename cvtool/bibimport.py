"""Import publications from BibTeX into cv.yaml, keeping everything else of the file as it was.

    plan = plan_import(Path("cv.yaml"), Path("refs.bib"))   # parse, match, edit in memory, validate
    apply(plan)                                              # write atomically (unless nothing changed)

Parsing uses bibtexparser 2 (malformed entries and duplicate keys are located errors, never
skipped); LaTeX in values is decoded to Unicode with pylatexenc. Each entry either updates the
publication with the same `id` (the BibTeX key) or the same title, or is added as a new one.

Editing keeps comments, key order and quoting: existing publications are edited in place with
ruamel.yaml's round-trip mode, and new publications are spliced in as text at their place in the
list (grouped by kind, newest first), so the comments between groups stay where they were. The
new text is loaded and validated with cvtool's own loader before anything is written; if it is
not a valid CV, nothing changes.
"""

from __future__ import annotations

import difflib
import io
import logging
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cvtool import labels
from cvtool.errors import CvError, Diagnostic, display_path, source_line
from cvtool.load import load_text, read_source_text
from cvtool.model import CV, PUBLICATION_KINDS
from cvtool.validate import validate

# bibtexparser logs every failed block and pylatexenc every unknown macro; we report them ourselves
for _name in ("bibtexparser", "pylatexenc"):
    logging.getLogger(_name).addHandler(logging.NullHandler())

MAX_BIB_BYTES = 10 * 1024 * 1024
KINDS = ("auto", *PUBLICATION_KINDS)

# the order of a publication's keys in cv.yaml (model order); new keys go to their place in it
PUB_KEYS = ("id", "kind", "status", "authors", "title", "venue", "date", "arxiv", "doi", "pdf", "code", "url",
            "topics", "priority", "short")

_ARXIV_ID = re.compile(r"(\d{4}\.\d{4,5}(?:v\d+)?)")
_ARXIV_URL = re.compile(r"arxiv\.org/(?:abs|pdf)/(\d{4}\.\d{4,5}(?:v\d+)?)", re.IGNORECASE)
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                "november", "december")


# ---------------------------------------------------------------- results


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


@dataclass(frozen=True)
class Change:
    action: str  # "added" | "updated" | "unchanged"
    id: str
    source: str  # "refs.bib:12"
    fields: tuple[str, ...] = ()
    matched_by: str | None = None  # "id" | "title" for updates
    label: str | None = None  # the computed label after the import, e.g. "C9"

    def describe(self) -> str:
        label = f" ({self.label})" if self.label else ""
        if self.action == "added":
            return f"added {self.id}{label} from {self.source}"
        if self.action == "updated":
            how = f", matched by {self.matched_by}" if self.matched_by == "title" else ""
            return f"updated {self.id}{label}: {', '.join(self.fields)} (from {self.source}{how})"
        return f"unchanged {self.id}{label} ({self.source})"


@dataclass
class ImportPlan:
    cv_path: Path
    bib_path: Path
    original: bytes
    new_text: str
    new_bytes: bytes
    changes: list[Change] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    relabelled: list[tuple[str, str, str]] = field(default_factory=list)  # (id, old label, new label)

    @property
    def changed(self) -> bool:
        return self.new_bytes != self.original

    def diff(self) -> str:
        old = self.original.decode("utf-8-sig").splitlines(keepends=True)
        name = display_path(self.cv_path)
        return "".join(difflib.unified_diff(old, self.new_text.splitlines(keepends=True), name, name))


def import_bib(cv_path: Path, bib_path: Path, *, kind: str = "auto", dry_run: bool = False) -> ImportPlan:
    plan = plan_import(cv_path, bib_path, kind=kind)
    if not dry_run:
        apply(plan)
    return plan


def apply(plan: ImportPlan) -> None:
    """Write the planned cv.yaml atomically; refuse if the file changed since it was read."""
    if not plan.changed:
        return
    try:
        current = plan.cv_path.read_bytes()
    except OSError as exc:
        raise CvError(f"{display_path(plan.cv_path)}: cannot read: {exc.strerror}") from None
    if current != plan.original:
        raise CvError(f"{display_path(plan.cv_path)} changed while importing; nothing was written, run the import again")
    write_bytes_atomic(plan.cv_path, plan.new_bytes)


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` in one step (temp file in the same folder + os.replace)."""
    name = display_path(path)
    try:
        mode = path.stat().st_mode & 0o7777 if path.exists() else 0o644
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    except OSError as exc:
        raise CvError(f"cannot write {name}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise CvError(f"cannot write {name}: {exc.strerror}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# ---------------------------------------------------------------- BibTeX → records


def read_bib(path: Path) -> str:
    name = display_path(path)
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise CvError(f"{name}: is a directory, expected a .bib file")
        if size > MAX_BIB_BYTES:
            raise CvError(f"{name}: {size:,} bytes is too large for a .bib file (the limit is {MAX_BIB_BYTES:,})")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise CvError(f"{name}: no such file") from None
    except OSError as exc:
        raise CvError(f"{name}: cannot read: {exc.strerror}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CvError(f"{name}:{line}: error: byte 0x{raw[exc.start]:02x} is not valid UTF-8; save the .bib as UTF-8") from None


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


# ---------------------------------------------------------------- records → cv.yaml


def normalize_title(title: str) -> str:
    text = unicodedata.normalize("NFKC", title).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def plan_import(cv_path: Path, bib_path: Path, *, kind: str = "auto") -> ImportPlan:
    """Everything but the write: parse, match, edit in memory, validate the result."""
    cv_name = display_path(cv_path)
    bib_name = display_path(bib_path)
    text = read_source_text(cv_path)
    try:
        original = cv_path.read_bytes()
    except OSError as exc:  # pragma: no cover - read_source_text already read it
        raise CvError(f"{cv_name}: cannot read: {exc.strerror}") from None
    try:
        before = validate(load_text(text, cv_path))
    except CvError as exc:
        raise CvError(f"{cv_name} is not valid; fix it before importing (nothing was changed)",
                      exc.diagnostics) from None

    records, warnings = parse_bib(read_bib(bib_path), bib_name, kind=kind)
    crlf = "\r\n" in text
    work = text.replace("\r\n", "\n") if crlf else text

    editor = _Editor(work, before.cv, bib_name)
    changes = editor.run(records, explicit_kind=kind != "auto")
    new_text = editor.text
    warnings.extend(editor.warnings)

    if crlf:
        new_text = new_text.replace("\n", "\r\n")
    bom = b"\xef\xbb\xbf" if original.startswith(b"\xef\xbb\xbf") else b""
    new_bytes = original if new_text == text else bom + new_text.encode("utf-8")

    if new_bytes != original:
        after_path = Path(f"{cv_path} (after import)")
        try:
            after = validate(load_text(new_text, after_path))
        except CvError as exc:
            raise CvError(f"importing {bib_name} would leave {cv_name} invalid; nothing was changed",
                          exc.diagnostics) from None
        old = {(w.path, w.message) for w in before.warnings}
        warnings.extend(w for w in after.warnings if (w.path, w.message) not in old)
        label_of = labels.assign(after.cv)
    else:
        label_of = labels.assign(before.cv)
    changes = [Change(**{**c.__dict__, "label": label_of.get(c.id)}) for c in changes]
    # an added paper older than others of its kind renumbers them: CVs already sent cite the old labels
    old_labels = labels.assign(before.cv)
    relabelled = [(pid, old, label_of[pid]) for pid, old in old_labels.items() if label_of.get(pid, old) != old]
    return ImportPlan(cv_path=cv_path, bib_path=bib_path, original=original, new_text=new_text,
                      new_bytes=new_bytes, changes=changes, warnings=warnings, relabelled=relabelled)


def _same_people(ours: list[str], theirs: list[str]) -> bool:
    """True when two author lists name the same people, one perhaps with initials
    ("Qingyu Song" ~ "Q. Song"): an abbreviated .bib must not overwrite the full names."""
    if len(ours) != len(theirs):
        return False

    def parts(name: str) -> tuple[str, list[str]]:
        words = name.replace(".", ". ").split()
        return (words[-1].casefold() if words else ""), [w.rstrip(".").casefold() for w in words[:-1]]

    for a, b in zip(ours, theirs):
        (last_a, first_a), (last_b, first_b) = parts(a), parts(b)
        if last_a != last_b or len(first_a) != len(first_b):
            return False
        if any(x[:1] != y[:1] or (len(x) > 1 and len(y) > 1 and x != y) for x, y in zip(first_a, first_b)):
            return False
    return True


class _Editor:
    """Applies records to the text of cv.yaml: updates through ruamel.yaml, additions as text."""

    def __init__(self, text: str, cv: CV, bib_name: str):
        self.text = text
        self.cv = cv
        self.bib_name = bib_name
        self.warnings: list[Diagnostic] = []

    def run(self, records: list[BibRecord], *, explicit_kind: bool) -> list[Change]:
        pubs = self.cv.publications
        by_id = {p.id: i for i, p in enumerate(pubs)}
        by_title: dict[str, int] = {}
        for i, p in enumerate(pubs):
            for t in (p.title.en, p.title.zh):
                if t:
                    by_title.setdefault(normalize_title(t), i)
        other_ids = {e.id: section for section in ("education", "experience", "teaching", "awards", "services")
                     for e in getattr(self.cv, section) if e.id}

        errors: list[Diagnostic] = []
        claimed: dict[Any, BibRecord] = {}
        updates: list[tuple[int, BibRecord, str]] = []
        additions: list[BibRecord] = []
        for rec in records:
            if rec.id in by_id:
                target: Any = by_id[rec.id]
                how = "id"
            elif normalize_title(rec.title) in by_title:
                target, how = by_title[normalize_title(rec.title)], "title"
            else:
                target, how = ("new", normalize_title(rec.title)), "new"
            if target in claimed:
                first = claimed[target]
                what = f"publications[{target}] ({pubs[target].id})" if isinstance(target, int) else "the same new paper"
                errors.append(self._error(rec, f"@{rec.entry_type}{{{rec.key}}} and the entry on line {first.line} "
                                               f"both match {what}; keep one of them"))
                continue
            claimed[target] = rec
            if how == "new":
                if rec.id in other_ids:
                    errors.append(self._error(rec, f"the key `{rec.key}` is already the id of an entry in "
                                                   f"`{other_ids[rec.id]}`; rename the BibTeX key"))
                    continue
                additions.append(rec)
            else:
                updates.append((target, rec, how))
        if errors:
            raise CvError(f"{self.bib_name}: cannot import; nothing was changed", errors)

        changes: list[Change] = []
        if updates:
            changes += self._update(updates, explicit_kind)
        if additions:
            changes += self._add(additions)
        return changes

    def _error(self, rec: BibRecord, message: str) -> Diagnostic:
        return Diagnostic(message=message, file=self.bib_name, line=rec.line)

    # ---------------------------------------------------------------- updates (ruamel round trip)

    def _update(self, updates: list[tuple[int, BibRecord, str]], explicit_kind: bool) -> list[Change]:
        yaml = _RoundTrip(self.text)
        doc = yaml.load()
        seq = doc["publications"]
        changes: list[Change] = []
        for index, rec, how in updates:
            pub = self.cv.publications[index]
            item = seq[index]
            changed: list[str] = []

            def put(key: str, new: Any, item: Any = item, changed: list[str] = changed) -> None:
                if _plain(item.get(key)) != _plain(new):
                    _set_key(item, key, _styled(new, like=item.get(key)))
                    changed.append(key)

            kind: str = pub.kind
            if explicit_kind or (pub.kind == "preprint" and rec.kind != "preprint"):
                kind = rec.kind
                put("kind", kind)
            if not _same_people(pub.authors, list(rec.authors)):
                put("authors", list(rec.authors))  # abbreviated forms of the same names keep cv.yaml's
            title = item.get("title")
            if any(normalize_title(t) == normalize_title(rec.title) for t in (pub.title.en, pub.title.zh) if t):
                pass  # the same title, maybe in other letter case (BibTeX tools often lowercase): keep cv.yaml's
            elif isinstance(title, dict):
                if title.get("en") != rec.title:
                    title["en"] = _styled(rec.title, like=title.get("en"))
                    changed.append("title")
            else:
                put("title", rec.title)
            if kind != "preprint" and pub.venue is None:
                if not rec.venue:
                    raise CvError(f"{self.bib_name}:{rec.line}: error: @{rec.entry_type}{{{rec.key}}}: a {kind} paper "
                                  f"needs a venue, but the entry has no {'journal' if kind == 'journal' else 'booktitle'}")
                put("venue", {"name": rec.venue})
            if not _same_or_finer(pub.date, rec.date):
                put("date", rec.date)
            if rec.arxiv:
                put("arxiv", rec.arxiv)
            if rec.doi:
                put("doi", rec.doi)
            if rec.url and rec.url not in (pub.pdf, pub.code):
                put("url", rec.url)
            source = f"{self.bib_name}:{rec.line}"
            if changed:
                changes.append(Change("updated", pub.id, source, tuple(changed), how))
            else:
                changes.append(Change("unchanged", pub.id, source, (), how))
        if any(c.action == "updated" for c in changes):
            self.text = yaml.dump(doc)
            if yaml.warning:
                self.warnings.append(Diagnostic(message=yaml.warning, severity="warning"))
        return changes

    # ---------------------------------------------------------------- additions (text splices)

    def _add(self, additions: list[BibRecord]) -> list[Change]:
        yaml = _RoundTrip(self.text)
        doc = yaml.load()
        lines = self.text.splitlines(keepends=True)
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += "\n"
        seq = doc.get("publications")
        if self.cv.publications and _is_flow(seq):
            raise CvError("cannot add publications to a list written in flow style (`publications: [...]`); "
                          "write it as a block list (lines starting with `- `) first; nothing was changed")
        # the existing publications, in file order, as (kind rank, newest-first key)
        existing = [(_rank(p.kind), _neg(p.date)) for p in self.cv.publications]
        splices: list[tuple[int, str]] = []  # (insert before this 0-based line, text)

        if not existing:
            block = "".join(yaml.dump_item(_new_item(r)) for r in sorted(additions, key=_order_of))
            splices.append(self._empty_publications(doc, lines, block))
        else:
            groups: dict[int, list[BibRecord]] = {}
            for rec in additions:
                key = _order_of(rec)
                pos = next((i for i, k in enumerate(existing) if k > key), len(existing))
                groups.setdefault(pos, []).append(rec)
            for pos, recs in groups.items():
                recs.sort(key=_order_of)
                block = "".join(yaml.dump_item(_new_item(r)) for r in recs)
                kind = recs[0].kind
                after_previous = pos == len(existing) or (
                    pos > 0 and (self.cv.publications[pos - 1].kind == kind or self.cv.publications[pos].kind != kind)
                )
                if after_previous:
                    line = _content_end(lines, _item_start(seq, pos - 1, lines),
                                        self._boundary(doc, seq, pos, lines), _item_column(seq))
                else:
                    line = _item_start(seq, pos, lines)
                splices.append((line, block))
        for line, block in sorted(splices, key=lambda s: s[0], reverse=True):
            lines[line:line] = [block]
        self.text = "".join(lines)
        return [Change("added", r.id, f"{self.bib_name}:{r.line}") for r in additions]

    def _boundary(self, doc: Any, seq: Any, pos: int, lines: list[str]) -> int:
        """The first line after item pos-1: the next item, else the next top-level key, else the end."""
        if pos < len(seq):
            return _item_start(seq, pos, lines)
        keys = list(doc.keys())
        after = keys.index("publications") + 1
        return doc.lc.key(keys[after])[0] if after < len(keys) else len(lines)

    def _empty_publications(self, doc: Any, lines: list[str], block: str) -> tuple[int, str]:
        if "publications" not in doc:
            block = "\npublications:\n" + block if lines and lines[-1].strip() else "publications:\n" + block
            return len(lines), block
        line = doc.lc.key("publications")[0]
        match = re.match(r"(\s*publications\s*:)\s*(\[\s*\]|~|null|Null|NULL)?\s*(#.*)?$", lines[line].rstrip("\n"))
        if not match:
            raise CvError("cannot add publications: write `publications:` as a block list (lines starting with `- `)")
        comment = f" {match[3]}" if match[3] else ""
        lines[line] = f"{match[1]}{comment}\n"
        return line + 1, block


def _rank(kind: str) -> int:
    return PUBLICATION_KINDS.index(kind)


def _neg(date: Any) -> tuple[int, ...]:
    return tuple(-k for k in date.sort_key())


def _order_of(rec: BibRecord) -> tuple[int, tuple[int, ...]]:
    from cvtool.dates import parse_date

    return (_rank(rec.kind), _neg(parse_date(rec.date)))


def _same_or_finer(current: Any, new: str | int) -> bool:
    """True if the date in cv.yaml already says what the BibTeX says (maybe more precisely)."""
    from cvtool.dates import parse_date

    new_date = parse_date(new)
    if current.year != new_date.year:
        return False
    if new_date.month is None:
        return True
    return current.month == new_date.month


def _item_start(seq: Any, index: int, lines: list[str]) -> int:
    """The line of item `index`'s `- ` (its first key's line, or the line above for a lone `-`)."""
    line, col = seq.lc.item(index)
    if "-" not in lines[line][:col]:
        while line > 0 and not lines[line - 1].strip():
            line -= 1
        if line > 0 and lines[line - 1].strip() == "-":
            line -= 1
    return line


def _item_column(seq: Any) -> int:
    return seq.lc.item(0)[1]


def _content_end(lines: list[str], start: int, boundary: int, key_column: int) -> int:
    """The line after the last content line of an item that starts at `start`, before `boundary`.

    Blank lines and comments indented no deeper than the item's keys are what separates items (a
    group header like `# --- workshops`); a new item goes before them.
    """
    end = boundary
    while end > start + 1:
        line = lines[end - 1]
        stripped = line.strip()
        indent = len(line) - len(line.lstrip(" "))
        if not stripped or (stripped.startswith("#") and indent <= key_column):
            end -= 1
            continue
        break
    return end


def _new_item(rec: BibRecord) -> dict[str, Any]:
    item: dict[str, Any] = {"id": rec.id, "kind": rec.kind, "authors": list(rec.authors), "title": rec.title}
    if rec.venue and rec.kind != "preprint":
        item["venue"] = {"name": rec.venue}
    item["date"] = rec.date
    for key in ("arxiv", "doi", "url"):
        if getattr(rec, key):
            item[key] = getattr(rec, key)
    item["topics"] = []
    return item


# ---------------------------------------------------------------- ruamel.yaml helpers


class _RoundTrip:
    """ruamel.yaml in round-trip mode, with the indentation that reproduces this file exactly."""

    CANDIDATES = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (4, 4, 0), (3, 5, 3), (2, 3, 1))

    def __init__(self, text: str):
        self.text = text
        self.warning: str | None = None
        self.yaml: Any = None

    def _make(self, indent: tuple[int, int, int]):
        from ruamel.yaml import YAML

        yaml = YAML(typ="rt")
        yaml.preserve_quotes = True
        yaml.width = 4096
        yaml.indent(mapping=indent[0], sequence=indent[1], offset=indent[2])
        return yaml

    def load(self) -> Any:
        from ruamel.yaml import YAMLError

        try:
            for indent in self.CANDIDATES:
                yaml = self._make(indent)
                doc = yaml.load(self.text)
                if self._dump_with(yaml, doc) == self.text:
                    self.yaml = yaml
                    return doc
            self.yaml = self._make(self.CANDIDATES[0])
            doc = self.yaml.load(self.text)
        except YAMLError as exc:
            raise CvError(f"ruamel.yaml cannot read the CV: {exc}") from None
        changed = _count_changed_lines(self.text, self._dump_with(self.yaml, doc))
        self.warning = (f"ruamel.yaml re-formats {changed} line{'s' * (changed != 1)} of this file that the import "
                        "does not touch (indentation it cannot reproduce); check the diff")
        return doc

    @staticmethod
    def _dump_with(yaml: Any, doc: Any) -> str:
        out = io.StringIO()
        yaml.dump(doc, out)
        return out.getvalue()

    def dump(self, doc: Any) -> str:
        return self._dump_with(self.yaml, doc)

    def dump_item(self, item: dict[str, Any]) -> str:
        """One new publication as it would sit under the top-level `publications:` key."""
        from ruamel.yaml.comments import CommentedMap

        root = CommentedMap()
        root["publications"] = [_styled(item)]
        text = self._dump_with(self.yaml, root)
        return text.split("\n", 1)[1]


def _count_changed_lines(a: str, b: str) -> int:
    return sum(1 for line in difflib.ndiff(a.splitlines(), b.splitlines()) if line[:1] in "+-")


def _plain(value: Any) -> Any:
    """A ruamel value as plain Python (str subclasses → str, CommentedMap → dict), for comparison."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    return value


def _styled(value: Any, like: Any = None) -> Any:
    """A new value in the file's style: lists and small mappings in flow style, strings quoted
    with double quotes only where YAML needs quotes (or where the value it replaces was quoted)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import (
        DoubleQuotedScalarString,
        SingleQuotedScalarString,
    )

    if isinstance(value, dict):
        out = CommentedMap()
        for k, v in value.items():
            out[k] = _styled(v)
        nested = any(isinstance(v, (dict, list)) for v in value.values())
        if nested or (isinstance(like, dict) and not _is_flow(like)):
            out.fa.set_block_style()
        else:
            out.fa.set_flow_style()
        return out
    if isinstance(value, list):
        seq = CommentedSeq([_styled(v) for v in value])
        if like is None or not isinstance(like, list) or _is_flow(like):
            seq.fa.set_flow_style()
        else:
            seq.fa.set_block_style()
        return seq
    if isinstance(value, str):
        if isinstance(like, SingleQuotedScalarString):
            return SingleQuotedScalarString(value)
        if isinstance(like, DoubleQuotedScalarString) or _needs_quotes(value):
            return DoubleQuotedScalarString(value)
        return value
    return value


def _is_flow(node: Any) -> bool:
    fa = getattr(node, "fa", None)
    return bool(fa and fa.flow_style())


def _needs_quotes(value: str) -> bool:
    """Whether a plain scalar would not read back as this same string (ruamel would quote it)."""
    from ruamel.yaml import YAML

    out = io.StringIO()
    yaml = YAML(typ="rt")
    yaml.width = 4096
    yaml.dump({"k": value}, out)
    return out.getvalue() != f"k: {value}\n"


def _set_key(item: Any, key: str, value: Any) -> None:
    """Set `key` on a ruamel mapping: in place if present, else at its place in PUB_KEYS order.

    A key appended after the last one would land after that key's trailing comments (often the
    next group's header), so the trailing comment is moved to follow the new key instead.
    """
    if key in item:
        item[key] = value
        return
    rank = PUB_KEYS.index(key) if key in PUB_KEYS else len(PUB_KEYS)
    keys = list(item.keys())
    pos = next((i for i, k in enumerate(keys) if k in PUB_KEYS and PUB_KEYS.index(k) > rank), len(keys))
    if pos < len(keys):
        item.insert(pos, key, value)
        return
    last = keys[-1] if keys else None
    item[key] = value
    slot = item.ca.items.get(last) if last is not None else None
    if slot and len(slot) > 2 and slot[2] is not None:
        token = slot[2]
        head, sep, rest = token.value.partition("\n")
        if head.strip():
            token.value = head + sep  # an end-of-line comment stays on its line
            slot_rest = rest
        else:
            slot[2] = None
            slot_rest = rest
        if slot_rest:
            from ruamel.yaml.tokens import CommentToken

            moved = CommentToken("\n" + slot_rest, token.start_mark, None)
            item.ca.items[key] = [None, None, moved, None]
