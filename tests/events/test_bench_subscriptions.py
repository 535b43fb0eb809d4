"""The subscriptions benchmark, run small: real gateway processes, real WebSocket clients,
one process with the in-process store and two processes sharing Redis (subscribers on
one, writes on the other); a lost or doubled event fails it."""

from __future__ import annotations

import argparse
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from bench import subscriptions
from tests.conftest import create_database, drop_database


@pytest_asyncio.fixture
async def small_database(mysql_server_url: str) -> AsyncIterator[str]:
    """A unique database name; the bench fills it with 400 collections (the jobs' items)."""
    url = await create_database(mysql_server_url, "gw_bench_subs")
    yield url
    await drop_database(mysql_server_url, url)


@pytest.mark.parametrize(("replicas", "store"), [(1, "memory"), (2, "mongo")])
async def test_every_subscriber_gets_each_event_once(
    replicas: int,
    store: str,
    small_database: str,
    mysql_server_url: str,
    mongo_url: str,
    redis_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("GATEWAY_TEST_MYSQL_URL", mysql_server_url)
    monkeypatch.setenv("GATEWAY_TEST_MONGO_URL", mongo_url)
    monkeypatch.setenv("GATEWAY_TEST_REDIS_URL", redis_url)
    args = argparse.Namespace(
        database=small_database.rsplit("/", 1)[1].split("?")[0],
        sessions=4,
        collections=400,
        subscribers=40,
        shared=10,
        replicas=replicas,
        store=store,
        rate=0,
        rates="",
        sources=0,
        tracemalloc=None,
        frames=1,
        no_client_gc=False,
    )
    result = await subscriptions.run(args)  # raises on a missing or doubled event
    assert result["p50"] > 0 and result["changes"] > 0


@pytest.mark.parametrize(
    ("counts", "problem"),
    [
        ([1, 1, 2, 2], None),
        ([1, 2, 2, 2], "#1: 2 of 1"),  # doubled
        ([1, 1, 2, 1], "#3: 1 of 2"),  # lost
    ],
)
def test_the_check_refuses_a_doubled_or_lost_event(counts: list[int], problem: str | None) -> None:
    if problem is None:
        subscriptions.check_deliveries(counts, 2, 2)
        return
    with pytest.raises(SystemExit, match=problem):
        subscriptions.check_deliveries(counts, 2, 2)
