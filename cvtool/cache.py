"""Skip TeX when nothing changed: a content hash of everything that shapes a PDF.

The key covers the source text, the templates, the font choice, the target and its options,
and the tool's version. A hit needs the published PDF to be byte-for-byte the one recorded, so
a PDF edited or replaced by hand is rebuilt. `--force` and `--build-dir` bypass the cache.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from cvtool import __version__
from cvtool.declared import locale_files
from cvtool.errors import CvError
from cvtool.files import replace_file
from cvtool.fonts import font_setup
from cvtool.latex.templates import USER_TEMPLATES, template_files
from cvtool.targets import Job, Options, Result, Stamp, one_page_langs
from cvtool.usercache import build_cache


@dataclass(frozen=True)
class Entry:
    key: str
    pdf_sha256: str
    pages: int
    report: list[str]
    warnings: list[str]
    source_warnings: list[str]  # what validation said (missing translations …), shown again on a hit

    def result(self, job: Job) -> Result:
        return Result(job.target, job.pdf, self.pages, 0, 0.0, self.warnings, self.report, cached=True)


def target_key(source: Path, source_text: str, job: Job, stamp: Stamp, design: tuple[tuple[str, str], ...],
               shared: tuple[str, ...] = ()) -> str:
    """Everything that shapes one PDF: source, target, stamp, design options, fonts, templates
    (cvtool's themes and the user's `templates/` beside the CV), its locale file, tool version,
    and for a one-page PDF the languages that share its choice of content (`one_page_langs`)."""
    target = job.target
    return content_key(
        source_text, job.jobname, job.pdf.name, target.lang, target.variant, target.profile or "",
        ",".join(shared) if target.variant == "short" else "",
        stamp.day.isoformat(), str(stamp.epoch), repr(design), font_setup(),
        files=template_files() + _files_under(source.parent / USER_TEMPLATES) + locale_files(target.lang),
    )


def _files_under(root: Path) -> list[Path]:
    """Every file under `root` (none if it does not exist)."""
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else []


def usable(options: Options) -> bool:
    """--force rebuilds; --build-dir must leave its .tex and log, which a hit would not make."""
    return not options.force and options.build_dir is None


@dataclass
class Check:
    """What the cache says before anything is loaded or validated."""

    results: list[Result]  # the PDFs already up to date
    warnings: list[str]  # what validation said when they were made
    missing: list[Job]  # the PDFs to build

    @property
    def complete(self) -> bool:
        return not self.missing


def check(source: Path, source_text: str, jobs: list[Job], stamp: Stamp, options: Options) -> Check:
    """Which PDFs are up to date, without loading or validating the CV (the key covers its text,
    so an unchanged text was valid when the PDF was made). Any doubt (missing fonts, --force,
    --build-dir) means "build": the full path decides."""
    if not usable(options):
        return Check([], [], list(jobs))
    try:
        found = Check([], [], [])
        shared = one_page_langs(jobs)
        for job in jobs:
            hit = lookup(options.out_dir, job, target_key(source, source_text, job, stamp, options.design, shared))
            if hit is None:
                found.missing.append(job)
            else:
                found.results.append(hit.result(job))
                found.warnings = hit.source_warnings
    except CvError:
        return Check([], [], list(jobs))
    return found


def content_key(*parts: str | bytes, files: Sequence[Path] = ()) -> str:
    digest = hashlib.sha256(__version__.encode())
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big") + data)
    for path in files:  # in the caller's order: a user's partial and cvtool's may share a name
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _entry_path(out_dir: Path, job: Job) -> Path:
    return build_cache(out_dir) / f"{job.jobname}.json"


def lookup(out_dir: Path, job: Job, key: str) -> Entry | None:
    """The entry of `job` if its key is `key` and its PDF is the one recorded."""
    try:
        data = json.loads(_entry_path(out_dir, job).read_text(encoding="utf-8"))
        entry = Entry(**data)
        if entry.key == key and job.pdf.is_file() and file_sha256(job.pdf) == entry.pdf_sha256:
            return entry
    except (OSError, ValueError, TypeError):
        pass
    return None


def store(out_dir: Path, job: Job, entry: Entry) -> None:
    path = _entry_path(out_dir, job)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        replace_file(path, json.dumps(entry.__dict__).encode("utf-8"), durable=False)
    except OSError:
        pass  # a cache that cannot be written only costs time
