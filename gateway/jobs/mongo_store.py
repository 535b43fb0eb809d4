"""The MongoDB job store (PyMongo's async API), also correct on FerretDB v1.

Every write is a compare-and-swap of the whole document on its `version`
(see `mongo_cas`), with the decision made by `rules`; reads are plain queries.
Round trips: a launch is one `find_one` (the owner's place in the queue, `fairness`)
and one insert; a claim is one query for candidates, one marker insert and one
`findAndModify`; a later write by the same process starts from the job it
wrote last (a stale copy finds its marker taken and is read again), so a
worker's finish is two round trips, both by key.
Portability notes (FerretDB v1 on SQLite, what the test machine runs):
no change streams, transactions, TTL indexes or partial indexes are used;
no aggregation either (`$unwind` there drops the other fields), so counts per
item are computed from one projected `find`; retention is an explicit batched
`purge` instead of a TTL index.
"""

from __future__ import annotations

import asyncio
import dataclasses
import random
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable, Collection, Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from bson import ObjectId
from bson.codec_options import CodecOptions
from bson.errors import InvalidId
from pymongo import AsyncMongoClient

from gateway.jobs import rules
from gateway.jobs.clock import Clock, to_millis, utc_now
from gateway.jobs.cursor import decode_cursor, encode_cursor
from gateway.jobs.errors import Contention, JobError, JobNotFound, StaleState
from gateway.jobs.fairness import queue_place
from gateway.jobs.model import (
    FileInfo,
    FileRole,
    ItemKind,
    ItemRef,
    Job,
    JobFilter,
    JSONValue,
    NewJob,
    Page,
    PurgeReport,
    Visibility,
)
from gateway.jobs.mongo_cas import VersionGuard
from gateway.jobs.mongo_codec import decode_job, encode_job
from gateway.jobs.mongo_files import GridFiles
from gateway.jobs.mongo_query import (
    FAIR_FIRST,
    NEWEST_FIRST,
    OLDEST_FIRST,
    after_cursor,
    and_,
    to_query,
)
from gateway.jobs.states import ACTIVE, TERMINAL, JobStatus, check_generic_transition

# Reads that need every match (a level's items) ask for them in one reply: the default
# first batch (101 documents) would cost a second round trip as soon as a page has more.
ONE_BATCH = 10_000

Document = dict[str, Any]
Plan = Callable[[Job, datetime], Job]

#: Lost races on one job before giving up with `Contention`.
MAX_RETRIES = 50
#: Candidates read per claim round.
CLAIM_BATCH = 20
#: Jobs this process wrote last, kept to start their next write without a read.
KNOWN_JOBS = 4096


