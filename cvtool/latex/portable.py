r"""A kept build (`--build-dir`) that builds anywhere: the fonts it loads are put beside it.

cvtool's .tex loads each font by file, from the folder it found it in (`Path=/usr/share/fonts/…/`).
On another machine, or on Overleaf, those folders do not exist. So the kept .tex loads them
from `./fonts/` in the build folder instead, where each font file is linked (same file system)
or copied. `cd DIR && xelatex cv-en-full.tex` then needs only TeX and the kept files.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from cvtool.errors import CvError, folder_problem

FONTS = "fonts"
# \setmainfont{File.ttf}[Path=/x/, BoldFont=File-Bold.ttf, …], and \newfontfamily\name{…}[…] alike
_FONT_COMMAND = re.compile(r"\\(?:set\w*font|newfontfamily\\\w+|newfontface\\\w+)\{([^}]*)\}\[([^\]]*)\]")
_PATH = re.compile(r"Path=([^,\]]+)")
_FACE = re.compile(r"\w*Font=([^,\]\s]+)")
_FALLBACK = re.compile(r"(\\cvfallback(?:font|cjk))\{(/[^}]*)\}\{([^}]*)\}")  # a rare character's font (glyphs.py)
_ICON_FACE = re.compile(r"(\\def\\cvfa\w+)\{(/[^}]+)\}")  # the header icons' faces, by absolute file name (icons.py)


def make_portable(tex_path: Path) -> list[Path]:
    """Rewrite the kept .tex at `tex_path` to load its fonts from ./fonts/ and put them there; the
    font files placed. A font that cannot be placed is a CvError naming it and the folder."""
    text = tex_path.read_text(encoding="utf-8")
    folder = tex_path.parent / FONTS
    placed: list[Path] = []

    def relocate(match: re.Match[str]) -> str:
        options = match.group(2)
        path = _PATH.search(options)
        if path is None or not os.path.isabs(path.group(1)):
            return match.group(0)
        source = Path(path.group(1))
        for name in [match.group(1), *_FACE.findall(options)]:
            placed.append(_place(source / name, folder))
        return match.group(0).replace(path.group(0), f"Path=./{FONTS}/")

    def relocate_icon(match: re.Match[str]) -> str:
        placed.append(_place(Path(match.group(2)), folder))
        return f"{match.group(1)}{{./{FONTS}/{Path(match.group(2)).name}}}"

    def relocate_fallback(match: re.Match[str]) -> str:
        placed.append(_place(Path(match.group(2)) / match.group(3), folder))
        return f"{match.group(1)}{{./{FONTS}/}}{{{match.group(3)}}}"

    new = _FALLBACK.sub(relocate_fallback, _ICON_FACE.sub(relocate_icon, _FONT_COMMAND.sub(relocate, text)))
    if new != text:
        tex_path.write_text(new, encoding="utf-8")
    return list(dict.fromkeys(placed))


def _place(font: Path, folder: Path) -> Path:
    target = folder / font.name
    try:
        folder.mkdir(exist_ok=True)
        if target.exists() and target.stat().st_size == font.stat().st_size:
            return target
        target.unlink(missing_ok=True)
        try:
            os.link(font, target)  # no copy of 20 MB CJK collections where a link will do
        except OSError:
            shutil.copyfile(font, target)
    except OSError as exc:
        raise CvError(f"--build-dir: cannot put the font {font} in {folder}: {folder_problem(folder, exc)}") from None
    return target
