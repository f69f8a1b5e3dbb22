"""The tiny inline markup allowed in prose fields, translated to TeX without passing TeX through.

`**bold**`, `*italic*` and `[text](https://…)`; anything else — and any unpaired marker — prints
literally. Every piece of text between markers goes through `escape`, so markup can only ever
produce the three constructs below.
"""

from __future__ import annotations

import re

from cvtool.latex.escape import escape, escape_url

_TOKEN = re.compile(
    r"\*\*(?P<bold>(?:(?!\*\*).)+?)\*\*"
    r"|(?<![A-Za-z0-9*])\*(?P<italic>[^\s*](?:[^*]*?[^\s*])?)\*(?![A-Za-z0-9*])"
    r"|\[(?P<text>[^\]\n]+)\]\((?P<url>(?:https?://|mailto:)(?:[^()\s]|\([^()\s]*\))+)\)",
    re.DOTALL,
)


def markup_to_tex(text: str) -> str:
    out = []
    pos = 0
    for m in _TOKEN.finditer(text):
        out.append(escape(text[pos : m.start()]))
        if m["bold"] is not None:
            out.append(r"\textbf{" + markup_to_tex(m["bold"]) + "}")
        elif m["italic"] is not None:
            out.append(r"\emph{" + markup_to_tex(m["italic"]) + "}")
        else:
            out.append(r"\href{" + escape_url(m["url"]) + "}{" + escape(m["text"]) + "}")
        pos = m.end()
    out.append(escape(text[pos:]))
    return "".join(out)
