"""Page layout seen by a new user on the faculty starter: where pages break, what the footer says,
how one-line rows wrap. Read back from the PDFs (pdftotext -raw, one page at a time)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from pdftools import MINIMAL, build, build_text, pages

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


def test_a_one_page_cv_has_no_page_number_a_longer_one_numbers_every_page(faculty, tmp_path):
    short = build(faculty.parent / "cv.yaml", tmp_path / "short", variants=("short",), updated="2026-11")
    longer = build(faculty, tmp_path / "full", updated="2026-11")
    for r in short:
        assert pages(r.path) == 1
        footer = page_lines(r.path, 1)[-1]
        assert not re.search(r"·\s*1\b", footer), (r.path.name, footer)
    (tmp_path / "one").mkdir()
    for r in build_text(MINIMAL, tmp_path / "one", updated="2026-11"):
        assert pages(r.path) == 1, "a full CV of one page"
        assert not re.search(r"·\s*1\b", page_lines(r.path, 1)[-1]), r.path.name
    for r in longer:
        n = pages(r.path)
        assert n > 1
        for page in range(1, n + 1):
            assert re.search(rf"·\s*{page}\b", page_lines(r.path, page)[-1]), (r.path.name, page)


def test_a_link_after_a_citation_never_wraps_alone(tmp_path):
    """Titles of every length from 1 to 40 extra letters: without the tie before "[arXiv]", one of
    them ends its line just before the label."""
    write_starter(tmp_path / "cv.yaml", template="student")
    text = (tmp_path / "cv.yaml").read_text(encoding="utf-8")
    extra = "".join(
        f"    - {{id: pad{i}, kind: preprint, authors: [Alex Chen], title: Learned Step Sizes {'m' * i}x,"
        f" date: 2025-03, arxiv: \"2503.{i:05d}\"}}\n" for i in range(1, 41))
    text = text.replace("  publications:\n", "  publications:\n" + extra, 1)
    (tmp_path / "cv.yaml").write_text(text, encoding="utf-8")
    for r in build(tmp_path / "cv.yaml", tmp_path / "out", updated="2026-11"):
        for page in range(1, pages(r.path) + 1):
            alone = [line for line in page_lines(r.path, page) if line.startswith("[")]
            assert not alone, (r.path.name, page, alone)


def words(pdf: Path, page: int) -> list[tuple[float, float, str]]:
    """(xMin, yMin, word) of every word on the page, in reading order."""
    html = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    return [(float(x), float(y), w) for x, y, w in
            re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>', html)]


def test_a_wrapped_row_hangs_under_its_text_and_co_instructors_read_mid_line(faculty, tmp_path):
    [en] = build(faculty, tmp_path / "out", langs=("en",), updated="2026-11",
                 design=(("theme", "modern"), ("paper", "letter")))
    found = []
    for page in range(1, pages(en.path) + 1):
        ws = words(en.path, page)
        for i, (x, y, w) in enumerate(ws):
            if w == "Invited" and ws[i + 2][2].startswith("“Certificates"):
                text_x = ws[i + 2][0]
                wrapped = [wx for wx, wy, _ in ws[i:i + 30] if wy > y + 4]
                found.append((x, text_x, wrapped[0]))
        assert "With:" not in {w for _, _, w in ws}
    assert found, "the faculty starter's invited talk wraps in the modern theme on letter paper"
    for margin, text_x, wrapped_x in found:
        assert abs(wrapped_x - text_x) < 1.5 and wrapped_x > margin + 20, found
    assert "Instructor, with Amir" in " ".join(page_lines(en.path, 2))


@pytest.mark.parametrize("theme", ["modern", "classic", "dense"])
def test_no_contact_is_left_alone_on_a_header_line(faculty, tmp_path, theme):
    """The faculty starter has five contacts; where they take two lines, each line has two or more."""
    for r in build(faculty, tmp_path / "out", updated="2026-11", design=(("theme", theme), ("paper", "letter"))):
        lines = page_lines(r.path, 1)
        first = next(i for i, line in enumerate(lines) if "hanna.zhou@" in line)
        contact_lines = lines[first:first + 2] if "GitHub" not in lines[first] else lines[first:first + 1]
        assert "GitHub" in contact_lines[-1], lines[:12]
        for line in contact_lines:
            assert re.search(r"\S\s*[·|]\s*\S", line), (theme, r.path.name, contact_lines)


def test_a_link_label_never_breaks_inside_in_chinese(faculty, tmp_path):
    """Chinese breaks between any two characters: "[幻灯" / "片]" at the end of a wrapped talk row."""
    [zh] = build(faculty, tmp_path / "out", langs=("zh",), updated="2026-11",
                 design=(("theme", "classic"), ("paper", "letter")))
    lines = [line for page in range(1, pages(zh.path) + 1) for line in page_lines(zh.path, page)]
    assert any("[幻灯片]" in line for line in lines)
    assert not [line for line in lines if "[幻" in line and "[幻灯片]" not in line], lines
