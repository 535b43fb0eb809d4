"""Contract: the state machine, table-driven from `TRANSITIONS`, on both stores."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Awaitable, Callable

import pytest

from gateway.jobs.errors import JobNotFound, LeaseLost, StaleState
from gateway.jobs.model import Job
from gateway.jobs.states import DEDICATED, TERMINAL, TRANSITIONS, IllegalTransition, JobStatus
from gateway.jobs.store import JobStore
from tests.jobs.helpers import INPUT_SCHEMA, LEASE, WORKER, Driven, drive

P, R, H = JobStatus.PENDING, JobStatus.RUNNING, JobStatus.ONHOLD
F, X, C = JobStatus.FINISHED, JobStatus.FAILED, JobStatus.CANCELLED

Operation = Callable[[JobStore, Driven], Awaitable[Job]]


def _generic(source: JobStatus, target: JobStatus, with_token: bool) -> Operation:
    async def run(store: JobStore, d: Driven) -> Job:
        return await store.transition(
            d.job.id,
            source,
            target,
            actor="actor",
            message=f"{source}->{target}",
            lease_token=d.token if with_token else None,
        )

    return run


async def _claim(store: JobStore, d: Driven) -> Job:
    job = await store.claim([d.job.type], WORKER, LEASE)
    assert job is not None
    return job


async def _request_input(store: JobStore, d: Driven) -> Job:
    assert d.token is not None
    return await store.request_input(d.job.id, d.token, "space group?", INPUT_SCHEMA)


async def _submit_input(store: JobStore, d: Driven) -> Job:
    return await store.submit_input(d.job.id, {"spaceGroup": "P21"}, actor="alice")


#: How each allowed transition is performed. Must cover TRANSITIONS exactly.
OPERATIONS: dict[tuple[JobStatus, JobStatus], Operation] = {
    (P, R): _claim,
    (P, C): _generic(P, C, False),
    (P, X): _generic(P, X, False),
    (R, F): _generic(R, F, True),
    (R, X): _generic(R, X, True),
    (R, P): _generic(R, P, True),
    (R, H): _request_input,
    (R, C): _generic(R, C, False),
    (H, P): _submit_input,
    (H, C): _generic(H, C, False),
}

ILLEGAL = sorted(
    (a, b) for a, b in itertools.product(JobStatus, JobStatus) if (a, b) not in TRANSITIONS
)


def test_every_transition_has_an_operation_under_test() -> None:
    assert set(OPERATIONS) == set(TRANSITIONS)


def test_terminal_states_have_no_way_out() -> None:
    assert not [pair for pair in TRANSITIONS if pair[0] in TERMINAL]


@pytest.mark.parametrize(("source", "target"), sorted(TRANSITIONS), ids=str)
async def test_allowed_transition(store: JobStore, source: JobStatus, target: JobStatus) -> None:
    d = await drive(store, source)
    before = d.job
    after = await OPERATIONS[(source, target)](store, d)
    assert after.id == before.id
    assert after.status is target
    assert after.version == before.version + 1
    entry = after.history[-1]
    assert (entry.source, entry.target) == (source, target)
    assert entry.at == after.updated
    assert entry.by and entry.message
    assert len(after.history) == len(before.history) + 1
    assert await store.get(after.id) == after
    # Lease rule: dropped on the way back to PENDING/ONHOLD, kept as a record otherwise.
    if target in (P, H):
        assert after.lease is None
    if source is R and target in TERMINAL:
        assert after.lease == before.lease


@pytest.mark.parametrize(("source", "target"), ILLEGAL, ids=str)
async def test_illegal_transition_changes_nothing(
    store: JobStore, source: JobStatus, target: JobStatus
) -> None:
    d = await drive(store, source)
    with pytest.raises(IllegalTransition):
        await store.transition(
            d.job.id, source, target, actor="x", message="nope", lease_token=d.token
        )
    assert await store.get(d.job.id) == d.job


@pytest.mark.parametrize(("source", "target"), sorted(DEDICATED), ids=str)
async def test_generic_transition_refuses_dedicated_ones(
    store: JobStore, source: JobStatus, target: JobStatus
) -> None:
    d = await drive(store, source)
    with pytest.raises(IllegalTransition, match=DEDICATED[(source, target)]):
        await store.transition(d.job.id, source, target, actor="x", message="m")
    assert await store.get(d.job.id) == d.job


async def test_illegal_transition_is_refused_before_the_store_is_read(store: JobStore) -> None:
    with pytest.raises(IllegalTransition):
        await store.transition("0" * 24, F, P, actor="x", message="m")


async def test_unknown_and_malformed_ids(store: JobStore) -> None:
    for job_id in ("0" * 24, "not-an-object-id"):
        with pytest.raises(JobNotFound):
            await store.get(job_id)
        with pytest.raises(JobNotFound):
            await store.transition(job_id, P, C, actor="x", message="m")


async def test_stale_expected_status_changes_nothing(store: JobStore) -> None:
    d = await drive(store, P)
    with pytest.raises(StaleState) as caught:
        await store.transition(d.job.id, R, F, actor="x", message="m")
    assert caught.value.current is not None
    assert caught.value.current.status is P
    assert await store.get(d.job.id) == d.job


async def test_expected_may_be_a_set(store: JobStore) -> None:
    for status in (P, R, H):
        d = await drive(store, status)
        job = await store.transition(d.job.id, {P, R, H}, C, actor="alice", message="stop")
        assert job.status is C


async def test_a_set_with_one_illegal_source_is_illegal(store: JobStore) -> None:
    d = await drive(store, P)
    with pytest.raises(IllegalTransition):
        await store.transition(d.job.id, {P, F}, C, actor="x", message="m")


async def test_worker_transition_is_fenced(store: JobStore) -> None:
    d = await drive(store, R)
    with pytest.raises(LeaseLost):
        await store.transition(d.job.id, R, F, actor=WORKER, message="m", lease_token="bogus")
    assert await store.get(d.job.id) == d.job


async def test_concurrent_claims_of_one_job_exactly_one_wins(store: JobStore) -> None:
    for _ in range(5):
        d = await drive(store, P)
        results = await asyncio.gather(
            *[store.claim([d.job.type], f"worker-{i}", LEASE) for i in range(8)]
        )
        winners = [r for r in results if r is not None]
        assert len(winners) == 1
        stored = await store.get(d.job.id)
        assert stored.status is R and stored.attempts == 1
        assert stored.lease == winners[0].lease
        assert [h.target for h in stored.history] == [R]


async def test_concurrent_claims_share_out_several_jobs(store: JobStore) -> None:
    first = await drive(store, P, type="shared")
    others = [await drive(store, P, type="shared") for _ in range(3)]
    results = await asyncio.gather(*[store.claim(["shared"], f"w{i}", LEASE) for i in range(6)])
    claimed = [r.id for r in results if r is not None]
    assert sorted(claimed) == sorted([first.job.id, *(o.job.id for o in others)])


async def test_concurrent_conditional_transitions_exactly_one_wins(store: JobStore) -> None:
    d = await drive(store, R)
    assert d.token is not None
    outcomes = await asyncio.gather(
        store.transition(d.job.id, R, C, actor="alice", message="cancel"),
        store.transition(d.job.id, R, F, actor=WORKER, message="ok", lease_token=d.token),
        store.transition(d.job.id, R, X, actor=WORKER, message="ko", lease_token=d.token),
        store.transition(d.job.id, {P, R, H}, C, actor="staff", message="cancel"),
        return_exceptions=True,
    )
    successes = [o for o in outcomes if isinstance(o, Job)]
    assert len(successes) == 1, outcomes
    assert all(isinstance(o, Job | StaleState | LeaseLost) for o in outcomes), outcomes
    stored = await store.get(d.job.id)
    assert stored.status is successes[0].status
    assert len(stored.history) == 2


async def test_concurrent_outputs_are_all_kept(store: JobStore) -> None:
    d = await drive(store, R)
    assert d.token is not None
    token = d.token
    await asyncio.gather(*[store.add_output(d.job.id, token, f"o{i}", i) for i in range(6)])
    stored = await store.get(d.job.id)
    assert sorted(o.name for o in stored.outputs) == [f"o{i}" for i in range(6)]
