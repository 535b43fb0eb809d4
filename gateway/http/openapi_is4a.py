"""The OpenAPI 3.1 description of the IS4A compatibility API, built by hand.

Hand-built (no framework generating it) so it costs no dependency; the tests
check it against the routes actually served in both directions, and the
request body schemas below are the very ones the endpoints validate with.
They use only keywords that mean the same in draft-07 (what
`gateway.jobs.problems` validates with) and 2020-12 (OpenAPI 3.1).
"""

from __future__ import annotations

from typing import Any

from gateway.jobs.states import JobStatus

_IDS: dict[str, Any] = {
    "type": "array",
    "minItems": 1,
    "items": {"type": "integer", "minimum": 1},
}

#: Body of `POST /jobs`; exactly one of the three id lists is checked in code.
CREATE_JOB_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["type"],
    "properties": {
        "type": {"type": "string", "minLength": 1, "description": "A catalogue job type name."},
        "dataCollectionIds": {**_IDS, "description": "For types running on data collections."},
        "dataCollectionGroupIds": {**_IDS, "description": "For types running on groups."},
        "itemIds": {**_IDS, "description": "Either kind, read as the type's entity."},
        "parameters": {"type": "object", "description": "Checked against the type's schema."},
    },
}

#: Body of `POST /jobs/{id}/output`: one output (`name`, `value`) or several (`outputs`).
OUTPUT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "name": {"type": "string", "minLength": 1, "maxLength": 200},
        "value": {"description": "Any JSON value."},
        "outputs": {
            "type": "object",
            "minProperties": 1,
            "description": "Output name -> JSON value, each recorded like `name`/`value`.",
        },
    },
}

_STATUSES = [s.value for s in JobStatus]


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(*statuses: int) -> dict[str, Any]:
    """References to the shared error responses; 401 always applies, 500 is `default`."""
    out: dict[str, Any] = {
        str(s): {"$ref": f"#/components/responses/E{s}"} for s in sorted({401, *statuses})
    }
    out["default"] = _json(_ref("Error"), "Unexpected error (500), with a request id.")
    return out


def _query(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema,
        "description": description,
    }


def _path(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "schema": schema,
        "description": description,
    }


_LIST = {"type": "array", "items": {"type": "string"}}
_INT_LIST = {"type": "array", "items": {"type": "integer"}}
_OBJECT_ID = {"type": "string", "pattern": "^[0-9a-fA-F]{24}$"}
_LEASE = {
    "name": "leaseToken",
    "in": "query",
    "required": False,
    "schema": {"type": "string"},
    "description": "The worker's lease (from `claimJob`); required for worker changes.",
}


def _list_parameters(max_page_size: int) -> list[dict[str, Any]]:
    comma = " Repeat the parameter or separate values with commas."
    return [
        _query(
            "status",
            {"type": "array", "items": {"enum": _STATUSES}},
            "Only jobs in these statuses." + comma,
        ),
        _query("type", _LIST, "Only jobs of these types." + comma),
        _query("sessionId", _INT_LIST, "Only jobs of these sessions." + comma),
        _query("proposalId", _INT_LIST, "Only jobs of these proposals (ids)." + comma),
        _query("proposal", _LIST, "Only jobs of these proposals (names, e.g. mx2112)." + comma),
        _query(
            "from",
            {"type": "string"},
            "Created at or after (ISO 8601 date or date-time; naive means UTC).",
        ),
        _query(
            "to",
            {"type": "string"},
            "Created before this date-time, or on or before this date (whole day).",
        ),
        _query(
            "limit",
            {"type": "integer", "minimum": 0, "maximum": max_page_size, "default": 50},
            "Page size.",
        ),
        _query("after", {"type": "string"}, "The `endCursor` of the previous page."),
    ]


