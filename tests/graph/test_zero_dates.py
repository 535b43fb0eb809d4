"""ISPyB's zero dates ('0000-00-00 00:00:00', zero-date column defaults) read as null, not errors."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from gateway.app import build_services
from gateway.settings import Settings
from gateway.sql.engine import MYSQL_DRIVERS
from tests.graph.conftest import make_runner
from tests.services import with_driver


@pytest.mark.parametrize("driver", MYSQL_DRIVERS)
async def test_zero_dates_are_null(writable_ispyb_url: str, driver: str) -> None:
    engine = create_async_engine(writable_ispyb_url)
    async with engine.begin() as conn:
        await conn.execute(text("SET SESSION sql_mode = ''"))
        dcid = (
            await conn.execute(text("SELECT MIN(dataCollectionId) FROM DataCollection"))
        ).scalar()
        await conn.execute(
            text(
                "UPDATE DataCollection SET startTime = '0000-00-00 00:00:00', endTime = '2024-00-00 10:00:00' WHERE dataCollectionId = :id"
            ),
            {"id": dcid},
        )
        crystal = (await conn.execute(text("SELECT MIN(crystalId) FROM Crystal"))).scalar()
        await conn.execute(  # a NOT NULL column
            text(
                "UPDATE Crystal SET recordTimeStamp = '0000-00-00 00:00:00' WHERE crystalId = :id"
            ),
            {"id": crystal},
        )
    await engine.dispose()
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
