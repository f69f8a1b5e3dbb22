"""Stage 5 — render: the localized view → the text of a .tex file, through Jinja2.

The environment's `finalize` is the single escaping point: every `((( value )))` is escaped
unless it is a `Tex` string that cvtool built itself. `Rich` strings go through the inline
markup translator. While escaping, we remember which cv.yaml field produced which TeX, so a
TeX error on a line can be traced back to the field.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from cvtool.errors import CvError
from cvtool.latex.escape import escape, escape_breakable, escape_url
from cvtool.latex.markup import markup_to_tex
from cvtool.latex.templates import TEMPLATE, templates_dir
from cvtool.load import format_loc
from cvtool.usercache import user_cache
from cvtool.localize import Rich, Sourced


class Tex(str):
    """TeX that cvtool produced itself; the only kind of string inserted unescaped."""


@dataclass
class Rendered:
    tex: str
    # (TeX produced, the cv.yaml field path it came from as a tuple)
    provenance: list[tuple[str, tuple]] = field(default_factory=list)

    def fields_on(self, tex_line: str) -> list[str]:
        """The cv.yaml fields whose text appears on a line of the generated .tex, most specific first."""
        hits = sorted(
            ((produced, loc) for produced, loc in self.provenance if produced and produced in tex_line),
            key=lambda hit: -len(hit[0]),
        )
        found: list[str] = []
        for _, loc in hits:
            if format_loc(loc) not in found:
                found.append(format_loc(loc))
        return found

    def fields_with(self, char: str) -> list[tuple]:
        """The cv.yaml fields (as paths) whose text contains `char`."""
        found: list[tuple] = []
        for produced, loc in self.provenance:
            if char in produced and loc not in found:
                found.append(loc)
        return found


@functools.lru_cache(maxsize=None)
def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates in the user cache: compiling cv.tex.j2 costs ~40 ms, loading it ~1 ms,
    and every render (each fitting attempt too) builds a fresh environment. Jinja checks the
    template's checksum, so an edited template is compiled again."""
    try:
        directory = user_cache("templates")
        directory.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(directory))


def _environment(directory: Path, provenance: list[tuple[str, tuple]]) -> jinja2.Environment:
    def finalize(value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, Tex):
            return value
        if isinstance(value, Rich):
            out = markup_to_tex(value)
        else:
            out = escape(str(value))
        if isinstance(value, Sourced) and value.loc:
            provenance.append((out, value.loc))
        return out

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(directory)),
        block_start_string="((*",
        block_end_string="*))",
        variable_start_string="(((",
        variable_end_string=")))",
        comment_start_string="((#",
        comment_end_string="#))",
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        finalize=finalize,
        bytecode_cache=_bytecode_cache(),
    )
    env.filters["url"] = lambda v: Tex(escape_url(str(v)))
    env.filters["breakable"] = lambda v: Tex(escape_breakable(str(v)))
    return env


def render_tex(view: dict[str, Any], *, directory: Path | None = None) -> Rendered:
    provenance: list[tuple[str, tuple]] = []
    env = _environment(directory or templates_dir(), provenance)
    try:
        tex = env.get_template(TEMPLATE).render(**view)
    except jinja2.TemplateError as exc:  # a bug in a template, not in the user's data
        where = f" (line {exc.lineno})" if getattr(exc, "lineno", None) else ""
        raise CvError(f"template {TEMPLATE}{where}: {exc}") from None
    return Rendered(tex=tex, provenance=provenance)
