"""The one place user text becomes TeX. Everything a user typed goes through `escape`.

Control characters are stripped, the ten TeX specials become commands that print them, and
TeX's input ligatures (`--`, ``` `` ```, `''`, `!``) are broken so text prints exactly as typed.
URLs for hyperref get their own encoder, because a URL is read in a different catcode regime.
"""

from __future__ import annotations

import re
import unicodedata

from cvtool import glyphs

_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "#": r"\#",
    "%": r"\%",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
}
_SPECIAL_RE = re.compile(r"[\\{}$&#%_^~]")
# Break input ligatures: -- and --- (dashes), `` '' (quotes), !` ?` (inverted marks), << >> (guillemets).
_LIGATURE_RE = re.compile(r"(?<=[-`'!?<>])(?=[-`'<>])")
_SPACES = re.compile(r"[ \t\r\n\u00a0\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+")


def clean(text: str) -> str:
    """Drop control and format characters TeX cannot print; fold whitespace runs to one space.

    A non-breaking space is kept as `~`-equivalent (U+00A0 prints fine); zero-width joiners stay,
    since emoji sequences need them.
    """
    out = []
    for ch in text:
        cat = unicodedata.category(ch)
        if cat == "Cc" and ch not in "\t\n\r":
            continue
        if cat in ("Cs", "Co", "Cn"):
            continue
        if cat == "Cf" and ch not in "\u200b\u200c\u200d":
            continue
        if ch in "\ufe0e\ufe0f":  # text/emoji presentation selectors: the emoji font is monochrome
            continue
        out.append(ch)
    return "".join(out)


_LONG_TOKEN = re.compile(r"[^\s\u3000-\u9fff\uac00-\ud7af]{28,}")
_BREAK = "\x00"  # clean() removed every control character, so NUL is free to mark break points


def _break_long_tokens(text: str) -> str:
    """Mark break points inside very long words (URLs, identifiers) so they cannot overrun the
    margin: after / _ . - @ & ? =, and every 12 characters where there is no such character."""

    def mark(m: re.Match[str]) -> str:
        out, run = [], 0
        for ch in m.group():
            out.append(ch)
            run += 1
            if ch in "/_.-@&?=" or run >= 12:
                out.append(_BREAK)
                run = 0
        return "".join(out).rstrip(_BREAK)

    return _LONG_TOKEN.sub(mark, text)


def escape(text: str) -> str:
    """`text` as TeX that prints it literally, in the fonts that have its characters."""
    return glyphs.wrap(_escape(text))


def _escape(text: str) -> str:
    text = _break_long_tokens(clean(text))
    text = _SPACES.sub(lambda m: "\u00a0" if m.group() == "\u00a0" else " ", text)
    text = _SPECIAL_RE.sub(lambda m: _SPECIALS[m.group()], text)
    text = _LIGATURE_RE.sub("{}", text)
    text = text.replace(_BREAK, r"\allowbreak{}")
    # a zero-width space is a permitted line break; the font need not have a glyph for it
    return text.replace("\u200b", r"\hspace{0pt}")


def escape_plain(text: str) -> str:
    """`text` as TeX for a PDF string (bookmarks, metadata): specials escaped, no break points."""
    text = _SPACES.sub(" ", clean(text))
    return _LIGATURE_RE.sub("{}", _SPECIAL_RE.sub(lambda m: _SPECIALS[m.group()], text))


_URL_SAFE = re.compile(r"[A-Za-z0-9\-._~:/?\[\]@!$&'()*+,;=%#]")


def escape_url(url: str) -> str:
    """A URL for `\\href{…}`: percent-encode what hyperref cannot take, escape what TeX reads.

    `#` and `%` keep their URL meaning (`\\#`, `\\%` are read back as `#`, `%` by hyperref);
    braces, backslashes, spaces, `^`, `~` and non-ASCII are percent-encoded — with the `%` itself
    written `\\%`, since a bare `%` would start a TeX comment — so no character of the URL can
    end the argument or run a command.
    """
    out = []
    for ch in clean(url).strip():
        if ch == "#":
            out.append(r"\#")
        elif ch == "%":
            out.append(r"\%")
        elif ch == "~":
            out.append(r"\%7E")
        elif ch in "$&":
            out.append("\\" + ch)
        elif _URL_SAFE.match(ch):
            out.append(ch)
        else:
            out.extend(f"\\%{b:02X}" for b in ch.encode("utf-8"))
    return "".join(out)


def escape_breakable(text: str) -> str:
    """Escaped text that may break after `/`, `.`, `@`, `-` (URLs and e-mails shown as text)."""
    # break points first, font switches after: a switch names a font file by its path
    return glyphs.wrap(re.sub(r"(?<=[/.@-])(?!$)", r"\\allowbreak{}", _escape(text)))
