"""Page layout seen by a new user on the faculty starter: where pages break, what the footer says,
how one-line rows wrap. Read back from the PDFs (pdftotext -raw, one page at a time)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from pdftools import build, pages

from cvtool.starter import write_starter

pytestmark = pytest.mark.tex


def page_lines(pdf: Path, page: int) -> list[str]:
    text = subprocess.run(["pdftotext", "-raw", "-f", str(page), "-l", str(page), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    return [line.strip() for line in text.splitlines() if line.strip()]


def headings(build_dir: Path, jobname: str) -> set[str]:
    tex = (build_dir / f"{jobname}.tex").read_text(encoding="utf-8")
    return set(re.findall(r"\\cvsection\{([^{}]*)\}", tex))


@pytest.fixture(scope="module")
def faculty(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("faculty")
    write_starter(folder / "cv.yaml", template="faculty")
    return folder / "cv.yaml"


@pytest.mark.parametrize(("theme", "paper"), [("modern", "letter"), ("classic", "a4"), ("dense", "letter")])
def test_a_section_heading_never_ends_a_page(faculty, tmp_path, theme, paper):
    results = build(faculty, tmp_path / "out", updated="2026-11", build_dir=tmp_path / "kept",
                    design=(("theme", theme), ("paper", paper)))
    for r in results:
        titles = headings(tmp_path / "kept", r.path.stem)
        assert titles, "the kept .tex names its section headings"
        n = pages(r.path)
        for page in range(1, n):
            body = page_lines(r.path, page)[:-1]  # the last line is the footer
            assert body[-1] not in titles, (theme, paper, r.path.name, page, body[-3:])
