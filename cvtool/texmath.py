r"""Inline math in prose: `$\widetilde{O}(\sqrt{T})$` typeset as math, never passed to TeX unchecked.

Where a math span starts and ends follows pandoc's rule, so prices stay prices: an opening `$`
has a non-space right after it, a closing `$` a non-space right before it and no digit after it
("$5 and $10" is no math); `\$` is always a literal dollar. Inside a span only whitelisted
commands are allowed: unicode-math's symbols (Greek, operators, relations, arrows; generated
into `mathsymbols`), its accents, and a few structures (`\frac`, `\sqrt`, `\mathcal`, `\left`,
`\text`, …). Anything else is a located validation error naming the command.

Math also has a plain-text reading (`Õ(√T)`), used for the PDF's text layer (ActualText, so
copy and search see `Õ(√T)`, not math-italic code points) and for PDF metadata.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from cvtool.mathsymbols import ACCENTS, SYMBOLS

_LETTERS = ("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho varsigma sigma "
            "tau upsilon phi chi psi omega")
GREEK = {name: chr(0x3B1 + i) for i, name in enumerate(_LETTERS.split())}
GREEK.update({name.capitalize(): chr(0x391 + i) for i, name in enumerate(_LETTERS.split()) if name != "varsigma"})
GREEK.update(varepsilon="ε", epsilon="ϵ", vartheta="ϑ", varpi="ϖ", varrho="ϱ", varphi="φ", phi="ϕ",
             varkappa="ϰ", digamma="ϝ", Digamma="Ϝ")
ALIASES = {"le": "≤", "ge": "≥", "ne": "≠", "to": "→", "gets": "←", "lnot": "¬", "land": "∧", "lor": "∨",
           "ldots": "…", "dots": "…", "cdots": "⋯", "vert": "|", "Vert": "‖", "lbrace": "{", "rbrace": "}",
           "colon": ":", "iff": "⟺", "implies": "⟹", "owns": "∋", "dotsc": "…", "dotsb": "⋯"}
_FUNCTIONS = ("log ln lg exp sin cos tan cot sec csc sinh cosh tanh arcsin arccos arctan lim liminf limsup "
              "max min sup inf arg det dim ker deg gcd Pr hom")
FUNCTIONS = set(_FUNCTIONS.split())
SPACES = {",": " ", ";": " ", ":": " ", "!": "", " ": " ", "quad": " ", "qquad": "  "}
ESCAPES = {"{": "{", "}": "}", "|": "‖", "%": "%", "#": "#", "&": "&", "_": "_", "$": "$"}
STYLES = {"mathcal": "SCRIPT", "mathscr": "SCRIPT", "mathbb": "DOUBLE-STRUCK", "mathfrak": "FRAKTUR",
          "mathrm": "", "mathit": "", "mathbf": "", "mathsf": "", "mathtt": "", "boldsymbol": "",
          "operatorname": "", "text": "", "textrm": "", "mathnormal": ""}
EXTRA_ACCENTS = {"overline": "\u0305", "underline": "\u0332"}
ONE_ARG = set(STYLES) | set(ACCENTS) | set(EXTRA_ACCENTS)
DELIMITERS = set("()[]|./<>") | {"{", "}", "langle", "rangle", "lvert", "rvert", "lVert", "rVert", "lfloor",
                                "rfloor", "lceil", "rceil", "|", "vert", "Vert", "lbrace", "rbrace"}
SIZES = {"left", "right", "middle", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "biggl", "biggr"}
STRUCTURE = {"frac", "dfrac", "tfrac", "sqrt"} | SIZES
TEXT_ARG = {"text", "textrm", "operatorname"}  # the argument is text: letters, no commands

ALLOWED = set(SYMBOLS) | set(GREEK) | set(ALIASES) | FUNCTIONS | set(SPACES) | set(ESCAPES) | ONE_ARG | STRUCTURE


@dataclass(frozen=True)
class Math:
    source: str  # between the dollars
    start: int  # offset of the opening `$` in the text


Piece = str | Math

_DOLLAR = re.compile(r"\\\$|\$")


def split(text: str) -> list[Piece]:
    """Text and math spans, in order; `\\$` becomes `$` in the text pieces."""
    out: list[Piece] = []
    buf: list[str] = []
    pos = 0
    for m in _DOLLAR.finditer(text):
        if m.start() < pos:
            continue
        if m.group() == "\\$":
            buf.append(text[pos:m.start()] + "$")
            pos = m.end()
            continue
        end = _closing(text, m.start())
        if end is None:
            continue
        buf.append(text[pos:m.start()])
        if "".join(buf):
            out.append("".join(buf))
        buf = []
        out.append(Math(text[m.start() + 1:end], m.start()))
        pos = end + 1
    buf.append(text[pos:])
    if "".join(buf):
        out.append("".join(buf))
    return out


def _closing(text: str, start: int) -> int | None:
    """The `$` closing the span opened at `start`, by pandoc's rule, or None."""
    if start + 1 >= len(text) or text[start + 1].isspace() or text[start + 1] == "$":
        return None
    i = start + 1
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == "$":
            if not text[i - 1].isspace() and not (i + 1 < len(text) and text[i + 1].isdigit()):
                return i
            return None
        i += 1
    return None


