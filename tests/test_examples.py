"""examples/: a faculty, an engineer and an English-only CV validate with --strict, satisfy the
JSON Schema, and render in their languages (full and one page); `cvtool init --template` starts
from them."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest
from pdftools import build, pages, squash, text_of
from typer.testing import CliRunner

from cvtool.cli import app
from cvtool.load import load
from cvtool.schema import json_schema
from cvtool.starter import TEMPLATES, starter_text
from cvtool.validate import validate

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
LANGS = {"faculty": ("en", "zh"), "engineer": ("en", "zh"), "english-only": ("en",)}
runner = CliRunner()


@pytest.mark.parametrize("name", sorted(LANGS))
def test_example_is_clean_under_strict_and_satisfies_the_schema(name):
    source = load(EXAMPLES / f"{name}.yaml")
    assert validate(source, strict=True).warnings == []
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in jsonschema.Draft202012Validator(json_schema()).iter_errors(source.data)]
    assert errors == []


def test_the_examples_cover_every_section_kind():
    from cvtool.model import KINDS

    used = {s.kind for name in LANGS for s in validate(load(EXAMPLES / f"{name}.yaml")).cv.sections.values()}
    assert used == set(KINDS)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("examples")
    for name, langs in LANGS.items():
        build(EXAMPLES / f"{name}.yaml", out, langs=langs, variants=("full", "short"), updated="2026-11")
    return {p.stem: p for p in out.glob("*.pdf")}


@pytest.mark.tex
def test_every_example_renders_full_and_on_one_page(rendered):
    expected = {f"{name}-{lang}-{v}" for name, langs in LANGS.items() for lang in langs for v in ("full", "short")}
    assert set(rendered) == expected
    for stem, pdf in rendered.items():
        if stem.endswith("-short"):
            assert pages(pdf) == 1, stem


@pytest.mark.tex
def test_faculty_cv_needs_no_bending(rendered):
    en = text_of(rendered["faculty-en-full"])
    lines = en.splitlines()
    # header: each affiliation and position on its own line
    for line in ("Associate Professor of Computer Science", "Department of Computer Science", "Northlake University"):
        assert line in lines, line
    # an ongoing appointment, a degree with only a year, an undated award, a Winter quarter
    assert "Since 2021" in en and "2013" in en and "Westbrook Graduate Fellowship" in en
    assert "Winter Quarter 2024" in en and "Guest Lecturer" in en and "Summer school 2022" in en
    # grants, talks in two sections, students and where they went
    for text in ("Role: PI", "$550,000", "Invited Talks", "Contributed Talks", "Keynote",
                 "Now: Assistant Professor at Lakeview College", "Co-advisor: Prof. Amir Haddad"):
        assert squash(text) in squash(en), text
    # an incomplete author list: one "et al." after the authors, nowhere else
    assert en.count("et al.") == 1 and squash("Kenji Watanabe, et al.") in squash(en)
    zh = text_of(rendered["faculty-zh-full"])
    for text in ("任职经历", "2021 至今", "2024 年冬季学季", "特邀报告", "去向", "合作导师", "科研项目与资助"):
        assert squash(text) in squash(zh), text


@pytest.mark.tex
def test_engineer_and_english_only_cvs(rendered):
    en = squash(text_of(rendered["engineer-en-full"]))
    for text in ("p99 latency fell from 40 ms to 6 ms", "Languages: Go, Rust", "US 11,234,567 B2",
                 "Yoruba: fluent", "tracekit", "Since 2019"):
        assert squash(text) in en, text
    zh = squash(text_of(rendered["engineer-zh-full"]))
    assert squash("编程语言：Go") in zh and squash("主导元数据服务重构") in zh
    only = squash(text_of(rendered["english-only-en-full"]))
    for text in ("Fellowships and Prizes", "Travel bursary", "Palaeography", "Relation: Doctoral supervisor",
                 "The Cloister Clock"):
        assert squash(text) in only, text


@pytest.mark.parametrize("template", TEMPLATES)
def test_init_template_writes_a_clean_starter(tmp_path, template):
    result = runner.invoke(app, ["init", str(tmp_path / "cv.yaml"), "--template", template])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "cv.yaml").read_text(encoding="utf-8")
    assert text == starter_text(template)
    assert text.split("\n", 1)[0] == starter_text("student").split("\n", 1)[0]  # the same schema line
    assert validate(load(tmp_path / "cv.yaml"), strict=True).warnings == []


def test_init_unknown_template_suggests_one(tmp_path):
    result = runner.invoke(app, ["init", str(tmp_path / "cv.yaml"), "--template", "facutly"])
    assert result.exit_code == 1 and "did you mean 'faculty'?" in result.output
    assert not (tmp_path / "cv.yaml").exists()


# every view shape reaches every export format (markdown, html, JSON Resume, academicpages)
EXPORT_PROBES = {"faculty": ("Lakeshore Drive", "Certificates for Learned Controllers"),
                 "engineer": ("p99 latency", "tracekit"),
                 "english-only": ("monastic archives", "Palaeography")}


@pytest.mark.parametrize("name", sorted(LANGS))
def test_every_example_exports_in_every_format(name):
    import datetime as _dt

    from cvtool.exports import FORMATS, export_cv

    cv = validate(load(EXAMPLES / f"{name}.yaml")).cv
    for fmt in FORMATS:
        text = export_cv(cv, fmt, "en", _dt.date(2026, 11, 1))
        header, body = EXPORT_PROBES[name]
        assert body in text, (fmt, body)
        if fmt != "academicpages-cv":  # that page has no header: the site's author profile is one
            assert header in text, (fmt, header)
