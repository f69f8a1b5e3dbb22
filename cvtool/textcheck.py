"""Checks on the text itself, for `validate`: math outside the whitelist, a full-width comma
that turns two authors into one, and (see `cvtool.glyphs`) characters no font can print.

It walks the loaded tree, not the model, so it reports on every string even when the shape of
the file is wrong elsewhere, and each problem is located at the character, not just the field.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import Any

from cvtool import glyphs
from cvtool.errors import Diagnostic
from cvtool.latex.escape import clean
from cvtool.load import Loc, Source
from cvtool.mathsymbols import SYMBOLS
from cvtool.texmath import Math, MathError, parse, problems, split, text_letter

_NOT_PROSE = {"url", "homepage", "emails", "email", "phones", "id", "doi", "arxiv", "icon"}


def text_checks(source: Source) -> list[Diagnostic]:
    """Every text problem in the file, each at its line and column."""
    out = []
    for loc, text in strings(source.data):
        if set(loc[-2:]) & _NOT_PROSE:
            continue
        for offset, message in problems(text):
            out.append(located(source, loc, text, offset, message, "math-not-allowed"))
        for offset, message in glyph_problems(text):
            out.append(located(source, loc, text, offset, message, "no-glyph"))
        if "authors" in loc[-2:-1] and "，" in text:
            offset = text.index("，")
            message = (f"a full-width comma '，' (U+FF0C) inside the author {text!r}: it is read as ONE author; "
                       f"if these are several authors, separate them with ASCII commas: "
                       f"{text.replace('，', ', ')!r}")
            out.append(located(source, loc, text, offset, message, "fullwidth-comma-in-authors", "warning"))
    return out


def strings(data: Any, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """(field path, text) for every string value in the tree."""
    if isinstance(data, str):
        yield loc, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from strings(value, loc + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from strings(value, loc + (i,))


def located(source: Source, loc: Loc, text: str, offset: int, message: str, code: str,
            severity: str = "error") -> Diagnostic:
    """A diagnostic at character `offset` of the string at `loc`, when the source shows where
    that is (a one-line scalar); else at the start of the value."""
    diag = source.diagnostic(loc, message, severity=severity, code=code)
    if diag.line is None or diag.column is None or diag.source_line is None:
        return diag
    column = _column(diag.source_line, diag.column - 1, text, offset)
    if column is None:
        return diag
    return Diagnostic(**{**diag.__dict__, "column": column + 1})


def _column(line: str, start: int, text: str, offset: int) -> int | None:
    """0-based column in `line` of character `offset` of the scalar `text` that starts at `start`,
    reading YAML's quoting (`''` in single quotes, backslash escapes in double quotes)."""
    quote = line[start] if start < len(line) and line[start] in "'\"" else ""
    i = start + len(quote)
    for n in range(offset + 1):
        if i >= len(line):
            return None
        if n == offset:
            return i if line[i] in (text[offset], "\\") else None
        step = 2 if quote and line[i] == ("\\" if quote == '"' else "'") and i + 1 < len(line) else 1
        if quote == '"' and line[i] == "\\" and line[i + 1:i + 2] in ("x", "u", "U"):
            step = {"x": 4, "u": 6, "U": 10}[line[i + 1]]
        i += step
    return None


def glyph_problems(text: str) -> list[tuple[int, str]]:
    """(offset, message) for the characters of `text` that no font can print: outside math the
    whole fallback chain counts, inside math only the math font. One message per field and kind."""
    unprintable: list[tuple[int, str]] = []
    not_math: list[tuple[int, str]] = []
    for piece, start in _pieces(text):
        if isinstance(piece, Math):
            in_math, in_text = _math_chars(clean(piece.source))  # as rendered: markup cleans before math
            not_math += [(start + 1 + i, ch) for i, ch in in_math if not glyphs.in_math_font(ch)]
            unprintable += [(start + 1 + i, ch) for i, ch in in_text if glyphs.missing(ch)]
        else:
            unprintable += [(start + i, ch) for i, ch in glyphs.missing(piece)]
    out = []
    if unprintable:
        out.append((unprintable[0][0], f"{_describe([ch for _, ch in unprintable])} in none of the fonts cvtool "
                    "can use; put a font that has it in fonts/, or replace it"))
    if not_math:
        out.append((not_math[0][0], f"{_describe([ch for _, ch in not_math])} not in the math font "
                    f"{glyphs.math_font_name()}"))
    return out


def _math_chars(source: str) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """(offset, character) set in the math font, and those in `\\text{…}` (set in the text fonts)."""
    try:
        nodes = parse(source)
    except MathError:
        return [], []  # reported as a math problem
    in_math: list[tuple[int, str]] = []
    in_text: list[tuple[int, str]] = []
    stack = list(nodes)
    while stack:
        node = stack.pop()
        if node.kind == "text":
            in_text += [(node.pos + 1 + i, ch) for i, ch in enumerate(node.value)]
        elif node.kind == "char":
            (in_text if text_letter(node.value) else in_math).append((node.pos, node.value))
        elif node.kind == "cmd" and node.value in SYMBOLS and not node.args:
            in_math.append((node.pos, SYMBOLS[node.value]))
        stack += node.args or []
    return sorted(in_math), sorted(in_text)


def _pieces(text: str) -> Iterator[tuple[str | Math, int]]:
    """The pieces of `split` with their offsets in `text` (text pieces may have lost a `\\` of `\\$`:
    offsets there are approximate)."""
    pos = 0
    for piece in split(text):
        if isinstance(piece, Math):
            yield piece, piece.start
            pos = piece.start + len(piece.source) + 2
        else:
            yield piece, pos
            pos += len(piece)


def _describe(chars: list[str]) -> str:
    named = ", ".join(f"{ch!r} (U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed')})" for ch in dict.fromkeys(chars))
    return f"the character {named} is" if len(set(chars)) == 1 else f"the characters {named} are"
