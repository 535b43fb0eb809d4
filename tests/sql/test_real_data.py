"""Shapes real ISPyB databases have and the demo lacks: no 500, no wrong answer.

latin1 and utf8mb3 columns beside utf8mb4 ones, NULL foreign keys where the DDL
allows them, long comments with characters of every Unicode plane, BINARY
`externalId` values that are not text, and a session with thousands of groups.
Each runs against MariaDB through the real schema, with the live schema learned
as `serve` learns it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import subprocess
from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio
from sqlalchemy import text

from gateway.app import build_services
from gateway.graphql.schema import build_schema
from gateway.services import Services
from gateway.settings import REPO_ROOT, Settings
from tests.flavours.walk import every_field
from tests.graph.conftest import STAFF, Run, make_runner


@contextlib.asynccontextmanager
async def AsyncEngineFor(url: str) -> AsyncIterator[Any]:
    """A short-lived connection in a transaction, for a DBA's ALTER."""
    from gateway.sql.engine import create_engine

    engine = create_engine(url)
    try:
        async with engine.begin() as conn:
            yield conn
    finally:
        await engine.dispose()


# One character from each Unicode plane that has assigned characters, and some in between.
EVERY_PLANE = "é λ 中 \U0001f9ea \U00020b9f \U00030001 \U000e0061 \U000f0000 \U00100000"


@pytest_asyncio.fixture
async def site(writable_ispyb_url: str) -> AsyncIterator[tuple[Services, Run]]:
    """The demo database reshaped like a real site's, then learned as `serve` does."""
    settings = Settings(
        sql_url=writable_ispyb_url,
        max_page_size=500,
        max_query_depth=60,  # the every-field walk nests deeply
        max_tokens=200_000,
        max_query_cost=10**15,
    )
    services = build_services(settings)
    async with services.engine.begin() as conn:
        for statement in (
            "ALTER TABLE DataCollection MODIFY comments VARCHAR(1024) CHARACTER SET latin1",
            "ALTER TABLE DataCollectionGroup MODIFY comments VARCHAR(1024) CHARACTER SET utf8mb3",
            "UPDATE Proposal SET externalId = UNHEX('FF00FE80C3289F00000000000000ABCD')",
            "UPDATE DataCollectionGroup SET blSampleId = NULL WHERE dataCollectionGroupId = 1",
        ):
            await conn.execute(text(statement))
    await services.learn_live_schema()
    yield services, make_runner(services)
    await services.close()


async def _sql(services: Services, query: str, **params: Any) -> Any:
    async with services.engine.connect() as conn:
        return (await conn.execute(text(query), params)).scalar()


COLLECTION_COMMENTS = """mutation($id: Int!, $c: String) {
  updateDataCollectionComments(dataCollectionId: $id, comments: $c) { comments } }"""
GROUP_COMMENTS = """mutation($id: Int!, $c: String) {
  updateDataCollectionGroupComments(dataCollectionGroupId: $id, comments: $c) { comments } }"""


