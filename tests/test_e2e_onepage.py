"""One-page CVs with real xelatex: one choice of content for every language, a full page, the lowest
priority dropped first and every entry left out reported."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from pdftools import REAL_CV, build, pages, squash, text_of
from pypdf import PdfReader

pytestmark = pytest.mark.tex

EXTRA = 15


def overfilled_yaml() -> dict:
    """The real cv.yaml with 15 extra long papers (priority 0 and 1) and no cap on papers."""
    data = yaml.safe_load(REAL_CV.read_text(encoding="utf-8"))
    papers = data["sections"]["publications"]
    papers = papers["entries"] if isinstance(papers, dict) else papers
    for i in range(EXTRA):
        papers.append({
            "id": f"extra{i:02d}", "kind": "journal", "priority": i % 2, "date": f"{2012 + i % 8}-0{1 + i % 9}",
            "authors": ["Qingyu Song", "Ada Lovelace", "Alan Turing", "Grace Hopper", "Edsger Dijkstra"],
            "title": f"A Remarkably Long Title About Learned Optimizers, Number {i}: Convergence, "
                     "Generalization and Robustness Under Distribution Shift in Practice",
            "venue": {"short": "JMLR"},
        })
    data["variants"]["short"]["sections"]["publications"] = {}
    return data


@pytest.fixture(scope="module")
def heavy(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("heavy")
    data = overfilled_yaml()
    source = tmp / "cv.yaml"
    source.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return data, build(source, tmp / "out", langs=("en", "zh"), variants=("short",), updated="2026-11")


def dropped_ids(report: list[str]) -> list[str]:
    return [m[1] for line in report if (m := re.search(r"\((\S+); dropped to fit one page\)$", line))]


def lowest_text_y(pdf: Path) -> float:
    """The lowest baseline of any text on page 1, in pt from the bottom edge."""
    ys: list[float] = []
    PdfReader(str(pdf)).pages[0].extract_text(
        visitor_text=lambda text, cm, tm, font, size: ys.append(tm[5] * cm[3] + cm[5]) if text.strip() else None)
    return min(ys)


def test_overfilled_cv_is_one_full_page_in_each_language(heavy):
    _, results = heavy
    for r in results:
        assert pages(r.path) == 1
        assert r.runs <= 3, f"{r.path.name}: {r.runs} TeX runs\n" + "\n".join(r.fit_table)
        size, margin = 11.0, 1.8
        if m := re.search(r"tightened to ([\d.]+)pt type, ([\d.]+) cm margins", "\n".join(r.report)):
            size, margin = float(m[1]), float(m[2])
        room = lowest_text_y(r.path) - margin * 72.27 / 2.54
        assert room <= 2.5 * 1.24 * size + 4, f"{r.path.name}: {room:.0f}pt left blank above the bottom margin"


def test_every_language_lists_the_same_entries(heavy):
    _, results = heavy
    shown = [{i for i in range(EXTRA) if squash(f"Optimizers, Number {i}:") in squash(text_of(r.path))} for r in results]
    assert shown[0] == shown[1]
    assert dropped_ids(results[0].report) == dropped_ids(results[1].report)
    assert 0 < len(shown[0]) < EXTRA


def test_lowest_priority_goes_first_and_every_drop_is_reported(heavy):
    data, results = heavy
    en = results[0]
    dropped = dropped_ids(en.report)
    text = squash(text_of(en.path))
    papers = data["sections"]["publications"]
    priority = {p["id"]: p.get("priority", 0) for p in (papers["entries"] if isinstance(papers, dict) else papers)}
    kept_papers = [pid for pid, _ in priority.items() if pid not in dropped]
    assert max(priority[d] for d in dropped if d in priority) <= min(priority[k] for k in kept_papers)
    for i in range(EXTRA):  # an extra paper is in the PDF, or reported with its title and id
        if squash(f"Optimizers, Number {i}:") not in text:
            line = next(x for x in en.report if f"(extra{i:02d}; dropped to fit one page)" in x)
            assert "publications: “A Remarkably Long Title" in line
    # floors: a section is thinned, never emptied
    assert squash("Awards") in text and squash("Huawei Noah") in text


def test_real_cv_fits_one_page_with_the_same_entries_in_each_language(tmp_path):
    results = build(REAL_CV, tmp_path, langs=("en", "zh"), variants=("short",), updated="2026-11")
    assert [pages(r.path) for r in results] == [1, 1]
    assert dropped_ids(results[0].report) == dropped_ids(results[1].report)
    for r in results:
        assert r.runs <= 3
        # what the rules hide is named, with its title: e.g. awards over the cap of 3
        assert any(line.startswith("left out: awards: “") and "over max_items 3" in line for line in r.report), r.report
    # compact entries and one-line rows stay on one line (shortened where needed): text and dates share it
    lines = text_of(results[0].path).splitlines()
    for start, dates in (("The Chinese University of Hong Kong, Ph.D.", "Aug 2021"),
                         ("The Chinese University of Hong Kong, Learning", "Mar 2024"),
                         ("Outstanding Graduate Award", "Jun 2018")):
        line = next(x for x in lines if x.startswith(start))
        assert dates in line, f"wrapped: {line!r}"
