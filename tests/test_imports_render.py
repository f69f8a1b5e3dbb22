"""`cvtool import` end to end: the JSON Resume sample and the RenderCV test CV become cv.yaml files
that validate with no errors and typeset into PDFs carrying their content."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from cvtool.cli import app
from tests.pdftools import build, squash, text_of

CORPUS = Path(__file__).parent / "corpus" / "imports"


@pytest.mark.tex
@pytest.mark.parametrize(
    ("source", "name", "expected"),
    [
        ("jsonresume", "jsonresume-sample.json",
         ["Richard Hendriks", "Pied Piper", "University of Oklahoma", "Video compression for 3d media", "Miss Direction",
          "Erlich Bachman", "CoderDojo", "Web Development"]),
        ("rendercv", "rendercv-cv.yaml",
         ["Ada Quinn", "ETH Zürich", "Example Labs", "Elastic Checkpoints for Sparse Training", "quill",
          "Best Artifact Award", "Sparse schedules", "MLSys 2024 program committee"]),
    ],
)
def test_import_validates_and_renders(tmp_path, source, name, expected):
    out = tmp_path / "cv.yaml"
    result = CliRunner().invoke(app, ["import", "--from", source, str(CORPUS / name), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "it validates" in result.output and "warning" not in result.output
    assert "# Imported by `cvtool import" in out.read_text(encoding="utf-8")
    again = CliRunner().invoke(app, ["import", "--from", source, str(CORPUS / name), "--out", str(out)])
    assert again.exit_code == 1 and "exists; pass --force" in again.output
    [pdf] = [r.path for r in build(out, tmp_path / "out", langs=("en",))]
    text = squash(text_of(pdf))
    for words in expected:
        assert squash(words) in text, words
