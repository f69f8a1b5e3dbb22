"""`cvtool watch`: re-render whenever the source, the templates or fonts/ change.

`render_once` is the whole "validate then render" step with every failure *returned*, never
raised, so a watcher can report it and keep going. `watch` establishes the file watcher first,
then renders once, then once per debounced batch of saves, until Ctrl-C or `stop_event`.
"""

from __future__ import annotations

import datetime as _dt
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from cvtool.errors import CvError, Diagnostic, display_path
from cvtool.pipeline import Options, Result, render_many, targets

FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")
Echo = Callable[[str, bool], None]  # (line, is_error)


@dataclass
class Outcome:
    results: list[Result] = field(default_factory=list)
    errors: list[CvError] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def render_once(
    file: Path,
    langs: list[str],
    variants: list[str],
    options: Options,
    *,
    profile: str | None = None,
    strict: bool = False,
) -> Outcome:
    """load → validate → targets → render_many; a CvError at any step is returned in `errors`.
    TeX starts while the CV is validated, as in `cvtool render`."""
    from cvtool.early import started_early
    from cvtool.load import load
    from cvtool.targets import requested
    from cvtool.validate import validate

    try:
        with started_early(file, requested(langs, variants, profile), options) as early:
            validated = validate(load(file), strict=strict)
            wanted = targets(langs, variants, profile, validated.cv)
            results, errors = render_many(validated, wanted, options, early=early)
    except CvError as exc:
        return Outcome(errors=[exc])
    return Outcome(results=results, errors=errors, warnings=list(validated.warnings))


def outcome_lines(outcome: Outcome) -> list[tuple[str, bool]]:
    """What to print for one build, as (line, is_error), in the style of `cvtool render`."""
    lines = [(w.format(), True) for w in outcome.warnings]
    for result in outcome.results:
        lines += [(f"warning: {w}", True) for w in result.warnings]
        lines += [(f"{result.path.name}: {r}", False) for r in result.report]
        lines.append((result.summary_line(display_path(result.path)), False))
    lines += [(e.format(), True) for e in outcome.errors]
    return lines


@dataclass(frozen=True)
class Watched:
    """What a change to is worth a re-render: the source, any template, a font file in fonts/."""

    source: Path
    templates: Path | None
    fonts: Path | None

    def folders(self) -> list[Path]:
        """Folders to watch, each non-recursively (the source's folder may hold out/ or .venv/)."""
        found = [self.source.parent]
        for top in (self.templates, self.fonts):
            if top is not None and top.is_dir():
                found.append(top)
                found += [p for p in sorted(top.rglob("*")) if p.is_dir()]
        return list(dict.fromkeys(found))

    def relevant(self, path: Path) -> str | None:
        """Why `path` matters ("source", "templates", "fonts"), or None."""
        if path == self.source:
            return "source"
        name = path.name
        if name.startswith((".", "#")) or name.endswith(("~", ".swp", ".swx", ".tmp", ".part")):
            return None  # editor and tool scratch files
        if self.templates is not None and path.is_relative_to(self.templates):
            return "templates"
        if self.fonts is not None and path.is_relative_to(self.fonts) and path.suffix.lower() in FONT_SUFFIXES:
            return "fonts"
        return None


def watched_paths(file: Path) -> Watched:
    from cvtool.fonts import fonts_dir
    from cvtool.latex.templates import templates_dir

    try:
        templates: Path | None = templates_dir().resolve()
    except CvError:
        templates = None
    fonts = fonts_dir().resolve()
    return Watched(file.absolute().resolve(), templates, fonts if fonts.is_dir() else None)


def watch(
    file: Path,
    langs: list[str],
    variants: list[str],
    options: Options,
    *,
    profile: str | None = None,
    strict: bool = False,
    debounce: float = 0.3,
    echo: Echo = lambda line, err: print(line),
    stop_event: threading.Event | None = None,
) -> None:
    """Render now and after every change, until `stop_event` is set (or KeyboardInterrupt).

    A failed build is reported through `echo` and watching continues. KeyboardInterrupt is left
    to the caller (the CLI turns Ctrl-C into a clean exit).
    """
    import watchfiles

    from cvtool import fonts

    watched = watched_paths(file)
    if not watched.source.parent.is_dir():
        raise CvError(f"{display_path(file)}: its folder does not exist")
    shown = display_path(file)
    labels = [shown] + [display_path(p) + "/" for p in (watched.templates, watched.fonts) if p is not None]

    def build(reason: str) -> None:
        echo(f"[{_dt.datetime.now():%H:%M:%S}] {reason}", False)
        for line, err in outcome_lines(render_once(file, langs, variants, options, profile=profile, strict=strict)):
            echo(line, err)

    def keep(change: watchfiles.Change, path: str) -> bool:
        return watched.relevant(Path(path)) is not None

    started = False
    # The watcher exists before the first render (rust_timeout makes the generator yield once
    # it is set up), so a save during the first render is not lost.
    for changes in watchfiles.watch(
        *watched.folders(),
        watch_filter=keep,
        debounce=max(int(debounce * 1000), 1),
        step=min(50, max(int(debounce * 1000), 1)),
        stop_event=stop_event,
        rust_timeout=200,
        yield_on_timeout=True,
        recursive=False,
        raise_interrupt=True,
    ):
        if not started:
            started = True
            build(f"rendering {shown}")
            echo(f"watching {', '.join(labels)} (Ctrl-C to stop)", False)
            continue
        if not changes:
            continue
        kinds = {watched.relevant(Path(path)) for _, path in changes}
        if "fonts" in kinds:  # fonts are looked up once per process; look again
            fonts.forget()
        names = sorted({display_path(Path(path)) for _, path in changes})
        build(f"changed: {', '.join(names)}; rendering")