def has_math(text: str) -> bool:
    return "$" in text and any(isinstance(p, Math) for p in split(text))


def contains_math(data: object) -> bool:
    """Whether any string in a nested structure of dicts and lists has a math span (the TeX
    preamble loads unicode-math only then)."""
    if isinstance(data, str):
        return has_math(data)
    if isinstance(data, dict):
        return any(contains_math(v) for v in data.values())
    if isinstance(data, (list, tuple)):
        return any(contains_math(v) for v in data)
    return False


# ---------------------------------------------------------------- tokens and the parse

@dataclass(frozen=True)
class Token:
    kind: str  # "cmd", "char", "space", "{", "}", "^", "_"
    value: str
    pos: int  # offset in the math source


_TOKEN = re.compile(r"\\([A-Za-z]+|[^A-Za-z])|([{}^_])|(\s+)|(.)", re.S)


def tokens(source: str) -> list[Token]:
    out = []
    for m in _TOKEN.finditer(source):
        if m.group(1) is not None:
            out.append(Token("cmd", m.group(1), m.start()))
        elif m.group(2) is not None:
            out.append(Token(m.group(2), m.group(2), m.start()))
        elif m.group(3) is not None:
            out.append(Token("space", m.group(3), m.start()))
        else:
            out.append(Token("char", m.group(4), m.start()))
    return out


@dataclass
class Node:
    """kind: "char" (value), "cmd" (value = name, args), "group" (args), "script" (args = base,
    sup, sub; an absent one is kind "none"), "text" (value)."""

    kind: str
    value: str = ""
    args: list[Node] | None = None
    pos: int = 0


class MathError(Exception):
    def __init__(self, pos: int, message: str) -> None:
        super().__init__(message)
        self.pos = pos
        self.message = message


_FORBIDDEN = {"#": "`#`", "%": "`%`", "&": "`&`", "\\": "a lone backslash"}
_EXPLAIN = ("math accepts Greek letters, operators, relations, arrows, \\frac, \\sqrt, \\mathcal and the like, "
            "accents such as \\widetilde, sub- and superscripts and \\left…\\right")


def parse(source: str) -> list[Node]:
    """The math's nodes, or MathError at the first thing outside the whitelist."""
    return _Parser(tokens(source), len(source)).sequence(closing=None)


