"""Every theme, in both languages, full and one page, on the real CV; and the user's own partials."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from pdftools import REAL_CV, build, pages
from test_e2e_design import flow, pdftotext
from test_e2e_safety import hostile_cv

from cvtool.load import load
from cvtool.themes import THEMES
from cvtool.validate import validate

pytestmark = pytest.mark.tex


@pytest.fixture(scope="module")
def themed(tmp_path_factory) -> dict[tuple[str, str, str], Path]:
    built = {}
    for theme in THEMES:
        out = tmp_path_factory.mktemp(theme)
        for r in build(REAL_CV, out, variants=("full", "short"), updated="2026-11", design=(("theme", theme),)):
            built[(theme, r.target.lang, r.target.variant)] = r.path
    return built


def _fonts(pdf: Path) -> str:
    return subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("theme", list(THEMES))
def test_each_theme_renders_both_languages_full_and_on_one_page(themed, theme):
    cv = validate(load(REAL_CV)).cv
    for lang in ("en", "zh"):
        assert pages(themed[(theme, lang, "short")]) == 1
        text = flow(pdftotext(themed[(theme, lang, "full")], "-raw"))
        missing = [p.title.get(lang) for p in cv.publications if flow(p.title.get(lang) or "") not in text]
        assert not missing, (theme, lang, missing)


def test_the_themes_really_differ_in_faces_and_icons(themed):
    classic, modern, dense = (_fonts(themed[(t, "zh", "full")]) for t in ("classic", "modern", "dense"))
    assert "NotoSerif-" in classic and "NotoSans-" not in classic and "FontAwesome" not in classic
    assert "NotoSans-" in modern and "NotoSerif-" not in modern and "FontAwesome6Free-Solid" in modern
    assert "NotoSansCJK" in modern and "NotoSerifCJK" in classic  # the Chinese face matches the Latin one
    assert "NotoSerif-" in dense
    # the dense theme fits more on a page
    assert pages(themed[("dense", "en", "full")]) <= pages(themed[("classic", "en", "full")])
    assert len(pdftotext(themed[("dense", "en", "full")], "-l", "1")) > len(
        pdftotext(themed[("classic", "en", "full")], "-l", "1"))


def test_the_themes_command_lists_name_first_with_a_description():
    from typer.testing import CliRunner

    from cvtool.cli import app

    result = CliRunner().invoke(app, ["themes"])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert [line.split()[0] for line in lines] == list(THEMES)
    assert all(len(line.split(maxsplit=1)[1]) > 20 for line in lines)


USER_PARTIAL = """\
((* for e in section.body.entries *))
\\par USERPARTIAL ((( e.heading ))) / ((( e.sub | join(" + ") ))) / ((( e.heading | upper )))\\par
((* endfor *))
"""


def test_user_partials_override_the_theme_and_everything_they_get_is_escaped(tmp_path):
    from pdftools import build_text, text_of

    partials = tmp_path / "templates" / "partials"
    partials.mkdir(parents=True)
    (partials / "education.tex.j2").write_text(USER_PARTIAL, encoding="utf-8")
    marker = tmp_path / "pwned"
    results = build_text(hostile_cv(marker), tmp_path, langs=("en",), updated="2026-11",
                         design=(("theme", "modern"),), build_dir=tmp_path / "b")
    assert not marker.exists()
    text = " ".join(text_of(results[0].path).split())
    assert "root:" not in text
    assert r"USERPARTIAL Ecole \catcode`\@=11 Zoë Øresund Łódź 東京 서울 𠀋 / B.Sc. 100% \def\x{y}" in text
    assert r"ECOLE \CATCODE`\@=11" in text  # a filter's result is escaped too
    # the rest of the theme is still the modern one, and the user's folder is in the cache key
    assert "FontAwesome" in _fonts(results[0].path)
    (partials / "education.tex.j2").write_text(USER_PARTIAL.replace("USERPARTIAL", "CHANGED"), encoding="utf-8")
    again = build_text(hostile_cv(marker), tmp_path, langs=("en",), updated="2026-11", design=(("theme", "modern"),))
    assert not again[0].cached and "CHANGED" in text_of(again[0].path)
