"""Redis pub/sub between replicas: a change made on one gateway reaches subscribers on all.

One pattern subscription per process reads every event and hands it to the
local fan-out (`InMemoryBroker`), so a thousand subscribers cost one Redis
connection. If Redis goes away the broker logs it, keeps delivering what this
replica publishes to its own subscribers, reconnects with back-off, and on
reconnecting tells every local subscriber to re-read its jobs (`resync`), so a
final status published while it was away is not lost.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import redis.asyncio as aioredis
from redis.exceptions import RedisError

from gateway.events.broker import Message
from gateway.events.memory import RESYNC, InMemoryBroker, Subscription

log = logging.getLogger("gateway.events")


class RedisBroker:
    name = "redis"

    def __init__(self, url: str, *, prefix: str = "ispyb-gateway:", queue_size: int = 100) -> None:
        # Commands may not hang a request; the pub/sub reader waits for messages by design.
        self._redis: aioredis.Redis = aioredis.from_url(
            url, socket_connect_timeout=3, socket_timeout=5
        )
        self._listener: aioredis.Redis = aioredis.from_url(url, socket_connect_timeout=3)
        self._prefix = prefix
        self._local = InMemoryBroker(queue_size)
        self._reader: asyncio.Task[None] | None = None
        self.connected = False

    def _ensure_reader(self) -> None:
        if self._reader is None or self._reader.done():
            self._reader = asyncio.create_task(self._read_forever())

    async def _read_forever(self) -> None:
        delay = 0.2
        first = True
        while True:
            pubsub = self._listener.pubsub()
            try:
                await pubsub.psubscribe(f"{self._prefix}*")
                self.connected = True
                if not first:
                    log.warning("redis is back: resynchronising subscribers")
                    self._local.deliver_everywhere(RESYNC)
                first, delay = False, 0.2
                async for item in pubsub.listen():
                    if item.get("type") != "pmessage":
                        continue
                    channel = item["channel"].decode()[len(self._prefix) :]
                    self._local.deliver(channel, json.loads(item["data"]))
            except asyncio.CancelledError:
                raise
            except (RedisError, OSError) as exc:
                if self.connected:
                    log.error("lost redis (%s); serving this replica's events only", exc)
                self.connected = False
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)
            finally:
                await _quietly(pubsub.aclose())  # type: ignore[no-untyped-call]

    async def publish(self, channel: str, message: Message) -> None:
        self._ensure_reader()
        payload = json.dumps(message, default=str)
        try:
            await self._redis.publish(f"{self._prefix}{channel}", payload)
        except (RedisError, OSError) as exc:
            # Other replicas miss it until Redis returns (then they resync); ours must not.
            log.error("could not publish to redis (%s); delivering locally", exc)
            self._local.deliver(channel, message)
            return
        if not self.connected:
            # Redis is back but our reader has not resubscribed yet (it retries with a
            # backoff): what we just published would reach every replica but this one.
            self._local.deliver(channel, message)

    def subscribe(self, channel: str) -> Subscription:
        self._ensure_reader()
        return self._local.subscribe(channel)

    async def ping(self) -> None:
        self._ensure_reader()
        await self._redis.ping()

    async def close(self) -> None:
        """Shut down within a few seconds whatever state the connections are in."""
        if self._reader is not None:
            self._reader.cancel()
            await _quietly(asyncio.wait_for(self._reader, 3))
        await self._local.close()
        for client in (self._redis, self._listener):
            await _quietly(asyncio.wait_for(client.aclose(), 3))


async def _quietly(awaitable: Any) -> None:
    try:
        await awaitable
    except BaseException:
        return
