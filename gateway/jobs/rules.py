"""What each write does to a job, as pure functions from the job read to the job to write.

Both stores call these and differ only in how they make the write conditional
(the in-process store: no await between read and write; MongoDB: compare-and-
swap on `version`). Keeping the decisions here means the fencing and lease
rules exist once. A function raises when the write must not happen and
returns the same object when there is nothing to write.

Lease rules:
  * a lease is live while the job is RUNNING, its token matches and it has not
    expired; every worker write is fenced on all three (`require_lease`);
  * going back to PENDING or to ONHOLD drops the lease (the next claim makes a
    new one); terminal states keep it as a record, so a worker's next
    heartbeat with that token is answered with the CANCELLED (or FINISHED)
    job instead of "lease lost";
  * `attempts` counts claims; submitting requested input resets it, because
    waiting for a person is not a failed attempt.
"""

from __future__ import annotations

import copy
import dataclasses
import uuid
from collections.abc import Mapping
from datetime import datetime, timedelta

from gateway.jobs.errors import LeaseLost, StaleState
from gateway.jobs.model import (
    HistoryEntry,
    InputRequest,
    InputSubmission,
    Job,
    JSONValue,
    Lease,
    NewJob,
    Output,
)
from gateway.jobs.states import TERMINAL, JobStatus, check_generic_transition

SYSTEM = "system"


def create(job: NewJob, job_id: str, now: datetime) -> Job:
    """A new PENDING job, as both stores store it (parameters copied: callers keep theirs)."""
    return Job(
        id=job_id,
        type=job.type,
        items=tuple(job.items),
        parameters=copy.deepcopy(dict(job.parameters)),
        description=job.description,
        owner=job.owner,
        proposal_id=job.proposal_id,
        session_id=job.session_id,
        beamline=job.beamline,
        status=JobStatus.PENDING,
        history=(),
        attempts=0,
        created=now,
        updated=now,
    )


def moved(
    job: Job, target: JobStatus, *, by: str, message: str, now: datetime, **changes: object
) -> Job:
    """`job` in `target`, with its history entry and the lease rule applied."""
    entry = HistoryEntry(job.status, target, now, by, message)
    lease = job.lease if target in TERMINAL or target is JobStatus.RUNNING else None
    fields: dict[str, object] = {
        "status": target,
        "history": (*job.history, entry),
        "updated": now,
        "lease": lease,
    }
    fields.update(changes)
    return dataclasses.replace(job, **fields)  # type: ignore[arg-type]


def require_status(job: Job, expected: frozenset[JobStatus]) -> None:
    if job.status not in expected:
        raise StaleState(job.id, expected, job)


def require_lease(job: Job, token: str, now: datetime) -> Lease:
    lease = job.lease
    if (
        job.status is not JobStatus.RUNNING
        or lease is None
        or lease.token != token
        or lease.expires_at <= now
    ):
        raise LeaseLost(job.id, job)
    return lease


def transition(
    job: Job,
    expected: frozenset[JobStatus],
    target: JobStatus,
    *,
    actor: str,
    message: str,
    now: datetime,
    lease_token: str | None = None,
) -> Job:
    check_generic_transition(expected, target)
    if lease_token is not None:
        require_lease(job, lease_token, now)
    require_status(job, expected)
    return moved(job, target, by=actor, message=message, now=now)


def claim(job: Job, worker: str, lease_seconds: float, now: datetime) -> Job:
    require_status(job, frozenset({JobStatus.PENDING}))
    attempts = job.attempts + 1
    lease = Lease(str(uuid.uuid4()), worker, now + timedelta(seconds=lease_seconds))
    return moved(
        job,
        JobStatus.RUNNING,
        by=worker,
        message=f"claimed by {worker} (attempt {attempts})",
        now=now,
        lease=lease,
        attempts=attempts,
    )


def heartbeat(job: Job, token: str, lease_seconds: float, now: datetime) -> Job:
    """Extend a live lease; a terminal job still holding this token is returned unchanged."""
    if job.status in TERMINAL and job.lease is not None and job.lease.token == token:
        return job
    lease = require_lease(job, token, now)
    expires = now + timedelta(seconds=lease_seconds)
    return dataclasses.replace(
        job, lease=dataclasses.replace(lease, expires_at=expires), updated=now
    )


def expire(job: Job, now: datetime, max_attempts: int) -> Job | None:
    """RUNNING with an expired lease -> PENDING (retry) or FAILED (attempts exhausted)."""
    lease = job.lease
    if job.status is not JobStatus.RUNNING or lease is None or lease.expires_at > now:
        return None
    exhausted = job.attempts >= max_attempts
    target = JobStatus.FAILED if exhausted else JobStatus.PENDING
    outcome = "giving up" if exhausted else "will retry"
    message = (
        f"lease of {lease.worker} expired (attempt {job.attempts} of {max_attempts}); {outcome}"
    )
    return moved(job, target, by=SYSTEM, message=message, now=now)


def request_input(
    job: Job, token: str, message: str, schema: Mapping[str, JSONValue], now: datetime
) -> Job:
    lease = require_lease(job, token, now)
    request = InputRequest(message, dict(schema), now, lease.worker)
    return moved(
        job, JobStatus.ONHOLD, by=lease.worker, message=message, now=now, input_request=request
    )


def submit_input(
    job: Job,
    values: Mapping[str, JSONValue],
    actor: str,
    now: datetime,
    request_at: datetime | None = None,
) -> Job:
    """ONHOLD -> PENDING; with `request_at`, only if the pending request is still that one
    (the values were validated against it, and the job may have moved on since)."""
    require_status(job, frozenset({JobStatus.ONHOLD}))
    request = job.input_request
    if request is None or (request_at is not None and request.at != request_at):
        raise StaleState(job.id, frozenset({JobStatus.ONHOLD}), job)
    submission = InputSubmission(request, dict(values), now, actor)
    return moved(
        job,
        JobStatus.PENDING,
        by=actor,
        message="input submitted",
        now=now,
        input_request=None,
        inputs=(*job.inputs, submission),
        attempts=0,
    )


def add_output(
    job: Job, token: str, name: str, value: JSONValue, file_id: str | None, now: datetime
) -> Job:
    """Add (or replace, so a retried call is harmless) the output called `name`."""
    require_lease(job, token, now)
    kept = tuple(o for o in job.outputs if o.name != name)
    return dataclasses.replace(job, outputs=(*kept, Output(name, value, file_id, now)), updated=now)
