"""No N+1: the statements a query issues depend on its depth, not on how many rows it returns."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest_asyncio
from sqlalchemy import event

from bench.generate import generate
from gateway.app import build_services
from gateway.services import Services
from gateway.settings import Settings
from gateway.sql.migrate import upgrade
from tests.conftest import create_database, drop_database
from tests.graph.conftest import make_runner

QUERY = """query($n: Int!) { session(sessionId: 1) { dataCollections(first: $n) { totalCount nodes {
  dataCollectionId imagePrefix
  group { dataCollectionGroupId sample { name crystal { protein { acronym } } } }
  autoProcIntegrations { cellA autoProcProgram { processingPrograms autoProcs { spaceGroup } } }
  screeningCount processingStatusCounts { success failed running }
} } } }"""


@pytest_asyncio.fixture(scope="module")
async def big_services(mysql_server_url: str) -> AsyncIterator[Services]:
    url = await create_database(mysql_server_url, "gw_nplus1")
    await asyncio.to_thread(upgrade, url)
    await asyncio.to_thread(generate, url, 3, 320, 300)
    services = build_services(Settings(sql_url=url))
    yield services
    await services.engine.dispose()
    await drop_database(mysql_server_url, url)


# Screenings both ways (bench.generate links some by collection, some only by group).
SCREENINGS = """query($n: Int!) { session(sessionId: 1) { dataCollections(first: $n) { nodes {
  dataCollectionId screeningCount screenings { screeningId lattices { screeningOutputLatticeId } }
  group { screeningCount screenings { screeningId strategies { screeningStrategyId } } }
} } } }"""


async def _count_statements(services: Services, n: int, query: str = QUERY) -> tuple[int, int]:
    statements: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if not statement.lstrip().upper().startswith(("SELECT 1", "ROLLBACK", "SET ")):
            statements.append(statement)

    engines = {services.engine.sync_engine, services.reader.sync_engine}
    for engine in engines:
        event.listen(engine, "before_cursor_execute", record)
    try:
        data = await make_runner(services)(query, n=n)
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", record)
    return len(statements), len(data["session"]["dataCollections"]["nodes"])


async def test_statement_count_is_bounded_by_depth(big_services: Services) -> None:
    few, rows_few = await _count_statements(big_services, 10)
    many, rows_many = await _count_statements(big_services, 100)
    assert (rows_few, rows_many) == (10, 100)
    assert many == few, f"{few} statements for 10 collections but {many} for 100"
    # session, collections page, count, group, sample, crystal, protein, integrations,
    # programs, autoprocs, screening counts, status counts: one each.
    print(f"{many} statements for 10 and for 100 collections")
    assert many <= 12, many


async def test_screenings_by_collection_and_group_are_bounded_by_depth(
    big_services: Services,
) -> None:
    few, rows_few = await _count_statements(big_services, 10, SCREENINGS)
    many, rows_many = await _count_statements(big_services, 100, SCREENINGS)
    assert (rows_few, rows_many) == (10, 100)
    assert many == few, f"{few} statements for 10 collections but {many} for 100"
    # session, page, collection screenings and count, their lattices, group, group screenings
    # and count, their strategies: one each.
    print(f"{many} statements for 10 and for 100 collections")
    assert many <= 9, many


async def _count_tasks(services: Services, n: int) -> tuple[int, int]:
    """Tasks created while the page resolves: graphql-core makes one per pending field."""
    loop = asyncio.get_running_loop()
    created = 0
    previous = loop.get_task_factory()

    def factory(loop: asyncio.AbstractEventLoop, coro: Any, **kwargs: Any) -> asyncio.Task[Any]:
        nonlocal created
        created += 1
        return asyncio.Task(coro, loop=loop, **kwargs)

    loop.set_task_factory(factory)  # type: ignore[arg-type]
    try:
        data = await make_runner(services)(QUERY, n=n)
    finally:
        loop.set_task_factory(previous)
    return created, len(data["session"]["dataCollections"]["nodes"])


async def test_a_page_resolves_without_a_task_per_object(big_services: Services) -> None:
    """The page's relations are loaded ahead (graphql/lookahead.py) and answered synchronously:
    tasks come from the DataLoaders' batches, one per relation and level, not per row."""
    few, rows_few = await _count_tasks(big_services, 10)
    many, rows_many = await _count_tasks(big_services, 100)
    assert (rows_few, rows_many) == (10, 100)
    assert many == few, f"{few} tasks for 10 collections but {many} for 100"
    assert many < 30  # a task per DataLoader batch (one per relation and level), a few more
