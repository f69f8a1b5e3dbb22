"""End to end on the real cv.yaml: real xelatex, PDFs read back with pypdf."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from pdftools import REAL_CV, build, link_uris, pages, squash, text_of
from pypdf import PdfReader

from cvtool.load import load
from cvtool.validate import validate

pytestmark = pytest.mark.tex


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    build_dir = tmp_path_factory.mktemp("build")
    results = build(REAL_CV, out, variants=("full", "short"), updated="2026-11", build_dir=build_dir)
    return {(r.target.lang, r.target.variant): r for r in results}, out, build_dir


@pytest.fixture(scope="module")
def cv():
    return validate(load(REAL_CV)).cv


def test_writes_the_four_pdfs_under_their_names(real):
    _results, out, _ = real
    assert sorted(p.name for p in out.glob("*.pdf")) == [
        "cv-en-full.pdf", "cv-en-short.pdf", "cv-zh-full.pdf", "cv-zh-short.pdf",
    ]
    assert not list(out.glob("**/*.part")), "no partial files are left behind"


def test_one_xelatex_pass_per_full_pdf(real):
    results, _, _ = real
    assert results["en", "full"].runs == 1
    assert results["zh", "full"].runs == 1


def test_short_is_one_page_and_full_is_longer(real):
    _results, out, _ = real
    for lang in ("en", "zh"):
        assert pages(out / f"cv-{lang}-short.pdf") == 1
        assert pages(out / f"cv-{lang}-full.pdf") >= 2


def test_english_full_has_name_sections_stamp_and_every_publication(real, cv):
    _, out, _ = real
    text = squash(text_of(out / "cv-en-full.pdf"))
    for needle in ("Qingyu Song", "Education", "Research Interests", "Publications",
                   "Research & Work Experience", "Teaching Assistant", "Awards", "Services",
                   "Updated November 2026", "Aug 2021 – Jul 2025", "Prof. Hong Xu"):
        assert squash(needle) in text, needle
    assert len(cv.publications) == 13
    for pub in cv.publications:
        assert squash(pub.title.get("en")) in text, pub.title.get("en")


def test_chinese_full_extracts_as_chinese(real, cv):
    _, out, _ = real
    raw = text_of(out / "cv-zh-full.pdf")
    text = squash(raw)
    for needle in ("宋庆禹", "教育背景", "研究方向", "论文成果", "科研及项目经历", "教学经历", "获奖情况",
                   "学术服务", "香港中文大学", "更新于 2026 年 11 月", "2021.8 – 2025.7"):
        assert squash(needle) in text, needle
    for pub in cv.publications:
        assert squash(pub.title.get("zh") or pub.title.get("en")) in text


def test_computed_labels_are_the_same_in_both_languages(real):
    _, out, _ = real
    for lang in ("en", "zh"):
        text = text_of(out / f"cv-{lang}-full.pdf").replace("\n", " ")
        assert "[P1, C8, C7, C6, C5, W2, W1]" in text  # Learning to Optimize, as on the website
        for label in ("P3.", "P1.", "C8.", "C1.", "W2.", "W1."):
            assert label in text


def test_metadata_title_author_subject_keywords_language(real):
    _, out, _ = real
    for lang, name, pdf_lang in (("en", "Qingyu Song", "en-US"), ("zh", "宋庆禹", "zh-CN")):
        reader = PdfReader(str(out / f"cv-{lang}-full.pdf"))
        meta = reader.metadata
        assert name in meta.title
        assert meta.author == name
        assert meta.subject
        assert meta.get("/Keywords")
        assert reader.trailer["/Root"]["/Lang"] == pdf_lang


def test_email_homepage_and_arxiv_links_are_clickable(real):
    _, out, _ = real
    uris = link_uris(out / "cv-en-full.pdf")
    assert "mailto:qysong21@cse.cuhk.edu.hk" in uris
    assert "https://simmonssong.github.io" in uris
    assert "https://arxiv.org/abs/2501.18092" in uris
    assert "https://scholar.google.com/citations?hl=en&user=C33tGsQAAAAJ" in uris


def test_full_variant_numbers_its_pages_in_the_footer(real):
    _, out, _ = real
    reader = PdfReader(str(out / "cv-en-full.pdf"))
    last = len(reader.pages)
    assert f"Qingyu Song · {last}" in reader.pages[-1].extract_text()


def test_latin_punctuation_in_the_chinese_cv_is_set_in_the_latin_font(real):
    """“ ” around an English title in the Chinese CV must come from the Latin font (half-width)."""
    _, out, build_dir = real
    tex = (build_dir / "cv-zh-full.tex").read_text(encoding="utf-8")
    assert "“Learning Provably Improves the Convergence of Gradient Descent.”" in tex
    sty = (build_dir / "cvtool.sty").read_text(encoding="utf-8")
    assert '\\xeCJKDeclareCharClass{Default}{"2018, "2019, "201C, "201D, "2026' in sty
    # and in the PDF the quote glyphs are drawn with the Latin font, not the CJK one
    reader = PdfReader(str(out / "cv-zh-full.pdf"))
    fonts = set()

    def visitor(text, cm, tm, font_dict, font_size):
        if font_dict and ("“" in text or "”" in text):
            fonts.add(str(font_dict.get("/BaseFont")))

    reader.pages[0].extract_text(visitor_text=visitor)
    assert fonts and all("CJK" not in f for f in fonts), fonts


def test_build_dir_rebuilds_by_hand_with_plain_xelatex(real, tmp_path):
    _, out, build_dir = real
    copy = tmp_path / "b"
    shutil.copytree(build_dir, copy)
    (copy / "cv-en-full.pdf").unlink()
    subprocess.run(["xelatex", "-interaction=nonstopmode", "cv-en-full.tex"], cwd=copy, check=True,
                   stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL, timeout=120)
    assert squash(text_of(copy / "cv-en-full.pdf")) == squash(text_of(out / "cv-en-full.pdf"))


def test_no_overfull_boxes_in_the_real_cv(real):
    _, _, build_dir = real
    for log in build_dir.glob("*.log"):
        assert "Overfull \\hbox" not in log.read_text(encoding="utf-8", errors="replace"), log.name


def test_same_source_and_stamp_give_identical_bytes(real, tmp_path):
    _, out, _ = real
    again = build(REAL_CV, tmp_path / "elsewhere", langs=("zh",), updated="2026-11")
    assert again[0].path.read_bytes() == (out / "cv-zh-full.pdf").read_bytes()
