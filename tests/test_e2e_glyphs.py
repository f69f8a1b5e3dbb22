"""Every symbol renders: validate ok ⇒ render ok, for random Unicode and whitelisted math in every
field (real xelatex), and a character no font has is a located validate error, never a failed
render."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pdftools import build_text

from cvtool.errors import CvError
from cvtool.load import load_text
from cvtool.validate import validate

pytestmark = pytest.mark.tex

MATH = st.sampled_from([
    r"$\widetilde{O}(\sqrt{T})$", r"$\mu$", r"$\ell_1$", r"$(\epsilon, \delta)$", r"$\mathcal{O}(n\log n)$",
    r"$\frac{1}{2}\sum_{i=1}^{n} x_i^2$", r"$\left(\frac{a+b}{c}\right)$", r"$\mathbb{R}^d$", r"$x \le y \ll z$",
    r"$\hat{\theta}_{\text{MLE}}$", r"$\sqrt[3]{\alpha\beta}$", r"$\Omega(\log^2 T)$", r"$A^\top$", r"$\nabla f$",
])
ALPHABET = st.one_of(
    st.characters(min_codepoint=0x20, max_codepoint=0x7E),
    st.characters(blacklist_categories=("Cs",), max_codepoint=0x2FFFF),  # anything at all
    st.sampled_from("≤√≪∼⊕𝒪∑∞→⇒∀∃∈ℝ±×÷°′″‰€£¥©®™✓✗★☆♥♪☃⚛"),  # symbols the text face lacks
    st.sampled_from("😀😂👍🎉🚀🔥🙏❤🧪🐍"),  # emoji (monochrome)
    st.sampled_from("𠀀𠀋𠮷𡈽𢌬𪚥𫝀𬺰𭕄"),  # CJK Extension B and later
    st.sampled_from("宋庆禹学习优化かなカナ한국어αβγЖя"),
)
PIECE = st.one_of(st.text(ALPHABET, min_size=1, max_size=12), MATH)
TEXT = st.lists(PIECE, min_size=1, max_size=4).map(" ".join)
FIELDS = ("name", "affiliation", "school", "description", "title", "author", "award")


def cv_with(v: dict[str, str]) -> str:
    def q(s: str) -> str:  # a JSON string is a valid YAML double-quoted scalar (non-BMP kept as is)
        return json.dumps(s, ensure_ascii=False)

    return f"""\
person:
  name: {{en: {q(v['name'])}, zh: {q(v['name'])}}}
  affiliation: [{q(v['affiliation'])}]
sections:
  education:
    - school: {q(v['school'])}
      degree: PhD
      date: 2020
  experience:
    - organization: Lab
      date: 2021
      description: {q(v['description'])}
  publications:
    - id: p1
      kind: conference
      authors: [{q(v['author'])}, {q(v['name'])}]
      title: {q(v['title'])}
      venue: {{short: CONF}}
      date: 2024
  awards:
    - title: {q(v['award'])}
      date: 2022
"""


@settings(max_examples=int(os.environ.get("CVTOOL_PROPERTY_EXAMPLES", "8")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(values=st.fixed_dictionaries({f: TEXT for f in FIELDS}), lang=st.sampled_from(["en", "zh"]))
def test_validate_ok_means_render_ok(tmp_path_factory, values, lang):
    text = cv_with(values)
    try:
        validate(load_text(text, Path("cv.yaml")))
    except CvError:
        assume(False)  # refused up front, with a located reason: that is allowed
    tmp = tmp_path_factory.mktemp("glyphs")
    build_text(text, tmp, langs=(lang,), updated="2026-11")  # raises CvError if TeX missed a glyph


MIRROR_BALL = "\U0001faa9"  # Unicode 14 (2021): newer than every font Debian 12 ships


@pytest.mark.skipif(shutil.which("fc-list") is None, reason="needs fontconfig")
def test_a_character_no_font_has_is_a_located_validate_error():
    if subprocess.run(["fc-list", ":charset=1faa9"], capture_output=True, text=True).stdout.strip():
        pytest.skip("a font on this machine has U+1FAA9")
    values = dict.fromkeys(FIELDS, "x")
    values["title"] = f"Disco {MIRROR_BALL} ball"
    with pytest.raises(CvError) as info:
        validate(load_text(cv_with(values), Path("cv.yaml")))
    line = info.value.format().splitlines()[0]
    assert line.startswith("cv.yaml:17:21: error: sections.publications[0].title: the character"), line
    assert "U+1FAA9 MIRROR BALL" in line


def test_symbols_emoji_and_extension_b_render(tmp_path):
    values = dict.fromkeys(FIELDS, "x")
    values["title"] = "Bounds ≤ √ ≪ ∼ ⊕ 𝒪 ∑, emoji 😀🚀, Extension B 𠀀𪚥, and $\\mathcal{O}(\\sqrt{n})$"
    results = build_text(cv_with(values), tmp_path, langs=("en", "zh"), updated="2026-11")
    for result in results:
        out = subprocess.run(["pdftotext", str(result.path), "-"], capture_output=True, text=True, check=True).stdout
        assert "Bounds ≤ √ ≪ ∼ ⊕ 𝒪 ∑, emoji 😀🚀, Extension B 𠀀𪚥, and 𝒪(√n)" in " ".join(out.split())
