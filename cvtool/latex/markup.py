"""The tiny inline markup allowed in prose fields, translated to TeX without passing TeX through.

`**bold**`, `*italic*`, `[text](https://…)` and `$math$` (see `cvtool.texmath`); anything else —
and any unpaired marker — prints literally. Every piece of text between markers goes through
`escape`, so markup can only ever produce the constructs below. Math spans are cut out first
(a `*` or `_` inside `$…$` is math, not markup) and stand in the text as placeholders until the
very end, so `**bold with $x$**` works.
"""

from __future__ import annotations

import re

from cvtool.latex.escape import clean, escape, escape_url
from cvtool.latex.mathtex import math_to_tex
from cvtool.texmath import Math, MathError, split

_TOKEN = re.compile(
    r"\*\*(?P<bold>(?:(?!\*\*).)+?)\*\*"
    r"|(?<![A-Za-z0-9*])\*(?P<italic>[^\s*](?:[^*]*?[^\s*])?)\*(?![A-Za-z0-9*])"
    r"|\[(?P<text>[^\]\n]+)\]\((?P<url>(?:https?://|mailto:)(?:[^()\s]|\([^()\s]*\))+)\)",
    re.DOTALL,
)
_PLACEHOLDER = re.compile("\ue000(\\d+)\ue001")  # private-use characters: clean() removed the user's


def markup_to_tex(text: str) -> str:
    """Prose with bold, italic, links and math."""
    masked, maths = _mask(text)
    return _markup(masked, maths)


def prose_to_tex(text: str) -> str:
    """Text with math but no other markup (names, titles, venues)."""
    masked, maths = _mask(text)
    return _escape(masked, maths)


def _mask(text: str) -> tuple[str, list[Math]]:
    out: list[str] = []
    maths: list[Math] = []
    for piece in split(clean(text)):
        if isinstance(piece, Math):
            out.append(f"\ue000{len(maths)}\ue001")
            maths.append(piece)
        else:
            out.append(piece)
    return "".join(out), maths


def _unmask(text: str, maths: list[Math]) -> str:
    return _PLACEHOLDER.sub(lambda m: "$" + maths[int(m.group(1))].source + "$", text)


def _escape(text: str, maths: list[Math]) -> str:
    out = []
    for i, part in enumerate(_PLACEHOLDER.split(text)):
        if i % 2 == 0:
            out.append(escape(part))
        else:
            source = maths[int(part)].source
            try:
                out.append(math_to_tex(source))
            except MathError:  # validate reports it; never passed to TeX
                out.append(escape("$" + source + "$"))
    return "".join(out)


def _markup(text: str, maths: list[Math]) -> str:
    out = []
    pos = 0
    for m in _TOKEN.finditer(text):
        out.append(_escape(text[pos : m.start()], maths))
        if m["bold"] is not None:
            out.append(r"\textbf{" + _markup(m["bold"], maths) + "}")
        elif m["italic"] is not None:
            out.append(r"\emph{" + _markup(m["italic"], maths) + "}")
        else:
            url = escape_url(_unmask(m["url"], maths))
            out.append(r"\href{" + url + "}{" + _escape(m["text"], maths) + "}")
        pos = m.end()
    out.append(_escape(text[pos:], maths))
    return "".join(out)