def _schemas() -> dict[str, Any]:
    time = {"type": "string", "format": "date-time"}
    nullable_int = {"type": ["integer", "null"]}
    nullable_str = {"type": ["string", "null"]}
    return {
        "Problem": {
            "type": "object",
            "required": ["path", "message"],
            "properties": {
                "path": {"type": "string", "description": "JSONPath, e.g. `$.startImage`."},
                "message": {"type": "string"},
            },
        },
        "Error": {
            "type": "object",
            "required": ["error"],
            "properties": {
                "error": {
                    "type": "object",
                    "required": ["code", "message", "requestId"],
                    "properties": {
                        "code": {"type": "string", "description": "Stable; see docs/jobs.md."},
                        "message": {"type": "string"},
                        "requestId": nullable_str,
                        "problems": {"type": "array", "items": _ref("Problem")},
                        "currentStatus": {"enum": _STATUSES},
                    },
                }
            },
        },
        "Job": {
            "type": "object",
            "required": ["id", "jobId", "type", "status", "items", "parameters", "created"],
            "properties": {
                "id": _OBJECT_ID,
                "jobId": _OBJECT_ID,
                "type": {"type": "string"},
                "status": {"enum": _STATUSES},
                "description": {"type": "string"},
                "items": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "entity": {"enum": ["dataCollection", "dataCollectionGroup"]},
                            "itemId": {"type": "integer"},
                        },
                    },
                },
                "dataCollectionIds": _INT_LIST,
                "dataCollectionGroupIds": _INT_LIST,
                "parameters": {"type": "object"},
                "ownerLogin": {"type": "string"},
                "proposalId": {"type": "integer"},
                "sessionId": nullable_int,
                "beamline": nullable_str,
                "attempts": {"type": "integer"},
                "created": time,
                "updated": time,
                "history": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "from": {"enum": [*_STATUSES, None]},
                            "to": {"enum": _STATUSES},
                            "at": time,
                            "by": {"type": "string"},
                            "message": {"type": "string"},
                        },
                    },
                },
                "inputRequest": {
                    "type": ["object", "null"],
                    "properties": {
                        "message": {"type": "string"},
                        "schema": {"type": "object"},
                        "at": time,
                    },
                },
                "outputs": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "name": {"type": "string"},
                            "value": {},
                            "fileId": nullable_str,
                            "downloadUrl": nullable_str,
                            "at": time,
                        },
                    },
                },
            },
        },
        "JobPage": {
            "type": "object",
            "required": ["jobs", "totalCount", "hasNextPage", "endCursor"],
            "properties": {
                "jobs": {"type": "array", "items": _ref("Job")},
                "totalCount": {"type": "integer"},
                "hasNextPage": {"type": "boolean"},
                "endCursor": nullable_str,
            },
        },
        "JobType": {
            "type": "object",
            "required": ["name", "title", "entity", "parameters"],
            "properties": {
                "name": {"type": "string"},
                "title": {"type": "string"},
                "description": {"type": "string"},
                "entity": {"enum": ["dataCollection", "dataCollectionGroup"]},
                "minItems": {"type": "integer"},
                "maxItems": nullable_int,
                "parameters": {"type": "object", "description": "JSON Schema (draft-07)."},
                "staffOnly": {"type": "boolean"},
                "beamlines": {"type": ["array", "null"], "items": {"type": "string"}},
            },
        },
        "CreateJob": CREATE_JOB_SCHEMA,
        "OutputBody": OUTPUT_SCHEMA,
        "File": {
            "type": "object",
            "required": ["fileId", "filename", "size", "sha256", "url"],
            "properties": {
                "fileId": {"type": "string"},
                "filename": {"type": "string"},
                "size": {"type": "integer"},
                "sha256": {"type": "string"},
                "url": {"type": "string", "description": "Download path (`GET /files/{id}`)."},
            },
        },
    }


