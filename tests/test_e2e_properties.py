"""Property-based: any text in any kind of field builds a PDF and reads back (real xelatex).

Each example costs one xelatex run, so the example count is small; the escaping itself is
covered exhaustively by the fast properties in test_escape_markup.py.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st
from pdftools import build_text, text_of

from cvtool.errors import CvError
from cvtool.latex.escape import clean
from cvtool.load import load_text
from cvtool.model import blank_text
from cvtool.texmath import problems
from cvtool.validate import validate

pytestmark = pytest.mark.tex

# Characters the configured fonts have (Latin, Greek, Cyrillic, CJK, kana, Hangul), TeX specials,
# and characters that must be stripped or folded (controls, zero-width, odd spaces).
ALPHABET = st.one_of(
    st.characters(min_codepoint=0x20, max_codepoint=0x7E),
    st.sampled_from("àéîõüçñßøåæœłžš ÀÉÎÕÜÇÑØÅ"),
    st.sampled_from("αβγδλπΩЖжЯя"),
    st.sampled_from("宋庆禹骨直角令学习优化中文简历"),
    st.sampled_from("かなカナ한국어"),
    st.sampled_from("&%$#_{}~^\\`'\"-<>"),
    st.sampled_from("\x00\x07\x1b\x7f\u200b\u200d\u00a0\u2028\ufeff\u202e\t"),
)
# `$…$` outside the math whitelist is a validate error (tests/test_e2e_glyphs.py covers that path)
# a text with no visible character is empty text, a validate error (tests/test_validate.py covers it)
TEXT = st.text(ALPHABET, min_size=1, max_size=60).filter(lambda s: not blank_text(clean(s)) and not problems(s))

FIELDS = ("name", "affiliation", "school", "thesis", "description", "title", "author", "award", "service")


def cv_with(values: dict[str, str]) -> str:
    q = json.dumps  # a JSON string is a valid YAML double-quoted scalar
    return f"""\
person:
  name: {{en: {q(values['name'])}, zh: {q(values['name'])}}}
  affiliation: [{q(values['affiliation'])}]
sections:
  education:
    - school: {q(values['school'])}
      degree: PhD
      thesis: {q(values['thesis'])}
      date: 2020
  experience:
    - organization: Lab
      date: 2021
      description: {q(values['description'])}
  publications:
    - id: p1
      kind: conference
      authors: [{q(values['author'])}, {q(values['name'])}]
      title: {q(values['title'])}
      venue: {{short: CONF}}
      date: 2024
  awards:
    - title: {q(values['award'])}
      date: 2022
  services:
    - role: Reviewer
      items: [{q(values['service'])}]
"""


def letters(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if ch.isalnum())


@settings(max_examples=int(__import__("os").environ.get("CVTOOL_PROPERTY_EXAMPLES", "12")), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(values=st.fixed_dictionaries({f: TEXT for f in FIELDS}), lang=st.sampled_from(["en", "zh"]))
def test_any_text_in_any_field_builds_and_reads_back(tmp_path_factory, values, lang):
    source = cv_with(values)
    try:  # the property is "validate ok ⇒ render ok": inputs validate refuses are not examples
        validate(load_text(source, Path("cv.yaml")))
    except CvError:
        reject()
    tmp = tmp_path_factory.mktemp("prop")
    result = build_text(source, tmp, langs=(lang,), updated="2026-11")[0]
    text = letters(text_of(result.path))
    for field in FIELDS:
        if field == "description":
            continue  # markup (**, *, [..](..)) may legitimately consume characters
        expected = letters(clean(values[field]))
        assert expected in text, (field, values[field])
