"""Inline math: where spans are, what is allowed, how it reads as text, and real PDFs with it."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from cvtool.errors import CvError
from cvtool.latex.markup import markup_to_tex, prose_to_tex
from cvtool.latex.mathtex import math_to_tex, math_to_text
from cvtool.load import load_text
from cvtool.texmath import Math, problems, split
from cvtool.validate import validate
from tests.pdftools import build_text

NAME = Path("cv.yaml")


@pytest.mark.parametrize(
    ("text", "maths"),
    [
        (r"regret $\widetilde{O}(\sqrt{T})$ bound", [r"\widetilde{O}(\sqrt{T})"]),
        (r"$\mu$P and $\ell_1$", [r"\mu", r"\ell_1"]),
        ("raised $5 and $10 in 2020", []),  # prices: the closing `$` is followed by a digit
        ("a $ b $ c", []),  # space after the opening, before the closing dollar
        (r"a literal \$x\$ stays text", []),
        ("$x$", ["x"]),
        ("unclosed $x", []),
    ],
)
def test_where_math_spans_are(text: str, maths: list[str]) -> None:
    assert [p.source for p in split(text) if isinstance(p, Math)] == maths


def test_an_escaped_dollar_prints_a_dollar() -> None:
    assert split(r"costs \$5") == ["costs $5"]
    assert prose_to_tex(r"costs \$5") == r"costs \$5"


@pytest.mark.parametrize(
    ("math", "fragment"),
    [
        (r"\input{/etc/passwd}", r"`\input` is not allowed in math"),
        (r"\def\x{1}", r"`\def` is not allowed"),
        (r"\write18{ls}", r"`\write` is not allowed"),
        (r"\catcode", r"`\catcode` is not allowed"),
        ("a#b", "`#` is not allowed"),
        ("a%b", "`%` is not allowed"),
        ("x^2^3", "a second `^`"),
        (r"\frac{1}", r"`\frac` needs an argument"),
        (r"\left( x", r"`\left` without a matching `\right`"),
        (r"x \right)", r"`\right` without a `\left`"),
        ("{x", "never closed"),
        ("x}", "a `}` without a `{`"),
        (r"\text{a\b}", r"only plain text may stand in `\text{…}`"),
        (r"\sqrt", r"`\sqrt` needs an argument"),
    ],
)
def test_anything_outside_the_whitelist_is_named(math: str, fragment: str) -> None:
    found = problems(f"see ${math}$ here")
    assert len(found) == 1 and fragment in found[0][1], found


@pytest.mark.parametrize(
    ("math", "text"),
    [
        (r"\widetilde{O}(\sqrt{T})", "Õ(√T)"),
        (r"\mu", "μ"),
        (r"\ell_1", "ℓ₁"),
        (r"(\epsilon, u)", "(ϵ, u)"),
        (r"O(n^2 \log n)", "O(n² log n)"),
        (r"\frac{1}{2}", "1/2"),
        (r"\frac{a+b}{c}", "(a+b)/c"),
        (r"\mathcal{O}(1)", "𝒪(1)"),
        (r"\mathbb{R}^d", "ℝᵈ"),
        (r"x_i^2", "xᵢ²"),
        (r"T^{1/2}", "T^(1/2)"),
        (r"\sqrt[3]{x}", "³√x"),
        (r"\left(x\right)", "(x)"),
        (r"\text{if } x \le 1", "if x≤1"),
    ],
)
def test_math_reads_as_plain_unicode(math: str, text: str) -> None:
    assert math_to_text(math) == text


def test_math_becomes_cvmath_with_its_reading() -> None:
    tex = math_to_tex(r"\widetilde{O}(\sqrt{T})")
    assert tex == r"\cvmath{\widetilde{O}(\sqrt{T})}{FEFF00D50028221A00540029}{Õ(√T)}"


def test_long_math_gets_break_points() -> None:
    tex = math_to_tex("a,b,c,d,e,f,g,h")
    assert tex.count(r"\allowbreak") == 7
    assert r"\allowbreak" in math_to_tex("abcdefghijklmnopqrstuvwxyz")  # no comma: every few atoms


def test_markup_and_math_together() -> None:
    tex = markup_to_tex(r"**bold $x_1$** and *$a*b$* and [link $y$](https://e.org/$z$)")
    assert tex.startswith(r"\textbf{bold \cvmath{x_{1}}")
    assert r"\emph{\cvmath{a*b}" in tex  # a `*` inside math is math, not markup
    assert r"\href{https://e.org/\$z\$}{link \cvmath{y}" in tex


def test_invalid_math_never_reaches_tex() -> None:
    assert prose_to_tex(r"$\input{x}$") == r"\$\textbackslash{}input\{x\}\$"


CV = """\
person:
  name: {en: Ann Lee, zh: 李安}
  emails: [ann@example.org]
