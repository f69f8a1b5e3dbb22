r"""Math nodes (`cvtool.texmath`) → TeX for unicode-math, and → plain Unicode for the text layer.

TeX: the nodes are written back (every command in them is whitelisted, braces are balanced), with
`\allowbreak` after top-level commas and inside long runs, so a long formula can wrap.
Text: `\widetilde{O}(\sqrt{T})` reads `Õ(√T)`, `\ell_1` reads `ℓ₁`, `\mathcal{O}` reads `𝒪`.
"""

from __future__ import annotations

import re
import unicodedata

from cvtool.latex.escape import escape, escape_plain
from cvtool.mathsymbols import ACCENTS, SYMBOLS
from cvtool.texmath import ALIASES, ESCAPES, EXTRA_ACCENTS, FUNCTIONS, GREEK, SIZES, SPACES, STYLES, Node, parse, text_letter

RUN = 10  # atoms after which a formula gets a break point, when nothing else offers one
_RENAMED = {"boldsymbol": "symbf"}  # unicode-math's name


def math_to_tex(source: str) -> str:
    """`\\cvmath{tex}{ActualText hex}{pdf-string text}` for one valid math span."""
    nodes = parse(source)
    text = unicodedata.normalize("NFC", _text(nodes).strip())
    hexed = "FEFF" + text.encode("utf-16-be").hex().upper()
    return rf"\cvmath{{{_top(nodes)}}}{{{hexed}}}{{{escape_plain(text)}}}"


def math_to_text(source: str) -> str:
    return unicodedata.normalize("NFC", _text(parse(source)).strip())


# ---------------------------------------------------------------- TeX


def _top(nodes: list[Node]) -> str:
    out, run = [], 0
    for node in nodes:
        out.append(_tex(node))
        run += 1
        if node.kind == "char" and node.value in ",;=<>+-":
            if node.value in ",;":
                out.append(r"\allowbreak ")
            run = 0
        elif run >= RUN:
            out.append(r"\allowbreak ")
            run = 0
    return "".join(out).strip()


def _tex(node: Node) -> str:
    args = node.args or []
    if node.kind == "char":
        return rf"\text{{{escape(node.value)}}}" if text_letter(node.value) else node.value
    if node.kind == "group":
        return "{" + "".join(_tex(n) for n in args) + "}"
    if node.kind == "none":
        return ""
    if node.kind == "text":
        return "{" + escape(node.value) + "}"
    if node.kind == "script":
        base, sup, sub = args
        out = _tex(base) or "{}"
        if sup.kind != "none":
            out += "^" + _braced(sup)
        if sub.kind != "none":
            out += "_" + _braced(sub)
        return out
    name = _RENAMED.get(node.value, node.value)
    if node.value == "sqrt" and len(args) == 2:
        return rf"\sqrt[{_tex(args[1])[1:-1]}]{_braced(args[0])}"
    if node.value in SIZES:
        return "\\" + name + _tex(args[0]).strip()
    if not args:
        return "\\" + name + " "
    return "\\" + name + "".join(_braced(a) for a in args)


def _braced(node: Node) -> str:
    return _tex(node) if node.kind in ("group", "text") else "{" + _tex(node) + "}"


# ---------------------------------------------------------------- text

_SUPER = dict(zip("0123456789+-=()abcdefghijklmnoprstuvwxyzT", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᵀ"))
_SUB = dict(zip("0123456789+-=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ"))


def _text(nodes: list[Node]) -> str:
    out = "".join(_node_text(n) for n in nodes)
    out = re.sub(r"\s+", " ", out)
    return re.sub(r"(?<=[(\[{]) | (?=[)\]},])", "", out)


def _node_text(node: Node) -> str:
    args = node.args or []
    if node.kind == "char":
        return {"~": " ", "'": "′", ",": ", "}.get(node.value, node.value)
    if node.kind == "group":
        return _text(args)
    if node.kind in ("none",):
        return ""
    if node.kind == "text":
        return node.value
    if node.kind == "script":
        return _node_text(args[0]) + _script(args[2], _SUB, "_") + _script(args[1], _SUPER, "^")
    return _command_text(node.value, args)


def _command_text(name: str, args: list[Node]) -> str:
    for table in (GREEK, ALIASES, ESCAPES, SYMBOLS):
        if name in table and not args:
            return table[name]
    if name in FUNCTIONS:
        return f" {name} "
    if name in SPACES:
        return SPACES[name]
    if name in ("frac", "dfrac", "tfrac"):
        return _wrapped(args[0]) + "/" + _wrapped(args[1])
    if name == "sqrt":
        index = _script(args[1], _SUPER, "") if len(args) == 2 else ""
        return index + "√" + _wrapped(args[0])
    if name in SIZES:
        return "" if args[0].value == "." else _node_text(args[0])
    if name in ACCENTS or name in EXTRA_ACCENTS:
        mark = ACCENTS.get(name) or EXTRA_ACCENTS[name]
        return "".join(ch + mark if ch.isalnum() else ch for ch in _node_text(args[0]))
    if name in STYLES:
        return _styled(_node_text(args[0]), STYLES[name])
    return ""


def _wrapped(node: Node) -> str:
    text = _node_text(node).strip()
    single = len(unicodedata.normalize("NFC", text)) <= 1 or (node.kind == "char" and re.fullmatch(r"\w+", text))
    return text if single else f"({text})"


def _script(node: Node, table: dict[str, str], mark: str) -> str:
    if node.kind == "none":
        return ""
    text = _node_text(node).strip()
    if text and all(ch in table for ch in text):
        return "".join(table[ch] for ch in text)
    return f"{mark}({text})" if len(text) > 1 else mark + text


def _styled(text: str, style: str) -> str:
    """Letters in a Unicode maths alphabet (𝒪, ℝ, 𝔤); plain where the style only changes the look."""
    if not style:
        return text
    out = []
    for ch in text:
        kind = "CAPITAL" if ch.isupper() else "SMALL"
        name = f"{style} {kind} {ch.upper()}" if ch.isascii() and ch.isalpha() else ""
        out.append(_lookup(f"MATHEMATICAL {name}") or _lookup(name.replace("FRAKTUR", "BLACK-LETTER")) or ch if name else ch)
    return "".join(out)


def _lookup(name: str) -> str | None:
    try:
        return unicodedata.lookup(name)
    except KeyError:
        return None
