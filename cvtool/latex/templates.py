"""Where the LaTeX templates live, and how a section kind finds its partial; kept free of heavy
imports (a cache hit needs only this).

A theme is a folder of partials searched before the default ones, so it overrides the kinds it
cares about and inherits the rest. `search_path` and `partial` are the one place that decides.
"""

from __future__ import annotations

from pathlib import Path

from cvtool.errors import CvError

TEMPLATE = "cv.tex.j2"
USER_TEMPLATES = "templates"  # the folder beside a CV whose partials override the theme's
STYLE_FILES = ("cvtool.sty",)
PARTIALS = "partials"


def templates_dir() -> Path:
    """`latex_templates/` beside the package (a checkout) or inside it (an installed wheel)."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here.parent / "latex_templates", here / "latex_templates"):
        if (candidate / TEMPLATE).is_file():
            return candidate
    raise CvError("cannot find the LaTeX templates (latex_templates/cv.tex.j2); is cvtool installed correctly?")


def search_path(theme: str | Path | None = None, base: Path | None = None, user: Path | None = None) -> list[Path]:
    """The folders templates are looked up in, first match wins: the user's `templates/` folder
    beside the CV (when it exists), the theme's (a folder, or the name of one under
    `<templates>/themes/`), then the default templates."""
    base = base or templates_dir()
    mine = [user] if user is not None and user.is_dir() else []
    if theme is None:
        return mine + [base]
    folder = Path(theme) if isinstance(theme, Path) else base / "themes" / theme
    if not folder.is_dir():
        raise CvError(f"unknown theme {str(theme)!r}: no folder {folder}")
    return mine + [folder, base]


def partial(kind: str) -> str:
    """The template name of a section kind's partial, resolved along `search_path`."""
    return f"{PARTIALS}/{kind}.tex.j2"


def template_files() -> list[Path]:
    """Every file the templates are made of (partials included), for cache keys."""
    return sorted(p for p in templates_dir().rglob("*") if p.is_file() and "__pycache__" not in p.parts)
