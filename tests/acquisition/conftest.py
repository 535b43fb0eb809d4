"""Acquisition writes against a private MariaDB with the demo rows, as chosen callers."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest_asyncio
from sqlalchemy import text

from gateway.app import build_services
from gateway.auth.viewer import Viewer
from gateway.services import Services
from gateway.settings import Settings
from gateway.sql.acquisition.idempotency import RedisKeys
from tests.conftest import create_database, drop_database, migrate_with_demo_data
from tests.graph.conftest import Run, make_runner

# MXCuBE of id30a-3 (demo session 2); staff; alice, a member of proposal 1 (sessions 1, 2).
BEAMLINE = Viewer(
    login="mxcube-id30a-3",
    person_id=None,
    is_staff=False,
    is_worker=False,
    is_beamline=True,
    beamlines=frozenset({"id30a-3"}),
)
STAFF = Viewer(login="carol", person_id=3, is_staff=True, is_worker=False)
ALICE = Viewer(login="alice", person_id=1, is_staff=False, is_worker=False)
SESSION = 2  # on id30a-3
OTHER_SESSION = 1  # on id23-1


@pytest_asyncio.fixture(scope="module")
async def acquisition_url(mysql_server_url: str) -> AsyncIterator[str]:
    """One database for a module's write tests: each writes rows of its own and reads only those."""
    url = await create_database(mysql_server_url, "gw_acquisition")
    await asyncio.to_thread(migrate_with_demo_data, url)
    yield url
    await drop_database(mysql_server_url, url)


@pytest_asyncio.fixture
async def gw(acquisition_url: str, redis_url: str) -> AsyncIterator[Services]:
    built = build_services(Settings(sql_url=acquisition_url, redis_url=redis_url))
    built.idempotency_keys = RedisKeys(redis_url, prefix=f"test-idem:{acquisition_url}:")
    yield built
    await built.close()


@pytest_asyncio.fixture
async def run(gw: Services) -> Run:
    return make_runner(gw)


async def scalar(gw: Services, sql: str, **params: Any) -> Any:
    async with gw.engine.connect() as conn:
        return (await conn.execute(text(sql), params)).scalar()