async def test_latin1_column_takes_latin1_and_refuses_the_rest(
    site: tuple[Services, Run],
) -> None:
    services, run = site
    ok = await run(COLLECTION_COMMENTS, id=1, c="Médaille d'or, 20 µm")
    assert ok["updateDataCollectionComments"]["comments"] == "Médaille d'or, 20 µm"
    assert await _sql(
        services, "SELECT comments FROM DataCollection WHERE dataCollectionId = 1"
    ) == ("Médaille d'or, 20 µm")

    refused = await run(COLLECTION_COMMENTS, id=1, c="λ = 0.98 Å", expect_errors=True)
    error = refused["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "latin1" in error["message"] and "comments" in error["message"]
    # Nothing was written: the earlier value stands.
    assert await _sql(
        services, "SELECT comments FROM DataCollection WHERE dataCollectionId = 1"
    ) == ("Médaille d'or, 20 µm")


async def test_utf8mb3_column_refuses_characters_above_the_bmp(
    site: tuple[Services, Run],
) -> None:
    _, run = site
    refused = await run(GROUP_COMMENTS, id=1, c="crystal \U0001f9ea", expect_errors=True)
    assert refused["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "U+FFFF" in refused["errors"][0]["message"]
    ok = await run(GROUP_COMMENTS, id=1, c="λ 中 é")
    assert ok["updateDataCollectionGroupComments"]["comments"] == "λ 中 é"


async def test_long_comments_with_every_plane_round_trip_on_utf8mb4(
    site: tuple[Services, Run],
) -> None:
    services, run = site
    limit = 1024
    width = await _sql(
        services,
        "SELECT CHARACTER_MAXIMUM_LENGTH FROM information_schema.COLUMNS WHERE "
        "TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'DataCollection' AND COLUMN_NAME = 'comments'",
    )
    assert width == limit
    # utf8mb4 again for this column, to carry every plane.
    async with services.engine.begin() as conn:
        await conn.execute(
            text("ALTER TABLE DataCollection MODIFY comments VARCHAR(1024) CHARACTER SET utf8mb4")
        )
    await services.learn_live_schema()
    text_ = (EVERY_PLANE * 200)[:limit]
    ok = await run(COLLECTION_COMMENTS, id=2, c=text_)
    assert ok["updateDataCollectionComments"]["comments"] == text_
    read = await run("{ dataCollection(dataCollectionId: 2) { comments } }")
    assert read["dataCollection"]["comments"] == text_
    too_long = await run(COLLECTION_COMMENTS, id=2, c=text_ + "x", expect_errors=True)
    assert too_long["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "1024" in too_long["errors"][0]["message"]


async def test_binary_external_ids_and_null_foreign_keys_read_everywhere(
    site: tuple[Services, Run],
) -> None:
    services, run = site
    schema = build_schema(services.settings)._schema
    for root, args in (("proposals", ""), ("dataCollectionGroup", "(dataCollectionGroupId: 1)")):
        data = await run(every_field(schema, root, args))
        assert data[root] is not None
    group = await run(
        "{ dataCollectionGroup(dataCollectionGroupId: 1) { blSampleId sample { name } } }"
    )
    assert group["dataCollectionGroup"] == {"blSampleId": None, "sample": None}


async def test_a_session_with_thousands_of_groups_pages_to_the_end(
    site: tuple[Services, Run],
) -> None:
    services, run = site
    session_id = await _sql(services, "SELECT MIN(sessionId) FROM BLSession")
    async with services.engine.begin() as conn:
        await conn.execute(
            text(
                "INSERT INTO DataCollectionGroup (sessionId, experimentType, comments) "
                "VALUES (:s, 'OSC', :c)"
            ),
            [{"s": session_id, "c": f"bulk {i}"} for i in range(3000)],
        )
    expected = await _sql(
        services, "SELECT COUNT(*) FROM DataCollectionGroup WHERE sessionId = :s", s=session_id
    )
    assert expected >= 3000
    seen: list[int] = []
    after = None
    while True:
        page = await run(
            """query($s: Int!, $after: String) { session(sessionId: $s) {
                 dataCollectionGroups(first: 500, after: $after) {
                   totalCount pageInfo { hasNextPage endCursor }
                   edges { node { dataCollectionGroupId } } } } }""",
            STAFF,
            s=session_id,
            after=after,
        )
        groups = page["session"]["dataCollectionGroups"]
        assert groups["totalCount"] == expected
        seen += [e["node"]["dataCollectionGroupId"] for e in groups["edges"]]
        if not groups["pageInfo"]["hasNextPage"]:
            break
        after = groups["pageInfo"]["endCursor"]
    assert len(seen) == len(set(seen)) == expected


async def test_serve_logs_tolerated_differences_once_and_refuses_fatal_ones(
    writable_ispyb_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    from gateway.app import create_app

    async with AsyncEngineFor(writable_ispyb_url) as conn:
        await conn.execute(text("ALTER TABLE Protein MODIFY acronym VARCHAR(20)"))
    settings = Settings(sql_url=writable_ispyb_url)
    app = create_app(settings)
    with caplog.at_level(logging.WARNING, logger="gateway"):
        async with app.router.lifespan_context(app):
            pass
    lines = [r.getMessage() for r in caplog.records if "live schema" in r.getMessage()]
    assert lines[0] == "live schema: 1 tolerated difference(s) from the mapped models"
    assert lines[1].startswith("live schema: Protein.acronym: VARCHAR(20)")
    assert len(lines) == 2

    async with AsyncEngineFor(writable_ispyb_url) as conn:
        await conn.execute(text("ALTER TABLE BLSession DROP FOREIGN KEY BLSession_ibfk_1"))
        await conn.execute(text("ALTER TABLE BLSession DROP COLUMN proposalId"))
    # `serve` refuses it before it starts, and says why.
    result = await asyncio.to_thread(
        subprocess.run,
        [str(REPO_ROOT / ".venv" / "bin" / "ispyb-gateway"), "serve"],
        env={
            **os.environ,
            "GATEWAY_SQL_URL": writable_ispyb_url,
            "GATEWAY_MONGO_URL": "mongodb://127.0.0.1:9/",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1, result.stderr
    assert "lacks what the gateway needs" in result.stderr
    assert "BLSession.proposalId: missing" in result.stderr
