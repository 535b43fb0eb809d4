"""Broker semantics: bounded queues that say when they dropped messages; Redis across clients."""

from __future__ import annotations

import asyncio

from gateway.events.memory import OVERFLOW, InMemoryBroker
from gateway.events.redis import RedisBroker


async def test_slow_subscriber_is_told_it_missed_messages() -> None:
    broker = InMemoryBroker(queue_size=2)
    slow = broker.subscribe("job:1")
    for n in range(5):
        await broker.publish("job:1", {"n": n})
    got = [await anext(slow) for _ in range(3)]
    assert got == [OVERFLOW, {"n": 3}, {"n": 4}]
    await slow.aclose()
    assert broker.channels == 0


async def test_subscription_starts_when_created() -> None:
    broker = InMemoryBroker()
    early = broker.subscribe("jobs")
    await broker.publish("jobs", {"n": 1})  # published before the first read
    assert await asyncio.wait_for(anext(early), 1) == {"n": 1}
    await early.aclose()


async def test_redis_brokers_reach_each_other(redis_url: str) -> None:
    a, b = (
        RedisBroker(redis_url, prefix="test-brokers:"),
        RedisBroker(redis_url, prefix="test-brokers:"),
    )
    async with asyncio.timeout(30):  # a broken broker must fail this test, not hang the suite
        await _exchange(a, b)


async def _exchange(a: RedisBroker, b: RedisBroker) -> None:
    try:
        on_b = b.subscribe("job:7")
        await b.ping()
        for _ in range(50):  # wait until b's pattern subscription is live
            if b.connected:
                break
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.1)
        await a.publish("job:7", {"to": "RUNNING"})
        assert await asyncio.wait_for(anext(on_b), 5) == {"to": "RUNNING"}
        await on_b.aclose()
    finally:
        await a.close()
        await b.close()
