"""The in-process job store: the demo and single-replica development.

Atomicity comes from asyncio itself: every write reads and replaces a job with
no `await` in between, so no other coroutine can interleave, which gives the
same conditional-write guarantees as the MongoDB store. Nothing survives a
restart, and it cannot be shared between replicas.

Secondary indexes (status, owner, proposal, session, item, creation time) play the part of
MongoDB's: a query starts from the smallest set its filter names instead of
every job, so a person's list, a page's counts and the sweeper stay fast with
100,000 jobs stored.
"""

from __future__ import annotations

import copy
import dataclasses
from bisect import bisect_left, insort
from collections import OrderedDict, defaultdict
from collections.abc import AsyncIterator, Callable, Collection, Iterable, Mapping
from datetime import datetime

from bson import ObjectId

from gateway.jobs import rules
from gateway.jobs.clock import Clock, to_millis, utc_now
from gateway.jobs.cursor import decode_cursor, encode_cursor, sort_key
from gateway.jobs.errors import FileNotFound, JobNotFound, StaleState
from gateway.jobs.fairness import queue_place
from gateway.jobs.files import CHUNK_SIZE, consume, resolve_range
from gateway.jobs.filtering import matches
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
from gateway.jobs.states import ACTIVE, TERMINAL, JobStatus, check_generic_transition

Plan = Callable[[Job, datetime], Job]
Key = tuple[str, object]


def _keys(job: Job) -> set[Key]:
    """The index entries of a job."""
    keys: set[Key] = {("status", job.status), ("owner", job.owner.login)}
    keys.add(("proposal", job.proposal_id))
    if job.session_id is not None:
        keys.add(("session", job.session_id))
    keys.update(("item", item) for item in job.items)
    return keys


def _wanted(where: JobFilter) -> list[set[Key]]:
    """For each indexed condition of `where`, the index entries any match must have one of."""
    wanted: list[set[Key]] = []
    if where.statuses is not None:
        wanted.append({("status", s) for s in where.statuses})
    if where.owner_login is not None:
        wanted.append({("owner", where.owner_login)})
    if where.proposal_ids is not None:
        wanted.append({("proposal", p) for p in where.proposal_ids})
    if where.session_ids is not None:
        wanted.append({("session", s) for s in where.session_ids})
    if where.items is not None:
        wanted.append({("item", i) for i in where.items})
    v = where.visible_to
    if v is not None:
        scope: set[Key] = {("proposal", p) for p in v.proposal_ids}
        scope |= {("session", s) for s in v.session_ids}
        if v.login is not None:
            scope.add(("owner", v.login))
        wanted.append(scope)
    return wanted


def _unindexed(where: JobFilter) -> bool:
    """Whether `where` has a condition no index answers (checked job by job)."""
    return any(
        condition is not None
        for condition in (
            where.types,
            where.beamlines,
            where.updated_before,
        )
    )


