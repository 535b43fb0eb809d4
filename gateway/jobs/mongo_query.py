"""`JobFilter` as a MongoDB query, limited to what FerretDB v1 also executes.

Mirrors `filtering.matches` clause by clause. Only `$in`, `$lt`/`$gte`, `$or`
and `$and` over top-level or dotted scalar fields are used (no `$elemMatch`,
no aggregation), which MongoDB and FerretDB agree on.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from bson import ObjectId
from bson.errors import InvalidId

from gateway.jobs.model import JobFilter, Visibility

Query = dict[str, Any]


def object_ids(ids: Collection[str]) -> list[ObjectId]:
    """The valid ObjectIds among `ids` (an invalid id simply matches no job)."""
    found = []
    for value in ids:
        try:
            found.append(ObjectId(value))
        except (InvalidId, TypeError):
            continue
    return found


def _visibility(v: Visibility) -> Query:
    ors: list[Query] = [{"proposal_id": {"$in": list(v.proposal_ids)}}]
    if v.session_ids:
        ors.append({"session_id": {"$in": list(v.session_ids)}})
    if v.login is not None:
        ors.append({"owner.login": v.login})
    return {"$or": ors}


def to_query(f: JobFilter | None) -> Query:
    if f is None:
        return {}
    clauses: list[Query] = []
    if f.statuses is not None:
        clauses.append({"status": {"$in": [s.value for s in f.statuses]}})
    if f.types is not None:
        clauses.append({"type": {"$in": list(f.types)}})
    if f.owner_login is not None:
        clauses.append({"owner.login": f.owner_login})
    if f.proposal_ids is not None:
        clauses.append({"proposal_id": {"$in": list(f.proposal_ids)}})
    if f.session_ids is not None:
        clauses.append({"session_id": {"$in": list(f.session_ids)}})
    if f.beamlines is not None:
        clauses.append({"beamline": {"$in": list(f.beamlines)}})
    if f.items is not None:
        clauses.append({"item_keys": {"$in": sorted({i.key for i in f.items})}})
    if f.ids is not None:
        clauses.append({"_id": {"$in": object_ids(f.ids)}})
    created: dict[str, datetime] = {}
    if f.created_from is not None:
        created["$gte"] = f.created_from
    if f.created_to is not None:
        created["$lt"] = f.created_to
    if created:
        clauses.append({"created": created})
    if f.updated_before is not None:
        clauses.append({"updated": {"$lt": f.updated_before}})
    if f.visible_to is not None:
        clauses.append(_visibility(f.visible_to))
    return and_(clauses)


def and_(clauses: list[Query]) -> Query:
    clauses = [c for c in clauses if c]
    if not clauses:
        return {}
    if len(clauses) == 1:
        return clauses[0]
    return {"$and": clauses}


def after_cursor(created: datetime, job_id: str) -> Query:
    """Strictly after (created, id) in (created desc, id desc) order."""
    oid = ObjectId(job_id)
    return {"$or": [{"created": {"$lt": created}}, {"created": created, "_id": {"$lt": oid}}]}


NEWEST_FIRST = [("created", -1), ("_id", -1)]
OLDEST_FIRST = [("created", 1), ("_id", 1)]
#: The claim order (`fairness`): earliest place in the queue, then oldest.
FAIR_FIRST = [("queued", 1), ("created", 1), ("_id", 1)]
