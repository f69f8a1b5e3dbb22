"""Stage 2 — validate: the loaded tree → a typed `CV`, or every problem at once, each located.

Shape checks come from the pydantic models (`cvtool.pydantic_errors` turns their errors into
diagnostics with a position, what was expected, "did you mean" and a `code`); the checks that
need the whole document are in `cvtool.crosscheck`. A file in the format of cvtool < 0.2 gets one
clear error pointing to `cvtool migrate`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from cvtool.crosscheck import cross_checks
from cvtool.errors import CvError, Diagnostic
from cvtool.load import Source
from cvtool.model import CV, long_form
from cvtool.oldformat import OLD_FORMAT, old_format_key
from cvtool.pydantic_errors import describe, from_pydantic
from cvtool.textcheck import text_checks


@dataclass
class Validated:
    cv: CV
    source: Source
    warnings: list[Diagnostic] = field(default_factory=list)


def validate(source: Source, *, strict: bool = False, langs: list[str] | None = None) -> Validated:
    """Validate a loaded source. Raises `CvError` listing every error (and warnings, for context).
    `langs`: check translations only in these languages (those being rendered); default all declared."""
    if not isinstance(source.data, dict):
        found = describe(source.data)
        raise CvError(
            "nothing was rendered",
            [source.diagnostic((), f"expected a mapping at the top level (`person:`, `sections:`, …), found {found}",
                               code="wrong-type")],
        )
    _refuse_old_format(source)
    diagnostics: list[Diagnostic] = text_checks(source)  # math, author commas, glyphs: every string, located
    try:
        cv = CV.model_validate(source.data)
    except ValidationError as exc:
        diagnostics.extend(from_pydantic(source, exc))
        diagnostics.extend(_cross_checks_of_the_rest(source, exc))
        raise CvError(_summary(diagnostics), diagnostics) from None

    diagnostics.extend(cross_checks(cv, source, langs=langs))
    warnings = [d for d in diagnostics if not d.is_error]
    if strict:
        diagnostics = [Diagnostic(**{**d.__dict__, "severity": "error"}) for d in diagnostics]
    errors = [d for d in diagnostics if d.is_error]
    if errors:
        raise CvError(_summary(diagnostics), diagnostics)
    return Validated(cv=cv, source=source, warnings=warnings)


def _refuse_old_format(source: Source) -> None:
    loc = old_format_key(source.data)
    if loc is None:
        return
    what = f"`{loc[0]}:` at the top level" if len(loc) == 1 else f"`layout.{loc[1]}`"
    message = (f"{source.name} uses the format of cvtool < 0.2 ({what}; sections now live under `sections:`); "
               f"run `cvtool migrate {source.name}`")
    raise CvError("nothing was rendered", [source.diagnostic(loc, message, key=True, code=OLD_FORMAT)],
                  hint="`cvtool migrate` rewrites the file in format 2 and keeps its comments.")


@dataclass
class _Broken:
    """The parts of the tree pydantic refused, to set aside before the whole-document checks."""

    keys: set[str] = field(default_factory=set)  # top-level keys other than `sections`
    sections: set[str] = field(default_factory=set)  # whole sections (kind, title …)
    entries: dict[str, set[int]] = field(default_factory=dict)  # section id → entry indexes

    @classmethod
    def of(cls, exc: ValidationError) -> _Broken:
        broken = cls()
        for err in exc.errors(include_url=False):
            loc = err["loc"]
            if loc[:1] == ("sections",) and len(loc) >= 2:
                index = next((p for p in loc[2:] if isinstance(p, int)), None)
                if index is None:
                    broken.sections.add(str(loc[1]))
                else:
                    broken.entries.setdefault(str(loc[1]), set()).add(index)
            elif loc:
                broken.keys.add(str(loc[0]))
        return broken

    def covers(self, path: str) -> bool:
        parts = [f"sections.{s}" for s in self.sections] + list(self.keys)
        return any(path == p or path.startswith((p + ".", p + "[")) for p in parts)


def _cross_checks_of_the_rest(source: Source, exc: ValidationError) -> list[Diagnostic]:
    """Cross-reference problems in the parts that did validate, so one run reports everything.

    Broken entries and broken sections are set aside; checks that could be wrong without them
    (a label or topic defined in a broken part) are not reported: they are chosen by code.
    """
    broken = _Broken.of(exc)
    data = {k: v for k, v in source.data.items() if k not in broken.keys}
    data.setdefault("person", {"name": "?"})
    sections, index_map = _kept_sections(data.get("sections"), broken)
    if sections is not None:
        data["sections"] = sections
    try:
        cv = CV.model_validate(data)
    except ValidationError:
        return []
    kinds = {_kind(sid, v) for sid, v in _items(source.data.get("sections")) if sid in broken.sections or sid in broken.entries}
    unreliable = {
        "unknown-label": bool(kinds & {"publications", None}),
        "unknown-topic": bool(kinds & {"research_interests", None}),
        "owner-not-author": "person" in broken.keys,
        "unknown-section": bool(broken.sections) or "sections" in broken.keys,
        "unknown-entry-id": bool(kinds) or "sections" in broken.keys,
    }
    return [d for d in cross_checks(cv, source, index_map)
            if not broken.covers(d.path or "") and not unreliable.get(d.code, False)]


def _items(sections: Any) -> list[tuple[str, Any]]:
    return [(str(k), v) for k, v in sections.items()] if isinstance(sections, dict) else []


def _kind(sid: str, raw: Any) -> str | None:
    value = long_form(sid, raw)
    kind = value.get("kind") if isinstance(value, dict) else None
    return kind if isinstance(kind, str) else None


def _kept_sections(raw: Any, broken: _Broken) -> tuple[dict[str, Any] | None, dict[str, list[int]]]:
    """The sections without the broken ones and without broken entries, and for each section the
    original index of every entry kept."""
    if not isinstance(raw, dict):
        return None, {}
    kept: dict[str, Any] = {}
    index_map: dict[str, list[int]] = {}
    for sid, value in _items(raw):
        if sid in broken.sections:
            continue
        bad = broken.entries.get(sid, set())
        for key in ("entries", "topics", None):
            items = value if key is None else value.get(key) if isinstance(value, dict) else None
            if isinstance(items, list):
                index_map[sid] = [i for i in range(len(items)) if i not in bad]
                filtered = [items[i] for i in index_map[sid]]
                value = filtered if key is None else {**value, key: filtered}
                break
        kept[sid] = value
    return kept, index_map


def _summary(diagnostics: list[Diagnostic]) -> str:
    errors = sum(d.is_error for d in diagnostics)
    warnings = len(diagnostics) - errors
    text = f"{errors} error{'s' * (errors != 1)}"
    if warnings:
        text += f", {warnings} warning{'s' * (warnings != 1)}"
    return text + "; nothing was rendered"