class _Parser:
    def __init__(self, toks: list[Token], end: int) -> None:
        self.toks = toks
        self.i = 0
        self.end = end

    def peek(self, skip_space: bool = True) -> Token | None:
        while skip_space and self.i < len(self.toks) and self.toks[self.i].kind == "space":
            self.i += 1
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self) -> Token:
        tok = self.peek()
        assert tok is not None
        self.i += 1
        return tok

    def sequence(self, closing: Token | None) -> list[Node]:
        nodes: list[Node] = []
        opened: list[int] = []  # positions of unmatched \left
        while (tok := self.peek()) is not None and tok.kind != "}":
            if tok.kind in "^_":
                nodes.append(self.script(nodes.pop() if nodes else Node("group", args=[], pos=tok.pos)))
                continue
            node = self.atom()
            if node.kind == "cmd" and node.value == "left":
                opened.append(node.pos)
            elif node.kind == "cmd" and node.value == "right":
                if not opened:
                    raise MathError(node.pos, "`\\right` without a `\\left` before it")
                opened.pop()
            nodes.append(node)
        if opened:
            raise MathError(opened[-1], "`\\left` without a matching `\\right`")
        if closing is None and tok is not None:
            raise MathError(tok.pos, "a `}` without a `{` before it")
        if closing is not None and tok is None:
            raise MathError(closing.pos, "a `{` that is never closed: add `}`")
        return nodes

    def script(self, base: Node) -> Node:
        tok = self.take()
        if base.kind != "script":
            base = Node("script", args=[base, Node("none"), Node("none")], pos=base.pos)
        slot = 1 if tok.kind == "^" else 2
        assert base.args is not None
        if base.args[slot].kind != "none":
            raise MathError(tok.pos, f"a second `{tok.kind}` on the same base: use braces, e.g. `{{x^2}}^3`")
        base.args[slot] = self.argument(tok)
        return base

    def argument(self, owner: Token) -> Node:
        tok = self.peek()
        what = f"`\\{owner.value}`" if owner.kind == "cmd" else f"`{owner.value}`"
        if tok is None or tok.kind in "}^_":
            raise MathError(owner.pos, f"{what} needs an argument, e.g. `{{…}}`")
        node = self.atom()
        if node.kind == "cmd" and node.value in STRUCTURE | ONE_ARG and tok.kind != "{":
            raise MathError(tok.pos, f"put `\\{node.value}…` in braces when it is the argument of {what}")
        return node

    def atom(self) -> Node:
        tok = self.take()
        if tok.kind == "{":
            children = self.sequence(closing=tok)
            self.take()  # the `}`
            return Node("group", args=children, pos=tok.pos)
        if tok.kind == "char":
            if tok.value in _FORBIDDEN:
                raise MathError(tok.pos, f"{_FORBIDDEN[tok.value]} is not allowed in math")
            return Node("char", tok.value, pos=tok.pos)
        return self.command(tok)

    def command(self, tok: Token) -> Node:
        name = tok.value
        if name not in ALLOWED:
            raise MathError(tok.pos, f"`\\{name}` is not allowed in math; {_EXPLAIN}")
        if name in TEXT_ARG:
            return Node("cmd", name, [self.text_argument(tok)], tok.pos)
        if name in SIZES:
            return Node("cmd", name, [self.delimiter(tok)], tok.pos)
        if name == "sqrt":
            index = self.optional()
            return Node("cmd", name, [self.argument(tok)] + ([index] if index else []), tok.pos)
        count = 2 if name in ("frac", "dfrac", "tfrac") else 1 if name in ONE_ARG else 0
        return Node("cmd", name, [self.argument(tok) for _ in range(count)], tok.pos)

    def delimiter(self, owner: Token) -> Node:
        tok = self.peek()
        if tok is None or tok.value not in DELIMITERS or tok.kind not in ("char", "cmd"):
            raise MathError(owner.pos, f"`\\{owner.value}` needs a delimiter after it, e.g. `\\{owner.value}(`")
        self.i += 1
        return Node(tok.kind, tok.value, [], tok.pos)

    def optional(self) -> Node | None:
        tok = self.peek()
        if tok is None or tok.value != "[":
            return None
        self.i += 1
        children = []
        while (tok := self.peek()) is not None and tok.value != "]":
            children.append(self.atom())
        if tok is None:
            raise MathError(self.end, "a `[` that is never closed: add `]`")
        self.i += 1
        return Node("group", args=children)

    def text_argument(self, owner: Token) -> Node:
        opening = self.peek()
        if opening is None or opening.kind != "{":
            raise MathError(owner.pos, f"`\\{owner.value}` needs its text in braces: `\\{owner.value}{{…}}`")
        self.i += 1
        parts = []
        while self.i < len(self.toks) and self.toks[self.i].kind in ("char", "space"):
            tok = self.toks[self.i]
            if tok.value in _FORBIDDEN:
                raise MathError(tok.pos, f"{_FORBIDDEN[tok.value]} is not allowed in `\\{owner.value}{{…}}`")
            parts.append(tok.value)
            self.i += 1
        closing = self.peek(skip_space=False)
        if closing is None or closing.kind != "}":
            where = closing.pos if closing else opening.pos
            raise MathError(where, f"only plain text may stand in `\\{owner.value}{{…}}`, and it must end with `}}`")
        self.i += 1
        return Node("text", "".join(parts), pos=opening.pos)


def problems(text: str) -> list[tuple[int, str]]:
    """(offset in `text`, message) for each math span that is not allowed."""
    out = []
    for piece in split(text):
        if isinstance(piece, Math):
            try:
                parse(piece.source)
            except MathError as exc:
                out.append((piece.start + 1 + exc.pos, exc.message))
    return out


# ---------------------------------------------------------------- for the exports


def _convert(text: str, escape_text: Callable[[str], str], math: Callable[[str], str]) -> str:
    out = []
    for piece in split(text):
        if isinstance(piece, Math):
            try:
                parse(piece.source)
            except MathError:  # validate reports it; kept as the text it is
                out.append(escape_text("$" + piece.source + "$"))
                continue
            out.append(math(piece.source))
        else:
            out.append(escape_text(piece))
    return "".join(out)


def to_bibtex(text: str, escape_text: Callable[[str], str]) -> str:
    """BibTeX, where TeX math is native: each valid span written back as `{$…$}` (braced, so a
    style's case change cannot touch it); the text between through `escape_text` (which turns a
    literal `$` into `\\$`)."""
    return _convert(text, escape_text, lambda source: "{$" + source + "$}")


def to_mathjax(text: str, escape_text: Callable[[str], str], escape_math: Callable[[str], str] = str,
               delimiters: tuple[str, str] = ("$", "$")) -> str:
    """HTML or Markdown for MathJax: each valid span between `delimiters` (through `escape_math`,
    e.g. HTML escaping), the text through `escape_text` — which decides what a literal `$`
    becomes (`\\$` where MathJax reads `$…$`). kramdown pages use `("$$", "$$")`: kramdown
    leaves that math alone and hands it to MathJax as `\\(…\\)`."""
    opening, closing = delimiters
    return _convert(text, escape_text, lambda source: opening + escape_math(source) + closing)


def text_letter(ch: str) -> bool:
    """A letter typed inside math that math fonts do not have (À, 中, ж): it is set from the text
    fonts (as `\\text{…}`), and checked against them, instead of printing nothing. ASCII, Greek
    and the maths alphabets stay math."""
    code = ord(ch)
    maths = code < 0x80 or 0x370 <= code <= 0x3FF or 0x2100 <= code <= 0x214F or 0x1D400 <= code <= 0x1D7FF
    return not maths and unicodedata.category(ch).startswith("L")
