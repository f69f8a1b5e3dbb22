"""Pydantic's validation errors → compiler-style diagnostics: the location in the file (pydantic's
`loc` minus its union and validator tags), what was expected, "did you mean", and a `code`.

Sections are a discriminated union on `kind`; the model a location in a section is read against
is the one of that section's kind, so suggestions list that kind's fields.
"""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from cvtool.errors import Diagnostic
from cvtool.load import Loc, Source
from cvtool.model import CV, DATE_AND_RANGE, END_BEFORE_START, KIND_ALIASES, SECTION_MODELS, long_form


def from_pydantic(source: Source, exc: ValidationError) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    seen: set[tuple[Loc, str]] = set()
    errors = exc.errors(include_url=False)
    misspelt = _misspelt_required(source.data, errors)
    for err in errors:
        loc, at_key = _clean_loc(source.data, err["loc"], err["type"])
        if err["type"] == "missing" and loc in misspelt:
            continue  # `organisation:` is one mistake: its "did you mean" says it, not a second error
        message = _message(source.data, dict(err), loc)
        if err["type"] == END_BEFORE_START:
            loc = (*loc, "end")
        elif err["type"] == "union_tag_invalid" and isinstance(_at(source.data, loc), dict):
            loc = (*loc, "kind")
        at_key = at_key or err["type"] == "union_tag_not_found"
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
    DATE_AND_RANGE: "date-and-range",
    "union_tag_not_found": "unknown-kind",
    "union_tag_invalid": "unknown-kind",
    "value_error": "invalid-value",
    "assertion_error": "invalid-value",
}


def _misspelt_required(data: Any, errors: list[Any]) -> set[Loc]:
    """Locations of missing fields that an unknown key next to them is suggested for."""
    out: set[Loc] = set()
    for err in errors:
        if err["type"] == "extra_forbidden":
            loc, _ = _clean_loc(data, err["loc"], err["type"])
            if loc and (meant := _suggested_field(data, loc)):
                out.add((*loc[:-1], meant))
    return out


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
        elif isinstance(current, dict) and isinstance(part, str) and part in _model_keys(data, out):
            out.append(part)  # a defaulted field whose own default failed: keep the name
            current = None
    return tuple(out), False


def _message(data: Any, err: dict[str, Any], loc: Loc) -> str:
    kind = err["type"]
    found = describe(err.get("input"))
    if kind == "missing":
        return f"missing required field `{loc[-1]}`"
    if kind == "extra_forbidden":
        return _unknown_field(data, loc)
    if kind in ("union_tag_not_found", "union_tag_invalid") and loc[:1] == ("sections",):
        return _section_kind(loc, err)
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        options = [o.strip().strip("'") for o in expected.replace(" or ", ", ").split(",") if o.strip()]
        value = err.get("input")
        hint = difflib.get_close_matches(str(value), options, n=1, cutoff=0.6) if isinstance(value, str) else []
        text = f"expected one of {', '.join(options)}; found {found}"
        return text + (f"; did you mean `{hint[0]}`?" if hint else "")
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        keys = _model_keys(data, list(loc))
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


def describe(value: Any) -> str:
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


def _at(data: Any, loc: Loc) -> Any:
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _model_at(data: Any, loc: list[Any]) -> type[BaseModel] | None:
    """The model class describing the mapping at `loc`, following field annotations; a section's
    model is the one of its kind (written or named by its id)."""
    tp: Any = CV
    if loc[:1] == ["sections"] and len(loc) >= 2:
        raw = long_form(str(loc[1]), _at(data, ("sections", loc[1])))
        tp = SECTION_MODELS.get(str(raw.get("kind"))) if isinstance(raw, dict) else None
        if tp is None:
            return None
        loc = loc[2:]
        if loc and isinstance(loc[0], int) and "entries" in tp.model_fields:
            loc = ["entries", *loc]
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


def _model_keys(data: Any, loc: list[Any]) -> list[str]:
    model = _model_at(data, loc)
    if model is None:
        return []
    return [name for name, info in model.model_fields.items() if not info.exclude]


def _entry_fields() -> dict[str, list[str]]:
    """field name → the section kinds whose entries have it (for "belongs to another kind")."""
    out: dict[str, list[str]] = {}
    for kind, model in SECTION_MODELS.items():
        info = model.model_fields.get("entries")
        entry = _as_model(_container_item(info.annotation)) if info else model
        for name in entry.model_fields if entry else ():
            out.setdefault(name, []).append(kind)
    return out


# Words people use for a field that spelling alone cannot find (`category:` for a skill's `label`).
_SYNONYMS = {"category": "label", "group": "label", "company": "organization", "employer": "organization"}


def _suggested_field(data: Any, loc: Loc) -> str | None:
    """The field an unknown key was probably meant to be: a known synonym, or a close spelling."""
    key = str(loc[-1])
    allowed = _model_keys(data, list(loc[:-1]))
    if _SYNONYMS.get(key) in allowed:
        return _SYNONYMS[key]
    hint = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    return hint[0] if hint else None


def _unknown_field(data: Any, loc: Loc) -> str:
    key = str(loc[-1]) if loc else "?"
    allowed = _model_keys(data, list(loc[:-1]))
    text = f"unknown field `{key}`"
    if loc and (meant := _suggested_field(data, loc)):
        return text + f"; did you mean `{meant}`?"
    if len(loc) == 1 and (kind := difflib.get_close_matches(key, [*SECTION_MODELS, *KIND_ALIASES], n=1, cutoff=0.8)):
        return text + f"; sections go under `sections:`, e.g. `sections: {{{kind[0]}: [...]}}`"
    owners = _entry_fields().get(key, []) if loc[:1] == ("sections",) else []
    if owners:
        text += f": it belongs to {' and '.join(owners[:3])} entries, not to this section's kind"
    if allowed:
        text += f"; expected one of: {', '.join(allowed)}"
    return text


def _section_kind(loc: Loc, err: dict[str, Any]) -> str:
    """A section whose kind is missing (its id names no kind) or unknown."""
    names = [*SECTION_MODELS, *KIND_ALIASES]
    if err["type"] == "union_tag_invalid":
        tag = str(err.get("ctx", {}).get("tag", "?"))
        hint = difflib.get_close_matches(tag, names, n=1, cutoff=0.6)
        text = f"unknown section kind `{tag}`"
    else:
        sid = str(loc[-1])
        inside = [k for k in names if k in sid.lower()]  # invited_talks → talks
        hint = inside[-1:] or difflib.get_close_matches(sid, names, n=1, cutoff=0.6)
        text = f"section `{sid}` needs `kind:` (its id names no kind); write it in the long form {{kind: …, entries: [...]}}"
    if hint:
        kind = KIND_ALIASES.get(hint[0], hint[0])
        return text + (f"; did you mean `{kind}`?" if err["type"] == "union_tag_invalid" else f"; did you mean `kind: {kind}`?")
    return text + f"; kinds: {', '.join(SECTION_MODELS)}"


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
