"""Per-request budgets beside the query cost: the server's statement time limit, the response size."""

from __future__ import annotations

import time

import httpx
import pytest
from sqlalchemy import text

from gateway.app import build_services, create_app
from gateway.settings import Settings
from gateway.sql.engine import StatementTimeout, create_engine
from tests.graph.conftest import make_runner
from tests.server import serve


async def test_a_statement_over_the_time_limit_is_stopped_by_the_server(ispyb_url: str) -> None:
    engine = create_engine(ispyb_url, statement_timeout=0.3)
    try:
        async with engine.connect() as conn:
            version = (await conn.execute(text("SELECT VERSION()"))).scalar()
            if "MariaDB" not in str(version):
                pytest.skip("MySQL's MAX_EXECUTION_TIME lets SLEEP() return instead of failing")
            started = time.monotonic()
            with pytest.raises(StatementTimeout) as raised:
                await conn.execute(text("SELECT SLEEP(5)"))
        assert time.monotonic() - started < 3
        assert raised.value.code == "QUERY_TIMEOUT"
        assert raised.value.extensions == {"limitSeconds": 0.3}
        assert "SLEEP" not in raised.value.message and "SELECT" not in raised.value.message
    finally:
        await engine.dispose()


async def test_a_query_blocked_past_the_limit_answers_query_timeout(
    writable_ispyb_url: str,
) -> None:
    """A lock held elsewhere (a DBA's ALTER, say) stops the read at the limit, not later."""
    services = build_services(
        Settings(sql_url=writable_ispyb_url, sql_statement_timeout_seconds=0.5)
    )
    locker = create_engine(writable_ispyb_url)
    run = make_runner(services)
    try:
        async with locker.connect() as held:
            await held.execute(text("LOCK TABLES Proposal WRITE"))
            started = time.monotonic()
            result = await run("{ proposals(first: 5) { totalCount } }", expect_errors=True)
            elapsed = time.monotonic() - started
            await held.execute(text("UNLOCK TABLES"))
        (error,) = result["errors"]
        assert error["extensions"]["code"] == "QUERY_TIMEOUT", error
        assert "SELECT" not in error["message"] and "Proposal" not in error["message"]
        assert elapsed < 5
        # Once the lock is gone the same query answers.
        assert (await run("{ proposals(first: 5) { totalCount } }"))["proposals"]["totalCount"]
    finally:
        await locker.dispose()
        await services.close()


async def test_a_response_over_the_size_limit_is_refused_whole(ispyb_url: str) -> None:
    app = create_app(Settings(sql_url=ispyb_url, max_response_bytes=2048))
    big = "{ __schema { types { name fields { name description } } } }"
    small = "{ __typename }"
    async with serve(app) as base, httpx.AsyncClient(base_url=base) as http:
        refused = (await http.post("/graphql", json={"query": big})).json()
        assert refused["data"] is None
        (error,) = refused["errors"]
        assert error["extensions"]["code"] == "RESPONSE_TOO_LARGE"
        assert error["extensions"]["limit"] == 2048
        assert error["extensions"]["size"] > 2048
        ok = (await http.post("/graphql", json={"query": small})).json()
        assert ok == {"data": {"__typename": "Query"}}
