"""Idempotency keys: a retried create returns its first result and writes nothing.

MXCuBE retries a call that timed out, not knowing whether it reached ISPyB. Each
create may carry a key; the first request with it claims the key (a short lease),
writes, commits, then records the result (the ids) under the key. A retry with the
same key and the same input gets those ids back; with another input it is refused
(`IDEMPOTENCY_KEY_REUSED`); while the first is still running it waits briefly, then
is told to retry (`IDEMPOTENCY_KEY_IN_USE`). A request that fails releases the key.

Where: Redis (`SET NX` with expiry), the store every replica already shares for
events, so a retry reaching another replica finds the key; one process without
Redis keeps them in memory. No ISPyB table: keys are the gateway's bookkeeping,
not beamline data, and Redis expires them by itself. Keys are scoped by caller and
operation, and kept `KEEP_SECONDS` (a day: longer than any retry, including a
beamline control restart). The one gap: a replica that dies after its commit and
before recording the result leaves the claim to expire after `LEASE_SECONDS`; a
retry after that writes again.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

import redis.asyncio as aioredis

from gateway.errors import BadUserInput, GatewayError

KEEP_SECONDS = 24 * 3600
LEASE_SECONDS = 60
WAIT_SECONDS = 5.0
MAX_KEY_LENGTH = 200


class KeyReused(GatewayError):
    code = "IDEMPOTENCY_KEY_REUSED"


class KeyInUse(GatewayError):
    code = "IDEMPOTENCY_KEY_IN_USE"


class KeyStore(Protocol):
    async def claim(self, key: str, record: str, seconds: int) -> str | None:
        """Store `record` if `key` is free and return None; else return what is stored."""
        ...

    async def put(self, key: str, record: str, seconds: int) -> None: ...

    async def release(self, key: str, record: str) -> None:
        """Delete `key` if it still holds `record` (our own claim)."""
        ...

    async def close(self) -> None: ...


class MemoryKeys:
    """One process's keys (no Redis: a single replica)."""

    def __init__(self) -> None:
        self._keys: dict[str, tuple[float, str]] = {}

    def _get(self, key: str) -> str | None:
        hit = self._keys.get(key)
        if hit is None or hit[0] <= time.monotonic():
            self._keys.pop(key, None)
            return None
        return hit[1]

    async def claim(self, key: str, record: str, seconds: int) -> str | None:
        found = self._get(key)
        if found is None:
            if len(self._keys) > 100_000:
                now = time.monotonic()
                self._keys = {k: v for k, v in self._keys.items() if v[0] > now}
            self._keys[key] = (time.monotonic() + seconds, record)
        return found

    async def put(self, key: str, record: str, seconds: int) -> None:
        self._keys[key] = (time.monotonic() + seconds, record)

    async def release(self, key: str, record: str) -> None:
        if self._get(key) == record:
            del self._keys[key]

    async def close(self) -> None:
        self._keys.clear()


# Delete the key only if it still holds our claim (another request may have taken it over).
_RELEASE = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end"


class RedisKeys:
    """Keys shared by every replica, expired by Redis."""

    def __init__(self, url: str, *, prefix: str = "ispyb-gateway:idem:") -> None:
        self._redis: aioredis.Redis = aioredis.from_url(
            url, socket_connect_timeout=3, socket_timeout=5
        )
        self._prefix = prefix

    async def claim(self, key: str, record: str, seconds: int) -> str | None:
        name = self._prefix + key
        if await self._redis.set(name, record, nx=True, ex=seconds):
            return None
        found = await self._redis.get(name)
        if found is None:  # expired between the two calls: try once more
            return None if await self._redis.set(name, record, nx=True, ex=seconds) else "{}"
        return found.decode() if isinstance(found, bytes) else str(found)

    async def put(self, key: str, record: str, seconds: int) -> None:
        await self._redis.set(self._prefix + key, record, ex=seconds)

    async def release(self, key: str, record: str) -> None:
        await self._redis.eval(_RELEASE, 1, self._prefix + key, record)

    async def close(self) -> None:
        await self._redis.aclose()


def fingerprint(operation: str, values: Any) -> str:
    """The same input gives the same fingerprint whatever the order of its fields."""
    text = json.dumps([operation, values], sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


async def once(
    store: KeyStore,
    caller: str | None,
    operation: str,
    key: str | None,
    values: Any,
    action: Callable[[], Awaitable[dict[str, Any]]],
) -> tuple[dict[str, Any], bool]:
    """Run `action` once per key: (its result, True) or (the first result, False)."""
    if key is None:
        return await action(), True
    if not key.strip() or len(key) > MAX_KEY_LENGTH:
        raise BadUserInput(
            f"idempotencyKey must be 1 to {MAX_KEY_LENGTH} characters", argument="idempotencyKey"
        )
    name = f"{caller or '-'}:{operation}:{key}"
    fp = fingerprint(operation, values)
    claim = json.dumps({"fp": fp, "claim": uuid.uuid4().hex})
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        found = await store.claim(name, claim, LEASE_SECONDS)
        if found is None:
            break
        record = json.loads(found or "{}")
        if "fp" in record and record["fp"] != fp:
            raise KeyReused(
                f"idempotency key {key!r} was used for another {operation} input",
                idempotencyKey=key,
            )
        if "result" in record:
            return dict(record["result"]), False
        if time.monotonic() >= deadline:
            raise KeyInUse(
                f"the first request with idempotency key {key!r} is still running; retry",
                idempotencyKey=key,
            )
        await asyncio.sleep(0.05)
    try:
        result = await action()
    except BaseException:
        await store.release(name, claim)
        raise
    await store.put(name, json.dumps({"fp": fp, "result": result}, default=str), KEEP_SECONDS)
    return result, True
