"""Stage 4/5 seam — the typed view localize builds, and the partial each section kind renders through."""

from __future__ import annotations

import datetime as _dt

import pytest
from conftest import REPO

from cvtool.design import Design
from cvtool.errors import CvError
from cvtool.latex.render import render_tex
from cvtool.latex.templates import partial, search_path, templates_dir
from cvtool.load import load
from cvtool.localize import localize
from cvtool.select import select
from cvtool.validate import validate
from cvtool.view import Blocks, CvView, Rows, Sourced

DAY = _dt.date(2026, 11, 1)


@pytest.fixture(scope="module")
def plan():
    return select(validate(load(REPO / "cv.yaml")).cv, "full")


def context(view: CvView) -> dict:
    return {**view.context(), "style": {k: "" for k in ("margin", "top", "bottom", "footskip", "sizes", "pagestyle")},
            "fonts": {"setup": ""}, "design": {"tex": "", "choices": Design()}, "source_name": "cv.yaml", "jobname": "cv"}


def test_localize_builds_a_typed_view_with_source_locations(plan):
    view = localize(plan, "zh", DAY)
    assert isinstance(view, CvView) and view.lang == "zh"
    kinds = [s.kind for s in view.sections]
    assert kinds[0] == "education" and "publications" in kinds
    education = view.sections[0].body
    assert isinstance(education, Blocks)
    heading = education.entries[0].heading
    assert heading == "香港中文大学" and isinstance(heading, Sourced)
    # the path names the source entry; the marks name each entry for the fitter
    assert heading.loc[:3] == ("sections", "education", 0)
    awards = next(s.body for s in view.sections if s.kind == "awards")
    assert isinstance(awards, Rows) and view.marks[awards.rows[0].mark] == "infocom-travel-grant"


def test_every_section_kind_has_its_partial(plan):
    for section in localize(plan, "en", DAY).sections:
        assert (templates_dir() / partial(section.kind)).is_file(), section.kind


def test_a_theme_overrides_one_partial_and_inherits_the_rest(plan, tmp_path):
    (tmp_path / "partials").mkdir()
    (tmp_path / "partials" / "awards.tex.j2").write_text(
        "((* for r in section.body.rows *))THEMED ((( r.parts[0] )))\n((* endfor *))", encoding="utf-8")
    view = localize(plan, "en", DAY)
    themed = render_tex(context(view), theme=tmp_path).tex
    plain = render_tex(context(view)).tex
    assert "THEMED Student Travel Grant" in themed and "THEMED" not in plain
    assert themed.count("\\cvpub{") == plain.count("\\cvpub{") > 0  # other kinds: the default partials
    assert search_path(tmp_path)[0] == tmp_path


def test_an_unknown_theme_is_refused():
    with pytest.raises(CvError, match="unknown theme 'nope'"):
        search_path("nope")


def test_declared_link_icons_are_the_icons_the_design_has():
    import typing

    from cvtool.icons import ICONS
    from cvtool.model import Link

    declared = next(a for a in typing.get_args(Link.model_fields["icon"].annotation) if a is not type(None))
    assert set(typing.get_args(declared)) == set(ICONS)
