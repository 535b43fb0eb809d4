"""Contract: leases, expiry, fencing, heartbeats, input requests and outputs."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from gateway.jobs.errors import LeaseLost, StaleState
from gateway.jobs.model import Job
from gateway.jobs.states import JobStatus
from gateway.jobs.store import JobStore
from tests.jobs.conftest import FakeClock
from tests.jobs.helpers import INPUT_SCHEMA, LEASE, WORKER, claimed, drive

P, R, H = JobStatus.PENDING, JobStatus.RUNNING, JobStatus.ONHOLD
F, X, C = JobStatus.FINISHED, JobStatus.FAILED, JobStatus.CANCELLED


async def test_claim_gives_a_lease_and_counts_the_attempt(
    store: JobStore, clock: FakeClock
) -> None:
    d = await drive(store, P)
    job = await claimed(store, d.job)
    assert job.status is R and job.attempts == 1
    assert job.lease is not None
    assert job.lease.worker == WORKER
    assert job.lease.expires_at == clock() + timedelta(seconds=LEASE)
    assert len(job.lease.token) == 36


async def test_claim_takes_the_oldest_pending_of_the_types_asked(
    store: JobStore, clock: FakeClock
) -> None:
    old = await drive(store, P, type="a")
    clock.advance(seconds=1)
    await drive(store, P, type="a")
    await drive(store, P, type="b")
    assert await store.claim(["c"], WORKER, LEASE) is None
    first = await store.claim(["a"], WORKER, LEASE)
    assert first is not None and first.id == old.job.id
    anything = await store.claim(None, WORKER, LEASE)
    assert anything is not None and anything.status is R


async def test_claim_with_nothing_pending(store: JobStore) -> None:
    await drive(store, R)
    assert await store.claim(None, WORKER, LEASE) is None


async def test_expired_lease_goes_back_to_pending_then_fails(
    store: JobStore, clock: FakeClock
) -> None:
    d = await drive(store, R)
    assert await store.expire_leases(clock(), max_attempts=2) == []
    expired = await store.expire_leases(clock.advance(seconds=LEASE), max_attempts=2)
    assert [j.id for j in expired] == [d.job.id]
    job = expired[0]
    assert job.status is P and job.attempts == 1 and job.lease is None
    assert job.history[-1].by == "system"
    assert "expired" in job.history[-1].message
    assert await store.get(job.id) == job

    again = await claimed(store, job, worker="worker-2")
    assert again.attempts == 2
    failed = await store.expire_leases(clock.advance(seconds=LEASE + 1), max_attempts=2)
    assert [(j.id, j.status) for j in failed] == [(job.id, X)]
    assert failed[0].attempts == 2
    assert "giving up" in failed[0].history[-1].message
    assert [(h.source, h.target) for h in failed[0].history] == [(P, R), (R, P), (P, R), (R, X)]


async def test_two_sweepers_never_double_handle(store: JobStore, clock: FakeClock) -> None:
    jobs = [await drive(store, R) for _ in range(3)]
    now = clock.advance(seconds=LEASE * 2)
    results = await asyncio.gather(*[store.expire_leases(now, 5) for _ in range(4)])
    handled = sorted(j.id for batch in results for j in batch)
    assert handled == sorted(d.job.id for d in jobs)
    for d in jobs:
        stored = await store.get(d.job.id)
        assert stored.status is P and len(stored.history) == 2


async def test_stale_token_is_refused_and_changes_nothing(
    store: JobStore, clock: FakeClock
) -> None:
    d = await drive(store, R)
    assert d.token is not None
    stale = d.token
    await store.expire_leases(clock.advance(seconds=LEASE + 1), max_attempts=5)
    current = await claimed(store, d.job, worker="worker-2")
    assert current.lease is not None and current.lease.token != stale

    attempts = [
        store.heartbeat(d.job.id, stale, LEASE),
        store.transition(d.job.id, R, F, actor=WORKER, message="m", lease_token=stale),
        store.add_output(d.job.id, stale, "x", 1),
        store.request_input(d.job.id, stale, "?", INPUT_SCHEMA),
    ]
    for attempt in attempts:
        with pytest.raises(LeaseLost) as caught:
            await attempt
        assert caught.value.current is not None
    assert await store.get(d.job.id) == current


async def test_expired_but_unswept_lease_is_refused(store: JobStore, clock: FakeClock) -> None:
    d = await drive(store, R)
    assert d.token is not None
    clock.advance(seconds=LEASE)
    with pytest.raises(LeaseLost):
        await store.heartbeat(d.job.id, d.token, LEASE)
    with pytest.raises(LeaseLost):
        await store.add_output(d.job.id, d.token, "x", 1)
    assert await store.get(d.job.id) == d.job


async def test_heartbeat_extends_the_lease(store: JobStore, clock: FakeClock) -> None:
    d = await drive(store, R)
    assert d.token is not None
    now = clock.advance(seconds=LEASE - 1)
    job = await store.heartbeat(d.job.id, d.token, 120)
    assert job.lease is not None
    assert job.lease.expires_at == now + timedelta(seconds=120)
    assert job.lease.token == d.token
    assert job.status is R and job.history == d.job.history
    assert await store.expire_leases(clock.advance(seconds=100), 3) == []


async def test_heartbeat_reveals_cancellation(store: JobStore) -> None:
    d = await drive(store, R)
    assert d.token is not None
    await store.transition(d.job.id, {P, R, H}, C, actor="alice", message="not needed")
    job = await store.heartbeat(d.job.id, d.token, LEASE)
    assert job.status is C
    assert job.history[-1].by == "alice"
    # ...and the worker can no longer write.
    with pytest.raises(LeaseLost):
        await store.add_output(d.job.id, d.token, "late", 1)
    with pytest.raises(LeaseLost):
        await store.transition(d.job.id, R, F, actor=WORKER, message="m", lease_token=d.token)


async def test_input_request_and_submission_cycle(store: JobStore, clock: FakeClock) -> None:
    d = await drive(store, R)
    assert d.token is not None
    asked_at = clock.advance(seconds=1)
    onhold = await store.request_input(d.job.id, d.token, "Which space group?", INPUT_SCHEMA)
    assert onhold.status is H and onhold.lease is None
    assert onhold.input_request is not None
    assert onhold.input_request.message == "Which space group?"
    assert onhold.input_request.schema == INPUT_SCHEMA
    assert onhold.input_request.at == asked_at
    assert onhold.input_request.by == WORKER
    assert await store.get(d.job.id) == onhold

    # The lease was released: the worker cannot write while the user thinks.
    with pytest.raises(LeaseLost):
        await store.add_output(d.job.id, d.token, "x", 1)

    pending = await store.submit_input(d.job.id, {"spaceGroup": "P212121"}, actor="alice")
    assert pending.status is P and pending.input_request is None
    assert pending.attempts == 0
    assert len(pending.inputs) == 1
    submitted = pending.inputs[0]
    assert submitted.values == {"spaceGroup": "P212121"}
    assert submitted.by == "alice"
    assert submitted.request == onhold.input_request
    assert pending.history[-1].by == "alice"

    with pytest.raises(StaleState):
        await store.submit_input(d.job.id, {"spaceGroup": "P1"}, actor="alice")

    again = await claimed(store, pending)
    assert again.attempts == 1 and again.inputs == pending.inputs


async def test_outputs(store: JobStore, clock: FakeClock) -> None:
    d = await drive(store, R)
    assert d.token is not None
    job = await store.add_output(d.job.id, d.token, "stats", {"rMerge": 0.05, "$k": [1]})
    assert [(o.name, o.value, o.file_id) for o in job.outputs] == [
        ("stats", {"rMerge": 0.05, "$k": [1]}, None)
    ]
    assert job.status is R and job.history == d.job.history
    clock.advance(seconds=1)
    job = await store.add_output(d.job.id, d.token, "log", None, file_id="f" * 24)
    job = await store.add_output(d.job.id, d.token, "stats", {"rMerge": 0.04})
    assert [(o.name, o.value) for o in job.outputs] == [
        ("log", None),
        ("stats", {"rMerge": 0.04}),
    ]
    assert job.outputs[0].file_id == "f" * 24
    assert await store.get(d.job.id) == job
    finished = await store.transition(
        d.job.id, R, F, actor=WORKER, message="ok", lease_token=d.token
    )
    assert finished.outputs == job.outputs


async def test_job_document_round_trips(store: JobStore) -> None:
    d = await drive(store, P)
    job = d.job
    assert isinstance(job, Job)
    assert job.status is P and job.history == () and job.attempts == 0
    assert job.created == job.updated and job.created.tzinfo is not None
    assert job.outputs == () and job.inputs == () and job.input_request is None
    assert job.lease is None
    assert job.parameters == {"pipeline": "autoPROC", "$odd.key": [1, {"a.b": None}]}
    assert len(job.id) == 24 and int(job.id, 16) >= 0
    assert await store.get(job.id) == job


async def test_submit_input_fenced_on_the_request(store: JobStore, clock: FakeClock) -> None:
    d = await drive(store, H)
    assert d.job.input_request is not None
    with pytest.raises(StaleState):
        await store.submit_input(
            d.job.id, {"spaceGroup": "P1"}, actor="alice", request_at=clock() - timedelta(days=1)
        )
    assert await store.get(d.job.id) == d.job
    job = await store.submit_input(
        d.job.id, {"spaceGroup": "P1"}, actor="alice", request_at=d.job.input_request.at
    )
    assert job.status is P


async def test_changed_between_lists_the_last_writes_in_a_window(
    store: JobStore, clock: FakeClock
) -> None:
    """The outbox's sweep reads the jobs written within its look-back, oldest write first."""
    first = await drive(store, P)
    clock.advance(seconds=10)
    start = clock()
    second = await drive(store, P)
    clock.advance(seconds=1)
    third = await drive(store, R)
    clock.advance(seconds=1)
    moved_at = clock()
    moved = await store.transition(first.job.id, P, C, actor="alice", message="")
    end = clock.advance(seconds=1)
    window = await store.changed_between(start, end)
    assert [j.id for j in window] == [second.job.id, third.job.id, first.job.id]
    assert window[-1].version == moved.version
    assert await store.changed_between(start, start) == []
    assert [j.id for j in await store.changed_between(moved_at, end)] == [first.job.id]
    assert [j.id for j in await store.changed_between(start, moved_at)] == [
        second.job.id,
        third.job.id,
    ]
