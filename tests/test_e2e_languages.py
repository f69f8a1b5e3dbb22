"""Real PDFs per declared language: one-language CVs render only their language with no warnings,
and the real CV renders a Traditional Chinese CV (converted text, 更新於, the TC font face)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pdftools import REAL_CV, build, kept_tex, squash, text_of
from pypdf import PdfReader
from typer.testing import CliRunner

from cvtool.cli import app
from cvtool.fonts import font_setup, system_faces
from cvtool.latex.engine import compile_tex
from cvtool.latex.render import Rendered
from cvtool.locales import locale

pytestmark = pytest.mark.tex

ENGLISH_ONLY = """\
person:
  name: {en: Ada Example}
  affiliation: [{en: Department of Physics}, Example University]
sections:
  education:
    - school: {en: Example University}
      degree: {en: Ph.D.}
      start: 2019-09
      end: present
  awards:
    - title: {en: Best Paper Award}
      date: 2024
"""

CHINESE_ONLY = """\
person:
  name: {zh: 李安}
  affiliation: [{zh: 物理系}, 示例大学]
sections:
  education:
    - school: {zh: 示例大学}
      degree: {zh: 博士}
      start: 2019-09
      end: present
  awards:
    - title: {zh: 最佳论文奖}
      date: 2024
"""


def render(tmp_path: Path, text: str, *args: str):
    (tmp_path / "cv.yaml").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["render", str(tmp_path / "cv.yaml"), "--out", str(tmp_path / "out"),
                                      "--updated", "2026-11", "--strict", *args])
    assert result.exit_code == 0, result.output
    return result


@pytest.mark.parametrize(("text", "lang", "words"), [
    (ENGLISH_ONLY, "en", ["Education", "Ada Example", "Best Paper Award", "Present", "Updated November 2026"]),
    (CHINESE_ONLY, "zh", ["教育背景", "李安", "示例大学", "最佳论文奖", "至今", "更新于 2026 年 11 月"]),
])
def test_a_one_language_cv_renders_only_its_language_without_warnings(tmp_path, text, lang, words):
    result = render(tmp_path, text)  # no --lang: every declared (here: used) language
    assert "warning" not in result.output
    assert sorted(p.name for p in (tmp_path / "out").glob("*.pdf")) == [f"cv-{lang}-full.pdf"]
    shown = squash(text_of(tmp_path / "out" / f"cv-{lang}-full.pdf"))
    assert [w for w in words if squash(w) not in shown] == []


def test_the_other_language_is_refused_with_how_to_declare_it(tmp_path):
    (tmp_path / "cv.yaml").write_text(ENGLISH_ONLY, encoding="utf-8")
    result = CliRunner().invoke(app, ["render", str(tmp_path / "cv.yaml"), "--lang", "zh", "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "not a language of this CV" in result.output and "languages: [en, zh]" in result.output


@pytest.fixture(scope="module")
def hant(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("hant")
    (result,) = build(REAL_CV, out, langs=("zh-hant",), updated="2026-11", build_dir=out / "build")
    assert result.path.name == "cv-zh-hant-full.pdf"
    return out


def test_the_real_cv_in_traditional_chinese_reads_as_hong_kong_expects(hant):
    text = squash(text_of(hant / "cv-zh-hant-full.pdf"))
    for word in ("宋慶禹", "香港中文大學", "清華大學", "哈爾濱工業大學", "教育背景", "論文成果", "更新於2026年11月",
                 "計算機科學與工程系", "軟件工程", "朴學鋒"):  # 朴 pinned: a surname, which OpenCC would make 樸
        assert squash(word) in text, word
    for simplified in ("香港中文大学", "清华大学", "更新于", "论文成果", "樸學鋒"):
        assert squash(simplified) not in text, simplified
    assert PdfReader(str(hant / "cv-zh-hant-full.pdf")).trailer["/Root"]["/Lang"] == "zh-Hant"


def test_traditional_chinese_is_set_in_the_tc_face(hant, tmp_path):
    tex = kept_tex(hant / "build", "cv-zh-hant-full").tex
    tc_index = system_faces("Noto Serif CJK TC")["Regular"][1]
    sc_index = system_faces("Noto Serif CJK SC")["Regular"][1]
    cjk_line = next(line for line in tex.splitlines() if line.startswith("\\setCJKmainfont"))
    assert f"UprightFeatures={{FontIndex={tc_index}}}" in cjk_line and tc_index != sc_index
    sc_line = next(line for line in font_setup(families=locale("zh").fonts).splitlines()
                   if line.startswith("\\setCJKmainfont"))
    assert _glyphs(tmp_path, "tc", cjk_line) != _glyphs(tmp_path, "sc", sc_line)  # 骨直角令 differ in TC and SC


def _glyphs(tmp_path: Path, name: str, cjk_spec: str) -> bytes:
    tex = ("\\documentclass{article}\\usepackage{fontspec}\\usepackage{xeCJK}\n"
           f"{cjk_spec}\n\\begin{{document}}\\pagestyle{{empty}}骨直角令\\end{{document}}\n")
    compiled = compile_tex(Rendered(tex=tex), name)
    try:
        return b"".join(p.get_contents().get_data() for p in PdfReader(str(compiled.pdf)).pages)
    finally:
        compiled.cleanup()


def test_strict_render_of_one_language_ignores_translations_missing_in_another(tmp_path):
    text = ENGLISH_ONLY.replace("person:\n  name: {en: Ada Example}", "person:\n  name: {en: Ada Example, zh: 艾达}")
    assert "no zh translation" in CliRunner().invoke(app, ["validate", str(_write(tmp_path, text))]).output
    result = render(tmp_path, text, "--lang", "en")  # --strict: a zh warning would fail it
    assert "warning" not in result.output
    refused = CliRunner().invoke(app, ["render", str(tmp_path / "cv.yaml"), "--lang", "zh", "--strict",
                                       "--out", str(tmp_path / "out")])
    assert refused.exit_code == 1 and "no zh translation" in refused.output


def test_lang_tags_ignore_case_and_name_the_pdf(tmp_path):
    text = "languages: [zh, zh-Hant]\n" + CHINESE_ONLY
    render(tmp_path, text, "--lang", "ZH-HANT")
    assert sorted(p.name for p in (tmp_path / "out").glob("*.pdf")) == ["cv-zh-hant-full.pdf"]
    shown = squash(text_of(tmp_path / "out" / "cv-zh-hant-full.pdf"))
    assert all(squash(w) in shown for w in ("示例大學", "最佳論文獎", "更新於2026年11月", "教育背景"))


def _write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "cv.yaml").write_text(text, encoding="utf-8")
    return tmp_path / "cv.yaml"
