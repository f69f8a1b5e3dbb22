"""Which fonts a CV uses, and where they come from: `fonts/` first, then the system.

Chinese is set in Noto Serif/Sans CJK **SC**, Traditional Chinese in **TC** (each locale file
names its CJK families: `fonts: {cjk_main: …, cjk_sans: …}`). The CJK fonts are TTC collections whose face 0 is
the JP design (骨 直 角 令 differ from Chinese forms), and XeTeX asked for the *name*
"Noto Serif CJK SC" still loads face 0. So we ask fontconfig which file and face index carry the
SC family and load exactly that (`FontIndex`). The same path serves fonts shipped in `fonts/`.
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cvtool.errors import CvError
from cvtool.install import apt_install


@dataclass(frozen=True)
class FontRole:
    name: str  # the key a locale file uses to pick another family for this role
    command: str  # the fontspec/xeCJK command that sets it
    families: tuple[str, ...]  # preferred first
    package: str  # the Debian package that provides the first family


ROLES = (
    FontRole("main", r"\setmainfont", ("Noto Serif",), "fonts-noto-core"),
    FontRole("sans", r"\setsansfont", ("Noto Sans",), "fonts-noto-core"),
    FontRole("cjk_main", r"\setCJKmainfont", ("Noto Serif CJK SC",), "fonts-noto-cjk"),
    FontRole("cjk_sans", r"\setCJKsansfont", ("Noto Sans CJK SC",), "fonts-noto-cjk"),
    # Schola's weight and x-height sit best beside Noto Serif; the others are what Debian often has
    FontRole("math", r"\setmathfont", ("TeX Gyre Schola Math", "DejaVu Math TeX Gyre", "Latin Modern Math"),
             "fonts-texgyre-math"),
)

# Where a character the role's font lacks is looked for (cvtool.glyphs decides, per character):
# CJK characters in HanaMin (Extension B and beyond: the one Debian package covering all of it),
# everything else in the math font (√ ≤ ≪ ⊕ 𝒪 ∑), then these.
CJK_FALLBACKS = (("HanaMinA", "fonts-hanazono"), ("HanaMinB", "fonts-hanazono"))
SYMBOL_FALLBACKS = (("Noto Sans Symbols", "fonts-noto-core"), ("Noto Sans Symbols2", "fonts-noto-core"),
                    ("Symbola", "fonts-symbola"))  # Symbola: monochrome emoji, 1.3 MB
# for `doctor`: a missing fallback only means fewer characters pass validate
FALLBACK_ROLES = tuple(FontRole(family, "", (family,), package) for family, package in CJK_FALLBACKS + SYMBOL_FALLBACKS)

_STYLES = {"Regular": "UprightFont", "Bold": "BoldFont", "Italic": "ItalicFont", "Bold Italic": "BoldItalicFont"}
_SAFE_PATH = re.compile(r"[A-Za-z0-9_./+-]+\Z")


def safe_path(path: str) -> bool:
    """A path TeX can read inside `Path=…` without any escaping."""
    return bool(_SAFE_PATH.match(path))


def fonts_dir() -> Path:
    """`fonts/` beside the package (a checkout) or inside it (an installed wheel)."""
    here = Path(__file__).resolve().parent
    checkout = here.parent / "fonts"
    return checkout if checkout.is_dir() else here / "fonts"


Faces = dict[str, tuple[str, int]]  # style → (file, face index in the collection)


def _parse_faces(output: str) -> dict[str, Faces]:
    found: dict[str, Faces] = {}
    for line in output.splitlines():
        family, style, index, file = (line.split("\t") + ["", "", "", ""])[:4]
        if family and file and style in _STYLES:
            found.setdefault(family, {}).setdefault(style, (file, int(index or 0)))
    return found


_FORMAT = "%{family[0]}\t%{style[0]}\t%{index}\t%{file}\n"


@functools.cache
def local_fonts(directory: Path) -> dict[str, Faces]:
    """Families found in `directory` (searched before the system)."""
    if not directory.is_dir() or not shutil.which("fc-scan"):
        return {}
    files = [p for p in sorted(directory.rglob("*")) if p.suffix.lower() in (".ttf", ".otf", ".ttc")]
    if not files:
        return {}
    out = subprocess.run(["fc-scan", "--format", _FORMAT, *map(str, files)], capture_output=True, text=True,
                         errors="surrogateescape", check=False)  # a font may have a name that is not UTF-8
    return _parse_faces(out.stdout)


@functools.cache
def _system_families() -> dict[str, Faces]:
    """Every family fontconfig knows, from one `fc-list` (one call for all roles: a render with
    nothing to do still checks the fonts, and each process start costs more than the listing)."""
    if not shutil.which("fc-list"):
        return {}
    out = subprocess.run(["fc-list", "--format", _FORMAT], capture_output=True, text=True,
                         errors="surrogateescape", check=False)  # a font may have a name that is not UTF-8
    return _parse_faces(out.stdout)


def system_faces(family: str) -> Faces:
    """The faces fontconfig knows for exactly `family`, with their collection index."""
    return _system_families().get(family, {})


_GENERATION = [0]


def generation() -> int:
    """Changes whenever `forget` is called: caches of font data elsewhere (glyphs) compare it."""
    return _GENERATION[0]


def forget() -> None:
    """Look the fonts up again next time (`watch` calls this when fonts/ changes)."""
    _GENERATION[0] += 1
    local_fonts.cache_clear()
    _system_families.cache_clear()


def _spec(role: FontRole, faces: Faces) -> str | None:
    """A fontspec call loading each face by file and index (never by name: see module doc)."""
    if "Regular" not in faces:
        return None
    folder = Path(faces["Regular"][0]).parent
    if not _SAFE_PATH.match(str(folder)):
        return None
    options = [f"Path={folder}/"]
    for style, key in _STYLES.items():
        if style not in faces or Path(faces[style][0]).parent != folder:
            continue
        file, index = faces[style]
        if style != "Regular":
            options.append(f"{key}={Path(file).name}")
        options.append(f"{key.replace('Font', 'Features')}={{FontIndex={index}}}")
    return f"{role.command}{{{Path(faces['Regular'][0]).name}}}[{', '.join(options)}]"


def chosen_faces(role: FontRole, directory: Path | None = None, family: str | None = None) -> Faces | None:
    """The faces `font_setup` loads for `role`: its first family found (or `family`, a locale's
    choice), in fonts/ or the system."""
    local = local_fonts((directory or fonts_dir()).resolve())
    for name in (family,) if family else role.families:
        for faces in (local.get(name, {}), system_faces(name)):
            if _spec(role, faces):
                return faces
    return None


def fallback_faces(families: tuple[tuple[str, str], ...]) -> list[tuple[str, str, int]]:
    """(family, file, index) of each fallback family that is installed, in order."""
    found = []
    for family, _package in families:
        faces = system_faces(family) or local_fonts(fonts_dir().resolve()).get(family, {})
        if "Regular" in faces and safe_path(faces["Regular"][0]):
            found.append((family, *faces["Regular"]))
    return found


# The commands cvtool.glyphs wraps a character in when its role's font lacks it. A font is only
# loaded where a character needs it (xeCJK's own fallback list loads HanaMin, 50 MB, in every run).
_FALLBACK_SETUP = r"""\newcommand\cvfallbackfont[3]{\fontspec{#2}[Path=#1, FontIndex=#3]}
\newcommand\cvfallbackcjk[3]{\CJKfontspec{#2}[Path=#1, FontIndex=#3]}"""


def font_setup(directory: Path | None = None, families: Mapping[Any, str] | None = None, *, math: bool = False) -> str:
    """The preamble lines that select every font, or a CvError naming what to install.
    `families`: role name → family to use instead of the role's own (a locale's `fonts:`).
    `math`: the CV has `$…$` math: load unicode-math and the math font (else neither)."""
    lines = []
    missing = []
    for role in ROLES if math else [r for r in ROLES if r.name != "math"]:
        faces = chosen_faces(role, directory, (families or {}).get(role.name))
        if faces is None:
            missing.append(role)
        else:
            lines.append((r"\usepackage{unicode-math}" if role.name == "math" else "") + (_spec(role, faces) or ""))
    lines.append(_FALLBACK_SETUP)
    if missing:
        names = ", ".join((families or {}).get(r.name) or r.families[0] for r in missing)
        packages = " ".join(sorted({r.package for r in missing}))
        raise CvError(
            f"font not found: {names}",
            hint=f"Install it with: {apt_install(*packages.split())}; or put the font files in fonts/.",
        )
    return "\n".join(lines)
