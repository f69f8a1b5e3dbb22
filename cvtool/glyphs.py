"""Which font prints each character — the one answer both `validate` and the TeX output use, so
that validate ok ⇒ render ok.

XeTeX has no font fallback of its own: a character the current font lacks is dropped with a
"Missing character" line in the log. cvtool therefore decides per character, from the fonts'
character sets (fontconfig's `fc-query`):

- CJK characters (the ones xeCJK sets in the CJK font: its character classes, minus those
  cvtool.sty declares Latin) go to the CJK font, else HanaMin (Extension B and beyond), else any
  installed font with it, wrapped in `\\cvfallbackcjk{path}{file}{index}{…}`.
- Everything else goes to the main font, else the math font (√ ≤ ≪ ⊕ 𝒪 ∑), Noto Sans Symbols,
  Symbols2, Symbola (monochrome emoji), else any installed font fontconfig finds with the
  character, wrapped in `\\cvfallbackfont{path}{file}{index}{…}` by `escape`.
A fallback font is loaded only by a document that uses it (xeCJK's own fallback list would load
HanaMin's 50 MB in every run: ~1 s).
- Inside math only the math font counts.

A character no installed font has is a located validate error naming it.
"""

from __future__ import annotations

import bisect
import functools
import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from cvtool import fonts

Ranges = tuple[tuple[int, int], ...]  # sorted, inclusive

# xeCJK's CJK character classes (xeCJK.sty, TeX Live 2022: FullLeft, FullRight, CJK, CM, HangulJamo)
_XECJK = ("B7 2EA-2EB 1100-11FF 2013-2014 2018-2019 201C-201D 2025-2027 2E3A 2E80-2FDF 2FF0-A4CF A960-A97F "
          "AC00-D7FF F900-FAFF FE00-FE1F FE30-FE50 FE52 FE54-FE57 FE59-FE5E FE69-FE6A FF00-FFEF 16FE0-18D7F "
          "1AFF0-1B2FF 1F200-1F2FF 20000-2A6DF 2A700-2EBEF 2F800-2FA1F 30000-3134F E0100-E01EF")
_DECLARED_DEFAULT = re.compile(r"\\xeCJKDeclareCharClass\{Default\}\{([^}]*)\}")


def parse_ranges(text: str) -> Ranges:
    """fontconfig's charset notation (`20-7e a0 …`, hexadecimal) → ranges."""
    out = []
    for part in text.split():
        start, _, end = part.partition("-")
        out.append((int(start, 16), int(end or start, 16)))
    return tuple(sorted(out))


def has(ranges: Ranges, code: int) -> bool:
    i = bisect.bisect_right(ranges, (code, 0x10FFFF + 1)) - 1
    return i >= 0 and ranges[i][0] <= code <= ranges[i][1]


@dataclass(frozen=True)
class Face:
    family: str
    file: str
    index: int

    def tex(self, command: str) -> str:
        path = Path(self.file)
        return rf"\{command}{{{path.parent}/}}{{{path.name}}}{{{self.index}}}"


_LISTING = "%{file}\t%{index}\t%{family[0]}\t%{style[0]}\t%{charset}\n"


@functools.cache
def _listing() -> dict[tuple[str, int], tuple[str, str, str]]:
    """(file, index) → (family, style, charset text) of every font fontconfig knows and of fonts/:
    one `fc-list` (~0.1 s, from fontconfig's cache) instead of one `fc-query` per font."""
    found: dict[tuple[str, int], tuple[str, str, str]] = {}
    local = [str(p) for p in sorted(fonts.fonts_dir().rglob("*")) if p.suffix.lower() in (".ttf", ".otf", ".ttc")] \
        if fonts.fonts_dir().is_dir() else []
    for command in (["fc-scan", "--format", _LISTING, *local] if local else None, ["fc-list", "--format", _LISTING]):
        if command is None or not shutil.which(command[0]):
            continue
        out = subprocess.run(command, capture_output=True, text=True, check=False, errors="surrogateescape").stdout
        for line in out.splitlines():
            parts = line.split("\t")
            if len(parts) == 5 and parts[1].isdigit():
                found.setdefault((parts[0], int(parts[1])), (parts[2], parts[3], parts[4]))
    return found


@functools.cache
def charset(file: str, index: int) -> Ranges:
    """The characters of one face (empty if fontconfig does not know it)."""
    entry = _listing().get((file, index))
    return parse_ranges(entry[2]) if entry else ()


def _intersect(a: Ranges, b: Ranges) -> Ranges:
    out, i, j = [], 0, 0
    while i < len(a) and j < len(b):
        lo, hi = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if lo <= hi:
            out.append((lo, hi))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return tuple(out)


def _role_charset(command: str) -> Ranges:
    """What every style of the role's font has (bold and italic may have fewer characters)."""
    role = next((r for r in fonts.ROLES if r.command == command), None)
    faces = fonts.chosen_faces(role) if role else None
    if not faces:
        return ()
    sets = [charset(file, index) for file, index in faces.values()]
    return functools.reduce(_intersect, sets)


def _role_face(command: str) -> Face | None:
    role = next((r for r in fonts.ROLES if r.command == command), None)
    faces = fonts.chosen_faces(role) if role else None
    if not faces or "Regular" not in faces:
        return None
    return Face(role.families[0] if role else "", *faces["Regular"])


@dataclass(frozen=True)
class Chain:
    main: Ranges
    cjk: Ranges  # the CJK font
    cjk_fallbacks: tuple[tuple[Face, Ranges], ...]
    math: Ranges
    math_face: Face | None
    symbols: tuple[tuple[Face, Ranges], ...]
    cjk_routed: Ranges


