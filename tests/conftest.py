"""Shared fixtures: real servers, fresh databases, the gateway app."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator

import pytest
import pytest_asyncio
from pymongo import AsyncMongoClient
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from tests.services import ServiceURLs, discover, unique_name


def pytest_report_header(config: pytest.Config) -> list[str]:
    return [
        "test servers: "
        + ", ".join(
            f"{k}={os.environ.get(f'GATEWAY_TEST_{k.upper()}_URL', 'testcontainers')}"
            for k in ("mysql", "mongo", "redis")
        )
    ]


@pytest.fixture(scope="session")
def services() -> Iterator[ServiceURLs]:
    yield from discover()


@pytest.fixture(scope="session")
def mongo_url(services: ServiceURLs) -> str:
    return services.mongo


@pytest.fixture(scope="session")
def redis_url(services: ServiceURLs) -> str:
    return services.redis


@pytest.fixture(scope="session")
def mysql_server_url(services: ServiceURLs) -> str:
    """URL of the MariaDB/MySQL server, without a database."""
    return services.mysql


async def create_database(server_url: str, prefix: str) -> str:
    """Create an empty database on the server and return its async URL."""
    name = unique_name(prefix)
    engine = create_async_engine(server_url)
    async with engine.begin() as conn:
        await conn.execute(text(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4"))
    await engine.dispose()
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


async def drop_database(server_url: str, url: str) -> None:
    engine = create_async_engine(server_url)
    async with engine.begin() as conn:
        await conn.execute(text(f"DROP DATABASE IF EXISTS `{make_url(url).database}`"))
    await engine.dispose()


@pytest_asyncio.fixture
async def empty_mysql_url(mysql_server_url: str) -> AsyncIterator[str]:
    """A fresh, empty MariaDB database for one test, dropped afterwards."""
    url = await create_database(mysql_server_url, "gw_empty")
    yield url
    await drop_database(mysql_server_url, url)


@pytest_asyncio.fixture
async def mongo_database(mongo_url: str) -> AsyncIterator[str]:
    """Name of a fresh MongoDB database for one test, dropped afterwards."""
    name = unique_name("gw_jobs")
    yield name
    client: AsyncMongoClient[dict[str, object]] = AsyncMongoClient(mongo_url)
    await client.drop_database(name)
    await client.close()


def migrate_with_demo_data(url: str) -> None:
    """Build the ISPyB schema through the real migrations and load the demo rows."""
    from sqlalchemy import create_engine

    from gateway.sql.demo_data import load_demo_data
    from gateway.sql.engine import sync_url
    from gateway.sql.migrate import upgrade

    upgrade(url)
    engine = create_engine(sync_url(url))
    with engine.begin() as conn:
        load_demo_data(conn)
    engine.dispose()


@pytest_asyncio.fixture(scope="session")
async def ispyb_url(mysql_server_url: str) -> AsyncIterator[str]:
    """A MariaDB ISPyB database at the head revision, with the demo data, shared read-only."""
    import asyncio

    url = await create_database(mysql_server_url, "gw_ispyb")
    await asyncio.to_thread(migrate_with_demo_data, url)
    yield url
    await drop_database(mysql_server_url, url)


@pytest_asyncio.fixture
async def writable_ispyb_url(mysql_server_url: str) -> AsyncIterator[str]:
    """Like `ispyb_url`, but private to one test, which may change rows."""
    import asyncio

    url = await create_database(mysql_server_url, "gw_ispyb_rw")
    await asyncio.to_thread(migrate_with_demo_data, url)
    yield url
    await drop_database(mysql_server_url, url)
