"""The format of a catalogue file, itself checked by a JSON Schema.

A job type file is checked in three steps, each failure naming the file:
1. the file against `CATALOGUE_FILE_SCHEMA` (shape of name, items, restrictions...);
2. `parameters` with `Draft7Validator.check_schema` and `Draft202012Validator.check_schema`;
3. `parameters` for keywords that mean different things in draft-07 and
   2020-12 (or exist in one only), because form libraries in the browser may
   read the schema with either draft: `$defs`, `prefixItems`, `dependent*`,
   `unevaluated*`, and the non-standard `enumNames` (use `oneOf` of
   `{"const", "title"}` for labelled choices).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

DRAFT_07 = "http://json-schema.org/draft-07/schema#"

CATALOGUE_FILE_SCHEMA: Mapping[str, Any] = {
    "$schema": DRAFT_07,
    "type": "object",
    "additionalProperties": False,
    "required": ["name", "title", "description", "entity", "items", "parameters"],
    "properties": {
        "$comment": {"type": "string"},
        "name": {"type": "string", "pattern": "^[a-z][a-zA-Z0-9_-]{0,63}$"},
        "title": {"type": "string", "minLength": 1, "maxLength": 80},
        "description": {"type": "string", "minLength": 1},
        "entity": {"enum": ["dataCollection", "dataCollectionGroup"]},
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["min"],
            "properties": {
                "min": {"type": "integer", "minimum": 1},
                "max": {"type": "integer", "minimum": 1},
            },
        },
        "restrictions": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "staffOnly": {"type": "boolean"},
                "beamlines": {
                    "type": "array",
                    "minItems": 1,
                    "uniqueItems": True,
                    "items": {"type": "string", "minLength": 1},
                },
            },
        },
        "parameters": {
            "type": "object",
            "required": ["$schema", "type"],
            "properties": {
                "$schema": {"enum": [DRAFT_07, DRAFT_07.rstrip("#")]},
                "type": {"const": "object"},
            },
        },
    },
}

#: Keywords whose meaning differs between draft-07 and 2020-12, or that exist in one only.
NOT_PORTABLE = frozenset(
    {
        "$defs",
        "prefixItems",
        "dependentRequired",
        "dependentSchemas",
        "unevaluatedProperties",
        "unevaluatedItems",
        "$dynamicRef",
        "$dynamicAnchor",
        "$recursiveRef",
        "$recursiveAnchor",
        "dependencies",
        "enumNames",
    }
)

# Keywords whose value maps names to subschemas: the names are not keywords.
_SCHEMA_MAPS = frozenset({"properties", "patternProperties", "definitions"})
_SCHEMA_LISTS = frozenset({"allOf", "anyOf", "oneOf", "items"})
_SCHEMA_VALUES = frozenset(
    {
        "not",
        "if",
        "then",
        "else",
        "additionalProperties",
        "additionalItems",
        "contains",
        "propertyNames",
        "items",
    }
)


def non_portable_keywords(schema: Any, path: str = "parameters") -> Iterator[str]:
    """Yield `path.keyword` for every non-portable keyword used anywhere in `schema`."""
    if not isinstance(schema, Mapping):
        return
    for key, value in schema.items():
        here = f"{path}.{key}"
        if key in NOT_PORTABLE:
            yield here
        if key in _SCHEMA_MAPS and isinstance(value, Mapping):
            for name, sub in value.items():
                yield from non_portable_keywords(sub, f"{here}.{name}")
        elif key in _SCHEMA_LISTS and isinstance(value, list):
            for index, sub in enumerate(value):
                yield from non_portable_keywords(sub, f"{here}[{index}]")
        elif key in _SCHEMA_VALUES:
            yield from non_portable_keywords(value, here)
