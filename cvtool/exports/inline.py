"""The inline markup of prose fields (`**bold**`, `*italic*`, `[text](https://…)`) as a tree.

The PDF translates the same three constructs to TeX (`latex/markup.py`); the exports walk this
tree and emit Markdown or HTML, escaping every text leaf for the target. Anything that is not one
of the three constructs (an unpaired `*`, a `[link](javascript:…)`) stays literal text, so markup
can never produce more than these three things.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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
    text: str
    url: str


Node = str | Bold | Italic | Link


def parse(text: str) -> list[Node]:
    """The markup tree of `text`: plain strings, with Bold/Italic/Link where the markup says so."""
    out: list[Node] = []
    pos = 0
    for m in _TOKEN.finditer(text):
        if m.start() > pos:
            out.append(text[pos : m.start()])
        if m["bold"] is not None:
            out.append(Bold(parse(m["bold"])))
        elif m["italic"] is not None:
            out.append(Italic(parse(m["italic"])))
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
        elif isinstance(node, Link):
            parts.append(node.text)
        else:
            parts.append(plain(node.children))
    return "".join(parts)
