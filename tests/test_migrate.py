"""`cvtool migrate`: a format-1 cv.yaml → format 2, comments and every field kept."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cvtool.cli import app
from cvtool.errors import CvError
from cvtool.load import load, load_text
from cvtool.migrate import migrate_text
from cvtool.validate import validate

CORPUS = Path(__file__).resolve().parent / "corpus" / "migrate"
REPO = Path(__file__).resolve().parent.parent
runner = CliRunner()


def comments(text: str) -> list[str]:
    return [m.strip() for m in re.findall(r"#[^\n]*", text)]


def test_the_real_cv_migrates_to_the_committed_one_with_nothing_lost():
    old = (CORPUS / "real-cv-v1.yaml").read_text(encoding="utf-8")
    new = migrate_text(old)
    migrated = validate(load_text(new, Path("cv.yaml")), strict=True).cv
    committed = validate(load(REPO / "cv.yaml")).cv
    assert migrated == committed  # every field, every entry, in order
    assert comments(new) == comments(old)  # every comment, in order


def test_order_hidden_sections_titles_and_renames():
    old = (CORPUS / "layout-v1.yaml").read_text(encoding="utf-8")
    new = migrate_text(old)
    assert sorted(comments(new)) == sorted(comments(old))  # the layout's comment moves to `sections:`
    cv = validate(load_text(new, Path("cv.yaml"))).cv
    assert list(cv.sections) == ["publications", "education", "teaching", "awards"]
    assert cv.variants["full"].sections["awards"].include is False  # format 1 hid it
    assert cv.variants["full"].sections["teaching"].include is False
    education = cv.sections["education"]
    assert education.title is not None and education.title.get("en") == "Degrees"
    phd = education.entries[0]
    assert phd.location is not None and phd.location.get("en") == "Springfield"
    assert str(phd.date) == "2020-09" and phd.start is None  # a lone start was one date
    assert str(phd.also[0].date) == "2024-01"
    assert str(cv.sections["awards"].entries[0].date) == "2019"
    course = cv.sections["teaching"].entries[0]
    assert course.code == "CS 1" and course.course.get("zh") == "导论"
    assert cv.layout.font_size == 10.5
    assert "layout:\n  font_size: 10.5" in new and "titles" not in new


def test_a_format_2_file_is_left_alone():
    with pytest.raises(CvError, match="already in format 2"):
        migrate_text((REPO / "cv.yaml").read_text(encoding="utf-8"))


def test_cli_migrate_rewrites_in_place_and_the_file_then_validates(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "cv.yaml").write_text((CORPUS / "layout-v1.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    before = runner.invoke(app, ["validate", "cv.yaml"])
    assert before.exit_code == 1 and "run `cvtool migrate cv.yaml`" in before.output
    result = runner.invoke(app, ["migrate", "cv.yaml"])
    assert result.exit_code == 0, result.output
    assert "wrote cv.yaml in format 2" in result.output
    assert runner.invoke(app, ["validate", "cv.yaml"]).exit_code == 0
    again = runner.invoke(app, ["migrate", "cv.yaml"])
    assert again.exit_code == 0, again.output  # already done is success, not an error
    assert again.output == "cv.yaml is already in format 2; nothing to migrate\n"
