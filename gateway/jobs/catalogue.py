"""The catalogue of job types: one JSON or YAML file per type, validated at start-up.

A broken catalogue stops the process with a message naming the file and the
problem, instead of failing on the first submission of that type. Parameters
are validated with all problems reported at once (see `problems`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml  # type: ignore[import-untyped, unused-ignore]
from jsonschema import (  # type: ignore[import-untyped, unused-ignore]
    Draft7Validator,
    Draft202012Validator,
    SchemaError,
)

from gateway.jobs.catalogue_format import CATALOGUE_FILE_SCHEMA, non_portable_keywords
from gateway.jobs.errors import CatalogueError, UnknownJobType
from gateway.jobs.model import ItemKind, JSONValue
from gateway.jobs.problems import Problem, schema_problems

SUFFIXES = (".json", ".yaml", ".yml")


@dataclass(frozen=True)
class JobType:
    name: str
    title: str
    description: str
    entity: ItemKind
    min_items: int
    max_items: int | None  # None: no upper bound
    parameters: Mapping[str, JSONValue]  # JSON Schema, draft-07
    staff_only: bool = False
    beamlines: tuple[str, ...] | None = None  # None: any beamline
    source: str = ""  # file it was read from

    def allows_beamline(self, beamline: str | None) -> bool:
        return self.beamlines is None or beamline in self.beamlines


class Catalogue:
    def __init__(self, job_types: Iterable[JobType]) -> None:
        self._types: dict[str, JobType] = {}
        for job_type in job_types:
            if job_type.name in self._types:
                raise CatalogueError(f"duplicate job type name {job_type.name!r}")
            self._types[job_type.name] = job_type

    def types(self, entity: ItemKind | str | None = None) -> list[JobType]:
        """Job types sorted by name, optionally only those running on `entity`."""
        wanted = ItemKind(entity) if entity is not None else None
        return [t for _, t in sorted(self._types.items()) if wanted is None or t.entity is wanted]

    def get(self, name: str) -> JobType:
        try:
            return self._types[name]
        except KeyError:
            raise UnknownJobType(name) from None

    def __contains__(self, name: object) -> bool:
        return name in self._types

    def validate_parameters(
        self, job_type: JobType | str, parameters: Mapping[str, JSONValue]
    ) -> list[Problem]:
        """Every problem of `parameters` against the type's schema; empty when valid."""
        resolved = job_type if isinstance(job_type, JobType) else self.get(job_type)
        return schema_problems(resolved.parameters, parameters)


def _read(path: Path) -> Any:
    text = path.read_text(encoding="utf-8")
    try:
        if path.suffix == ".json":
            return json.loads(text)
        return yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise CatalogueError(f"{path}: not valid {path.suffix[1:].upper()}: {exc}") from exc


def load_job_type(path: Path) -> JobType:
    """Read and check one catalogue file; CatalogueError names the file and the problem."""
    data = _read(path)
    problems = schema_problems(CATALOGUE_FILE_SCHEMA, data)
    if problems:
        detail = "; ".join(f"{p.path}: {p.message}" for p in problems)
        raise CatalogueError(f"{path}: {detail}")
    name = data["name"]
    if name != path.stem:
        raise CatalogueError(f"{path}: name {name!r} differs from the file name {path.stem!r}")
    items = data["items"]
    if "max" in items and items["max"] < items["min"]:
        raise CatalogueError(f"{path}: items.max ({items['max']}) < items.min ({items['min']})")
    parameters = data["parameters"]
    for validator in (Draft7Validator, Draft202012Validator):
        try:
            validator.check_schema(parameters)
        except SchemaError as exc:
            where = "/".join(str(p) for p in exc.absolute_path) or "(root)"
            raise CatalogueError(
                f"{path}: parameters is not a valid JSON Schema at {where}: {exc.message}"
            ) from exc
    bad = list(non_portable_keywords(parameters))
    if bad:
        raise CatalogueError(
            f"{path}: keywords not portable between draft-07 and 2020-12: {', '.join(bad)}"
        )
    restrictions = data.get("restrictions", {})
    beamlines = restrictions.get("beamlines")
    return JobType(
        name=name,
        title=data["title"],
        description=data["description"],
        entity=ItemKind(data["entity"]),
        min_items=items["min"],
        max_items=items.get("max"),
        parameters=parameters,
        staff_only=restrictions.get("staffOnly", False),
        beamlines=tuple(beamlines) if beamlines is not None else None,
        source=str(path),
    )


def load_catalogue(directory: Path | str) -> Catalogue:
    """Every `*.json`/`*.yaml`/`*.yml` file in `directory` (not recursive, dotfiles skipped)."""
    root = Path(directory)
    if not root.is_dir():
        raise CatalogueError(f"{root}: catalogue directory not found")
    paths = sorted(p for p in root.iterdir() if p.suffix in SUFFIXES and not p.name.startswith("."))
    if not paths:
        raise CatalogueError(f"{root}: no job type files (*.json, *.yaml)")
    seen: dict[str, Path] = {}
    job_types = []
    for path in paths:
        job_type = load_job_type(path)
        if job_type.name in seen:
            raise CatalogueError(
                f"{path}: job type {job_type.name!r} already defined in {seen[job_type.name]}"
            )
        seen[job_type.name] = path
        job_types.append(job_type)
    return Catalogue(job_types)
