"""Compare-and-swap of a whole job document, correct on MongoDB AND FerretDB v1.

On MongoDB a single-document write is atomic: `findAndModify` evaluates its
filter and applies its change to one document as one step (document-level
concurrency control; a write conflict makes the server retry the operation,
filter included). So a write filtered on `{_id, version, status}` lands only
if the job is still what the writer read: of concurrent claims exactly one
matches. That is what the store relies on on MongoDB.

FerretDB v1 (SQLite) gives neither: its `findAndModify`/`update` read, decide
and write without isolation (6 of 10 concurrent conditional claims of one job
"won"), and any filter other than a bare `_id` is evaluated by scanning the
whole collection (measured: 4 to 7 s for 5,000 jobs on the shared machine,
against 0.2 to 0.6 s by `_id`). What FerretDB does make atomic is inserting a
document whose `_id` exists already. So every write goes through:

1. read the job at version v (or take the copy this process wrote last),
   decide the new document (pure, `rules.py`);
2. insert a marker `{_id: "<job id>:<v+1>"}`: only one writer per version
   ever succeeds; the losers read again and decide again;
3. `findAndModify` the job to version v+1 -- filtered by `_id` alone on
   FerretDB (a lookup by key), by `{_id, version, status}` on MongoDB.

Markers are kept (until the job is purged), which is what makes the bare
`_id` filter safe: a writer holding marker v+1 knows nobody else ever wrote
version v+1, and the job moves past v only through that marker, so it is
still at v. A reader arbitrarily late (or a cached copy) finds its marker
taken and reads again. A writer that died between 2 and 3 leaves a marker on
a job still at v; once the marker is older than `abandoned_after` and the job
is still at v, the marker is removed (a writer stalled that long between two
round trips could then lose an update: the one gap, accepted and documented).

Round trips per write: one insert and one `findAndModify`, both by key.
"""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from typing import Any

from bson import ObjectId
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import DuplicateKeyError

from gateway.jobs.clock import Clock
from gateway.jobs.model import Job
from gateway.jobs.mongo_codec import encode_job

Document = dict[str, Any]


class VersionGuard:
    def __init__(
        self,
        jobs: AsyncCollection[Document],
        markers: AsyncCollection[Document],
        clock: Clock,
        abandoned_after: timedelta = timedelta(seconds=30),
        *,
        preconditions: bool = True,
    ) -> None:
        self._jobs = jobs
        self._markers = markers
        self._clock = clock
        self._abandoned_after = abandoned_after
        #: Put version and status in the write's filter (MongoDB: the write is atomic on
        #: them). Off on FerretDB, where they cost a collection scan and guarantee nothing.
        self.preconditions = preconditions

    def precondition(self, old: Job) -> Document:
        """The write's filter: the job by key, plus what it must still be where that is atomic."""
        where: Document = {"_id": ObjectId(old.id)}
        if self.preconditions:
            where |= {"version": old.version, "status": old.status.value}
        return where

    async def swap(self, old: Job, new: Job) -> Job | None:
        """Write `new` if the stored job is still at `old.version`; None if it moved on."""
        version = old.version + 1
        key = f"{old.id}:{version}"
        try:
            await self._markers.insert_one({"_id": key, "job_id": old.id, "at": self._clock()})
        except DuplicateKeyError:
            await self._clear_if_abandoned(key, old)
            return None
        stored = dataclasses.replace(new, version=version)
        # No projection: FerretDB v1 does not implement it on findAndModify.
        before = await self._jobs.find_one_and_replace(self.precondition(old), encode_job(stored))
        return stored if before is not None else None

    async def _clear_if_abandoned(self, key: str, old: Job) -> None:
        marker = await self._markers.find_one({"_id": key})
        if marker is None:
            return
        at = marker["at"]
        if at.tzinfo is None:  # client not tz-aware: BSON dates are UTC
            at = at.replace(tzinfo=self._clock().tzinfo)
        if at >= self._clock() - self._abandoned_after:
            return
        job = await self._jobs.find_one({"_id": ObjectId(old.id)}, {"version": 1})
        if job is not None and job.get("version", 0) == old.version:
            await self._markers.delete_one({"_id": key})
