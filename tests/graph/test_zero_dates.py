"""ISPyB's zero dates ('0000-00-00 00:00:00', zero-date column defaults) read as null, not errors."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncConnection, create_async_engine

from gateway.app import build_services
from gateway.settings import Settings
from gateway.sql import models as m
from gateway.sql.engine import MYSQL_DRIVERS
from tests.graph.conftest import make_runner
from tests.services import with_driver


@asynccontextmanager
async def _non_strict(url: str) -> AsyncIterator[AsyncConnection]:
    """A transaction in which the server stores what it cannot (zero dates, unlisted enum
    values) instead of refusing it, as sites' older servers did."""
    engine = create_async_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.execute(text("SET SESSION sql_mode = ''"))
            yield conn
    finally:
        await engine.dispose()


async def _first(conn: AsyncConnection, table: str, key: str) -> int:
    """The smallest key of a table the test data fills."""
    found: int = (await conn.execute(text(f"SELECT MIN({key}) FROM {table}"))).scalar_one()
    return found


@pytest.mark.parametrize("driver", MYSQL_DRIVERS)
async def test_zero_dates_are_null(writable_ispyb_url: str, driver: str) -> None:
    async with _non_strict(writable_ispyb_url) as conn:
        dcid = await _first(conn, "DataCollection", "dataCollectionId")
        await conn.execute(
            text(
                "UPDATE DataCollection SET startTime = '0000-00-00 00:00:00', endTime = '2024-00-00 10:00:00' WHERE dataCollectionId = :id"
            ),
            {"id": dcid},
        )
        crystal = await _first(conn, "Crystal", "crystalId")
        await conn.execute(  # a NOT NULL column
            text(
                "UPDATE Crystal SET recordTimeStamp = '0000-00-00 00:00:00' WHERE crystalId = :id"
            ),
            {"id": crystal},
        )
    services = build_services(Settings(sql_url=with_driver(writable_ispyb_url, driver)))
    try:
        run = make_runner(services)
        data = await run(
            "query($id: Int!) { dataCollection(dataCollectionId: $id) { startTime endTime "
            "group { sample { crystal { crystalId recordTimeStamp } } } } }",
            id=dcid,
        )
        collection = data["dataCollection"]
        assert (collection["startTime"], collection["endTime"]) == (None, None)
        others = await run("{ dataCollections(first: 50) { nodes { startTime } } }")
        assert any(n["startTime"] for n in others["dataCollections"]["nodes"])  # real dates stay
        crystal_row = await run(
            "query($id: ID!) { node(id: $id) { ... on Crystal { crystalId recordTimeStamp } } }",
            id=_global_id("Crystal", crystal),
        )
        assert crystal_row["node"] == {"crystalId": crystal, "recordTimeStamp": None}
    finally:
        await services.close()


def _global_id(type_name: str, key: int) -> str:
    import base64

    return base64.b64encode(f"{type_name}:{key}".encode()).decode()


async def test_an_enum_the_server_blanked_reads_as_empty(writable_ispyb_url: str) -> None:
    """MariaDB stores '' for a value an ENUM column does not list (non-strict mode); it
    reads back as '' (SQLAlchemy's rule for MySQL), on the planned path as on graphql-core's."""
    async with _non_strict(writable_ispyb_url) as conn:
        group = await _first(conn, "DataCollectionGroup", "dataCollectionGroupId")
        await conn.execute(
            text(
                "UPDATE DataCollectionGroup SET experimentType = 'no such type' WHERE "
                "dataCollectionGroupId = :id"
            ),
            {"id": group},
        )
        stored = (
            await conn.execute(
                text(
                    "SELECT experimentType FROM DataCollectionGroup WHERE dataCollectionGroupId = :id"
                ),
                {"id": group},
            )
        ).scalar()
        # SQLAlchemy's own processor for the column's Enum type: what the gateway must give
        typed = (
            await conn.execute(
                select(m.DataCollectionGroup.experimentType).where(
                    m.DataCollectionGroup.dataCollectionGroupId == group
                )
            )
        ).scalar()
    assert stored == typed == ""
    query = (
        "query($id: Int!) { dataCollectionGroup(dataCollectionGroupId: $id) "
        "{ dataCollectionGroupId experimentType } }"
    )
    answers = []
    for planner in (True, False):
        services = build_services(Settings(sql_url=writable_ispyb_url, query_planner=planner))
        try:
            answers.append(await make_runner(services)(query, id=group))
        finally:
            await services.close()
    assert answers[0] == answers[1]
    assert answers[0]["dataCollectionGroup"] == {
        "dataCollectionGroupId": group,
        "experimentType": "",
    }
