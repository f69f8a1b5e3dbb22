"""Stage 5 — render: the localized view (`cvtool.view`) → the text of a .tex file, via Jinja2.

`cv.tex.j2` sets the page and the header, then includes one partial per section, named after the
section's kind (`templates.partial`), looked up along the theme's search path.

The environment's `finalize` is the single escaping point: every `((( value )))` is escaped
unless it is a `Tex` string that cvtool built itself. `Rich` strings go through the inline
markup translator. While escaping, we remember which cv.yaml field produced which TeX, so a
TeX error on a line can be traced back to the field.
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache

from cvtool.compactforms import forms as compact_forms
from cvtool.compactforms import row_forms
from cvtool.errors import CvError
from cvtool.fieldpath import format_loc
from cvtool.icons import icon_tex
from cvtool.latex.escape import escape, escape_breakable, escape_url
from cvtool.latex.markup import markup_to_tex, prose_to_tex
from cvtool.latex.templates import TEMPLATE, partial, search_path
from cvtool.usercache import user_cache
from cvtool.view import Rich, Sourced


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


class _BytecodeCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates in the user cache. A cache that cannot be read or written costs a
    compile, never a render."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:  # a full disk, a read-only home
            pass


@functools.cache
def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiling cv.tex.j2 costs ~40 ms, loading it compiled ~1 ms, and every render (each fitting
    attempt too) builds a fresh environment. Jinja keys an entry by the template's name and
    checksum only, so the folder is named after what else shapes the compiled code: jinja's
    version and this module (the environment's options). Private to the user: loading compiled
    code runs it."""
    recipe = hashlib.sha256(jinja2.__version__.encode() + Path(__file__).read_bytes()).hexdigest()[:16]
    directory = user_cache("templates") / recipe
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = directory.stat()
        if st.st_uid != os.getuid() or st.st_mode & 0o077:
            return None
    except OSError:
        return None
    return _BytecodeCache(str(directory))


def _environment(folders: list[Path], provenance: list[tuple[str, tuple]]) -> jinja2.Environment:
    def finalize(value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, Tex):
            return value
        # a user's `$…$` is math in every field (cvtool.texmath); cvtool's own words are only escaped
        out = markup_to_tex(value) if isinstance(value, Rich) else prose_to_tex(value) if isinstance(value, Sourced) \
            else escape(str(value))
        if isinstance(value, Sourced) and value.loc:
            provenance.append((out, value.loc))
        return out

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(f) for f in folders]),
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
    env.globals["partial"] = partial
    env.globals["compact_forms"] = compact_forms  # one-line entries: the shorter forms TeX picks from
    env.globals["row_forms"] = row_forms
    env.filters["made_here"] = Tex  # a template macro's output: every value in it was escaped already
    env.filters["icon"] = lambda contact: Tex(icon_tex(contact))
    return env


def render_tex(context: Mapping[str, Any], *, directory: Path | None = None, theme: str | Path | None = None,
               user: Path | None = None) -> Rendered:
    """Render `cv.tex.j2` with `context` (a `CvView.context()` plus the page's `style`, `fonts`, …).
    `directory` replaces the default templates (tests); `theme` is searched before them, and the
    user's `templates/` folder before that. The user's partials get the same escaped values."""
    provenance: list[tuple[str, tuple]] = []
    env = _environment(search_path(theme, directory, user), provenance)
    try:
        tex = env.get_template(TEMPLATE).render(**context)
    except jinja2.TemplateError as exc:  # a bug in a template, not in the user's data
        lineno = getattr(exc, "lineno", None)
        where = f" (line {lineno})" if lineno else ""
        raise CvError(f"template {TEMPLATE}{where}: {exc}") from None
    return Rendered(tex=tex, provenance=provenance)