@functools.cache
def chain() -> Chain:
    """The fonts of this machine (and fonts/), looked up once per process (`forget` resets)."""
    cjk = tuple((Face(fam, file, index), charset(file, index))
                for fam, file, index in fonts.fallback_faces(fonts.CJK_FALLBACKS))
    math_face = _role_face(r"\setmathfont")
    symbols = [(math_face, charset(math_face.file, math_face.index))] if math_face else []
    symbols += [(Face(fam, file, index), charset(file, index))
                for fam, file, index in fonts.fallback_faces(fonts.SYMBOL_FALLBACKS)]
    symbols = [(face, ranges) for face, ranges in symbols if has(ranges, 0x20)]  # see _any_font_with
    return Chain(
        main=_role_charset(r"\setmainfont"),
        cjk=_role_charset(r"\setCJKmainfont"),
        cjk_fallbacks=cjk,
        math=symbols[0][1] if math_face else (),
        math_face=math_face,
        symbols=tuple(symbols),
        cjk_routed=_cjk_routed(),
    )


def _cjk_routed() -> Ranges:
    """xeCJK's CJK classes minus the characters cvtool.sty gives back to the Latin font."""
    routed = parse_ranges(_XECJK.replace('"', ""))
    sty = fonts.fonts_dir().parent / "latex_templates" / "cvtool.sty"
    text = sty.read_text(encoding="utf-8") if sty.is_file() else ""
    latin = {int(code.strip().lstrip('"'), 16) for m in _DECLARED_DEFAULT.finditer(text)
             for code in m.group(1).split(",") if code.strip()}
    out: list[tuple[int, int]] = []
    for lo, hi in routed:
        start = lo
        for code in sorted(c for c in latin if lo <= c <= hi):
            if start <= code - 1:
                out.append((start, code - 1))
            start = code + 1
        if start <= hi:
            out.append((start, hi))
    return tuple(out)


_SEEN = [0]  # the fonts.generation() the caches below were filled in


def _fresh() -> None:
    if _SEEN[0] != fonts.generation():
        forget()
        _SEEN[0] = fonts.generation()


def forget() -> None:
    chain.cache_clear()
    placement.cache_clear()
    charset.cache_clear()
    _any_font_with.cache_clear()
    _listing.cache_clear()


MAIN = "main"  # the character needs no wrapping: the main or CJK font (or xeCJK's fallback) has it


_NOT_PRINTED = ("Zs", "Zl", "Zp", "Cc", "Cf", "Cs", "Co", "Cn")  # spaces, and what escape.clean() removes


@functools.cache
def placement(ch: str) -> str | None:
    """`MAIN`, the TeX that switches to the font printing `ch` (`\\cvfallbackfont{…}{…}{…}`), or
    None when no font has it."""
    code = ord(ch)
    if code < 0x80 or unicodedata.category(ch) in _NOT_PRINTED or ch in "\ufe0e\ufe0f":
        return MAIN
    c = chain()
    if has(c.cjk_routed, code):
        if has(c.cjk, code):
            return MAIN
        face = next((f for f, ranges in c.cjk_fallbacks if has(ranges, code)), None) or _any_font_with(code)
        return face.tex("cvfallbackcjk") if face else None
    if has(c.main, code):
        return MAIN
    for face, ranges in c.symbols:
        if has(ranges, code):
            return face.tex("cvfallbackfont")
    face = _any_font_with(code)
    return face.tex("cvfallbackfont") if face else None


def math_font_name() -> str:
    face = chain().math_face
    return face.family if face else "(none installed)"


def in_math_font(ch: str) -> bool:
    _fresh()
    return ord(ch) < 0x80 or has(chain().math, ord(ch))


@functools.cache
def _any_font_with(code: int) -> Face | None:
    """An installed font with the character: a Noto serif first, Regular first, then by name.
    Only fonts with a space: loading one without (Noto Sans Tamil Supplement) logs a missing
    U+0020, which fails the render — the property test found that."""
    def preference(item: tuple[tuple[str, int], tuple[str, str, str]]) -> tuple[bool, bool, bool, str, str]:
        (file, _), (family, style, _) = item
        return (not family.startswith("Noto"), "Serif" not in family, style != "Regular", family, file)

    for (file, index), (family, _style, _) in sorted(_listing().items(), key=preference):
        if not fonts.safe_path(file) or not file.lower().endswith((".ttf", ".otf", ".ttc")):
            continue
        ranges = charset(file, index)
        if has(ranges, code) and has(ranges, 0x20):  # fontspec sets a space in every font it loads
            return Face(family, file, index)
    return None


def wrap(tex: str) -> str:
    """Escaped TeX with each run of characters that needs another font wrapped in it."""
    if tex.isascii():
        return tex
    _fresh()
    out: list[str] = []
    run: list[str] = []
    current = ""
    for ch in tex:
        where = placement(ch) if ord(ch) >= 0x80 else MAIN
        switch = where if where not in (MAIN, None) else ""
        if switch != current:
            out.append(_wrapped("".join(run), current))
            run, current = [], switch
        run.append(ch)
    out.append(_wrapped("".join(run), current))
    return "".join(out)


def _wrapped(text: str, switch: str) -> str:
    if not text or not switch:
        return text
    return rf"\texorpdfstring{{{{{switch}{text}}}}}{{{text}}}"


def missing(text: str) -> list[tuple[int, str]]:
    """(offset, character) of each character in `text` no font can print, first occurrences."""
    _fresh()
    seen, out = set(), []
    for i, ch in enumerate(text):
        if ord(ch) >= 0x80 and ch not in seen:
            seen.add(ch)
            if placement(ch) is None:
                out.append((i, ch))
    return out