def document(prefix: str, max_page_size: int) -> dict[str, Any]:
    """The OpenAPI 3.1 document; paths are relative to the server URL `prefix`."""
    job = _json(_ref("Job"), "The job.")
    page = _json(_ref("JobPage"), "A page of jobs, newest first.")
    types = _json({"type": "array", "items": _ref("JobType")}, "Job types, sorted by name.")
    listing = _list_parameters(max_page_size)
    beamline = _query("beamline", {"type": "string"}, "Only types available on this beamline.")
    error_responses = {
        f"E{s}": _json(_ref("Error"), text)
        for s, text in {
            400: "Invalid request; `problems` lists every problem when there are several.",
            401: "No valid bearer token; see the `WWW-Authenticate` header.",
            403: "Known caller, not allowed.",
            404: "Unknown, or not visible to the caller: the same answer.",
            409: "Refused in the job's current state (`currentStatus`); nothing changed.",
            413: "Larger than the size limit; nothing was stored.",
        }.items()
    }
    error_responses["E401"]["headers"] = {
        "WWW-Authenticate": {"schema": {"type": "string"}, "description": "RFC 6750 challenge."}
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "ISPyB gateway: IS4A compatibility API",
            "version": "1.0.0",
            "description": (
                "The REST API of the original IS4A offline-analysis service, served on the "
                "gateway's job service with the same rules as GraphQL. Every response carries "
                "an `X-Request-ID` header, also found in error bodies."
            ),
        },
        "servers": [{"url": prefix or "/"}],
        "security": [{"bearer": []}],
        "paths": {
            "/openapi.json": {
                "get": {
                    "operationId": "openapi",
                    "summary": "This document.",
                    "security": [],
                    "responses": {"200": _json({"type": "object"}, "OpenAPI 3.1 document.")},
                }
            },
            "/jobs": {
                "get": {
                    "operationId": "listJobs",
                    "summary": "Jobs the caller may see (theirs, their proposals'; all for staff).",
                    "parameters": listing,
                    "responses": {"200": page, **_errors(400)},
                },
                "post": {
                    "operationId": "createJob",
                    "summary": "Launch a job on items the caller may see.",
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": _ref("CreateJob")}},
                    },
                    "responses": {"201": job, **_errors(400, 403, 404, 413)},
                },
            },
            "/jobs/type/datacollection": {
                "get": {
                    "operationId": "dataCollectionJobTypes",
                    "summary": "Job types running on data collections (staff-only ones for staff).",
                    "parameters": [beamline],
                    "responses": {"200": types, **_errors()},
                }
            },
            "/jobs/type/datacollectiongroup": {
                "get": {
                    "operationId": "dataCollectionGroupJobTypes",
                    "summary": "Job types running on data collection groups.",
                    "parameters": [beamline],
                    "responses": {"200": types, **_errors()},
                }
            },
            "/jobs/upload": {
                "post": {
                    "operationId": "uploadJobInput",
                    "summary": "Upload a file answering a job's input request (owner or staff).",
                    "parameters": [
                        {
                            "name": "jobId",
                            "in": "query",
                            "required": True,
                            "schema": _OBJECT_ID,
                            "description": "The job, which must be ONHOLD.",
                        },
                        _query(
                            "filename",
                            {"type": "string"},
                            "Required for a raw body; overrides a multipart part's name.",
                        ),
                    ],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "multipart/form-data": {
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        "file": {"type": "string", "contentMediaType": "*/*"}
                                    },
                                },
                            },
                            "application/octet-stream": {"schema": {}},
                        },
                    },
                    "responses": {
                        "201": _json(_ref("File"), "The stored file."),
                        **_errors(400, 403, 404, 409, 413),
                    },
                }
            },
            "/jobs/{id}/status/{status}": {
                "get": {
                    "operationId": "setJobStatus",
                    "summary": "Legacy status change (a GET that changes state).",
                    "description": (
                        "Processing accounts (and staff) with `leaseToken`: RUNNING (heartbeat), "
                        "FINISHED, FAILED, PENDING (give back). Owner or staff: CANCELLED."
                    ),
                    "parameters": [
                        _path("id", _OBJECT_ID, "Job id."),
                        _path(
                            "status",
                            {"type": "string", "enum": _STATUSES},
                            "Target status (case-insensitive).",
                        ),
                        _LEASE,
                        _query("message", {"type": "string"}, "History message."),
                    ],
                    "responses": {"200": job, **_errors(400, 403, 404, 409)},
                }
            },
            "/jobs/{id}/output": {
                "post": {
                    "operationId": "addJobOutput",
                    "summary": "Record named JSON outputs on a job held under a lease.",
                    "parameters": [
                        _path("id", _OBJECT_ID, "Job id."),
                        {**_LEASE, "required": True},
                    ],
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": _ref("OutputBody")}},
                    },
                    "responses": {"200": job, **_errors(400, 403, 404, 409, 413)},
                }
            },
            "/jobs/{username}": {
                "get": {
                    "operationId": "userJobs",
                    "summary": "Jobs a user launched: yourself, or anyone for staff.",
                    "description": "For anyone else the answer is an empty page, as for "
                    "a user who does not exist.",
                    "parameters": [
                        _path("username", {"type": "string"}, "The owner's login."),
                        *listing,
                    ],
                    "responses": {"200": page, **_errors(400)},
                }
            },
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": _schemas(),
            "responses": error_responses,
        },
    }
