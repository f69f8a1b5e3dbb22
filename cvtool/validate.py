"""Stage 2 — validate: the loaded tree → a typed `CV`, or every problem at once, each located.

Shape checks come from the pydantic models; this module turns pydantic's errors into
compiler-style diagnostics (position, field path, what was expected, "did you mean", a `code`)
and runs the checks that need the whole document (`cvtool.crosscheck`).
"""

from __future__ import annotations

import difflib
import types
import typing
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from cvtool.crosscheck import cross_checks
from cvtool.errors import CvError, Diagnostic
from cvtool.load import Loc, Source
from cvtool.model import CV, END_BEFORE_START
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
        found = _describe(source.data)
        raise CvError(
            "nothing was rendered",
            [source.diagnostic((), f"expected a mapping at the top level (`person:`, `education:`, …), found {found}",
                               code="wrong-type")],
        )
    diagnostics: list[Diagnostic] = text_checks(source)  # math, author commas, glyphs: every string, located
    try:
        cv = CV.model_validate(source.data)
    except ValidationError as exc:
        diagnostics.extend(_from_pydantic(source, exc))
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


def _cross_checks_of_the_rest(source: Source, exc: ValidationError) -> list[Diagnostic]:
    """Cross-reference problems in the parts that did validate, so one run reports everything.

    Broken list entries and broken sections are set aside; checks that could be wrong without
    them (a label or topic defined in a broken part) are not reported.
    """
    broken_entries: dict[str, set[int]] = {}
    broken_keys: set[str] = set()
    for err in exc.errors(include_url=False):
        loc = err["loc"]
        if len(loc) >= 2 and isinstance(loc[1], int) and isinstance(source.data.get(loc[0]), list):
            broken_entries.setdefault(str(loc[0]), set()).add(loc[1])
        elif loc:
            broken_keys.add(str(loc[0]))
    data = {k: v for k, v in source.data.items() if k not in broken_keys}
    for key, indexes in broken_entries.items():
        data[key] = [v if i not in indexes else None for i, v in enumerate(data[key])]
    if "person" not in data:
        data["person"] = {"name": "?"}
    try:
        cv = CV.model_validate({k: [v for v in val if v is not None] if k in broken_entries else val for k, val in data.items()})
    except ValidationError:
        return []
    index_map = {k: [i for i, v in enumerate(data[k]) if v is not None] for k in broken_entries}
    broken = broken_keys | set(broken_entries)
    # a check whose subject lives in a broken part could be wrong: report it after a fix
    unreliable = {
        "unknown-label": "publications" in broken,
        "unknown-topic": "research_interests" in broken,
        "owner-not-author": "person" in broken_keys,
    }
    out = []
    for d in cross_checks(cv, source, index_map):
        section = (d.path or "").split(".")[0].split("[")[0]
        if section in broken_keys or unreliable.get(d.code, False):
            continue
        out.append(d)
    return out


def _summary(diagnostics: list[Diagnostic]) -> str:
    errors = sum(d.is_error for d in diagnostics)
    warnings = len(diagnostics) - errors
    text = f"{errors} error{'s' * (errors != 1)}"
    if warnings:
        text += f", {warnings} warning{'s' * (warnings != 1)}"
    return text + "; nothing was rendered"


# ---------------------------------------------------------------- pydantic errors → diagnostics


def _from_pydantic(source: Source, exc: ValidationError) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    seen: set[tuple[Loc, str]] = set()
    for err in exc.errors(include_url=False):
        loc, at_key = _clean_loc(source.data, err["loc"], err["type"])
        message = _message(dict(err), loc)
        if err["type"] == END_BEFORE_START:
            loc = loc + ("end",)
        if (loc, message) in seen:
            continue
        seen.add((loc, message))
        out.append(source.diagnostic(loc, message, key=at_key or err["type"] == "extra_forbidden",
                                     code=_code(err["type"])))
    return out


_CODES = {
    "missing": "missing-field",
    "extra_forbidden": "unknown-field",
    "literal_error": "unknown-value",
    END_BEFORE_START: "end-before-start",
    "value_error": "invalid-value",
    "assertion_error": "invalid-value",
}


