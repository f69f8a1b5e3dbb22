"""Design choices reach the PDF: paper size, stamp, page numbers, the header's lines, the text layer."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from pdftools import MINIMAL, REAL_CV, build, build_text
from pypdf import PdfReader

from cvtool.load import load
from cvtool.validate import validate

pytestmark = pytest.mark.tex

CJK = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef"


def _dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def pdftotext(pdf: Path, *layout: str) -> str:
    """The text a reader's copy-paste (or an applicant-tracking system) gets, through poppler."""
    return subprocess.run(["pdftotext", *layout, "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def flow(text: str) -> str:
    """Whitespace as one space, and none where a line break fell between two CJK characters."""
    text = re.sub(r"\s+", " ", text)
    return re.sub(rf"(?<=[{CJK}]) (?=[{CJK}])", "", text)


def page_size(pdf: Path) -> tuple[float, float]:
    box = PdfReader(str(pdf)).pages[0].mediabox
    return round(float(box.width), 2), round(float(box.height), 2)


def test_letter_paper_is_612_by_792_points_and_a4_stays_the_default(tmp_path):
    a4 = build_text(MINIMAL, _dir(tmp_path / "a4"), langs=("en",), updated="2026-11")[0]
    assert page_size(a4.path) == (595.28, 841.89)
    letter = build_text(MINIMAL + "design: {paper: letter}\n", _dir(tmp_path / "l"), langs=("en",), updated="2026-11")[0]
    assert page_size(letter.path) == (612.0, 792.0)
    # the command line overrides the file, and a different choice is not served from the cache
    back = build_text(MINIMAL + "design: {paper: letter}\n", _dir(tmp_path / "l"), langs=("en",), updated="2026-11",
                      design=(("paper", "a4"),))[0]
    assert not back.cached and page_size(back.path) == (595.28, 841.89)


def _lines(pdf: Path) -> list[str]:
    return [line.strip() for line in pdftotext(pdf, "-layout").splitlines() if line.strip()]


@pytest.mark.parametrize(("stamp", "where"), [("header", 0), ("footer", -1), ("off", None)])
def test_the_stamp_goes_where_the_design_says(tmp_path, stamp, where):
    text = MINIMAL + f"design: {{stamp: {stamp}}}\n"
    for result in build_text(text, tmp_path, updated="2026-11"):
        lines = _lines(result.path)
        stamped = [i for i, line in enumerate(lines) if "November 2026" in line or "2026 年 11 月" in line]
        if where is None:
            assert not stamped
        else:
            assert stamped == [range(len(lines))[where]], lines


def test_page_numbers_can_be_turned_off(tmp_path):
    """On a CV of more than one page (a one-page CV has no page number at all)."""
    text = MINIMAL + "  publications:\n" + "".join(
        f"    - {{id: p{i}, kind: preprint, authors: [Ada Example], title: Paper number {i}, date: 2025-03}}\n"
        for i in range(80))
    on = build_text(text, _dir(tmp_path / "on"), langs=("en",), updated="2026-11")[0]
    assert _lines(on.path)[-1] == "Ada Example · 2"
    off = build_text(text + "design: {page_numbers: false}\n", _dir(tmp_path / "off"), langs=("en",), updated="2026-11")[0]
    assert "· 1" not in pdftotext(off.path) and "· 2" not in pdftotext(off.path)


LONG_AFFILIATION = ("Interdisciplinary Microelectronics Nanofabrication Characterization Laboratory, "
                    "Extraordinarily Longnamed Polytechnical University of Northwestern Somewhere")


@pytest.mark.parametrize("theme", ["classic", "modern", "dense"])
def test_header_items_stay_whole_and_no_item_is_left_alone_on_a_line(tmp_path, theme):
    labels = ["Google Scholar", "GitHub", "ORCID", "Personal Website", "LinkedIn Profile", "DBLP Listing"]
    links = "".join(f"    - {{label: {label}, url: 'https://example.org/{i}'}}\n" for i, label in enumerate(labels))
    text = MINIMAL.replace(
        "  emails: [ada@example.org]\n",
        "  emails: [ada.lovelace-example@computing.example.org]\n  phones: ['+44 20 7946 0958']\n"
        "  affiliation: [Department of Computing, Analytical Engine Laboratory of the University of Example,\n"
        f"    '{LONG_AFFILIATION}']\n"
        "  links:\n" + links,
    )
    for result in build_text(text, tmp_path, updated="2026-11", design=(("theme", theme),)):
        lines = _lines(result.path)
        header = lines[1:lines.index(next(x for x in lines if x in ("Education", "教育背景")))]
        assert header[:2] == ["Department of Computing", "Analytical Engine Laboratory of the University of Example"]
        assert LONG_AFFILIATION in flow(pdftotext(result.path, "-raw"))  # wrapped, never hyphenated
        contact_lines = [line for line in header[2:] if any(label in line for label in labels + ["ada.lovelace"])]
        assert len(contact_lines) >= 2, header
        for label in labels:
            assert any(label in line for line in contact_lines), (label, contact_lines)
        for line in contact_lines:  # the themes separate items with | or ·
            assert re.search(r"\S [|·] \S", line), f"an item alone on its line: {line!r}"


@pytest.fixture(scope="module")
def real(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("real")
    return {r.target.lang: r.path for r in build(REAL_CV, out, updated="2026-11")}


CVS = [REAL_CV, *sorted((REAL_CV.parent / "examples").glob("*.yaml"))]


def printed_titles(source: Path, lang: str) -> list[str]:
    """The publication titles the full CV prints in `lang`, as the localized view has them
    (after language fallback and zh-hant conversion)."""
    import datetime as dt

    from cvtool.localize import localize
    from cvtool.select import select
    from cvtool.view import Publications

    view = localize(select(validate(load(source)).cv, "full"), lang, dt.date(2026, 11, 1))
    return [str(paper.title) for section in view.sections if isinstance(section.body, Publications)
            for group in section.body.groups for paper in group.papers]


@pytest.mark.parametrize("source", CVS, ids=lambda p: p.stem)
def test_every_publication_title_is_in_the_text_layer_verbatim(tmp_path, source):
    """The property, on the real CV and every example, in each language it declares."""
    results = build(source, tmp_path, langs=("all",), updated="2026-11")
    assert results
    for result in results:
        text = flow(pdftotext(result.path, "-raw"))  # as drawn: pdftotext's default would undo hyphens
        titles = printed_titles(source, result.target.lang)
        missing = [t for t in titles if flow(t) not in text]
        assert not missing, (result.target.lang, missing)
    if source == REAL_CV:
        assert printed_titles(source, "en")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_ligatures_are_letters_in_the_text_layer(real, lang):
    text = pdftotext(real[lang])
    assert not re.search("[\ufb00-\ufb06]", text)
    assert "Efficient" in text and "Traffic" in text  # words set with ffi/ff ligatures


def _fonts(pdf: Path) -> str:
    return subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout


def test_header_icons_come_from_the_shipped_font_awesome_only_when_asked(tmp_path):
    text = MINIMAL.replace("  emails: [ada@example.org]\n",
                           "  emails: [ada@example.org]\n  links: [{label: GitHub, url: 'https://github.com/ada'}]\n")
    with_icons = build_text(text + "design: {icons: true}\n", _dir(tmp_path / "i"), updated="2026-11")
    for result in with_icons:
        fonts = _fonts(result.path)
        assert "FontAwesome6Brands" in fonts and "FontAwesome6Free-Solid" in fonts, fonts
        assert "GitHub" in pdftotext(result.path)
    plain = build_text(text, _dir(tmp_path / "p"), langs=("en",), updated="2026-11")[0]
    assert "FontAwesome" not in _fonts(plain.path)


def test_the_one_page_fit_holds_on_letter_paper(tmp_path):
    """Letter is 1.8 cm shorter than A4: the fitter predicts with the design's paper."""
    from pdftools import pages

    for result in build(REAL_CV, tmp_path, langs=("en",), variants=("short",), updated="2026-11",
                        design=(("paper", "letter"),)):
        assert page_size(result.path) == (612.0, 792.0) and pages(result.path) == 1


def _faculty_with(tmp_path: Path, design: str) -> Path:
    source = tmp_path / "faculty.yaml"
    text = (REAL_CV.parent / "examples" / "faculty.yaml").read_text(encoding="utf-8")
    source.write_text(text + f"\ndesign: {design}\n", encoding="utf-8")
    return source


@pytest.mark.parametrize(("style", "label", "cite"), [
    ("plain", "C1. ", "C1]"), ("brackets", "[C1] ", "C1]"), ("none", None, None),
])
def test_label_styles(tmp_path, style, label, cite):
    source = _faculty_with(tmp_path, f"{{label_style: {style}}}")
    text = pdftotext(build(source, tmp_path / "out", langs=("en",), updated="2026-11")[0].path, "-raw")
    if label is None:
        assert not re.search(r"\b[PJC][12]\b", text), "no labels and no citations of them"
    else:
        assert f"{label}Hanna Zhou, Amir Haddad" in text and cite in text


def test_without_the_date_column_dates_follow_the_heading(tmp_path):
    source = _faculty_with(tmp_path, "{date_column: false}")
    lines = _lines(build(source, tmp_path / "out", langs=("en",), updated="2026-11")[0].path)
    assert "Associate Professor, Since 2021" in lines
    column = _lines(build(_faculty_with(tmp_path, "{}"), tmp_path / "o2", langs=("en",), updated="2026-11")[0].path)
    assert any(re.fullmatch(r"Associate Professor\s{3,}Since 2021", line) for line in column)
