"""The tiny inline markup allowed in prose fields, translated to TeX without passing TeX through.

`**bold**`, `*italic*`, `[text](https://…)` and `$math$` are parsed once, by `cvtool.inline` (the
tree the exports walk too); anything else — and any unpaired marker — prints literally. Every text
leaf goes through `escape` and every math span through the whitelist (`latex.mathtex`), so markup
can only ever produce the constructs below.
"""

from __future__ import annotations

from cvtool.inline import Bold, Italic, Link, MathSpan, Node, parse
from cvtool.latex.escape import clean, escape, escape_url
from cvtool.latex.mathtex import math_to_tex


def markup_to_tex(text: str) -> str:
    """Prose with bold, italic, links and math."""
    return _tex(parse(clean(text)))


def prose_to_tex(text: str) -> str:
    """Text with math but no other markup (names, titles, venues)."""
    return _tex(parse(clean(text), markup=False))


def _tex(nodes: list[Node]) -> str:
    out = []
    for node in nodes:
        if isinstance(node, str):
            out.append(escape(node))
        elif isinstance(node, MathSpan):  # parse leaves math it cannot read as text: never passed to TeX
            out.append(math_to_tex(node.source))
        elif isinstance(node, Bold):
            out.append(r"\textbf{" + _tex(node.children) + "}")
        elif isinstance(node, Italic):
            out.append(r"\emph{" + _tex(node.children) + "}")
        elif isinstance(node, Link):
            out.append(r"\href{" + escape_url(node.url) + "}{" + _tex(node.parts) + "}")
    return "".join(out)
