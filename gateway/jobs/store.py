"""The job store interface; `MongoJobStore` and `InMemoryJobStore` implement it.

One contract test suite (tests/jobs/test_store_contract.py) runs against both.
The guarantees every implementation gives:

* every status change is checked against `states.TRANSITIONS` before the store
  is touched (`IllegalTransition`), then written as ONE conditional write on
  the status read: if someone else changed the job first, nothing is written
  and `StaleState` is raised;
* worker writes carry the lease token and are fenced on it (`LeaseLost`):
  the job must be RUNNING under that token, and the lease unexpired;
* never two live leases on one job: a claim is a conditional PENDING -> RUNNING
  write, so of two concurrent claims exactly one wins;
* files are written whole or not at all (`FileTooLarge` leaves nothing behind).

Times are UTC, truncated to milliseconds (BSON precision).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Collection, Iterable, Mapping
from datetime import datetime
from typing import Protocol

from gateway.jobs.model import (
    FileInfo,
    FileRole,
    ItemKind,
    Job,
    JobFilter,
    JSONValue,
    NewJob,
    Page,
    PurgeReport,
    Visibility,
)
from gateway.jobs.states import JobStatus


class JobStore(Protocol):
    name: str

    # Jobs -------------------------------------------------------------------
    async def create(self, job: NewJob) -> Job:
        """Store a new PENDING job with no history, no attempts, no lease."""
        ...

    async def get(self, job_id: str) -> Job:
        """The job, or JobNotFound (also for ids that are not ObjectIds)."""
        ...

    async def find(
        self, where: JobFilter | None = None, *, first: int = 50, after: str | None = None
    ) -> Page:
        """Jobs newest first (created desc, id desc); `after` is a page's `end_cursor`."""
        ...

    async def count(self, where: JobFilter | None = None) -> int: ...

    async def count_by_status_for_items(
        self, kind: ItemKind, item_ids: Collection[int], visible_to: Visibility | None = None
    ) -> dict[int, dict[JobStatus, int]]:
        """For each item id asked (absent ones get {}), its jobs counted by status; one query.

        Only jobs `visible_to` admits are counted (None: all). Counting reads no more than
        each job's items and status, which is what makes a list page's counts cheap."""
        ...

    async def jobs_for_items(
        self, kind: ItemKind, item_ids: Collection[int]
    ) -> dict[int, list[Job]]:
        """For each item id asked, its jobs newest first; one query (DataLoader batch)."""
        ...

    # Status changes -----------------------------------------------------------
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
        """Any allowed change except those with their own operation (claim, input)."""
        ...

    async def claim(
        self, types: Collection[str] | None, worker: str, lease_seconds: float
    ) -> Job | None:
        """The first PENDING job of these types (None: any) in the fair order (`fairness`:
        earliest place in the queue, then oldest), moved to RUNNING under a new lease."""
        ...

    async def heartbeat(self, job_id: str, token: str, lease_seconds: float) -> Job:
        """Extend the lease to now + lease_seconds; a terminal job holding the token is
        returned unchanged (that is how a worker learns about a cancellation)."""
        ...

    async def expire_leases(self, now: datetime, max_attempts: int) -> list[Job]:
        """RUNNING jobs whose lease expired -> PENDING, or FAILED once attempts >= max."""
        ...

    async def changed_between(self, since: datetime, until: datetime) -> list[Job]:
        """Jobs last written in [since, until), oldest write first: what the outbox's
        sweep checks for changes nobody announced."""
        ...

    async def request_input(
        self, job_id: str, token: str, message: str, schema: Mapping[str, JSONValue]
    ) -> Job:
        """RUNNING -> ONHOLD with `input_request` set; the lease is released."""
        ...

    async def submit_input(
        self,
        job_id: str,
        values: Mapping[str, JSONValue],
        *,
        actor: str,
        request_at: datetime | None = None,
    ) -> Job:
        """ONHOLD -> PENDING, the values appended to `inputs` (validation is the caller's);
        with `request_at`, StaleState unless the pending request is the one made then."""
        ...

    async def add_output(
        self,
        job_id: str,
        token: str,
        name: str,
        value: JSONValue = None,
        *,
        file_id: str | None = None,
    ) -> Job: ...

    # Files --------------------------------------------------------------------
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
        """Stream a file in, computing size and SHA-256; past `max_bytes` FileTooLarge,
        and nothing of the file remains. Refused (StaleState) for terminal jobs."""
        ...

    async def file_info(self, file_id: str) -> FileInfo: ...

    async def list_files(self, job_id: str) -> list[FileInfo]: ...

    async def open_file(
        self, file_id: str, start: int | None = None, end: int | None = None
    ) -> tuple[FileInfo, AsyncIterator[bytes]]:
        """Bytes [start, end) (end exclusive, Python-style; HTTP ranges are inclusive)."""
        ...

    # Retention and operations -------------------------------------------------
    async def purge(
        self,
        cutoff: datetime | Mapping[str, datetime],
        *,
        batch_size: int = 500,
        dry_run: bool = False,
    ) -> PurgeReport:
        """Delete terminal jobs last updated before the cutoff (per type when a mapping;
        types not in it are kept), with their files, in batches. Dry run deletes nothing."""
        ...

    async def ensure_indexes(self) -> None: ...

    async def ping(self) -> None: ...
