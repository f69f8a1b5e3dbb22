"""Escaping for the export formats: every user value passes through one of these.

HTML escaping is markupsafe's (Jinja2's own, well kept and fast). Markdown has no standard
escaper, so `md` backslash-escapes exactly the characters that start Markdown or HTML constructs;
CommonMark prints a backslash-escaped punctuation character literally. Links pass only when they
are http(s) or mailto: a `javascript:` or `data:` URL never becomes a link in any format.
"""

from __future__ import annotations

import re
import unicodedata

from markupsafe import Markup, escape

_SAFE_URL = re.compile(r"(?:https?://[^\s<>\"'`]+|mailto:[^\s<>\"'`]+)\Z", re.IGNORECASE)
# Inline: emphasis, code, links/images, raw HTML and entities, tables, autolinks, math.
_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~$!]|&(?=#?\w+;))")
# At the start of a line: headings, quotes, list items (bullets and `1.`/`1)`), rules, fences.
_MD_LINE_START = re.compile(r"^(\s*)([#>+=-]|\d+)([.)]?)")
_SPACES = re.compile(r"\s+")
# kramdown: backslash-escapes for its own syntax (it has no `~`), entities for what Liquid or HTML reads.
_KD_INLINE = re.compile(r"([\\`*_\[\]|$!])")
_KD_ENTITIES = re.compile(r"[{}<>&]")
_KD_ENTITY = {"{": "&#123;", "}": "&#125;", "<": "&lt;", ">": "&gt;", "&": "&amp;"}


def safe_url(url: str | None) -> str | None:
    """`url` if it is an http(s) or mailto link, else None (the caller prints text only)."""
    if url is None:
        return None
    url = url.strip()
    return url if _SAFE_URL.match(url) else None


def clean(text: str) -> str:
    """Drop control and format characters (bidi overrides, NULs) that no format should carry."""
    return "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Cn")
                   or ch in "\u200c\u200d")


def one_line(text: str) -> str:
    """Whitespace runs (newlines too) folded to one space: a value inside a line stays in it."""
    return _SPACES.sub(" ", clean(text)).strip()


def md(text: str, *, start: bool = False) -> str:
    """`text` as Markdown that renders as exactly this text, on one line. `start`: the text begins a
    line (or a list item), where `# `, `- `, `> `, `1. ` would start a block: escape those too."""
    flat = _MD_INLINE.sub(r"\\\1", _SPACES.sub(" ", clean(text)))
    return _MD_LINE_START.sub(_escape_line_start, flat, count=1) if start else flat


def _escape_line_start(m: re.Match[str]) -> str:
    lead, mark, dot = m.groups()
    if mark.isdigit():  # `2024. …` would be an ordered list item: escape the dot, not the number
        return lead + mark + ("\\" + dot if dot else "")
    return lead + "\\" + mark + dot


def kramdown(text: str, *, start: bool = False) -> str:
    """`text` for a Jekyll page (Liquid, then kramdown): `{`/`}` and `<`/`>`/`&` become HTML entities,
    so no `{{ … }}`/`{% … %}` reaches Liquid and no tag or entity reaches the page; the rest as `md`."""
    flat = _KD_INLINE.sub(r"\\\1", _SPACES.sub(" ", clean(text)))
    flat = _KD_ENTITIES.sub(lambda m: _KD_ENTITY[m.group(0)], flat)
    return _MD_LINE_START.sub(_escape_line_start, flat, count=1) if start else flat


def md_url(url: str) -> str:
    """A URL inside `(…)` of a Markdown link: the characters that would end it are percent-encoded."""
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C").replace(">", "%3E")


def html(text: str) -> Markup:
    """`text` as HTML text (markupsafe escapes & < > " ')."""
    return escape(clean(text))


__all__ = ["Markup", "clean", "html", "kramdown", "md", "md_url", "one_line", "safe_url"]
