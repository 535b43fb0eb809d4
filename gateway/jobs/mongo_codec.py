"""Job <-> MongoDB document.

Field names are snake_case. User-shaped JSON (parameters, output values, input
requests' schemas and submitted values) is stored as JSON *text*: MongoDB and
FerretDB restrict field names starting with `$` or containing `.` (a JSON
Schema has `$schema`, `$ref`...), and nothing ever queries inside it.
`item_keys` duplicates `items` as "kind:id" strings so "jobs on these items"
is a plain indexed `$in` (FerretDB v1 has no `$elemMatch` on sub-documents).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from bson import ObjectId

from gateway.jobs.clock import to_millis
from gateway.jobs.model import (
    FileInfo,
    FileRole,
    HistoryEntry,
    InputRequest,
    InputSubmission,
    ItemKind,
    ItemRef,
    Job,
    JSONValue,
    Lease,
    Output,
    Owner,
)
from gateway.jobs.states import JobStatus

Document = dict[str, Any]


def _dump(value: JSONValue) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def _load(text: str) -> JSONValue:
    return json.loads(text)


def _at(value: datetime) -> datetime:
    return to_millis(value)


def _request_doc(request: InputRequest) -> Document:
    return {
        "message": request.message,
        "schema": _dump(request.schema),
        "at": request.at,
        "by": request.by,
    }


def _request(doc: Document) -> InputRequest:
    return InputRequest(doc["message"], _load(doc["schema"]), _at(doc["at"]), doc["by"])


def encode_job(job: Job) -> Document:
    lease = job.lease
    return {
        "_id": ObjectId(job.id),
        "version": job.version,
        "type": job.type,
        "items": [{"kind": i.kind.value, "id": i.id} for i in job.items],
        "item_keys": sorted({i.key for i in job.items}),
        "parameters": _dump(job.parameters),
        "description": job.description,
        "owner": {"person_id": job.owner.person_id, "login": job.owner.login},
        "proposal_id": job.proposal_id,
        "session_id": job.session_id,
        "beamline": job.beamline,
        "status": job.status.value,
        "history": [
            {
                "from": h.source.value if h.source is not None else None,
                "to": h.target.value,
                "at": h.at,
                "by": h.by,
                "message": h.message,
            }
            for h in job.history
        ],
        "attempts": job.attempts,
        "created": job.created,
        "updated": job.updated,
        "queued": job.queue_at,
        "outputs": [
            {"name": o.name, "value": _dump(o.value), "file_id": o.file_id, "at": o.at}
            for o in job.outputs
        ],
        "input_request": _request_doc(job.input_request) if job.input_request else None,
        "inputs": [
            {
                "request": _request_doc(s.request),
                "values": _dump(s.values),
                "at": s.at,
                "by": s.by,
            }
            for s in job.inputs
        ],
        "lease": (
            {"token": lease.token, "worker": lease.worker, "expires_at": lease.expires_at}
            if lease is not None
            else None
        ),
    }


def decode_job(doc: Document) -> Job:
    lease = doc.get("lease")
    request = doc.get("input_request")
    return Job(
        id=str(doc["_id"]),
        version=doc.get("version", 0),
        type=doc["type"],
        items=tuple(ItemRef(ItemKind(i["kind"]), int(i["id"])) for i in doc["items"]),
        parameters=_load(doc["parameters"]),
        description=doc["description"],
        owner=Owner(int(doc["owner"]["person_id"]), doc["owner"]["login"]),
        proposal_id=int(doc["proposal_id"]),
        session_id=doc.get("session_id"),
        beamline=doc.get("beamline"),
        status=JobStatus(doc["status"]),
        history=tuple(
            HistoryEntry(
                JobStatus(h["from"]) if h.get("from") else None,
                JobStatus(h["to"]),
                _at(h["at"]),
                h["by"],
                h["message"],
            )
            for h in doc.get("history", [])
        ),
        attempts=int(doc.get("attempts", 0)),
        created=_at(doc["created"]),
        updated=_at(doc["updated"]),
        queued=_at(doc["queued"]) if doc.get("queued") else None,
        outputs=tuple(
            Output(o["name"], _load(o["value"]), o.get("file_id"), _at(o["at"]))
            for o in doc.get("outputs", [])
        ),
        input_request=_request(request) if request else None,
        inputs=tuple(
            InputSubmission(_request(s["request"]), _load(s["values"]), _at(s["at"]), s["by"])
            for s in doc.get("inputs", [])
        ),
        lease=(Lease(lease["token"], lease["worker"], _at(lease["expires_at"])) if lease else None),
    )


def decode_file(doc: Document) -> FileInfo:
    """A GridFS `fs.files` document as FileInfo (our fields live in `metadata`)."""
    meta = doc.get("metadata") or {}
    return FileInfo(
        id=str(doc["_id"]),
        job_id=meta["job_id"],
        filename=doc.get("filename") or "",
        content_type=meta.get("content_type", "application/octet-stream"),
        size=int(doc["length"]),
        sha256=meta.get("sha256", ""),
        role=FileRole(meta.get("role", FileRole.OUTPUT.value)),
        uploaded_at=_at(doc["uploadDate"]),
    )
