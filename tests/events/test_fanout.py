"""The subscriptions benchmark's shape, run small: every subscriber gets every event of
its job, once, with one process (in-process broker) and across two brokers (Redis)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from gateway.events.broker import Broker, Subscription
from gateway.events.memory import InMemoryBroker
from gateway.events.redis import RedisBroker
from gateway.jobs.catalogue import load_catalogue
from gateway.jobs.description import ItemSummary
from gateway.jobs.events import job_channel
from gateway.jobs.memory_store import InMemoryJobStore
from gateway.jobs.model import ItemKind, Owner
from gateway.jobs.service import JobService, Quotas
from gateway.settings import REPO_ROOT

OWN, SHARED = 300, 100
ITEM = ItemSummary(id=1, kind=ItemKind.DATA_COLLECTION, label="x", images=1, proposal_id=1)


@pytest.fixture(params=["in-process", "redis"])
async def brokers(
    request: pytest.FixtureRequest, redis_url: str
) -> AsyncIterator[tuple[Broker, Broker]]:
    """(the publisher's broker, the subscribers' broker)."""
    if request.param == "in-process":
        broker = InMemoryBroker()
        yield broker, broker
        return
    a, b = (RedisBroker(redis_url, prefix="test-fanout:") for _ in range(2))
    yield a, b
    await a.close()
    await b.close()


async def _collect(subscription: Subscription, count: int) -> list[str]:
    got = []
    try:
        async with asyncio.timeout(30):
            while len(got) < count:
                message = await anext(subscription)
                got.append(str(message.get("to", message.get("event"))))
            # Nothing more may come: a doubled event would show here.
            with pytest.raises(TimeoutError):
                async with asyncio.timeout(0.2):
                    got.append(str((await anext(subscription)).get("to")))
    finally:
        await subscription.aclose()
    return got


async def test_every_subscriber_gets_every_event_once(brokers: tuple[Broker, Broker]) -> None:
    publisher, listener = brokers
    service = JobService(
        InMemoryJobStore(),
        load_catalogue(REPO_ROOT / "schema" / "catalogue"),
        publisher,
        quotas=Quotas.unlimited(),  # one person launches them all: not a quota test
    )
    owner = Owner(1, "alice")
    jobs = [
        await service.submit("reprocess", [ITEM], {"pipeline": "autoPROC"}, owner)
        for _ in range(OWN + 1)
    ]
    shared = jobs.pop(0)
    own = [asyncio.create_task(_collect(listener.subscribe(job_channel(j.id)), 1)) for j in jobs]
    watchers = [
        asyncio.create_task(_collect(listener.subscribe(job_channel(shared.id)), 2))
        for _ in range(SHARED)
    ]
    await asyncio.sleep(0.5)  # Redis: subscriptions are live once the server confirmed them
    claimed = await service.claim("w", ["reprocess"])  # the oldest: the shared job
    assert claimed is not None and claimed.id == shared.id and claimed.lease is not None
    for job in jobs:
        await service.cancel(job.id, "alice")
    await service.finish(shared.id, claimed.lease.token, actor="w")
    assert await asyncio.gather(*own) == [["CANCELLED"]] * OWN
    assert await asyncio.gather(*watchers) == [["RUNNING", "FINISHED"]] * SHARED
