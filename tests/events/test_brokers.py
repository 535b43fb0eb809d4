"""Broker semantics: bounded queues that say when they dropped messages; Redis across clients."""

from __future__ import annotations

import asyncio
import math
import uuid

import redis.asyncio

from gateway.events.memory import OVERFLOW, InMemoryBroker, Subscription
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


async def _listening(broker: RedisBroker, channel: str) -> Subscription:
    """A subscription on `channel`, once the broker's pattern subscription is live."""
    subscription = broker.subscribe(channel)
    await broker.ping()
    for _ in range(100):
        if broker.connected:
            break
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.1)
    return subscription


async def _exchange(a: RedisBroker, b: RedisBroker) -> None:
    try:
        on_b = await _listening(b, "job:7")
        await a.publish("job:7", {"to": "RUNNING"})
        assert await asyncio.wait_for(anext(on_b), 5) == {"to": "RUNNING"}
        await on_b.aclose()
    finally:
        await a.close()
        await b.close()


async def test_an_announcement_is_published_once_and_in_order(redis_url: str) -> None:
    """Two replicas announce the same changes at once (the one that made them and a
    sweeper): each change is published exactly once, and never after a later one."""
    prefix = f"test-announce-{uuid.uuid4().hex}:"
    a, b = RedisBroker(redis_url, prefix=prefix), RedisBroker(redis_url, prefix=prefix)
    async with asyncio.timeout(30):
        try:
            heard = await _listening(b, "job:9")
            for n in range(1, 21):
                both = await asyncio.gather(
                    a.announce("job:9", n, ["job:9", "jobs"], {"n": n}),
                    b.announce("job:9", n, ["job:9", "jobs"], {"n": n}),
                )
                assert sorted(both) == [False, True], (n, both)
            assert not await a.announce("job:9", 7, ["job:9"], {"n": 7})  # older: refused
            assert await b.announced(["job:9", "job:unknown"]) == [20, None]
            assert [(await asyncio.wait_for(anext(heard), 5))["n"] for _ in range(20)] == list(
                range(1, 21)
            )
            await a.publish("job:9", {"n": "plain"})  # plain publishes are not numbered
            assert (await asyncio.wait_for(anext(heard), 5))["n"] == "plain"
            await heard.aclose()
        finally:
            await a.close()
            await b.close()


async def test_in_process_announcements_keep_the_same_rules() -> None:
    broker = InMemoryBroker(remembered=2)
    heard = broker.subscribe("jobs")
    assert await broker.announce("job:1", 0, ["jobs"], {"n": 0})
    assert not await broker.announce("job:1", 0, ["jobs"], {"n": 0})
    assert await broker.announce("job:1", 2, ["jobs"], {"n": 2})
    assert not await broker.announce("job:1", 1, ["jobs"], {"n": 1})
    assert [await anext(heard) for _ in range(2)] == [{"n": 0}, {"n": 2}]
    await broker.announce("job:2", 0, [], {})
    await broker.announce("job:3", 0, [], {})  # past `remembered`: the oldest key goes
    assert await broker.announced(["job:1", "job:2", "job:3"]) == [None, 0, 0]
    await heard.aclose()


async def test_a_message_for_several_channels_crosses_redis_once(redis_url: str) -> None:
    """A job's change goes to its channel and the all-jobs one: one Redis message, seen on both
    channels of the other replica as one object (its job decoded once there), in order, with
    no routing key left in it; what only the standard parser reads (NaN) still arrives."""
    prefix = f"test-once-{uuid.uuid4().hex}:"
    a, b = RedisBroker(redis_url, prefix=prefix), RedisBroker(redis_url, prefix=prefix)
    raw = redis.asyncio.from_url(redis_url)
    pubsub = raw.pubsub()
    async with asyncio.timeout(30):
        try:
            await pubsub.psubscribe(f"{prefix}*")
            on_job = await _listening(b, "job:5")
            on_all = b.subscribe("jobs")
            for n in range(1, 4):
                assert await a.announce("job:5", n, ["job:5", "jobs"], {"n": n})
            await a.publish("job:5", {"n": float("nan")})
            got_job = [await asyncio.wait_for(anext(on_job), 5) for _ in range(4)]
            got_all = [await asyncio.wait_for(anext(on_all), 5) for _ in range(3)]
            assert [m["n"] for m in got_job[:3]] == [1, 2, 3]
            assert math.isnan(got_job[3]["n"])
            assert got_all == [{"n": 1}, {"n": 2}, {"n": 3}]
            assert all(x is y for x, y in zip(got_job, got_all, strict=False))
            channels = []
            while len(channels) < 4:
                item = await pubsub.get_message(ignore_subscribe_messages=True, timeout=5)
                if item is not None:
                    channels.append(item["channel"].decode().removeprefix(prefix))
            assert channels == ["job:5"] * 4
            assert await pubsub.get_message(ignore_subscribe_messages=True, timeout=0.3) is None
            await on_job.aclose()
            await on_all.aclose()
        finally:
            await pubsub.aclose()
            await raw.aclose()
            await a.close()
            await b.close()
