"""What to build and what was built: light data shared by the orchestrator, the pipeline, the
cache and the reporter.

Nothing here imports pydantic, jinja2 or pypdf, so a render that finds everything cached can
answer without loading them.
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cvtool.dates import updated_date
from cvtool.errors import CvError
from cvtool.latex.compile import DEFAULT_TIMEOUT


@dataclass(frozen=True)
class Target:
    lang: str
    variant: str
    profile: str | None = None


def requested(langs: list[str], variants: list[str], profile: str | None) -> list[Target]:
    """Every (language, variant) pair asked for, in a stable order (names checked elsewhere)."""
    return [Target(lang, variant, profile) for lang in langs for variant in variants]


@dataclass(frozen=True)
class Job:
    """One PDF to make: its target, its TeX jobname and where it is published."""

    target: Target
    jobname: str
    pdf: Path


def one_page_langs(jobs: Sequence[Job]) -> tuple[str, ...]:
    """The languages whose one-page PDFs share one choice of content: those this command makes a
    one-page PDF in (`--lang all`, the default: every language the CV declares). An entry is kept
    only if it fits in each of them; the choice is part of those PDFs' cache key."""
    return tuple(dict.fromkeys(job.target.lang for job in jobs if job.target.variant == "short"))


DEFAULT_FILE_NAME = "{stem}-{lang}-{variant}"  # a profile adds -<profile> unless the pattern places it
_PLACEHOLDERS = ("stem", "lang", "variant", "profile")


def jobs_for(targets: list[Target], source: Path, out_dir: Path, file_name: str = DEFAULT_FILE_NAME) -> list[Job]:
    """The one place PDFs are named: the TeX jobname `<source stem>-<lang>-<variant>[-<profile>]`,
    and the published file from the `file_name` pattern (e.g. `Ada_Lovelace_CV_{lang}_{variant}`)."""
    jobs = []
    for target in targets:
        fields = {"stem": source.stem, "lang": target.lang, "variant": target.variant, "profile": target.profile or ""}
        jobname = "-".join([source.stem, target.lang, target.variant, *([target.profile] if target.profile else [])])
        name = _fill(file_name, fields)
        if target.profile and "{profile}" not in file_name:
            name += f"-{target.profile}"
        jobs.append(Job(target, jobname, out_dir / f"{name}.pdf"))
    names = [job.pdf.name for job in jobs]
    if len(set(names)) < len(names):
        clash = next(n for n in names if names.count(n) > 1)
        raise CvError(f"--file-name {file_name!r} gives several PDFs the name {clash}",
                      hint="Put {lang} and {variant} in the pattern when building several.", code="file-name-clash")
    return jobs


def _fill(pattern: str, fields: dict[str, str]) -> str:
    """`pattern` with its {placeholders} filled; a CvError for an unknown one or a path."""
    try:
        name = pattern.format_map(fields)
    except (KeyError, ValueError, IndexError) as exc:
        known = ", ".join("{" + p + "}" for p in _PLACEHOLDERS)
        raise CvError(f"--file-name {pattern!r}: cannot fill it ({exc}); it may use {known}",
                      code="bad-file-name") from None
    if not name or "/" in name or "\\" in name or name.startswith("."):
        raise CvError(f"--file-name {pattern!r} gives {name!r}: a file name, without folders, not hidden",
                      code="bad-file-name")
    return name


@dataclass(frozen=True)
class Stamp:
    """The "updated" date printed in the CV, and the SOURCE_DATE_EPOCH that makes the PDF bytes
    reproducible: `--updated`, else SOURCE_DATE_EPOCH, else today."""

    day: _dt.date
    epoch: int

    @classmethod
    def resolve(cls, updated: str | None) -> Stamp:
        """A CvError for a bad `updated` or SOURCE_DATE_EPOCH."""
        day = updated_date(updated, dict(os.environ))
        env_epoch = os.environ.get("SOURCE_DATE_EPOCH")
        if env_epoch and not updated:
            return cls(day, int(env_epoch))
        return cls(day, int(_dt.datetime(day.year, day.month, day.day, tzinfo=_dt.UTC).timestamp()))


@dataclass(frozen=True)
class Options:
    out_dir: Path = Path("out")
    updated: str | None = None  # YYYY-MM[-DD]; else SOURCE_DATE_EPOCH; else today
    build_dir: Path | None = None
    timeout: float = DEFAULT_TIMEOUT
    jobs: int = 0  # 0: one per PDF, up to the CPU count
    force: bool = False  # rebuild even when the cache says nothing changed
    file_name: str = DEFAULT_FILE_NAME  # the published PDFs' names (`jobs_for`)
    # the command line's design choices (--theme, --paper) as (field, value) pairs, above the file's;
    # plain data so a cache check needs no pydantic (cvtool.design.DesignSpec checks them)
    design: tuple[tuple[str, str], ...] = ()


@dataclass
class Result:
    target: Target
    path: Path
    pages: int
    runs: int
    seconds: float
    warnings: list[str] = field(default_factory=list)
    report: list[str] = field(default_factory=list)  # what the one-page fitter tightened or dropped
    cached: bool = False  # nothing changed: the PDF in place was kept and TeX did not run
    tex_warnings: list[str] = field(default_factory=list)  # Overfull/Underfull/LaTeX warnings, for --verbose
    fit_table: list[str] = field(default_factory=list)  # the one-page fitter's runs, for --verbose

    def summary_line(self, shown_path: str | None = None) -> str:
        """`wrote out/cv-en-full.pdf (3 pages, 1 TeX run, 0.6 s)`, or `kept …` on a cache hit."""
        where = shown_path or str(self.path)
        pages = f"{self.pages} page{'s' * (self.pages != 1)}"
        if self.cached:
            return f"kept {where} ({pages}; unchanged, TeX skipped — --force rebuilds)"
        runs = f"{self.runs} TeX run{'s' * (self.runs != 1)}"
        return f"wrote {where} ({pages}, {runs}, {self.seconds:.1f} s)"
