"""The catalogue: shipped files valid, broken files named with their problem."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import (  # type: ignore[import-untyped, unused-ignore]
    Draft7Validator,
    Draft202012Validator,
)

from gateway.jobs.catalogue import load_catalogue
from gateway.jobs.errors import CatalogueError, UnknownJobType
from gateway.jobs.model import ItemKind
from gateway.jobs.problems import Problem

SHIPPED = Path(__file__).resolve().parents[2] / "schema" / "catalogue"
PIPELINES = ["EDNA_proc", "autoPROC", "XIA2_dials", "grenades_fastproc", "grenades_parallelproc"]


def _valid(name: str = "mytype") -> dict[str, Any]:
    return {
        "name": name,
        "title": "My type",
        "description": "Does things.",
        "entity": "dataCollection",
        "items": {"min": 1, "max": 1},
        "parameters": {
            "$schema": "http://json-schema.org/draft-07/schema#",
            "type": "object",
            "properties": {"n": {"type": "integer"}},
        },
    }


def _write(directory: Path, name: str, content: dict[str, Any] | str) -> Path:
    path = directory / name
    path.write_text(content if isinstance(content, str) else json.dumps(content))
    return path


def test_shipped_catalogue_is_valid() -> None:
    catalogue = load_catalogue(SHIPPED)
    assert [t.name for t in catalogue.types()] == ["merge", "reprocess"]
    reprocess = catalogue.get("reprocess")
    assert (reprocess.min_items, reprocess.max_items) == (1, 1)
    assert reprocess.entity is ItemKind.DATA_COLLECTION
    merge = catalogue.get("merge")
    assert (merge.min_items, merge.max_items) == (2, None)
    for job_type in catalogue.types():
        schema = job_type.parameters
        assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
        Draft7Validator.check_schema(schema)
        Draft202012Validator.check_schema(schema)
        assert "enumNames" not in json.dumps(schema)
    choices = reprocess.parameters["properties"]["pipeline"]["oneOf"]
    assert [c["const"] for c in choices] == PIPELINES
    assert all(set(c) == {"const", "title"} for c in choices)


def test_types_by_entity_and_unknown_names() -> None:
    catalogue = load_catalogue(SHIPPED)
    assert [t.name for t in catalogue.types(ItemKind.DATA_COLLECTION)] == ["merge", "reprocess"]
    assert catalogue.types("dataCollectionGroup") == []
    assert "merge" in catalogue and "nope" not in catalogue
    with pytest.raises(UnknownJobType):
        catalogue.get("nope")


def test_valid_parameters_have_no_problems() -> None:
    catalogue = load_catalogue(SHIPPED)
    assert catalogue.validate_parameters("reprocess", {"pipeline": "autoPROC"}) == []
    full = {
        "pipeline": "XIA2_dials",
        "startImage": 1,
        "endImage": 900,
        "spaceGroup": "P 21 21 21",
        "resolutionCutoff": 1.8,
        "anomalous": True,
    }
    assert catalogue.validate_parameters("reprocess", full) == []
    assert catalogue.validate_parameters("merge", {}) == []
    assert catalogue.validate_parameters("merge", {"resolutionCutoff": 2, "anomalous": False}) == []


def test_all_problems_at_once_with_json_paths() -> None:
    catalogue = load_catalogue(SHIPPED)
    problems = catalogue.validate_parameters(
        "reprocess",
        {
            "pipeline": "CCP4i",
            "startImage": 0,
            "endImage": "last",
            "spaceGroup": "not a group",
            "resolutionCutoff": 0,
            "anomalous": "yes",
            "colour": "blue",
        },
    )
    assert [p.path for p in problems] == [
        "$.anomalous",
        "$.colour",
        "$.endImage",
        "$.pipeline",
        "$.resolutionCutoff",
        "$.spaceGroup",
        "$.startImage",
    ]
    assert all(isinstance(p, Problem) and p.message for p in problems)
    missing = catalogue.validate_parameters("reprocess", {})
    assert missing == [Problem("$.pipeline", "is required")]


def test_nested_paths() -> None:
    from gateway.jobs.problems import schema_problems

    schema = {
        "type": "object",
        "properties": {
            "files": {
                "type": "array",
                "items": {"type": "object", "required": ["name"]},
            },
            "odd key": {"type": "integer"},
        },
    }
    problems = schema_problems(schema, {"files": [{"name": "a"}, {}], "odd key": "x"})
    assert [p.path for p in problems] == ["$.files[1].name", "$['odd key']"]
    assert schema_problems(schema, []) == [Problem("$", "[] is not of type 'object'")]


def test_yaml_files_are_read(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "annotate.yaml",
        "name: annotate\ntitle: Annotate\ndescription: Adds notes.\n"
        "entity: dataCollectionGroup\nitems: {min: 1}\n"
        "restrictions: {staffOnly: true, beamlines: [id30a1]}\n"
        "parameters:\n  $schema: 'http://json-schema.org/draft-07/schema#'\n  type: object\n",
    )
    job_type = load_catalogue(tmp_path).get("annotate")
    assert job_type.staff_only and job_type.beamlines == ("id30a1",)
    assert job_type.entity is ItemKind.DATA_COLLECTION_GROUP
    assert job_type.max_items is None


BROKEN: list[tuple[str, dict[str, Any] | str, str]] = [
    ("not json", "{oops", "not valid JSON"),
    ("missing title", {k: v for k, v in _valid().items() if k != "title"}, "$.title: is required"),
    ("unknown field", {**_valid(), "colour": "red"}, "$.colour: is not allowed"),
    ("bad entity", {**_valid(), "entity": "sample"}, "$.entity"),
    ("items.min 0", {**_valid(), "items": {"min": 0}}, "$.items.min"),
    ("max < min", {**_valid(), "items": {"min": 3, "max": 2}}, "items.max (2) < items.min (3)"),
    ("name differs", _valid("other"), "differs from the file name"),
    (
        "no $schema",
        {**_valid(), "parameters": {"type": "object"}},
        "$.parameters['$schema']: is required",
    ),
    (
        "invalid schema",
        {
            **_valid(),
            "parameters": {
                "$schema": "http://json-schema.org/draft-07/schema#",
                "type": "object",
                "properties": {"n": {"type": "integr"}},
            },
        },
        "parameters is not a valid JSON Schema at properties/n/type",
    ),
    (
        "$defs",
        {
            **_valid(),
            "parameters": {
                "$schema": "http://json-schema.org/draft-07/schema#",
                "type": "object",
                "$defs": {"x": {"type": "integer"}},
            },
        },
        "not portable between draft-07 and 2020-12: parameters.$defs",
    ),
    (
        "enumNames",
        {
            **_valid(),
            "parameters": {
                "$schema": "http://json-schema.org/draft-07/schema#",
                "type": "object",
                "properties": {"p": {"enum": ["a"], "enumNames": ["A"]}},
            },
        },
        "parameters.properties.p.enumNames",
    ),
]


@pytest.mark.parametrize(("case", "content", "message"), BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_file_is_named_with_its_problem(
    tmp_path: Path, case: str, content: dict[str, Any] | str, message: str
) -> None:
    _write(tmp_path, "fine.json", _valid("fine"))
    path = _write(tmp_path, "mytype.json", content)
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(tmp_path)
    assert str(path) in str(caught.value)
    assert message in str(caught.value)


def test_property_named_like_a_keyword_is_fine(tmp_path: Path) -> None:
    content = _valid()
    content["parameters"]["properties"] = {"prefixItems": {"type": "string"}}
    _write(tmp_path, "mytype.json", content)
    assert load_catalogue(tmp_path).get("mytype")


def test_definitions_are_allowed(tmp_path: Path) -> None:
    content = _valid()
    content["parameters"]["definitions"] = {"n": {"type": "integer", "minimum": 1}}
    content["parameters"]["properties"] = {"n": {"$ref": "#/definitions/n"}}
    _write(tmp_path, "mytype.json", content)
    catalogue = load_catalogue(tmp_path)
    assert catalogue.validate_parameters("mytype", {"n": 0})[0].path == "$.n"


def test_duplicate_names(tmp_path: Path) -> None:
    _write(tmp_path, "mytype.json", _valid())
    _write(tmp_path, "mytype.yaml", json.dumps(_valid()))  # JSON is YAML
    with pytest.raises(CatalogueError, match=r"already defined in .*mytype\.json"):
        load_catalogue(tmp_path)


def test_empty_or_missing_directory(tmp_path: Path) -> None:
    _write(tmp_path, "README.md", "not a job type")
    with pytest.raises(CatalogueError, match="no job type files"):
        load_catalogue(tmp_path)
    with pytest.raises(CatalogueError, match="not found"):
        load_catalogue(tmp_path / "missing")
