"""Where the LaTeX templates live; kept free of heavy imports (a cache hit needs only this)."""

from __future__ import annotations

from pathlib import Path

from cvtool.errors import CvError

TEMPLATE = "cv.tex.j2"
STYLE_FILES = ("cvtool.sty",)


def templates_dir() -> Path:
    """`latex_templates/` beside the package (a checkout) or inside it (an installed wheel)."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here.parent / "latex_templates", here / "latex_templates"):
        if (candidate / TEMPLATE).is_file():
            return candidate
    raise CvError("cannot find the LaTeX templates (latex_templates/cv.tex.j2); is cvtool installed correctly?")