def _code(pydantic_type: str) -> str:
    """A diagnostic code for a pydantic error type: shapes are `wrong-type`, limits `out-of-range`."""
    if pydantic_type in _CODES:
        return _CODES[pydantic_type]
    if pydantic_type.endswith(("_type", "_parsing", "_from_float")):
        return "wrong-type"
    if pydantic_type.startswith(("greater_", "less_", "too_", "string_too")):
        return "out-of-range"
    return "invalid-value"


def _clean_loc(data: Any, loc: tuple[Any, ...], kind: str) -> tuple[Loc, bool]:
    """Keep the parts of pydantic's `loc` that index the data (drop union/validator tags)."""
    out: list[Any] = []
    current = data
    for i, part in enumerate(loc):
        if part == "[key]":
            return tuple(out), True
        if (isinstance(current, dict) and part in current) or (isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current)):
            out.append(part)
            current = current[part]
        elif kind == "missing" and i == len(loc) - 1:
            out.append(part)
        elif isinstance(current, dict) and isinstance(part, str) and part in _model_keys(out):
            out.append(part)  # a defaulted field whose own default failed: keep the name
            current = None
    return tuple(out), False


def _message(err: dict[str, Any], loc: Loc) -> str:
    kind = err["type"]
    found = _describe(err.get("input"))
    if kind == "missing":
        return f"missing required field `{loc[-1]}`"
    if kind == "extra_forbidden":
        key = str(loc[-1]) if loc else "?"
        allowed = _model_keys(list(loc[:-1]))
        hint = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        text = f"unknown field `{key}`"
        if hint:
            text += f"; did you mean `{hint[0]}`?"
        elif allowed:
            text += f"; expected one of: {', '.join(allowed)}"
        return text
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        options = [o.strip().strip("'") for o in expected.replace(" or ", ", ").split(",") if o.strip()]
        value = err.get("input")
        hint = difflib.get_close_matches(str(value), options, n=1, cutoff=0.6) if isinstance(value, str) else []
        text = f"expected one of {', '.join(options)}; found {found}"
        return text + (f"; did you mean `{hint[0]}`?" if hint else "")
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        keys = _model_keys(list(loc))
        shown = f" with fields {', '.join(keys[:6])}{', …' if len(keys) > 6 else ''}" if keys else ""
        return f"expected a mapping{shown}; found {found}"
    if kind == "list_type":
        return f"expected a list (lines starting with `- `); found {found}"
    if kind == "string_type":
        return f"expected a string; found {found}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"expected a whole number; found {found}"
    if kind in ("float_type", "float_parsing"):
        return f"expected a number; found {found}"
    if kind in ("bool_type", "bool_parsing"):
        return f"expected true or false; found {found}"
    if kind in ("string_too_short", "too_short"):
        return "expected at least one item" if kind == "too_short" else "expected a non-empty string"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return f"{err['msg'].lower()}; found {found}"
    message = err["msg"]
    return message.removeprefix("Value error, ").removeprefix("Assertion failed, ")


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"the boolean `{str(value).lower()}`"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    if isinstance(value, str):
        short = value if len(value) <= 40 else value[:37] + "…"
        return f"the string {short!r}"
    return type(value).__name__


def _model_at(loc: list[Any]) -> type[BaseModel] | None:
    """The model class describing the mapping at `loc`, following field annotations."""
    tp: Any = CV
    for part in loc:
        model = _as_model(tp)
        if model is not None and isinstance(part, str):
            info = model.model_fields.get(part)
            if info is None:
                return None
            tp = info.annotation
            continue
        tp = _container_item(tp)
        if tp is None:
            return None
    return _as_model(tp)


def _model_keys(loc: list[Any]) -> list[str]:
    model = _model_at(loc)
    if model is None:
        return []
    return [name for name, info in model.model_fields.items() if not info.exclude]


def _unwrap(tp: Any) -> list[Any]:
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(tp)[0])
    if origin in (typing.Union, types.UnionType):
        return [t for arg in typing.get_args(tp) for t in _unwrap(arg)]
    return [tp]


def _as_model(tp: Any) -> type[BaseModel] | None:
    for t in _unwrap(tp):
        if isinstance(t, type) and issubclass(t, BaseModel):
            return t
    return None


def _container_item(tp: Any) -> Any:
    for t in _unwrap(tp):
        origin = typing.get_origin(t)
        if origin is list:
            return typing.get_args(t)[0]
        if origin is dict:
            return typing.get_args(t)[1]
    return None
