"""The Chinese keyboard: full-width characters typed where YAML expects its own syntax.

With a Chinese input method on, `name： Ann` (U+FF1A), `{en: A，zh: B}` (U+FF0C), an indent of
ideographic spaces (U+3000) or a list marker `－ ` (U+FF0D) look right but are not YAML. PyYAML
then complains a line later, or — worse — reads the file as something else (`name： Ann` becomes a
string). This module finds those characters where syntax belongs and says what to type instead.

Findings come from a scan of the lines; a finding is only reported where the parse confirms it
(YAML failed at or after it, or a plain scalar really starts there), so a `：` inside prose or a
block scalar is never blamed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

_KEY = r"[A-Za-z_][A-Za-z0-9_.-]*"
_KEY_COLON = re.compile(rf"^([ ]*(?:-[ ]+)?)({_KEY})([ ]*)：")  # `name： Ann`, `- school： A`
_FLOW_KEY_COLON = re.compile(rf"[{{,][ ]*({_KEY})([ ]*)：")  # `{en： Ann}`
_FLOW_COMMA = re.compile(rf"，[ \u3000]*({_KEY})[ ]*[:：]")  # `{en: A，zh: B}`
_IDEOGRAPHIC_INDENT = re.compile(r"^[ ]*\u3000")
_DASH = re.compile(r"^([ ]*)－(?=[ \u3000]|$)")
# `[Go， C++]`, `[a@x.com，b@x.com]`: between two ASCII items of a flow list (CJK prose keeps its `，`)
_FLOW_ITEM_COMMA = re.compile(r"(?<=[\x21-\x7e])[ ]*，[ ]*(?=[\x21-\x7e])")
# `start: 2017-07，`: a stray comma at the end of an ASCII value
_TRAILING_COMMA = re.compile(r"^([ ]*(?:-[ ]+)?)(" + _KEY + r")[ ]*:[ ]+([\x21-\x7e][^，]*?[\x21-\x7e]|[\x21-\x7e])[ ]*，[ ]*$")
_FULLWIDTH = ("：", "，", "\u3000", "－")
_ASCII = {"：": ":", "，": ",", "\u3000": " ", "－": "-"}


@dataclass(frozen=True)
class Finding:
    line: int  # 1-based
    column: int  # 1-based, the offending character
    message: str
    scalar_column: int | None  # where YAML, reading past it, starts a plain scalar (None: it cannot)


def findings(text: str) -> list[Finding]:
    """Every full-width character on a line where it stands in the place of YAML syntax."""
    found = []
    for number, line in enumerate(text.split("\n"), start=1):
        if any(ch in line for ch in _FULLWIDTH):
            found.extend(_line_findings(number, line))
    return found


def _line_findings(number: int, line: str) -> list[Finding]:
    out = []
    if m := _IDEOGRAPHIC_INDENT.match(line):
        out.append(Finding(number, m.end(), _indent_message(line), m.end()))
    if m := _DASH.match(line):
        out.append(Finding(number, m.end(), "a full-width hyphen '－' (U+FF0D) as a list marker; YAML lists "
                           "start with an ASCII hyphen and a space: `- `", m.end()))
    if m := _KEY_COLON.match(line):
        out.append(Finding(number, m.end(), _colon_message(m.group(2)), m.start(2) + 1))
    for m in _FLOW_KEY_COLON.finditer(line):
        out.append(Finding(number, m.end(), _colon_message(m.group(1)), m.start(1) + 1))
    for m in _FLOW_COMMA.finditer(line):
        out.append(Finding(number, m.start() + 1, "a full-width comma '，' (U+FF0C) between two entries; "
                           f"YAML separates them with an ASCII comma: `, {m.group(1)}:`", None))
    out.extend(_item_comma_findings(number, line))
    if m := _TRAILING_COMMA.match(line):
        out.append(Finding(number, line.rindex("，") + 1, "a full-width comma '，' (U+FF0C) after the value "
                           f"of `{m.group(2)}`; remove it (items of a list are separated by an ASCII "
                           "comma and a space: `, `)", m.start(3) + 1))
    return out


def _item_comma_findings(number: int, line: str) -> list[Finding]:
    """`，` between ASCII items inside `[...]` or `{...}` on this line: YAML read one item."""
    out = []
    for m in _FLOW_ITEM_COMMA.finditer(line):
        comma = line.index("，", m.start())
        opener = max(line.rfind(ch, 0, comma) for ch in "[{")
        if opener < 0 or line.find("]", opener, comma) >= 0 or line.find("}", opener, comma) >= 0:
            continue
        if _FLOW_COMMA.match(line, comma):  # `，key:` is reported by the mapping rule
            continue
        item = max(opener, line.rfind(",", opener, comma), line.rfind(": ", opener, comma) + 1)
        start = item + 1
        while start < comma and line[start] == " ":
            start += 1
        out.append(Finding(number, comma + 1, "a full-width comma '，' (U+FF0C) between two items; YAML "
                           "separates them with an ASCII comma and a space: use `, `", start + 1))
    return out


def _colon_message(key: str) -> str:
    return (f"a full-width colon '：' (U+FF1A) after `{key}`; YAML needs an ASCII colon and a space: "
            f"`{key}: …`")


def _indent_message(line: str) -> str:
    count = len(line) - len(line.lstrip(" \u3000"))
    return ("this line is indented with full-width (ideographic) spaces '　' (U+3000); YAML indents "
            f"with ASCII spaces only: replace the {count} indent characters with spaces")


def repaired(text: str, finding: Finding) -> str:
    """`text` with the finding's full-width characters typed in ASCII (same columns), so a parse
    can go on to find the next one."""
    lines = text.split("\n")
    line = lines[finding.line - 1]
    i = finding.column - 1
    if not line[:i + 1].strip(" \u3000"):  # an ideographic indent: all of it
        stripped = line.lstrip(" \u3000")
        line = " " * (len(line) - len(stripped)) + stripped
    elif i < len(line):
        line = line[:i] + _ASCII.get(line[i], line[i]) + line[i + 1:]
    lines[finding.line - 1] = line
    return "\n".join(lines)


def explain_failure(text: str, mark: yaml.Mark | None) -> Finding | None:
    """The full-width character that broke the parse: the last finding at or before the line
    where PyYAML gave up (it usually notices a line late)."""
    if mark is None:
        return None
    before = [f for f in findings(text) if f.line <= mark.line + 1]
    return before[-1] if before else None


def confirmed(text: str, plain_starts: set[tuple[int, int]]) -> list[Finding]:
    """Findings a successful parse confirms: a plain scalar starts where the finding says YAML
    would start one (so `name： Ann` became the string "name： Ann", `　name` a key with a space)."""
    return [f for f in findings(text) if (f.line, f.scalar_column) in plain_starts]
