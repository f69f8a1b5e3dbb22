"""latex/portable.py: a kept .tex loads every font it names from ./fonts/ beside it."""

from __future__ import annotations

from cvtool.latex.portable import make_portable


def test_every_kind_of_font_reference_is_moved_beside_the_tex(tmp_path):
    system = tmp_path / "usr share fonts"  # a space: found by the font commands' own syntax, not by splitting
    system.mkdir()
    for name in ("Main-Regular.ttf", "Main-Bold.ttf", "fa-solid-900.ttf", "Symbola.ttf"):
        (system / name).write_bytes(name.encode())
    kept = tmp_path / "kept"
    kept.mkdir()
    tex = kept / "cv.tex"
    tex.write_text(
        f"\\setmainfont{{Main-Regular.ttf}}[Path={system}/, BoldFont=Main-Bold.ttf, BoldFeatures={{FontIndex=0}}]\n"
        f"\\def\\cvfasolid{{{system}/fa-solid-900.ttf}}\\cviconstrue\n"
        f"\\begin{{document}}a \\cvfallbackfont{{{system}/}}{{Symbola.ttf}}{{0}}{{♔}} b\\end{{document}}\n",
        encoding="utf-8")
    placed = make_portable(tex)
    assert sorted(p.name for p in placed) == ["Main-Bold.ttf", "Main-Regular.ttf", "Symbola.ttf", "fa-solid-900.ttf"]
    assert all((kept / "fonts" / p.name).read_bytes() == p.name.encode() for p in placed)
    text = tex.read_text(encoding="utf-8")
    assert str(system) not in text
    assert "[Path=./fonts/, BoldFont=Main-Bold.ttf" in text
    assert "\\def\\cvfasolid{./fonts/fa-solid-900.ttf}" in text
    assert "\\cvfallbackfont{./fonts/}{Symbola.ttf}{0}{♔}" in text
    assert make_portable(tex) == []  # nothing absolute is left to move