sections:
  publications:
    - id: p1
      kind: preprint
      authors: [Ann Lee, Sébastien Bubeck]
      title: "Bandit Convex Optimization: $\\\\sqrt{T}$ Regret in One Dimension"
      date: 2015-02
    - id: p2
      kind: preprint
      authors: [Ann Lee]
      title: {en: "Near-optimal $\\\\widetilde{O}(\\\\sqrt{T})$ regret for $(\\\\epsilon, \\\\delta)$-private bandits, $\\\\mu$P, $\\\\ell_1$, price \\\\$5 and $10",
              zh: "$\\\\widetilde{O}(\\\\sqrt{T})$ 遗憾界与 $\\\\mathbb{R}^d$ 上的 $\\\\ell_1$ 正则化"}
      date: 2024-01
"""


@pytest.mark.tex
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler's pdftotext")
def test_math_is_typeset_and_its_text_layer_reads_plainly(tmp_path: Path) -> None:
    results = build_text(CV, tmp_path)
    en, zh = (subprocess.run(["pdftotext", str(r.path), "-"], capture_output=True, text=True, check=True).stdout
              for r in results)
    flat = re.sub(r" (?=[,.])", "", " ".join(en.split()))  # pdftotext may see a gap after a subscript
    assert "Õ(√T) regret for (ϵ, δ)-private bandits, μP, ℓ₁, price $5 and $10" in flat
    assert "Optimization: √T Regret" in flat
    assert "Õ(√T) 遗憾界与 ℝᵈ 上的 ℓ₁ 正则化" in " ".join(zh.split())
    assert "\\" not in en + zh and "sqrt" not in en + zh


@pytest.mark.tex
def test_math_in_a_title_uses_the_math_font(tmp_path: Path) -> None:
    from pypdf import PdfReader

    pdf = build_text(CV, tmp_path, langs=("en",))[0].path
    fonts = set()
    for page in PdfReader(str(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert any("Math" in f for f in fonts), fonts


def test_letters_math_fonts_lack_are_set_from_the_text_fonts() -> None:
    """`$À$` printed nothing (the math font maps letters to its italic alphabet, which has no À);
    such letters go through \\text, and validate checks them against the text fonts instead."""
    from cvtool.textcheck import glyph_problems

    assert "\\text{À}" in math_to_tex("À") and "\\text{中}" in math_to_tex("中^2")
    assert "\\text" not in math_to_tex("x_1 + \\alpha β")
    assert glyph_problems("$À$ and $\\mathcal{O}(жx_1)$ and $中^2$") == []


@pytest.mark.tex
def test_letters_math_fonts_lack_print(tmp_path: Path) -> None:
    """Printed, not only in the text layer: pdftotext reads each formula's ActualText, so this reads
    the glyphs themselves with pypdf (which ignores ActualText). Before, À was simply not there."""
    from pypdf import PdfReader

    text = CV.replace("$\\\\sqrt{T}$ Regret", "$À + ж$ Regret")
    assert text != CV
    pdf = build_text(text, tmp_path, langs=("en",))[0].path
    glyphs = " ".join(page.extract_text() for page in PdfReader(str(pdf)).pages)
    assert "À" in glyphs and "ж" in glyphs


def test_validate_names_the_command_at_its_column() -> None:
    text = CV.replace("$\\\\sqrt{T}$ Regret", "$\\\\input{/etc/passwd}$ Regret")
    with pytest.raises(CvError) as info:
        validate(load_text(text, NAME))
    line = info.value.format().splitlines()[0]
    assert line.startswith("cv.yaml:9:44: error: sections.publications[0].title: `\\input` is not allowed in math"), line


def test_fullwidth_comma_between_authors_of_a_flow_list_is_a_located_error() -> None:
    """YAML read `Wei Lin，Hong Xu` as one author: the keyboard's comma where YAML's belongs."""
    text = CV.replace("[Ann Lee, Sébastien Bubeck]", "[Ann Lee, Wei Lin，Hong Xu]")
    with pytest.raises(CvError) as info:
        load_text(text, NAME)
    line = info.value.format().splitlines()[0]
    assert line.startswith("cv.yaml:8:33: error: a full-width comma '，' (U+FF0C)") and "use `, `" in line


def test_fullwidth_comma_in_a_quoted_author_is_a_warning_and_strict_makes_it_an_error() -> None:
    text = CV.replace("[Ann Lee, Sébastien Bubeck]", "[Ann Lee, \"Wei Lin，Hong Xu\"]")
    validated = validate(load_text(text, NAME))
    assert [w.code for w in validated.warnings].count("fullwidth-comma-in-authors") == 1
    warning = next(w for w in validated.warnings if w.code == "fullwidth-comma-in-authors")
    assert (warning.line, warning.column) == (8, 34) and "'Wei Lin, Hong Xu'" in warning.message
    with pytest.raises(CvError):
        validate(load_text(text, NAME), strict=True)


def test_bibtex_gets_the_math_back_as_math() -> None:
    from cvtool.export import bib_escape
    from cvtool.texmath import to_bibtex

    title = r"$\widetilde{O}(\sqrt{T})$ regret, 100% at \$5"
    assert to_bibtex(title, bib_escape) == r"{$\widetilde{O}(\sqrt{T})$} regret, 100\% at \$5"
    assert to_bibtex(r"$\input{x}$", bib_escape) != r"{$\input{x}$}"  # never passed through


def test_website_gets_mathjax_ready_dollars() -> None:
    import html

    from cvtool.texmath import to_mathjax

    out = to_mathjax(r"$a<b$ costs \$5 & more", lambda t: html.escape(t).replace("$", r"\$"), html.escape)
    assert out == r"$a&lt;b$ costs \$5 &amp; more"


def test_the_website_page_hands_math_to_mathjax_untouched_by_markdown() -> None:
    from cvtool.export import academicpages

    page = academicpages(validate(load_text(CV, NAME)).cv)
    assert r"$$\widetilde{O}(\sqrt{T})$$ regret for $$(\epsilon, \delta)$$-private bandits" in page, page
    assert r"Optimization: $$\sqrt{T}$$ Regret" in page


def test_the_bibtex_export_writes_a_title_s_math_as_math() -> None:
    import bibtexparser

    from cvtool.export import bibtex

    cv = validate(load_text(CV, NAME)).cv
    text = bibtex(cv)
    assert r"{$\sqrt{T}$} Regret" in text, text  # braced: a style's case change cannot reach it
    assert r"{$\widetilde{O}(\sqrt{T})$}" in text and r"price \$5 and \$10" in text
    assert not bibtexparser.parse_string(text).failed_blocks


@pytest.mark.tex
def test_long_math_wraps_instead_of_running_into_the_margin(tmp_path: Path) -> None:
    product = "".join(f"x_{{{i}}}" for i in range(1, 45))
    tuple_ = ",".join(f"\\\\alpha_{{{i}}}" for i in range(1, 40))
    text = CV.replace("Bandit Convex Optimization: $\\\\sqrt{T}$ Regret in One Dimension",
                      f"Products ${product}$ and tuples $({tuple_})$ in one title")
    assert "Products $x_{1}" in text
    build_text(text, tmp_path, langs=("en",), build_dir=tmp_path / "b")
    log = (tmp_path / "b" / "cv-en-full.log").read_text(errors="replace")
    assert "Overfull \\hbox" not in log
