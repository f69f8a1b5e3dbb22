"""BibTeX author lists → names in the CV's order ("First von Last, Jr."), whatever the encoding.

pybtex's person parser does the splitting: it is BibTeX's own algorithm (brace-aware `and`,
`Last, First`, `von Last, Jr, First`, `{Corporate Name}`), which bibtexparser 2's name splitter
gets wrong after a TeX command (`\\textbf{Zhu, W.}` → `extbfZhu, W.`, `\\'Alvarez` → `Alvarez`).
Before splitting, markup around a name (`\\textbf{…}`, `\\underline{…}`, `{\\bf …}`, `*`, `†`) is
removed and remembered: a CV often bolds its owner in the .bib. Each part is then decoded to
Unicode (`S{\\'{e}}bastien` → Sébastien). `and others` marks the list as incomplete.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cvtool.bib.latex import decode

_WRAPPERS = re.compile(r"\\(?:textbf|underline|emph|textit|uline|textsc|mbox)\s*\{((?:[^{}]|\{[^{}]*\})*)\}")
_SWITCHES = re.compile(r"\{\\(?:bf|bfseries|it|em|underline)\s+((?:[^{}]|\{[^{}]*\})*)\}")
_MARKS = re.compile(r"(\$\^?\{?\\?(?:ast|\*|dagger|ddagger|dag|ddag|S|P|\d)\}?\$|\\(?:dagger|ddagger|dag|ddag)\b|[*†‡§¶#]+|\^\{?[*†‡]\}?)")


@dataclass(frozen=True)
class Authors:
    names: tuple[str, ...]
    incomplete: bool = False  # `and others`
    marked: tuple[str, ...] = ()  # names set in bold or underlined in the .bib (often the owner)


def parse_names(raw: str) -> Authors:
    """An `author` (or `editor`) field → the people in it."""
    from pybtex.bibtex.utils import split_name_list

    names: list[str] = []
    marked: list[str] = []
    incomplete = False
    for part in split_name_list(" ".join(raw.split())):
        plain, was_marked = _unwrap(part)
        if plain.strip("{} ").casefold() in ("others", "et al.", "et al"):
            incomplete = True
            continue
        name = person_name(plain)
        if not name:
            continue
        names.append(name)
        if was_marked:
            marked.append(name)
    return Authors(tuple(names), incomplete, tuple(marked))


def _unwrap(part: str) -> tuple[str, bool]:
    """Remove formatting around a name; True if there was some (bold, underline, a star)."""
    before = part
    for _ in range(3):  # nested: \textbf{\underline{Name}}
        part = _WRAPPERS.sub(r"\1", part)
        part = _SWITCHES.sub(r"\1", part)
    part = _MARKS.sub("", part).strip()
    marked = part != before.strip()
    if marked and part.startswith("{") and part.endswith("}") and "," in part:
        part = part[1:-1]  # {\underline{Song, Qingyu}}: the braces were for the markup, not the name
    return part, marked


def person_name(text: str) -> str:
    """One BibTeX name → "First von Last, Jr." in Unicode; a CJK name stays as written."""
    from pybtex.database import Person
    from pybtex.errors import set_strict_mode

    set_strict_mode(False)  # a name with too many commas is a warning in pybtex, not an exception
    try:
        person = Person(text)
    except Exception:  # pybtex is lenient; anything it still refuses is kept as written
        return decode(text)
    first = [*person.first_names, *person.middle_names]
    words = [*first, *person.prelast_names, *person.last_names]
    name = " ".join(decode(w) for w in words if w)
    if person.lineage_names:
        name += ", " + " ".join(decode(w) for w in person.lineage_names)
    name = " ".join(name.split())
    if _is_cjk(name):
        name = name.replace(" ", "")
    return name


def _is_cjk(text: str) -> bool:
    return bool(text) and all("\u3400" <= ch <= "\u9fff" or ch in " ·" for ch in text)
