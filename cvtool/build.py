"""The orchestrator: one `build(request) -> Outcome` for `cvtool render`, `cvtool watch` and the tests.

In order, each step once:
1. resolve: read the source (once), the stamp and SOURCE_DATE_EPOCH, the jobs and their names;
2. answer from the cache what it can, before importing pydantic, jinja2 or TeX;
3. start TeX for the PDFs to build (`TexEngine.prepare`), then load and validate the CV while it starts;
4. build the rest in parallel (`pipeline.render_many`), record them in the cache, make PNG previews.
Every failure ends up in the outcome, never raised: the caller decides what it means (the CLI's
exit code, the watcher's "keep watching").
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from cvtool import cache
from cvtool.declared import quick_languages
from cvtool.errors import CvError
from cvtool.sourcefile import read_source_text
from cvtool.targets import Job, Options, Result, Stamp, jobs_for, one_page_langs, requested

if TYPE_CHECKING:
    from cvtool.validate import Validated


@dataclass(frozen=True)
class Request:
    """What to build: every option of `cvtool render` except how to print."""

    source: Path
    langs: tuple[str, ...] = ("all",)  # tags, or `all`: the CV's declared languages
    variants: tuple[str, ...] = ("full",)
    profile: str | None = None
    options: Options = field(default_factory=Options)
    strict: bool = False  # warnings (missing translations) are errors
    png: bool = False  # also a PNG preview of every page beside each PDF


@dataclass
class Outcome:
    results: list[Result] = field(default_factory=list)
    errors: list[CvError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # what validation said, formatted
    previews: dict[Path, list[Path]] = field(default_factory=dict)  # PDF → its PNG pages

    @property
    def ok(self) -> bool:
        return not self.errors


class Progress(Protocol):
    """Told about the PDFs as they build (the reporter's live display)."""

    def building(self, jobs: list[Job]) -> AbstractContextManager[object]: ...

    def update(self, job: Job, outcome: Result | CvError | None) -> None: ...


@dataclass(frozen=True)
class Resolved:
    """A request with everything decided once: the source text, the stamp, the jobs."""

    request: Request
    text: str
    stamp: Stamp
    jobs: list[Job]
    validated: Validated | None = None  # when deciding the jobs already needed it (`languages_of`)


def resolve(request: Request) -> Resolved:
    """Read the source and decide the stamp and the jobs; a CvError for what cannot be built."""
    options = request.options
    if not options.timeout > 0:  # also refuses NaN
        raise CvError(f"--timeout {options.timeout}: expected a number of seconds above 0")
    stamp = Stamp.resolve(options.updated)
    text = read_source_text(request.source)
    langs, validated = languages_of(request, text)
    targets = requested(langs, list(request.variants), request.profile)
    return Resolved(request, text, stamp, jobs_for(targets, request.source, options.out_dir, options.file_name), validated)


def languages_of(request: Request, text: str) -> tuple[list[str], Validated | None]:
    """The languages to build. `all` is the CV's declared languages: read from a plain `languages:`
    line or remembered from the last build of this text, else (first build) from the validated CV."""
    langs = list(request.langs)
    quick = quick_languages(langs, text, request.options.out_dir)
    if quick is not None:
        return quick, None
    validated = _validate(request, text)
    from cvtool.languages import declared_languages

    return declared_languages(validated.cv), validated


def build(request: Request, progress: Progress | None = None) -> Outcome:
    """Everything `request` asks for; what could not be built is in `Outcome.errors`."""
    try:
        resolved = resolve(request)
    except CvError as exc:
        return Outcome(errors=[exc])
    known = cache.check(request.source, resolved.text, resolved.jobs, resolved.stamp, request.options)
    if known.complete and not request.strict:  # nothing changed: no pydantic, jinja2 or TeX
        outcome = Outcome(results=known.results, warnings=known.warnings)
    else:
        outcome = _build_missing(resolved, known, progress)
    if request.png:
        _previews(outcome)
    return outcome


def _build_missing(resolved: Resolved, known: cache.Check, progress: Progress | None) -> Outcome:
    """Validate the CV while TeX starts for the PDFs the cache lacks, then build those."""
    from cvtool.latex.engine import TexEngine
    from cvtool.pipeline import parallel_jobs

    options = resolved.request.options
    engine = TexEngine(source_date_epoch=resolved.stamp.epoch, timeout=options.timeout, build_dir=options.build_dir)
    with engine:
        engine.prepare(job.jobname for job in known.missing[: parallel_jobs(options.jobs, len(known.missing))])
        try:
            validated = _validated(resolved)  # the heavy imports and checks run while TeX starts
        except CvError as exc:
            return Outcome(errors=[exc])
        from cvtool.pipeline import render_many

        with progress.building(known.missing) if progress else nullcontext():
            built = render_many(validated, known.missing, resolved.stamp, engine, workers=options.jobs,
                                design_choices=options.design, progress=progress.update if progress else None,
                                same_content_langs=one_page_langs(resolved.jobs))
    outcome = Outcome(results=list(known.results), warnings=[w.format() for w in validated.warnings])
    for job, result in zip(known.missing, built):
        if isinstance(result, CvError):
            outcome.errors.append(result)
            continue
        outcome.results.append(result)
        if cache.usable(options) or options.force:
            _remember(resolved, job, result, outcome.warnings)
    if outcome.results:  # beside the PDFs: what `--lang all` means for this text, for the next cache check
        from cvtool.declared import remember
        from cvtool.languages import declared_languages

        remember(options.out_dir, resolved.text, declared_languages(validated.cv))
    order = {job.pdf: i for i, job in enumerate(resolved.jobs)}
    outcome.results.sort(key=lambda r: order.get(r.path, 0))
    return outcome


def _validated(resolved: Resolved) -> Validated:
    """The CV from the text already read, validated; the languages and profile checked against it."""
    from cvtool.pipeline import targets

    request = resolved.request
    validated = resolved.validated or _validate(request, resolved.text)
    targets(list(request.langs), list(request.variants), request.profile, validated.cv)  # names and profile
    return validated


def _validate(request: Request, text: str) -> Validated:
    """Translations are checked only in the languages built (`all`: every declared one)."""
    from cvtool.load import load_text
    from cvtool.validate import validate

    langs = None if "all" in request.langs else list(request.langs)
    return validate(load_text(text, request.source), strict=request.strict, langs=langs)


def _remember(resolved: Resolved, job: Job, result: Result, source_warnings: list[str]) -> None:
    request = resolved.request
    key = cache.target_key(request.source, resolved.text, job, resolved.stamp, request.options.design,
                           one_page_langs(resolved.jobs))
    entry = cache.Entry(key, cache.file_sha256(job.pdf), result.pages, result.report, result.warnings, source_warnings)
    cache.store(request.options.out_dir, job, entry)


def _previews(outcome: Outcome) -> None:
    from cvtool.preview import png_previews

    for result in outcome.results:
        try:
            outcome.previews[result.path] = png_previews(result.path)
        except CvError as exc:
            outcome.errors.append(exc)
