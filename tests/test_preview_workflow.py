"""PNG previews through pdftoppm, and the CI workflow that builds every PDF."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
import yaml
from pdftools import REAL_CV, build, pages

from cvtool.errors import CvError
from cvtool.preview import png_previews

REPO = Path(__file__).resolve().parent.parent
WORKFLOW = REPO / ".github" / "workflows" / "cv.yml"


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG"
    return struct.unpack(">II", data[16:24])


@pytest.fixture(scope="module")
def pdf(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out")
    (result,) = build(REAL_CV, out, langs=("en",), updated="2026-11")
    return result.path


@pytest.mark.tex
def test_one_png_per_page_beside_the_pdf(pdf):
    stale = pdf.parent / f"{pdf.stem}-9.png"  # from an older, longer version
    stale.write_bytes(b"old")
    other = pdf.parent / f"{pdf.stem}-extra.png"
    other.write_bytes(b"not ours")
    n = pages(pdf)
    assert n >= 2
    images = png_previews(pdf)
    assert images == [pdf.parent / f"{pdf.stem}-{i}.png" for i in range(1, n + 1)]
    width, height = png_size(images[0])
    assert (abs(width - 661) <= 2, abs(height - 935) <= 2) == (True, True), (width, height)  # A4 at 80 dpi
    assert not stale.exists(), "previews of pages the PDF no longer has are removed"
    assert other.read_bytes() == b"not ours"
    assert not [p for p in pdf.parent.iterdir() if p.name.startswith(f".{pdf.stem}-png-")], "no scratch folder is left"

    sharper = png_previews(pdf, dpi=40)
    assert sharper == images and png_size(sharper[0])[0] < width


def test_missing_pdftoppm_names_the_package(tmp_path, monkeypatch):
    fake = tmp_path / "cv.pdf"
    fake.write_bytes(b"%PDF-1.5\n")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(CvError) as info:
        png_previews(fake)
    assert "pdftoppm" in info.value.format() and "apt-get install poppler-utils" in info.value.format()


def test_missing_or_broken_pdf_is_a_cv_error(tmp_path):
    with pytest.raises(CvError, match="no such PDF"):
        png_previews(tmp_path / "nothing.pdf")
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"this is not a PDF")
    with pytest.raises(CvError, match="could not make previews"):
        png_previews(broken)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.pdf"]


# ---------------------------------------------------------------- CI workflow


@pytest.fixture(scope="module")
def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def test_workflow_runs_on_push_and_pull_request(workflow):
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert set(triggers) >= {"push", "pull_request"}


def test_workflow_builds_with_the_action_and_uploads_the_pdfs(workflow):
    """The repository's own workflow builds its CV with its Action (action.yml), which uploads
    the PDFs and fails when there are none."""
    (job,) = workflow["jobs"].values()
    assert job["runs-on"] == "ubuntu-latest"
    steps = job["steps"]
    assert steps[0].get("uses", "").startswith("actions/checkout@")
    build = next(s for s in steps if s.get("uses") == "./")
    assert build["with"]["cv"] == "cv.yaml" and build["with"]["out"] == "out" and build["with"]["artifact"]
    action = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
    upload = next(s for s in action["runs"]["steps"] if s.get("uses") == "actions/upload-artifact@v4")
    assert upload["with"]["path"] == "${{ steps.render.outputs.pdfs }}/*.pdf"
    assert upload["with"].get("if-no-files-found") == "error"


def test_make_cv_writes_to_out():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "OUT    ?= out" in makefile and "--out $(OUT)" in makefile