class MongoJobStore:
    name = "mongodb"

    def __init__(
        self,
        client: AsyncMongoClient[Document],
        database_name: str,
        *,
        clock: Clock = utc_now,
        abandoned_marker_after: timedelta = timedelta(seconds=30),
    ) -> None:
        options: CodecOptions[Document] = CodecOptions(tz_aware=True)
        self._db = client.get_database(database_name, codec_options=options)
        self.jobs = self._db["jobs"]
        self.markers = self._db["job_write_markers"]
        self.files = GridFiles(self._db)
        self._clock = clock
        self._guard = VersionGuard(self.jobs, self.markers, clock, abandoned_marker_after)
        self._known: OrderedDict[str, Job] = OrderedDict()

    # Internals ------------------------------------------------------------------
    async def _read(self, job_id: str) -> Job:
        try:
            oid = ObjectId(job_id)
        except (InvalidId, TypeError):
            raise JobNotFound(job_id) from None
        doc = await self.jobs.find_one({"_id": oid})
        if doc is None:
            raise JobNotFound(job_id)
        return decode_job(doc)

    def _remember(self, job: Job) -> Job:
        self._known[job.id] = job
        self._known.move_to_end(job.id)
        if len(self._known) > KNOWN_JOBS:
            self._known.popitem(last=False)
        return job

    async def _swap(self, old: Job, new: Job) -> Job | None:
        stored = await self._guard.swap(old, new)
        if stored is None:
            self._known.pop(old.id, None)
            return None
        return self._remember(stored)

    async def _mutate(self, job_id: str, plan: Plan) -> Job:
        """Decide, compare-and-swap; on a lost race read again and decide again.

        The first try may start from the copy this process wrote last; only a write
        confirms it, so a refusal or a no-op decided on it is decided again on a read."""
        cached = self._known.get(job_id)
        for attempt in range(MAX_RETRIES):
            job = cached if cached is not None else await self._read(job_id)
            try:
                new = plan(job, self._clock())
            except JobError:
                if cached is None:
                    raise
                cached = None
                continue
            if new is job:
                if cached is None:
                    return job
                cached = None
                continue
            stored = await self._swap(job, new)
            if stored is not None:
                return stored
            if cached is None:
                await asyncio.sleep(random.uniform(0, 0.002 * (attempt + 1)))
            cached = None
        raise Contention(f"job {job_id}: too many concurrent writes, try again")

    async def _jobs_where(
        self, query: Document, sort: list[tuple[str, int]], limit: int = 0
    ) -> list[Job]:
        cursor = self.jobs.find(query).sort(sort)
        if limit:
            cursor = cursor.limit(limit)
        return [decode_job(doc) async for doc in cursor]

    # Jobs -------------------------------------------------------------------------
    async def create(self, job: NewJob) -> Job:
        now = self._clock()
        last = await self.jobs.find_one(
            {"owner.login": job.owner.login, "status": JobStatus.PENDING.value},
            projection={"queued": 1, "created": 1},
            sort=[("queued", -1)],
        )
        owner_last = None if last is None else (last.get("queued") or last["created"])
        created = dataclasses.replace(
            rules.create(job, str(ObjectId()), now), queued=queue_place(now, owner_last)
        )
        await self.jobs.insert_one(encode_job(created))
        return created

    async def get(self, job_id: str) -> Job:
        return await self._read(job_id)

    async def find(
        self, where: JobFilter | None = None, *, first: int = 50, after: str | None = None
    ) -> Page:
        clauses = [to_query(where)]
        if after is not None:
            clauses.append(after_cursor(*decode_cursor(after)))
        first = max(first, 0)
        jobs = await self._jobs_where(and_(clauses), NEWEST_FIRST, first + 1) if first else []
        page = jobs[:first]
        end = encode_cursor(page[-1]) if page else None
        has_next = len(jobs) > first if first else await self.count(where) > 0
        return Page(page, end, has_next)

    async def count(self, where: JobFilter | None = None) -> int:
        return await self.jobs.count_documents(to_query(where))

    async def _item_docs(self, kind: ItemKind, item_ids: Collection[int]) -> list[Document]:
        keys = sorted({ItemRef(kind, i).key for i in item_ids})
        if not keys:
            return []
        cursor = self.jobs.find({"item_keys": {"$in": keys}}, batch_size=ONE_BATCH).sort(
            NEWEST_FIRST
        )
        return [doc async for doc in cursor]

    async def count_by_status_for_items(
        self, kind: ItemKind, item_ids: Collection[int], visible_to: Visibility | None = None
    ) -> dict[int, dict[JobStatus, int]]:
        counts: dict[int, dict[JobStatus, int]] = {i: {} for i in item_ids}
        keys = sorted({ItemRef(kind, i).key for i in item_ids})
        if not keys:
            return counts
        # The scope is applied here, not in the filter: FerretDB evaluates an `$or` over
        # every document (+6 to 13 ms for 200 jobs); three small fields cost less.
        projection = {"item_keys": 1, "status": 1}
        if visible_to is not None:
            projection |= {"proposal_id": 1, "session_id": 1, "owner.login": 1}
        query = {"item_keys": {"$in": keys}}
        cursor = self.jobs.find(query, projection, batch_size=ONE_BATCH)
        prefix = f"{kind.value}:"
        async for doc in cursor:
            if visible_to is not None and not visible_to.admits_fields(
                doc.get("proposal_id"), doc.get("session_id"), doc.get("owner", {}).get("login")
            ):
                continue
            status = JobStatus(doc["status"])
            for key in doc["item_keys"]:
                if key.startswith(prefix):
                    item_id = int(key[len(prefix) :])
                    if item_id in counts:
                        counts[item_id][status] = counts[item_id].get(status, 0) + 1
        return counts

    async def jobs_for_items(
        self, kind: ItemKind, item_ids: Collection[int]
    ) -> dict[int, list[Job]]:
        found: dict[int, list[Job]] = {i: [] for i in item_ids}
        for doc in await self._item_docs(kind, item_ids):
            job = decode_job(doc)
            for item_id in {i.id for i in job.items if i.kind is kind and i.id in found}:
                found[item_id].append(job)
        return found

    # Status changes -----------------------------------------------------------------
    async def transition(
        self,
        job_id: str,
        expected: JobStatus | Iterable[JobStatus],
        to: JobStatus,
        *,
        actor: str,
        message: str,
        lease_token: str | None = None,
    ) -> Job:
        sources = check_generic_transition(expected, to)
        return await self._mutate(
            job_id,
            lambda job, now: rules.transition(
                job, sources, to, actor=actor, message=message, now=now, lease_token=lease_token
            ),
        )

    async def claim(
        self, types: Collection[str] | None, worker: str, lease_seconds: float
    ) -> Job | None:
        query: Document = {"status": JobStatus.PENDING.value}
        if types is not None:
            query["type"] = {"$in": list(types)}
        for attempt in range(MAX_RETRIES):
            candidates = await self._jobs_where(query, FAIR_FIRST, CLAIM_BATCH)
            if not candidates:
                return None
            # The first in the fair order first; a worker that loses the race for it tries
            # the other candidates in a random order, so concurrent workers spread out
            # instead of all losing again on the second.
            rest = candidates[1:]
            random.shuffle(rest)
            for job in [candidates[0], *rest]:
                new = rules.claim(job, worker, lease_seconds, self._clock())
                stored = await self._swap(job, new)
                if stored is not None:
                    return stored
            await asyncio.sleep(random.uniform(0, 0.002 * (attempt + 1)))
        return None

    async def heartbeat(self, job_id: str, token: str, lease_seconds: float) -> Job:
        return await self._mutate(
            job_id, lambda job, now: rules.heartbeat(job, token, lease_seconds, now)
        )

    async def expire_leases(self, now: datetime, max_attempts: int) -> list[Job]:
        now = to_millis(now)
        query = {"status": JobStatus.RUNNING.value, "lease.expires_at": {"$lte": now}}
        changed = []
        for job in await self._jobs_where(query, OLDEST_FIRST):
            new = rules.expire(job, now, max_attempts)
            # One conditional write per job: a lost race means someone else handled it.
            stored = await self._swap(job, new) if new is not None else None
            if stored is not None:
                changed.append(stored)
        return changed

    async def changed_between(self, since: datetime, until: datetime) -> list[Job]:
        query = {"updated": {"$gte": to_millis(since), "$lt": to_millis(until)}}
        return await self._jobs_where(query, [("updated", 1)])

    async def request_input(
        self, job_id: str, token: str, message: str, schema: Mapping[str, JSONValue]
    ) -> Job:
        return await self._mutate(
            job_id, lambda job, now: rules.request_input(job, token, message, schema, now)
        )

    async def submit_input(
        self,
        job_id: str,
        values: Mapping[str, JSONValue],
        *,
        actor: str,
        request_at: datetime | None = None,
    ) -> Job:
        return await self._mutate(
            job_id, lambda job, now: rules.submit_input(job, values, actor, now, request_at)
        )

    async def add_output(
        self,
        job_id: str,
        token: str,
        name: str,
        value: JSONValue = None,
        *,
        file_id: str | None = None,
    ) -> Job:
        return await self._mutate(
            job_id, lambda job, now: rules.add_output(job, token, name, value, file_id, now)
        )

    # Files --------------------------------------------------------------------------
    async def put_file(
        self,
        job_id: str,
        filename: str,
        content_type: str,
        stream: AsyncIterator[bytes],
        max_bytes: int,
        *,
        role: FileRole = FileRole.OUTPUT,
    ) -> FileInfo:
        job = await self._read(job_id)
        if job.status in TERMINAL:
            raise StaleState(job_id, ACTIVE, job)
        return await self.files.put(job_id, filename, content_type, stream, max_bytes, role)

    async def file_info(self, file_id: str) -> FileInfo:
        return await self.files.info(file_id)

    async def list_files(self, job_id: str) -> list[FileInfo]:
        return await self.files.for_job(job_id)

    async def open_file(
        self, file_id: str, start: int | None = None, end: int | None = None
    ) -> tuple[FileInfo, AsyncIterator[bytes]]:
        return await self.files.open(file_id, start, end)

    # Retention and operations ---------------------------------------------------------
    async def purge(
        self,
        cutoff: datetime | Mapping[str, datetime],
        *,
        batch_size: int = 500,
        dry_run: bool = False,
    ) -> PurgeReport:
        report = PurgeReport(dry_run=dry_run)
        groups: list[Document] = (
            [{"type": t, "updated": {"$lt": to_millis(c)}} for t, c in sorted(cutoff.items())]
            if isinstance(cutoff, Mapping)
            else [{"updated": {"$lt": to_millis(cutoff)}}]
        )
        terminal = {"status": {"$in": sorted(s.value for s in TERMINAL)}}
        for group in groups:
            last: ObjectId | None = None
            while True:
                query = {**terminal, **group}
                if last is not None:
                    query["_id"] = {"$gt": last}
                cursor = self.jobs.find(query, {"_id": 1}).sort([("_id", 1)]).limit(batch_size)
                batch = [doc["_id"] async for doc in cursor]
                if not batch:
                    break
                last = batch[-1]
                await self._purge_batch(batch, report)
                if len(batch) < batch_size:
                    break
        return report

    async def _purge_batch(self, batch: list[ObjectId], report: PurgeReport) -> None:
        job_ids = [str(oid) for oid in batch]
        files = await self.files.summarise(job_ids)
        report.job_ids.extend(job_ids)
        report.files += len(files)
        report.bytes += sum(size for _, size in files)
        if report.dry_run:
            return
        # Files before jobs: a crash in between leaves jobs to purge again, never orphan files.
        await self.files.delete([oid for oid, _ in files])
        await self.jobs.delete_many(
            {"_id": {"$in": batch}, "status": {"$in": sorted(s.value for s in TERMINAL)}}
        )
        # Markers after their jobs: while a job exists, its markers are what keep a late
        # writer (whose write is filtered by the bare `_id` on FerretDB) from overwriting it.
        await self.markers.delete_many({"job_id": {"$in": job_ids}})
        for job_id in job_ids:
            self._known.pop(job_id, None)

    async def ensure_indexes(self) -> None:
        """Create the indexes (idempotent), and learn whether the server is FerretDB."""
        info = await self._db.command("buildInfo")
        self._guard.preconditions = "ferretdbVersion" not in info
        await self.jobs.create_index([("status", 1), ("type", 1), ("created", 1)])
        await self.jobs.create_index([("status", 1), ("queued", 1), ("created", 1)])
        await self.jobs.create_index([("owner.login", 1), ("status", 1), ("queued", -1)])
        await self.jobs.create_index([("created", -1), ("_id", -1)])
        await self.jobs.create_index([("item_keys", 1)])
        await self.jobs.create_index([("proposal_id", 1), ("created", -1)])
        await self.jobs.create_index([("session_id", 1), ("created", -1)])
        await self.jobs.create_index([("owner.login", 1), ("created", -1)])
        await self.jobs.create_index([("status", 1), ("lease.expires_at", 1)])
        await self.jobs.create_index([("status", 1), ("updated", 1)])
        await self.jobs.create_index([("updated", 1)])
        await self.markers.create_index([("job_id", 1)])
        await self.files.ensure_indexes()

    async def ping(self) -> None:
        await self._db.command("ping")
