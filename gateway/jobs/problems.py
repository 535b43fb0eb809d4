"""Validation problems with a JSON path, the shape forms need to point at a field.

`schema_problems` returns every problem at once (not just the first), so a user
fixes a form in one round trip. Paths are JSONPath-like: `$`, `$.startImage`,
`$.files[2].name`; a missing required property is reported at its own path
(`$.pipeline`), not at its parent, and so is each unexpected property.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from jsonschema import (  # type: ignore[import-untyped, unused-ignore]
    Draft7Validator,
    ValidationError,
)

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_UNEXPECTED = re.compile(r"'((?:[^'\\]|\\.)*)'")


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    message: str


def json_path(parts: Iterable[str | int]) -> str:
    path = "$"
    for part in parts:
        if isinstance(part, int):
            path += f"[{part}]"
        elif _IDENTIFIER.match(part):
            path += f".{part}"
        else:
            escaped = part.replace("\\", "\\\\").replace("'", "\\'")
            path += f"['{escaped}']"
    return path


def _problems_of(error: ValidationError) -> list[Problem]:
    base = list(error.absolute_path)
    instance = error.instance
    if error.validator == "required" and isinstance(instance, Mapping):
        missing = [
            name
            for name in error.validator_value
            if name not in instance and error.message == f"{name!r} is a required property"
        ]
        if missing:
            return [Problem(json_path([*base, missing[0]]), "is required")]
    if error.validator == "additionalProperties" and isinstance(instance, Mapping):
        schema = error.schema if isinstance(error.schema, Mapping) else {}
        declared = schema.get("properties", {})
        patterns = schema.get("patternProperties", {})
        extra = [
            name
            for name in instance
            if name not in declared and not any(re.search(p, name) for p in patterns)
        ]
        if extra:
            return [Problem(json_path([*base, name]), "is not allowed") for name in extra]
    return [Problem(json_path(base), error.message)]


def schema_problems(schema: Mapping[str, Any], instance: Any) -> list[Problem]:
    """Every way `instance` breaks the draft-07 `schema`, sorted by path."""
    validator = Draft7Validator(schema, format_checker=Draft7Validator.FORMAT_CHECKER)
    found: set[Problem] = set()
    for error in validator.iter_errors(instance):
        found.update(_problems_of(error))
    return sorted(found)
