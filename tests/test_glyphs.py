"""The per-character font decision (fast: fontconfig only, no TeX)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from cvtool import glyphs
from cvtool.latex.escape import escape

pytestmark = pytest.mark.skipif(shutil.which("fc-list") is None, reason="needs fontconfig")


def test_charset_notation() -> None:
    ranges = glyphs.parse_ranges("20-7e a0 4e00-9fff")
    assert glyphs.has(ranges, 0x41) and glyphs.has(ranges, 0xA0) and glyphs.has(ranges, 0x4E2D)
    assert not glyphs.has(ranges, 0x7F) and not glyphs.has(ranges, 0xA1) and not glyphs.has(ranges, 0x1F600)


@pytest.mark.parametrize("ch", ["é", "Ø", "α", "Ж", "’", "“", "–", "中", "か", "한"])
def test_what_the_main_and_cjk_fonts_have_needs_no_switch(ch: str) -> None:
    assert glyphs.placement(ch) == glyphs.MAIN


@pytest.mark.parametrize(("ch", "font"), [("≤", "math"), ("√", "math"), ("😀", "Symbola"), ("𠀀", "HanaMin")])
def test_what_they_lack_goes_to_a_fallback(ch: str, font: str) -> None:
    where = glyphs.placement(ch)
    assert where is not None and where != glyphs.MAIN and font in where, where


def test_escape_wraps_fallback_runs_and_keeps_pdf_strings_plain() -> None:
    tex = escape("a ≤ b 😀")
    assert r"\cvfallbackfont{" in tex and "Symbola_hint.ttf" in tex
    assert r"\texorpdfstring{{\cvfallbackfont" in tex and "}{😀}" in tex  # bookmarks/metadata get the bare character
    assert escape("Zoë 宋庆禹") == "Zoë 宋庆禹"


def test_latin_quotes_declared_in_the_style_are_not_cjk() -> None:
    assert not glyphs.has(glyphs.chain().cjk_routed, ord("’"))  # cvtool.sty gives it back to the Latin font
    assert glyphs.has(glyphs.chain().cjk_routed, ord("，"))


def test_a_character_no_font_has_is_found() -> None:
    if subprocess.run(["fc-list", ":charset=1faa9"], capture_output=True, text=True).stdout.strip():
        pytest.skip("a font on this machine has U+1FAA9")
    assert glyphs.missing("ok \U0001faa9 ok") == [(3, "\U0001faa9")]
    assert glyphs.missing("plain text, 中文, ≤ 😀") == []


def test_break_points_never_land_inside_a_font_path() -> None:
    from cvtool.latex.escape import escape_breakable

    tex = escape_breakable("me😀@example.org/x")
    assert "{/usr/share/fonts/truetype/ancient-scripts/}" in tex or "Symbola" not in tex
    path = tex.split(r"\cvfallbackfont{", 1)[1].split("}", 1)[0]
    assert r"\allowbreak" not in path and r"example.\allowbreak{}org/" in tex


def test_text_inside_math_is_checked_against_the_text_fonts() -> None:
    from cvtool.textcheck import glyph_problems

    assert glyph_problems(r"$\text{量子 } x$") == []  # \text is set in the text (and CJK) fonts
    assert glyph_problems("$x 量$") == []  # a letter the math font lacks is set (and checked) as text
    problems = glyph_problems("$x ☃$")  # a symbol in math proper: only the math font counts, and it has none
    assert len(problems) == 1 and "not in the math font" in problems[0][1]
