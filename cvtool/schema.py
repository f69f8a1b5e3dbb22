"""The JSON Schema of cv.yaml, generated from the pydantic models, for editor completion.

Editors with the YAML language server read it through the first line of a CV,
`# yaml-language-server: $schema=./cv.schema.json`. The schema checks shapes (keys, types,
date patterns); cross-references (topics, labels, ids) stay with `cvtool validate`.
"""

from __future__ import annotations

import json
from typing import Any

SCHEMA_FILENAME = "cv.schema.json"
# Where the README says the schema is published (this repository's cv.schema.json on main):
# editors resolve the `$schema=` modeline `cvtool init` writes to it.
SCHEMA_URL = "https://raw.githubusercontent.com/cvtool/cvtool/main/cv.schema.json"
SCHEMA_ID = SCHEMA_URL
DRAFT = "https://json-schema.org/draft/2020-12/schema"


def json_schema() -> dict[str, Any]:
    """The schema of `cvtool.model.CV` (validation mode), with `$schema`, `$id` and a title."""
    from cvtool.model import CV

    root = CV.model_json_schema(mode="validation")
    defs: dict[str, Any] = root.pop("$defs", {})
    root["properties"]["sections"] = _sections_schema(defs, root["properties"]["sections"])
    schema: dict[str, Any] = {
        "$schema": DRAFT,
        "$id": SCHEMA_ID,
        "title": root.pop("title", "cvtool CV"),
        **root,
    }
    schema["$defs"] = {name: defs[name] for name in sorted(_reachable(schema, defs))}
    return schema


def schema_text() -> str:
    """The schema as the text of cv.schema.json: stable key order, UTF-8, a final newline."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


def _sections_schema(defs: dict[str, Any], generated: dict[str, Any]) -> dict[str, Any]:
    """`sections:` as users write it: under an id that names a kind, the short form (a list of
    entries, or the kind's fields) or the long form without `kind`; under any other id, the long
    form with `kind`. Editors then complete fields per kind."""
    from cvtool.model import KIND_ALIASES, SECTION_MODELS

    properties: dict[str, Any] = {}
    for kind, model in SECTION_MODELS.items():
        section = defs[model.__name__]
        section["properties"].pop("short_form", None)
        section["required"] = [r for r in section.get("required", []) if r != "kind"]
        ref = {"$ref": f"#/$defs/{model.__name__}"}
        entries = section["properties"].get("entries")
        short = {"type": "array", "items": entries["items"]} if entries else ref
        properties[kind] = {"anyOf": [short, ref]} if entries else ref
    for alias, kind in KIND_ALIASES.items():
        properties[alias] = properties[kind]
    any_kind = {"anyOf": [{"$ref": f"#/$defs/{m.__name__}"} for m in SECTION_MODELS.values()]}
    return {
        "type": "object",
        "description": generated.get("description", ""),
        "properties": properties,
        "additionalProperties": {"allOf": [{"type": "object", "required": ["kind"]}, any_kind]},
    }


def _reachable(node: Any, defs: dict[str, Any]) -> set[str]:
    """Names of the definitions that `node` refers to, directly or through other definitions."""
    found: set[str] = set()
    todo = [node]
    while todo:
        item = todo.pop()
        if isinstance(item, dict):
            ref = item.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                name = ref.removeprefix("#/$defs/")
                if name not in found and name in defs:
                    found.add(name)
                    todo.append(defs[name])
            todo.extend(v for k, v in item.items() if k != "$defs")
        elif isinstance(item, list):
            todo.extend(item)
    return found
