"""Builders shared by the job tests: new jobs, and jobs driven into a given status."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass

from gateway.jobs.model import ItemKind, ItemRef, Job, NewJob, Owner
from gateway.jobs.states import JobStatus
from gateway.jobs.store import JobStore

DC = ItemKind.DATA_COLLECTION
DCG = ItemKind.DATA_COLLECTION_GROUP
WORKER = "worker-1"
LEASE = 60.0
INPUT_SCHEMA = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "type": "object",
    "required": ["spaceGroup"],
    "properties": {"spaceGroup": {"type": "string", "minLength": 1}},
}


def new_job(
    *,
    type: str | None = None,
    items: Iterable[ItemRef] = (ItemRef(DC, 1),),
    login: str = "alice",
    proposal_id: int = 10,
    session_id: int | None = 100,
    beamline: str | None = "id30a1",
) -> NewJob:
    return NewJob(
        type=type or f"t-{uuid.uuid4().hex[:8]}",
        items=tuple(items),
        parameters={"pipeline": "autoPROC", "$odd.key": [1, {"a.b": None}]},
        description="[Reprocess] 1 GCSH-x8 (880 images)",
        owner=Owner(7, login),
        proposal_id=proposal_id,
        session_id=session_id,
        beamline=beamline,
    )


@dataclass
class Driven:
    job: Job
    token: str | None  # the lease token, when the job was ever claimed


async def claimed(store: JobStore, job: Job, worker: str = WORKER) -> Job:
    """Claim exactly this job (tests give every job its own type by default)."""
    got = await store.claim([job.type], worker, LEASE)
    assert got is not None and got.id == job.id
    return got


async def drive(store: JobStore, status: JobStatus, **kwargs: object) -> Driven:
    """A fresh job brought into `status` through the real operations."""
    job = await store.create(new_job(**kwargs))  # type: ignore[arg-type]
    if status is JobStatus.PENDING:
        return Driven(job, None)
    if status is JobStatus.CANCELLED:
        job = await store.transition(
            job.id, JobStatus.PENDING, status, actor="alice", message="cancel"
        )
        return Driven(job, None)
    job = await claimed(store, job)
    assert job.lease is not None
    token = job.lease.token
    if status is JobStatus.RUNNING:
        return Driven(job, token)
    if status is JobStatus.ONHOLD:
        job = await store.request_input(job.id, token, "space group?", INPUT_SCHEMA)
        return Driven(job, token)
    job = await store.transition(
        job.id, JobStatus.RUNNING, status, actor=WORKER, message="done", lease_token=token
    )
    return Driven(job, token)


async def chunks(data: bytes, size: int = 100_000) -> AsyncIterator[bytes]:
    for offset in range(0, len(data), size):
        yield data[offset : offset + size]


async def read_all(stream: AsyncIterator[bytes]) -> bytes:
    return b"".join([piece async for piece in stream])
