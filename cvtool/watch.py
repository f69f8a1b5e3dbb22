"""`cvtool watch`: re-render whenever the source, the templates or fonts/ change.

Each render is the orchestrator's `build`, whose failures are returned, never raised, so the
watcher reports them and keeps going. `watch` establishes the file watcher first, then renders
once, then once per debounced batch of saves, until Ctrl-C or `stop_event`.
"""

from __future__ import annotations

import datetime as _dt
import threading
from dataclasses import dataclass
from pathlib import Path

from cvtool.build import Request, build
from cvtool.errors import CvError, display_path
from cvtool.progress import Reporter

FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")


@dataclass(frozen=True)
class Watched:
    """What a change to is worth a re-render: the source, any template (cvtool's, or the user's
    `templates/` beside the CV), a font file in fonts/."""

    source: Path
    templates: Path | None
    fonts: Path | None
    user_templates: Path | None = None

    def folders(self) -> list[Path]:
        """Folders to watch, each non-recursively (the source's folder may hold out/ or .venv/)."""
        found = [self.source.parent]
        for top in (self.templates, self.fonts, self.user_templates):
            if top is not None and top.is_dir():
                found.append(top)
                found += [p for p in sorted(top.rglob("*")) if p.is_dir()]
        return list(dict.fromkeys(found))

    def labels(self) -> list[str]:
        """What the "watching …" line names: the source and every folder watched for it."""
        folders = [p for p in (self.user_templates, self.templates, self.fonts) if p is not None and p.is_dir()]
        return [display_path(self.source)] + [display_path(p) + "/" for p in folders]

    def relevant(self, path: Path) -> str | None:
        """Why `path` matters ("source", "templates", "fonts"), or None."""
        if path == self.source:
            return "source"
        name = path.name
        if name.startswith((".", "#")) or name.endswith(("~", ".swp", ".swx", ".tmp", ".part")):
            return None  # editor and tool scratch files
        for top in (self.templates, self.user_templates):
            if top is not None and path.is_relative_to(top):
                return "templates"
        if self.fonts is not None and path.is_relative_to(self.fonts) and path.suffix.lower() in FONT_SUFFIXES:
            return "fonts"
        return None


def watched_paths(file: Path) -> Watched:
    from cvtool.fonts import fonts_dir
    from cvtool.latex.templates import USER_TEMPLATES, templates_dir

    try:
        templates: Path | None = templates_dir().resolve()
    except CvError:
        templates = None
    fonts = fonts_dir().resolve()
    source = file.absolute().resolve()
    return Watched(source, templates, fonts if fonts.is_dir() else None, source.parent / USER_TEMPLATES)


def watch(request: Request, reporter: Reporter, *, debounce: float = 0.3,
          stop_event: threading.Event | None = None) -> None:
    """Render now and after every change, until `stop_event` is set (or KeyboardInterrupt).

    A failed build is reported and watching continues. KeyboardInterrupt is left to the caller
    (the CLI turns Ctrl-C into a clean exit).
    """
    import watchfiles

    from cvtool import fonts

    file = request.source
    watched = watched_paths(file)
    if not watched.source.parent.is_dir():
        raise CvError(f"{display_path(file)}: its folder does not exist")
    shown = display_path(file)

    def rebuild(reason: str) -> None:
        reporter.note(f"[{_dt.datetime.now():%H:%M:%S}] {reason}")
        reporter.report(build(request, reporter))

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
            rebuild(f"rendering {shown}")
            reporter.note(f"watching {', '.join(watched.labels())} (Ctrl-C to stop)")
            continue
        if not changes:
            continue
        kinds = {watched.relevant(Path(path)) for _, path in changes}
        if "fonts" in kinds:  # fonts are looked up once per process; look again
            fonts.forget()
        names = sorted({display_path(Path(path)) for _, path in changes})
        rebuild(f"changed: {', '.join(names)}; rendering")
