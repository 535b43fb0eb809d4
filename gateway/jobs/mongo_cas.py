"""Compare-and-swap of a whole job document, correct on MongoDB AND FerretDB v1.

Why not simply `find_one_and_update({"_id": id, "status": "PENDING"}, ...)`?
On MongoDB that is atomic. On FerretDB v1 (SQLite backend) it is not: it
reads, then writes, without isolation, so of ten concurrent conditional
updates of one document several report success (measured; a lost update).
What FerretDB does make atomic is inserting a document with an `_id` that
already exists: exactly one insert wins. So every write goes through:

1. read the job at version v, decide the new document (pure, `rules.py`);
2. insert a marker `{_id: "<job id>:<v+1>"}` -- only one writer per version
   can succeed; the losers re-read and decide again (or give up: StaleState);
3. `replace_one({_id, version: v}, new document with version v+1)`;
4. delete the marker.

Step 3 can only race with a writer holding a marker for a version that this
document has already passed (a marker is deleted only after its write), so its
version filter cannot match a stale read. A marker left behind by a writer that
died between 2 and 3 blocks its job; it is removed once older than
`abandoned_after` (a writer stalled that long between two round trips could then
still lose an update: the one gap, accepted and documented).

On MongoDB the same protocol is correct, merely one insert and one delete more
than strictly necessary; one code path for both servers is worth that.
"""

from __future__ import annotations

import dataclasses
import uuid
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
    ) -> None:
        self._jobs = jobs
        self._markers = markers
        self._clock = clock
        self._abandoned_after = abandoned_after

    async def swap(self, old: Job, new: Job) -> Job | None:
        """Write `new` if the stored job is still at `old.version`; None if it moved on."""
        version = old.version + 1
        key = f"{old.id}:{version}"
        nonce = uuid.uuid4().hex
        now = self._clock()
        try:
            await self._markers.insert_one(
                {"_id": key, "job_id": old.id, "nonce": nonce, "at": now}
            )
        except DuplicateKeyError:
            await self._clear_if_abandoned(key)
            return None
        stored = dataclasses.replace(new, version=version)
        try:
            result = await self._jobs.replace_one(
                {"_id": ObjectId(old.id), "version": old.version}, encode_job(stored)
            )
        finally:
            await self._markers.delete_one({"_id": key, "nonce": nonce})
        return stored if result.matched_count == 1 else None

    async def _clear_if_abandoned(self, key: str) -> None:
        marker = await self._markers.find_one({"_id": key})
        if marker is None:
            return
        at = marker["at"]
        if at.tzinfo is None:  # client not tz-aware: BSON dates are UTC
            at = at.replace(tzinfo=self._clock().tzinfo)
        if at < self._clock() - self._abandoned_after:
            await self._markers.delete_one({"_id": key, "nonce": marker["nonce"]})
