"""Claims take turns across owners (gateway/jobs/fairness.py), over both stores."""

from __future__ import annotations

from collections import Counter

from gateway.jobs.states import JobStatus
from gateway.jobs.store import JobStore
from tests.jobs.conftest import FakeClock
from tests.jobs.helpers import LEASE, new_job

TYPE = "reprocess"


async def _claim_owners(store: JobStore, count: int) -> list[str]:
    owners = []
    for i in range(count):
        job = await store.claim([TYPE], f"w{i}", LEASE)
        assert job is not None
        owners.append(job.owner.login)
    return owners


async def test_a_backlog_does_not_hold_back_other_owners(store: JobStore, clock: FakeClock) -> None:
    for _ in range(30):  # alice floods the queue first
        await store.create(new_job(type=TYPE, login="alice"))
        clock.advance(seconds=1)
    for login in ("bob", "bob", "carol"):
        clock.advance(minutes=5)
        await store.create(new_job(type=TYPE, login=login))
    owners = await _claim_owners(store, 6)
    # A round robin: alice's oldest, then bob's and carol's first, then bob's second.
    assert owners[:3] == ["alice", "bob", "carol"]
    assert Counter(owners[:5]) == Counter({"alice": 2, "bob": 2, "carol": 1})
    assert owners[5] == "alice"
    # Every job is still claimed exactly once, the rest in order.
    rest = await _claim_owners(store, 27)
    assert rest == ["alice"] * 27
    assert await store.claim([TYPE], "w", LEASE) is None


async def test_within_one_owner_the_oldest_goes_first(store: JobStore, clock: FakeClock) -> None:
    ids = []
    for _ in range(5):
        ids.append((await store.create(new_job(type=TYPE, login="alice"))).id)
        clock.advance(seconds=1)
    claimed = [await store.claim([TYPE], "w", LEASE) for _ in range(5)]
    assert [j.id for j in claimed if j is not None] == ids


async def test_a_drained_backlog_costs_nothing_later(store: JobStore, clock: FakeClock) -> None:
    for _ in range(10):
        await store.create(new_job(type=TYPE, login="alice"))
    await _claim_owners(store, 10)  # alice's burst has all been taken
    clock.advance(minutes=1)
    bob = await store.create(new_job(type=TYPE, login="bob"))
    clock.advance(minutes=1)
    alice = await store.create(new_job(type=TYPE, login="alice"))
    assert alice.queue_at == alice.created  # placed at its launch, no debt
    first = await store.claim([TYPE], "w", LEASE)
    second = await store.claim([TYPE], "w", LEASE)
    assert (first and first.id, second and second.id) == (bob.id, alice.id)


async def test_an_expired_lease_keeps_its_place(store: JobStore, clock: FakeClock) -> None:
    early = await store.create(new_job(type=TYPE, login="alice"))
    claimed = await store.claim([TYPE], "w", LEASE)
    assert claimed is not None and claimed.id == early.id
    clock.advance(minutes=1)
    later = await store.create(new_job(type=TYPE, login="bob"))
    clock.advance(seconds=LEASE + 1)
    (expired,) = await store.expire_leases(clock(), max_attempts=3)
    assert expired.status is JobStatus.PENDING and expired.queue_at == early.queue_at
    again = await store.claim([TYPE], "w2", LEASE)
    assert again is not None and again.id == early.id
    last = await store.claim([TYPE], "w3", LEASE)
    assert last is not None and last.id == later.id