class InMemoryJobStore:
    name = "in-process"

    def __init__(self, clock: Clock = utc_now) -> None:
        self._jobs: dict[str, Job] = {}
        self._index: defaultdict[Key, set[str]] = defaultdict(set)
        # (created, id), sorted: "created since" answered by bisection (a launch's quota).
        self._by_created: list[tuple[datetime, str]] = []
        # Job ids in the order of their last write, for `changed_between`.
        self._written: OrderedDict[str, None] = OrderedDict()
        self._files: dict[str, tuple[FileInfo, bytes]] = {}
        self._clock = clock

    # Internals ------------------------------------------------------------------
    def _job(self, job_id: str) -> Job:
        try:
            return self._jobs[job_id]
        except KeyError:
            raise JobNotFound(job_id) from None

    def _put(self, job: Job, old: Job | None = None) -> None:
        before = _keys(old) if old is not None else set()
        after = _keys(job)
        for key in before - after:
            self._index[key].discard(job.id)
        for key in after - before:
            self._index[key].add(job.id)
        if old is None or old.created != job.created:
            if old is not None:
                self._unsort(old)
            insort(self._by_created, (job.created, job.id))
        self._jobs[job.id] = job
        self._written[job.id] = None
        self._written.move_to_end(job.id)

    def _drop(self, job: Job) -> None:
        for key in _keys(job):
            self._index[key].discard(job.id)
        self._unsort(job)
        del self._jobs[job.id]
        del self._written[job.id]

    def _unsort(self, job: Job) -> None:
        entry = (job.created, job.id)
        at = bisect_left(self._by_created, entry)
        if at < len(self._by_created) and self._by_created[at] == entry:
            del self._by_created[at]

    def _created_between(self, start: datetime | None, end: datetime | None) -> set[str]:
        """Ids of the jobs created in [start, end)."""
        ordered = self._by_created
        low = 0 if start is None else bisect_left(ordered, (start,))
        high = len(ordered) if end is None else bisect_left(ordered, (end,))
        return {job_id for _, job_id in ordered[low:high]}

    def _having(self, keys: set[Key]) -> set[str]:
        found: set[str] = set()
        for key in keys:
            found |= self._index.get(key, set())
        return found

    def _matching_ids(self, where: JobFilter) -> set[str] | None:
        """The ids meeting every indexed condition of `where` (None: it names none)."""
        sets = [self._having(keys) for keys in _wanted(where)]
        if where.ids is not None:
            sets.append({i for i in where.ids if i in self._jobs})
        if where.created_from is not None or where.created_to is not None:
            sets.append(self._created_between(where.created_from, where.created_to))
        if not sets:
            return None
        sets.sort(key=len)
        return sets[0].intersection(*sets[1:])

    def _candidates(self, where: JobFilter | None) -> Iterable[Job]:
        """The jobs meeting the indexed conditions of `where` (all jobs when none)."""
        ids = None if where is None else self._matching_ids(where)
        if ids is None:
            return self._jobs.values()
        return [self._jobs[i] for i in ids]

    def _write(self, old: Job, new: Job) -> Job:
        if new is old:
            return old
        stored = dataclasses.replace(new, version=old.version + 1)
        self._put(stored, old)
        return stored

    def _mutate(self, job_id: str, plan: Plan) -> Job:
        # No await in here: this is the atomic section.
        job = self._job(job_id)
        return self._write(job, plan(job, self._clock()))

    # Jobs -------------------------------------------------------------------------
    async def create(self, job: NewJob) -> Job:
        now = self._clock()
        # The owner's waiting jobs: two index entries intersected, not every waiting job read.
        empty: set[str] = set()
        waiting = self._index.get(("status", JobStatus.PENDING), empty) & self._index.get(
            ("owner", job.owner.login), empty
        )
        created = dataclasses.replace(
            rules.create(job, str(ObjectId()), now),
            queued=queue_place(now, max((self._jobs[i].queue_at for i in waiting), default=None)),
        )
        self._put(created)
        return created

    async def get(self, job_id: str) -> Job:
        return self._job(job_id)

    def _select(self, where: JobFilter | None) -> list[Job]:
        selected = [j for j in self._candidates(where) if where is None or matches(j, where)]
        return sorted(selected, key=sort_key, reverse=True)

    async def find(
        self, where: JobFilter | None = None, *, first: int = 50, after: str | None = None
    ) -> Page:
        jobs = self._select(where)
        if after is not None:
            position = decode_cursor(after)
            jobs = [j for j in jobs if sort_key(j) < position]
        page = jobs[: max(first, 0)]
        end = encode_cursor(page[-1]) if page else None
        return Page(page, end, len(jobs) > len(page))

    async def count(self, where: JobFilter | None = None) -> int:
        """Not sorted; when every condition is an index's, not even read (launches count a
        person's jobs twice for the quotas)."""
        if where is None:
            return len(self._jobs)
        ids = self._matching_ids(where)
        if ids is not None and not _unindexed(where):
            return len(ids)
        candidates = self._jobs.values() if ids is None else (self._jobs[i] for i in ids)
        return sum(1 for job in candidates if matches(job, where))

    async def count_by_status_for_items(
        self, kind: ItemKind, item_ids: Collection[int], visible_to: Visibility | None = None
    ) -> dict[int, dict[JobStatus, int]]:
        counts: dict[int, dict[JobStatus, int]] = {item_id: {} for item_id in item_ids}
        ids = self._having({("item", ItemRef(kind, item_id)) for item_id in item_ids})
        for job in (self._jobs[i] for i in ids):
            if visible_to is not None and not visible_to.admits(job):
                continue
            for item in set(job.items):
                if item.kind is kind and item.id in counts:
                    per_status = counts[item.id]
                    per_status[job.status] = per_status.get(job.status, 0) + 1
        return counts

    async def jobs_for_items(
        self, kind: ItemKind, item_ids: Collection[int]
    ) -> dict[int, list[Job]]:
        found: dict[int, list[Job]] = {item_id: [] for item_id in item_ids}
        refs = {ItemRef(kind, item_id) for item_id in item_ids}
        for job in self._select(JobFilter(items=refs)):
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
        return self._mutate(
            job_id,
            lambda job, now: rules.transition(
                job, sources, to, actor=actor, message=message, now=now, lease_token=lease_token
            ),
        )

    async def claim(
        self, types: Collection[str] | None, worker: str, lease_seconds: float
    ) -> Job | None:
        pending = [
            j
            for j in self._candidates(JobFilter(statuses={JobStatus.PENDING}))
            if types is None or j.type in types
        ]
        if not pending:
            return None
        first = min(pending, key=lambda j: (j.queue_at, sort_key(j)))  # `fairness`
        return self._write(first, rules.claim(first, worker, lease_seconds, self._clock()))

    async def heartbeat(self, job_id: str, token: str, lease_seconds: float) -> Job:
        return self._mutate(
            job_id, lambda job, now: rules.heartbeat(job, token, lease_seconds, now)
        )

    async def expire_leases(self, now: datetime, max_attempts: int) -> list[Job]:
        now = to_millis(now)
        changed = []
        running = self._candidates(JobFilter(statuses={JobStatus.RUNNING}))
        for job in sorted(running, key=sort_key):
            new = rules.expire(job, now, max_attempts)
            if new is not None:
                changed.append(self._write(job, new))
        return changed

    async def changed_between(self, since: datetime, until: datetime) -> list[Job]:
        since, until = to_millis(since), to_millis(until)
        found = []
        for job_id in reversed(self._written):  # newest write first: stop at the window's start
            job = self._jobs[job_id]
            if job.updated < since:
                break
            if job.updated < until:
                found.append(job)
        return found[::-1]

    async def request_input(
        self, job_id: str, token: str, message: str, schema: Mapping[str, JSONValue]
    ) -> Job:
        return self._mutate(
            job_id,
            lambda job, now: rules.request_input(job, token, message, copy.deepcopy(schema), now),
        )

    async def submit_input(
        self,
        job_id: str,
        values: Mapping[str, JSONValue],
        *,
        actor: str,
        request_at: datetime | None = None,
    ) -> Job:
        return self._mutate(
            job_id,
            lambda job, now: rules.submit_input(job, copy.deepcopy(values), actor, now, request_at),
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
        return self._mutate(
            job_id,
            lambda job, now: rules.add_output(job, token, name, copy.deepcopy(value), file_id, now),
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
        job = self._job(job_id)
        if job.status in TERMINAL:
            raise StaleState(job_id, ACTIVE, job)
        buffer = bytearray()

        async def sink(piece: bytes) -> None:
            buffer.extend(piece)

        digest = await consume(stream, max_bytes, sink)
        info = FileInfo(
            id=str(ObjectId()),
            job_id=job_id,
            filename=filename,
            content_type=content_type,
            size=digest.size,
            sha256=digest.sha256,
            role=role,
            uploaded_at=self._clock(),
        )
        self._files[info.id] = (info, bytes(buffer))
        return info

    async def file_info(self, file_id: str) -> FileInfo:
        try:
            return self._files[file_id][0]
        except KeyError:
            raise FileNotFound(file_id) from None

    async def list_files(self, job_id: str) -> list[FileInfo]:
        infos = [info for info, _ in self._files.values() if info.job_id == job_id]
        return sorted(infos, key=lambda i: (i.uploaded_at, i.id))

    async def open_file(
        self, file_id: str, start: int | None = None, end: int | None = None
    ) -> tuple[FileInfo, AsyncIterator[bytes]]:
        info = await self.file_info(file_id)
        data = self._files[file_id][1]
        lo, hi = resolve_range(info.size, start, end)

        async def pieces() -> AsyncIterator[bytes]:
            for offset in range(lo, hi, CHUNK_SIZE):
                yield data[offset : min(offset + CHUNK_SIZE, hi)]

        return info, pieces()

    # Retention and operations ---------------------------------------------------------
    async def purge(
        self,
        cutoff: datetime | Mapping[str, datetime],
        *,
        batch_size: int = 500,
        dry_run: bool = False,
    ) -> PurgeReport:
        report = PurgeReport(dry_run=dry_run)
        for job in sorted(self._jobs.values(), key=lambda j: j.id):
            limit = cutoff.get(job.type) if isinstance(cutoff, Mapping) else cutoff
            limit = to_millis(limit) if limit is not None else None
            if job.status not in TERMINAL or limit is None or job.updated >= limit:
                continue
            files = [fid for fid, (info, _) in self._files.items() if info.job_id == job.id]
            report.job_ids.append(job.id)
            report.files += len(files)
            report.bytes += sum(self._files[fid][0].size for fid in files)
            if not dry_run:
                for fid in files:
                    del self._files[fid]
                self._drop(job)
        return report

    async def ensure_indexes(self) -> None:
        return None

    async def ping(self) -> None:
        return None
