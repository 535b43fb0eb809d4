"""Redis pub/sub between replicas: a change made on one gateway reaches subscribers on all.

One pattern subscription per process reads every event and hands it to the
local fan-out (`InMemoryBroker`), so a thousand subscribers cost one Redis
connection. If Redis goes away the broker logs it, keeps delivering what this
replica publishes to its own subscribers, reconnects with back-off, and on
reconnecting tells every local subscriber to re-read its jobs (`resync`), so a
final status published while it was away is not lost. Messages this replica could
not publish are kept (a bounded backlog, oldest dropped first) and published, in
order, once Redis answers again, so other replicas get them late rather than never;
this replica's own subscribers had them at once and skip the replayed copies.

A message for several channels (a job's and the all-jobs one) crosses Redis once, on
the first, naming the others in `alsoOn`: each replica parses it once and hands the
same object to the subscribers of every channel, so what they derive from it (the
job it carries, decoded) is worked out once per replica, not once per channel.

Announcements (`announce`, the job outbox's guard) are one Lua script: the check of
the last change announced for a key, its update and the publishes happen atomically
in Redis, so of several replicas announcing one change exactly one publishes it.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
import uuid
from collections import deque
from collections.abc import Sequence
from typing import Any

import orjson
import redis.asyncio as aioredis
from redis.exceptions import RedisError

from gateway.events.broker import Message
from gateway.events.memory import RESYNC, InMemoryBroker, Subscription

log = logging.getLogger("gateway.events")

# KEYS: the announcement's key, or none for a plain publish; ARGV: the change's number,
# the key's lifetime (s), the payload, then the channel (none: nothing to publish).
_PUBLISH = """
if #KEYS == 1 then
  local last = tonumber(redis.call('GET', KEYS[1]) or '-1')
  if tonumber(ARGV[1]) <= last then return 0 end
  redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
end
if #ARGV == 4 then redis.call('PUBLISH', ARGV[4], ARGV[3]) end
return 1
"""

# The payload's key naming the message's other channels (see the module's docstring).
_ALSO_ON = "alsoOn"

# How long Redis remembers a key's last announced change: far longer than any
# sweeper's look-back, short enough that finished jobs' keys go away.
ANNOUNCED_SECONDS = 24 * 3600


@dataclasses.dataclass(frozen=True, slots=True)
class _Outgoing:
    key: str | None
    number: int
    channels: tuple[str, ...]
    message: Message


class RedisBroker:
    name = "redis"

    def __init__(
        self,
        url: str,
        *,
        prefix: str = "ispyb-gateway:",
        queue_size: int = 100,
        backlog_size: int = 10_000,
    ) -> None:
        # Commands may not hang a request; the pub/sub reader waits for messages by design.
        self._redis: aioredis.Redis = aioredis.from_url(
            url, socket_connect_timeout=3, socket_timeout=5
        )
        self._listener: aioredis.Redis = aioredis.from_url(url, socket_connect_timeout=3)
        self._prefix = prefix
        self._local = InMemoryBroker(queue_size)
        self._reader: asyncio.Task[None] | None = None
        self.connected = False
        self._id = uuid.uuid4().hex
        self._backlog: deque[_Outgoing] = deque(maxlen=backlog_size)
        self._flushing = asyncio.Lock()
        self._script = self._redis.register_script(_PUBLISH)

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
                await self._flush()
                async for item in pubsub.listen():
                    if item.get("type") != "pmessage":
                        continue
                    channel = item["channel"].decode()[len(self._prefix) :]
                    message = _parsed(item["data"])
                    others = message.pop(_ALSO_ON, ())
                    if message.pop("replayedBy", None) == self._id:
                        continue  # our own subscribers had it when it could not be published
                    self._local.deliver(channel, message)
                    for other in others:
                        self._local.deliver(other, message)
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
        await self._send(_Outgoing(None, 0, (channel,), message))

    async def announce(
        self, key: str, number: int, channels: Sequence[str], message: Message
    ) -> bool:
        return await self._send(_Outgoing(key, number, tuple(channels), message))

    async def announced(self, keys: Sequence[str]) -> list[int | None]:
        if not keys:
            return []
        values = await self._redis.mget([self._announced_key(key) for key in keys])
        return [int(v) if v is not None else None for v in values]

    def _announced_key(self, key: str) -> str:
        return f"{self._prefix}announced:{key}"

    async def _send(self, outgoing: _Outgoing) -> bool:
        self._ensure_reader()
        if self._backlog:
            await self._flush()  # keep the order: what waits goes first
        try:
            if self._backlog:
                raise RedisError("backlog not yet published")
            published = await self._run(outgoing)
        except (RedisError, OSError) as exc:
            # Other replicas get it when Redis returns (the backlog); ours must not wait.
            log.error("could not publish to redis (%s); delivering locally, kept for later", exc)
            self._deliver_here(outgoing)
            replayed = {**outgoing.message, "replayedBy": self._id}
            self._backlog.append(dataclasses.replace(outgoing, message=replayed))
            return True
        if published and not self.connected:
            # Redis is back but our reader has not resubscribed yet (it retries with a
            # backoff): what we just published would reach every replica but this one.
            self._deliver_here(outgoing)
        return published

    def _deliver_here(self, outgoing: _Outgoing) -> None:
        for channel in outgoing.channels:
            self._local.deliver(channel, outgoing.message)

    async def _run(self, outgoing: _Outgoing) -> bool:
        keys = [self._announced_key(outgoing.key)] if outgoing.key is not None else []
        channels, message = outgoing.channels, outgoing.message
        if len(channels) > 1:
            message = {**message, _ALSO_ON: channels[1:]}
        payload = json.dumps(message, default=str)
        args: list[str | int] = [outgoing.number, ANNOUNCED_SECONDS, payload]
        args += [f"{self._prefix}{channel}" for channel in channels[:1]]
        return bool(await self._script(keys=keys, args=args))

    async def _flush(self) -> None:
        """Publish the backlog in order; stop at the first failure (kept for the next try)."""
        async with self._flushing:
            while self._backlog:
                try:
                    await self._run(self._backlog[0])
                except (RedisError, OSError):
                    return
                self._backlog.popleft()

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


def _parsed(data: bytes) -> Message:
    """orjson, several times faster on a job's message; the standard parser for what only it
    reads (`json.dumps` writes a float NaN as `NaN`, which orjson refuses)."""
    try:
        message: Message = orjson.loads(data)
    except orjson.JSONDecodeError:
        message = json.loads(data)
    return message


async def _quietly(awaitable: Any) -> None:
    try:
        await awaitable
    except BaseException:
        return
