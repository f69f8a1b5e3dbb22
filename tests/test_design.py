"""The `design:` block: layers, theme defaults, matched CJK faces, located errors (no TeX)."""

from __future__ import annotations

import pytest
from pdftools import MINIMAL

from cvtool.design import Design, DesignSpec, cli_design, design_for, resolve
from cvtool.errors import CvError
from cvtool.load import load_text
from cvtool.themes import THEMES
from cvtool.validate import validate


def test_nothing_set_is_the_classic_a4_serif():
    assert resolve() == Design()
    assert resolve().theme == "classic" and resolve().paper == "a4" and resolve().font == "serif"


def test_a_theme_brings_its_defaults_and_the_file_overrides_them():
    modern = resolve(DesignSpec(theme="modern"))
    assert modern.font == "sans" and modern.accent == THEMES["modern"].defaults["accent"]
    mine = resolve(DesignSpec(theme="modern", accent="#aa0000"))
    assert mine.accent == "#AA0000" and mine.font == "sans"


def test_a_higher_layer_wins_field_by_field_and_its_theme_decides_the_defaults():
    file_layer = DesignSpec(theme="classic", paper="letter", font_size=10.5)
    cli_layer = DesignSpec(theme="dense")
    design = resolve(file_layer, None, cli_layer)
    assert design.theme == "dense"
    assert design.paper == "letter" and design.font_size == 10.5  # the file's explicit choices stay
    assert design.margins == THEMES["dense"].defaults["margins"]


def test_the_cjk_face_follows_the_latin_one_unless_set():
    assert resolve(DesignSpec(font="sans")).cjk_font == "sans"
    assert resolve(DesignSpec(font="sans", cjk_font="serif")).cjk_font == "serif"
    # a theme's sans default, set back to serif by the file: both faces go back
    assert resolve(DesignSpec(theme="modern"), DesignSpec(font="serif")).cjk_font == "serif"


def test_letter_paper_is_612_by_792_points():
    assert resolve(DesignSpec(paper="letter")).page_pt == (612.0, 792.0)


def test_variant_and_profile_layers_and_the_old_layout_font_size(tmp_path):
    text = MINIMAL + (
        "layout: {font_size: 10}\n"
        "design: {theme: modern, paper: letter}\n"
        "variants:\n  short: {design: {paper: a4, stamp: off}}\n"
        "profiles:\n  industry: {design: {theme: dense, accent: '#112233'}}\n"
    )
    cv = validate(load_text(text, tmp_path / "cv.yaml")).cv
    full = design_for(cv, "full", None)
    assert (full.theme, full.paper, full.font_size, full.stamp) == ("modern", "letter", 10.0, "footer")
    short = design_for(cv, "short", None)
    assert (short.paper, short.stamp) == ("a4", "off")
    industry = design_for(cv, "full", "industry", cli_design((("paper", "a4"),)))
    assert (industry.theme, industry.accent, industry.paper) == ("dense", "#112233", "a4")


@pytest.mark.parametrize(("yaml", "where", "says"), [
    ("design: {theme: fancy}", "design.theme", "unknown theme 'fancy'; expected one of: classic, modern, dense"),
    ("design: {accent: blue}", "design.accent", "#RRGGBB"),
    ("design: {paper: a5}", "design.paper", "a4"),
    ("design: {colour: red}", "design.colour", ""),
    ("variants:\n  short: {design: {stamp: left}}", "variants.short.design.stamp", "header"),
])
def test_bad_design_values_are_located_errors(tmp_path, yaml, where, says):
    with pytest.raises(CvError) as err:
        validate(load_text(MINIMAL + yaml + "\n", tmp_path / "cv.yaml"))
    message = err.value.format()
    last_line = MINIMAL.count("\n") + yaml.count("\n") + 1  # the error is on the line the value is on
    assert f"cv.yaml:{last_line}:" in message
    assert where in message and says in message


def test_command_line_values_are_checked_with_the_option_named():
    with pytest.raises(CvError, match="--paper"):
        cli_design((("paper", "a3"),))
    with pytest.raises(CvError, match="--theme: unknown theme 'nope'"):
        cli_design((("theme", "nope"),))
    assert cli_design(()) is None


@pytest.mark.parametrize(("url", "declared", "icon"), [
    ("https://github.com/ada", None, "github"),
    ("https://scholar.google.com.hk/citations?user=1", None, "scholar"),
    ("https://ada.github.io", None, "homepage"),  # a GitHub Pages site is a homepage
    ("https://x.company.org", None, "homepage"),  # x.com only by its whole host
    ("https://www.linkedin.com/in/ada", None, "linkedin"),
    ("mailto:ada@example.org", None, "email"),
    (None, None, "phone"),
    ("https://example.org", "orcid", "orcid"),
    ("https://example.org", "no-such-icon", "homepage"),
])
def test_a_contact_gets_its_declared_icon_else_one_by_its_link(url, declared, icon):
    from cvtool.icons import icon_name

    assert icon_name(url, declared) == icon
