"""BibTeX values (LaTeX) → plain Unicode, keeping math as `$…$` for cvtool's math typesetting.

Only text mode is decoded (accents as TeX commands, `\\&`, `--`, braces that protect case);
a math span (`$…$`, `\\(…\\)`) is copied through untouched, so `$\\sqrt{T}$` in a title stays
what its author wrote. pylatexenc does the decoding: it knows the text-mode accents and symbols
of LaTeX and is lenient with what it does not know.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from typing import Any

logging.getLogger("pylatexenc").addHandler(logging.NullHandler())  # unknown macros: we decode what we can

_MATH = re.compile(r"((?<!\\)\$\$.+?\$\$|(?<!\\)\$(?:[^$\\]|\\.)+\$|\\\((?:.+?)\\\))", re.DOTALL)
_DECODER: Any = None
_TEXT_IN_MATH = re.compile(r"\\(?:mbox|text|textrm|hbox)\s*\{([^{}]*)\}")


def decode(text: str) -> str:
    """LaTeX → Unicode text, math spans kept as `$…$`; whitespace collapsed."""
    parts = []
    for i, piece in enumerate(_MATH.split(text)):
        if i % 2:
            parts.append(_math(piece))
        elif piece:
            parts.append(_text(piece))
    return " ".join("".join(parts).split())


def _math(span: str) -> str:
    """A math span as `$…$` in the math cvtool typesets; math it cannot typeset becomes its text."""
    from cvtool import texmath

    if span.startswith("\\(") or span.startswith("$$"):
        span = "$" + span[2:-2].strip() + "$"
    span = _TEXT_IN_MATH.sub(r"\\mathrm{\1}", span)  # DBLP's AC${}^{\mbox{0}}$
    if texmath.problems(span):
        return _text(span[1:-1])
    return span


def _text(text: str) -> str:
    global _DECODER
    if _DECODER is None:
        from pylatexenc.latex2text import (
            LatexNodes2Text,
            MacroTextSpec,
            get_default_latex_context_db,
        )

        db = get_default_latex_context_db()
        db.add_context_category("cvtool-bib", prepend=True, macros=[
            MacroTextSpec("url", simplify_repl="%s"),
            MacroTextSpec("textasciicircum", simplify_repl="^"),  # pylatexenc gives U+02C6
        ])
        _DECODER = LatexNodes2Text(latex_context=db, math_mode="verbatim", keep_braced_groups=False)
    try:
        decoded = _DECODER.latex_to_text(text)
    except Exception:  # pylatexenc is lenient; if it still fails, keep the text without braces
        decoded = text.replace("{", "").replace("}", "")
    return unicodedata.normalize("NFC", decoded.replace("\xa0", " "))
