r"""The inline markup of prose fields (`**bold**`, `*italic*`, `[text](https://…)`, `$math$`) as a tree.

The PDF (`latex/markup.py`) and the exports walk this one tree and emit TeX, Markdown or
HTML, escaping every text leaf for the target. Anything that is not one of these
constructs (an unpaired `*`, a `[link](javascript:…)`) stays literal text. Math spans are found
as the PDF finds them (`texmath.split`: `$5 and $10` are prices, `\$` a dollar) and cut out first,
so a `*` inside math is math; each is read as Unicode (`Õ(√T)`) by the PDF's own text-layer reader.
Every text field may hold math; only prose fields (`Rich`) have the other markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cvtool.latex.mathtex import math_to_text
from cvtool.texmath import Math, MathError, split

_TOKEN = re.compile(
    r"\*\*(?P<bold>(?:(?!\*\*).)+?)\*\*"
    r"|(?<![A-Za-z0-9*])\*(?P<italic>[^\s*](?:[^*]*?[^\s*])?)\*(?![A-Za-z0-9*])"
    r"|\[(?P<text>[^\]\n]+)\]\((?P<url>(?:https?://|mailto:)(?:[^()\s]|\([^()\s]*\))+)\)",
    re.DOTALL,
)


@dataclass(frozen=True)
class Bold:
    children: list[Node]


@dataclass(frozen=True)
class Italic:
    children: list[Node]


@dataclass(frozen=True)
class Link:
    text: str  # math read as Unicode (what Markdown and HTML show)
    url: str
    parts: list[Node] = field(default_factory=list, compare=False)  # the text with its math spans (what TeX typesets)


@dataclass(frozen=True)
class MathSpan:
    source: str  # between the dollars
    text: str  # its Unicode reading, the one the PDF's text layer carries


Node = str | Bold | Italic | Link | MathSpan
_PLACEHOLDER = re.compile("\ue000(\\d+)\ue001")  # private-use characters


def parse(text: str, *, markup: bool = True) -> list[Node]:
    """The tree of `text`: plain strings, with MathSpan for `$…$` and, when `markup` (prose fields),
    Bold/Italic/Link where the markup says so."""
    masked, maths = _mask(text)
    nodes: list[Node] = _markup(masked) if markup else [masked]
    return _unmask(nodes, maths)


def _mask(text: str) -> tuple[str, list[MathSpan]]:
    out: list[str] = []
    maths: list[MathSpan] = []
    for piece in split(text.replace("\ue000", "").replace("\ue001", "")):
        if isinstance(piece, Math):
            try:
                reading = math_to_text(piece.source)
            except MathError:  # validation reports it; shown as the text it is
                out.append(f"${piece.source}$")
                continue
            out.append(f"\ue000{len(maths)}\ue001")
            maths.append(MathSpan(piece.source, reading))
        else:
            out.append(piece)
    return "".join(out), maths


def _unmask(nodes: list[Node], maths: list[MathSpan]) -> list[Node]:
    out: list[Node] = []
    for node in nodes:
        if isinstance(node, str):
            parts = _PLACEHOLDER.split(node)
            out += [maths[int(p)] if i % 2 else p for i, p in enumerate(parts) if p]
        elif isinstance(node, Bold):
            out.append(Bold(_unmask(node.children, maths)))
        elif isinstance(node, Italic):
            out.append(Italic(_unmask(node.children, maths)))
        elif isinstance(node, Link):
            url = _PLACEHOLDER.sub(lambda m: "$" + maths[int(m.group(1))].source + "$", node.url)
            text = _PLACEHOLDER.sub(lambda m: maths[int(m.group(1))].text, node.text)
            out.append(Link(text, url, _unmask([node.text], maths)))
        else:
            out.append(node)
    return out


def _markup(text: str) -> list[Node]:
    out: list[Node] = []
    pos = 0
    for m in _TOKEN.finditer(text):
        if m.start() > pos:
            out.append(text[pos : m.start()])
        if m["bold"] is not None:
            out.append(Bold(_markup(m["bold"])))
        elif m["italic"] is not None:
            out.append(Italic(_markup(m["italic"])))
        else:
            out.append(Link(m["text"], m["url"]))
        pos = m.end()
    if pos < len(text):
        out.append(text[pos:])
    return out


def plain(nodes: list[Node]) -> str:
    """The text of a tree without its markup (link text only)."""
    parts = []
    for node in nodes:
        if isinstance(node, str):
            parts.append(node)
        elif isinstance(node, (Link, MathSpan)):
            parts.append(node.text)
        else:
            parts.append(plain(node.children))
    return "".join(parts)
