"""Fixtures of the job domain tests: a movable clock, and `store` over both implementations."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from typing import Any

import pytest
import pytest_asyncio
from pymongo import AsyncMongoClient, monitoring

from gateway.jobs.clock import utc_now
from gateway.jobs.memory_store import InMemoryJobStore
from gateway.jobs.mongo_store import MongoJobStore
from gateway.jobs.store import JobStore


class FakeClock:
    """Frozen time that tests move explicitly: leases expire without sleeping."""

    def __init__(self) -> None:
        self.now = utc_now()

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now = self.now + timedelta(**delta)
        return self.now


class CommandLog(monitoring.CommandListener):
    """Names of the commands sent to the server, to assert "one query"."""

    def __init__(self) -> None:
        self.commands: list[tuple[str, str]] = []

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        collection = event.command.get(event.command_name)
        self.commands.append((event.command_name, str(collection)))

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        pass

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        pass

    def reads(self) -> list[tuple[str, str]]:
        return [c for c in self.commands if c[0] in {"find", "aggregate", "count", "getMore"}]


@pytest.fixture(scope="session")
def command_log() -> CommandLog:
    return CommandLog()


@pytest_asyncio.fixture(scope="session")
async def mongo_client(
    mongo_url: str, command_log: CommandLog
) -> AsyncIterator[AsyncMongoClient[dict[str, Any]]]:
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(
        mongo_url, maxPoolSize=50, event_listeners=[command_log]
    )
    yield client
    await client.close()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest_asyncio.fixture(params=["memory", "mongo"])
async def store(
    request: pytest.FixtureRequest,
    clock: FakeClock,
    mongo_client: AsyncMongoClient[dict[str, Any]],
    mongo_database: str,
) -> AsyncIterator[JobStore]:
    if request.param == "memory":
        yield InMemoryJobStore(clock=clock)
        return
    mongo = MongoJobStore(mongo_client, mongo_database, clock=clock)
    await mongo.ensure_indexes()
    yield mongo
