"""Quotas per person: jobs per minute, jobs waiting at once, items per job; both stores."""

from __future__ import annotations

import pytest

from gateway.events.memory import InMemoryBroker
from gateway.jobs.catalogue import load_catalogue
from gateway.jobs.errors import InvalidItems, QuotaExceeded
from gateway.jobs.model import Owner
from gateway.jobs.service import JobService, Quotas
from gateway.jobs.store import JobStore
from tests.jobs.conftest import FakeClock
from tests.jobs.test_service import ALICE, SHIPPED, dc

BOB = Owner(8, "bob")
PARAMS = {"pipeline": "autoPROC"}


@pytest.fixture
def service(store: JobStore, clock: FakeClock) -> JobService:
    return JobService(
        store,
        load_catalogue(SHIPPED),
        InMemoryBroker(),
        quotas=Quotas(per_minute=3, pending=4, max_items=2),
        clock=clock,
    )


async def test_jobs_per_minute_then_pending_at_once(service: JobService, clock: FakeClock) -> None:
    launched = [await service.submit("reprocess", [dc(i)], PARAMS, ALICE) for i in range(3)]
    with pytest.raises(QuotaExceeded, match="3 per minute") as refused:
        await service.submit("reprocess", [dc(9)], PARAMS, ALICE)
    assert refused.value.retry_after == 60
    # Another person has a quota of her own.
    await service.submit("reprocess", [dc(9)], PARAMS, BOB)

    clock.advance(seconds=61)
    launched.append(await service.submit("reprocess", [dc(4)], PARAMS, ALICE))
    with pytest.raises(QuotaExceeded, match="4 jobs waiting"):
        await service.submit("reprocess", [dc(5)], PARAMS, ALICE)
    # A job that leaves PENDING frees its place.
    await service.cancel(launched[0].id, "alice")
    await service.submit("reprocess", [dc(5)], PARAMS, ALICE)


async def test_items_per_job_are_bounded_before_anything_else(service: JobService) -> None:
    with pytest.raises(InvalidItems, match="at most 2 items"):
        service.check_item_count(3)
    with pytest.raises(InvalidItems, match="at most 2 items"):
        await service.submit("merge", [dc(1), dc(2), dc(3)], {}, ALICE)
    service.check_item_count(2)


async def test_an_unlimited_quota_costs_no_count(
    store: JobStore, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Counting a person's jobs is a scan where the store cannot index it (FerretDB):
    a quota no count can reach is not counted; a limited one still is."""
    counted = 0
    count = store.count

    async def counting(*args: object, **kwargs: object) -> int:
        nonlocal counted
        counted += 1
        return await count(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(store, "count", counting)
    catalogue = load_catalogue(SHIPPED)
    unlimited = JobService(store, catalogue, InMemoryBroker(), quotas=Quotas.unlimited())
    await unlimited.submit("reprocess", [dc(1)], PARAMS, ALICE)
    assert counted == 0
    per_minute = Quotas(per_minute=3, pending=Quotas.unlimited().pending)
    await JobService(store, catalogue, InMemoryBroker(), quotas=per_minute, clock=clock).submit(
        "reprocess", [dc(2)], PARAMS, ALICE
    )
    assert counted == 1
    limited = JobService(store, catalogue, InMemoryBroker(), quotas=Quotas(), clock=clock)
    await limited.submit("reprocess", [dc(3)], PARAMS, ALICE)
    assert counted == 3
