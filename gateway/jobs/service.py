"""The job service: what the GraphQL layer, the REST file endpoints and workers call.

It wraps a `JobStore` with what the store must not know about: the catalogue
(parameters validated, all problems at once), the items' summaries (the caller
resolved them and the viewer's rights with SQL), the readable description,
input validation against the worker's request schema, and an event on the
broker after every change (`events.py`).

Events are notifications, the store is the truth: a publish that fails is
logged and does not fail the change that already happened. A replica that dies
between a change and its event would leave subscribers on other replicas with
the old state; so the sweep also announces recent changes nobody announced
(`announce_missed`, the outbox pattern with the store as the outbox): each job's
changes are numbered (`Job.event_number`) and the broker publishes a number once,
never after a later one, whichever replica asks first.

Housekeeping (`sweep`, run periodically by one or more replicas; concurrent
sweeps are safe because every change is a conditional write):
* RUNNING jobs whose lease expired go back to PENDING, or to FAILED once they
  used `max_attempts` claims;
* ONHOLD jobs that waited longer than `onhold_timeout` for their input are
  CANCELLED with a history message saying so. Expiring (rather than reminding)
  keeps the rule simple and frees the worker-side state; the user can submit
  the job again. Heartbeats publish nothing: they change no status.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import AsyncIterator, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

from jsonschema import (  # type: ignore[import-untyped, unused-ignore]
    Draft7Validator,
    SchemaError,
)

from gateway.events.broker import Broker
from gateway.jobs import filenames
from gateway.jobs.catalogue import Catalogue, JobType
from gateway.jobs.clock import Clock, utc_now
from gateway.jobs.description import ItemSummary, describe
from gateway.jobs.errors import (
    InvalidInput,
    InvalidItems,
    InvalidParameters,
    InvalidSchema,
    JobTypeRestricted,
    QuotaExceeded,
    StaleState,
)
from gateway.jobs.events import ALL_JOBS, job_channel, job_event
from gateway.jobs.model import (
    FileInfo,
    FileRole,
    Job,
    JobFilter,
    JSONValue,
    NewJob,
    Owner,
    PurgeReport,
)
from gateway.jobs.problems import schema_problems
from gateway.jobs.states import JobStatus
from gateway.jobs.store import JobStore

log = logging.getLogger(__name__)

SYSTEM = "system"

# A change younger than this is left to the replica making it (it is about to publish).
ANNOUNCE_GRACE = timedelta(seconds=2)


T = TypeVar("T")


def _common(values: Sequence[T]) -> T | None:
    """The value all items share, or None when they differ."""
    return values[0] if values and all(v == values[0] for v in values) else None


@dataclass(frozen=True)
class Quotas:
    """What one person may launch: jobs per minute, jobs waiting at once, items per job."""

    per_minute: int = 30
    pending: int = 200
    max_items: int = 1000

    @classmethod
    def unlimited(cls) -> Quotas:
        """For benchmarks and tests that launch thousands of jobs as one person."""
        return cls(per_minute=sys.maxsize, pending=sys.maxsize, max_items=sys.maxsize)


def _last_event(job: Job) -> str:
    """The event of the change that made the job what it is."""
    last_output = job.outputs[-1].at if job.outputs else None
    if job.history and (last_output is None or job.history[-1].at >= last_output):
        return "status"
    return "output" if last_output is not None else "created"


class JobService:
    def __init__(
        self,
        store: JobStore,
        catalogue: Catalogue,
        broker: Broker,
        *,
        lease_seconds: float = 300,
        max_attempts: int = 3,
        onhold_timeout: timedelta = timedelta(days=7),
        max_file_bytes: int = 2 * 1024**3,
        quotas: Quotas | None = None,
        announce_lookback: timedelta = timedelta(minutes=2),
        clock: Clock = utc_now,
    ) -> None:
        self.store = store
        self.catalogue = catalogue
        self.broker = broker
        self.lease_seconds = lease_seconds
        self.max_attempts = max_attempts
        self.onhold_timeout = onhold_timeout
        self.max_file_bytes = max_file_bytes
        self.quotas = quotas or Quotas()
        self.announce_lookback = announce_lookback
        self._clock = clock

    # Events -------------------------------------------------------------------------
    async def _publish(self, job: Job, event: str = "status") -> bool:
        """Announce the job's last change; True if this call published it."""
        source = job.history[-1].source if event == "status" and job.history else job.status
        if event == "created":
            source = None
        message = job_event(job, source, event)
        try:
            return await self.broker.announce(
                job_channel(job.id), job.event_number, (job_channel(job.id), ALL_JOBS), message
            )
        except Exception:
            log.exception("could not publish %s of job %s", event, job.id)
            return False

    async def announce_missed(self, now: datetime | None = None) -> int:
        """Announce the changes of the last `announce_lookback` that no replica announced;
        returns how many. A job changed again since carries its latest change only: a
        subscriber wants the state, not each step. Changes older than the look-back are
        not searched: a subscriber cut off that long subscribes again and reads them."""
        now = now or self._clock()
        jobs = await self.store.changed_between(now - self.announce_lookback, now - ANNOUNCE_GRACE)
        if not jobs:
            return 0
        last = await self.broker.announced([job_channel(job.id) for job in jobs])
        missed = [j for j, n in zip(jobs, last, strict=True) if n is None or n < j.event_number]
        announced = 0
        for job in missed:
            if await self._publish(job, _last_event(job)):
                log.warning("announced change %d of job %s, missed", job.event_number, job.id)
                announced += 1
        return announced

    # Users ----------------------------------------------------------------------------
    def check_item_count(self, count: int) -> None:
        """Before the items are looked up: a job names at most `quotas.max_items` of them."""
        if count > self.quotas.max_items:
            raise InvalidItems(f"a job takes at most {self.quotas.max_items} items (got {count})")

    async def _check_quotas(self, owner: Owner) -> None:
        """Per person: jobs launched in the last minute, and jobs waiting at once.

        Checked, not reserved: two launches racing past the check may both land, so a
        quota can be exceeded by the requests in flight, never by more."""
        quotas = self.quotas
        if quotas.per_minute < sys.maxsize:  # an unlimited quota costs no count
            since = self._clock() - timedelta(minutes=1)
            recent = await self.store.count(JobFilter(owner_login=owner.login, created_from=since))
            if recent >= quotas.per_minute:
                raise QuotaExceeded(
                    f"you launched {recent} jobs in the last minute; the limit is "
                    f"{quotas.per_minute} per minute",
                    retry_after=60,
                )
        if quotas.pending < sys.maxsize:
            pending = await self.store.count(
                JobFilter(owner_login=owner.login, statuses={JobStatus.PENDING})
            )
            if pending >= quotas.pending:
                raise QuotaExceeded(
                    f"you have {pending} jobs waiting to run; the limit is {quotas.pending} "
                    "(cancel some, or wait for them to start)"
                )

    def _check_items(self, job_type: JobType, items: Sequence[ItemSummary]) -> None:
        count = len(items)
        if count < job_type.min_items or (
            job_type.max_items is not None and count > job_type.max_items
        ):
            wanted = (
                f"exactly {job_type.min_items}"
                if job_type.max_items == job_type.min_items
                else f"at least {job_type.min_items}"
                + (f" and at most {job_type.max_items}" if job_type.max_items else "")
            )
            raise InvalidItems(f"{job_type.name} takes {wanted} item(s), got {count}")
        wrong = [i.id for i in items if i.kind is not job_type.entity]
        if wrong:
            raise InvalidItems(f"{job_type.name} runs on {job_type.entity.value} only: {wrong}")
        if len({i.ref for i in items}) != count:
            raise InvalidItems("the same item is given twice")
        if _common([i.proposal_id for i in items]) is None:
            raise InvalidItems("all items must belong to the same proposal")

    async def submit(
        self,
        type_name: str,
        items: Sequence[ItemSummary],
        parameters: Mapping[str, JSONValue],
        owner: Owner,
        *,
        is_staff: bool = False,
    ) -> Job:
        """Validate and store a new PENDING job; `items` are in the order the user chose."""
        job_type = self.catalogue.get(type_name)
        if job_type.staff_only and not is_staff:
            raise JobTypeRestricted(f"{job_type.name} is for staff only")
        self.check_item_count(len(items))
        self._check_items(job_type, items)
        outside = sorted(
            {str(i.beamline) for i in items if not job_type.allows_beamline(i.beamline)}
        )
        if outside:
            raise JobTypeRestricted(f"{job_type.name} is not available on {', '.join(outside)}")
        problems = self.catalogue.validate_parameters(job_type, parameters)
        if problems:
            raise InvalidParameters(problems)
        await self._check_quotas(owner)
        job = await self.store.create(
            NewJob(
                type=job_type.name,
                items=tuple(i.ref for i in items),
                parameters=parameters,
                description=describe(job_type.title, items),
                owner=owner,
                proposal_id=items[0].proposal_id,
                session_id=_common([i.session_id for i in items]),
                beamline=_common([i.beamline for i in items]),
            )
        )
        await self._publish(job, "created")
        return job

    async def get(self, job_id: str) -> Job:
        return await self.store.get(job_id)

    async def cancel(self, job_id: str, actor: str, message: str = "cancelled") -> Job:
        """PENDING/ONHOLD/RUNNING -> CANCELLED. Whether `actor` may is the caller's decision
        (owner or staff); a running worker learns it from its next heartbeat."""
        job = await self.store.transition(
            job_id,
            {JobStatus.PENDING, JobStatus.ONHOLD, JobStatus.RUNNING},
            JobStatus.CANCELLED,
            actor=actor,
            message=message,
        )
        await self._publish(job)
        return job

    async def submit_input(
        self, job_id: str, values: Mapping[str, JSONValue], *, actor: str
    ) -> Job:
        """Validate `values` against the pending request's schema, then ONHOLD -> PENDING."""
        job = await self.store.get(job_id)
        if job.status is not JobStatus.ONHOLD or job.input_request is None:
            raise StaleState(job_id, frozenset({JobStatus.ONHOLD}), job)
        problems = schema_problems(job.input_request.schema, values)
        if problems:
            raise InvalidInput(problems)
        job = await self.store.submit_input(
            job_id, values, actor=actor, request_at=job.input_request.at
        )
        await self._publish(job)
        return job

    async def upload_input_file(
        self, job_id: str, filename: str, content_type: str, stream: AsyncIterator[bytes]
    ) -> FileInfo:
        """A user's file for an input request (the job must be ONHOLD)."""
        filename = filenames.clean(filename)
        job = await self.store.get(job_id)
        if job.status is not JobStatus.ONHOLD:
            raise StaleState(job_id, frozenset({JobStatus.ONHOLD}), job)
        return await self.store.put_file(
            job_id, filename, content_type, stream, self.max_file_bytes, role=FileRole.INPUT
        )

    async def open_file(
        self, file_id: str, start: int | None = None, end: int | None = None
    ) -> tuple[FileInfo, AsyncIterator[bytes]]:
        return await self.store.open_file(file_id, start, end)

    # Workers ----------------------------------------------------------------------------
    async def claim(self, worker: str, types: Collection[str] | None = None) -> Job | None:
        job = await self.store.claim(types, worker, self.lease_seconds)
        if job is not None:
            await self._publish(job)
        return job

    async def heartbeat(self, job_id: str, token: str) -> Job:
        """Extend the lease; check the returned status: CANCELLED means stop now."""
        return await self.store.heartbeat(job_id, token, self.lease_seconds)

    async def _worker_transition(
        self, job_id: str, token: str, to: JobStatus, actor: str, message: str
    ) -> Job:
        job = await self.store.transition(
            job_id, JobStatus.RUNNING, to, actor=actor, message=message, lease_token=token
        )
        await self._publish(job)
        return job

    async def finish(
        self, job_id: str, token: str, *, actor: str, message: str = "finished"
    ) -> Job:
        return await self._worker_transition(job_id, token, JobStatus.FINISHED, actor, message)

    async def fail(self, job_id: str, token: str, *, actor: str, message: str) -> Job:
        return await self._worker_transition(job_id, token, JobStatus.FAILED, actor, message)

    async def release(self, job_id: str, token: str, *, actor: str, message: str) -> Job:
        """Give the job back (RUNNING -> PENDING), e.g. on a worker shutting down."""
        return await self._worker_transition(job_id, token, JobStatus.PENDING, actor, message)

    async def request_input(
        self, job_id: str, token: str, message: str, schema: Mapping[str, JSONValue]
    ) -> Job:
        try:
            Draft7Validator.check_schema(schema)
        except SchemaError as exc:
            raise InvalidSchema(f"input request schema: {exc.message}") from exc
        job = await self.store.request_input(job_id, token, message, schema)
        await self._publish(job)
        return job

    async def add_output(
        self,
        job_id: str,
        token: str,
        name: str,
        value: JSONValue = None,
        *,
        file_id: str | None = None,
    ) -> Job:
        job = await self.store.add_output(job_id, token, name, value, file_id=file_id)
        await self._publish(job, "output")
        return job

    async def put_output_file(
        self,
        job_id: str,
        token: str,
        filename: str,
        content_type: str,
        stream: AsyncIterator[bytes],
        *,
        output_name: str | None = None,
    ) -> tuple[FileInfo, Job]:
        """Stream a result file in and record it as output `output_name` (default: filename)."""
        filename = filenames.clean(filename)
        job = await self.store.heartbeat(job_id, token, self.lease_seconds)
        if job.status is not JobStatus.RUNNING:
            raise StaleState(job_id, frozenset({JobStatus.RUNNING}), job)
        info = await self.store.put_file(
            job_id, filename, content_type, stream, self.max_file_bytes, role=FileRole.OUTPUT
        )
        name = output_name or filename
        value = {"filename": filename, "size": info.size, "sha256": info.sha256}
        job = await self.add_output(job_id, token, name, value, file_id=info.id)
        return info, job

    # Housekeeping ---------------------------------------------------------------------
    async def sweep(self, now: datetime | None = None) -> list[Job]:
        """Expire leases and over-long waits for input; returns the jobs changed."""
        now = now or self._clock()
        changed = await self.store.expire_leases(now, self.max_attempts)
        waiting = JobFilter(statuses={JobStatus.ONHOLD}, updated_before=now - self.onhold_timeout)
        after: str | None = None
        while True:
            page = await self.store.find(waiting, first=100, after=after)
            for job in page.jobs:
                try:
                    changed.append(
                        await self.store.transition(
                            job.id,
                            JobStatus.ONHOLD,
                            JobStatus.CANCELLED,
                            actor=SYSTEM,
                            message=f"no input within {self.onhold_timeout}",
                        )
                    )
                except StaleState:
                    continue  # input arrived, or someone cancelled it, meanwhile
            if not page.has_next_page:
                break
            after = page.end_cursor
        for job in changed:
            await self._publish(job)
        return changed

    async def purge(
        self,
        retention: timedelta | Mapping[str, timedelta],
        *,
        now: datetime | None = None,
        dry_run: bool = False,
        batch_size: int = 500,
    ) -> PurgeReport:
        """Delete terminal jobs (and files) last updated longer ago than their retention.

        With a mapping, types missing from it are kept."""
        now = now or self._clock()
        cutoff: datetime | dict[str, datetime] = (
            {name: now - keep for name, keep in retention.items()}
            if isinstance(retention, Mapping)
            else now - retention
        )
        return await self.store.purge(cutoff, batch_size=batch_size, dry_run=dry_run)
