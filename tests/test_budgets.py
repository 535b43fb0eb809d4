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
from tests.stack import gateways


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


async def test_a_request_past_the_overall_deadline_is_cancelled_and_answered(
    writable_ispyb_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    """A read stuck behind a lock is stopped by the request deadline (the statement limit
    is higher here); the pool it held is usable afterwards."""
    query = {"query": "{ proposals(first: 5) { totalCount } }"}
    locker = create_engine(writable_ispyb_url)
    try:
        async with (
            gateways(
                1,
                sql_url=writable_ispyb_url,
                request_timeout_seconds=1,
                sql_statement_timeout_seconds=30,
            ) as (gw,),
            httpx.AsyncClient(base_url=gw.base, timeout=30, headers=gw.auth("alice")) as http,
        ):
            async with locker.connect() as held:
                await held.execute(text("LOCK TABLES Proposal WRITE"))
                started = time.monotonic()
                r = await http.post("/graphql", json=query)
                elapsed = time.monotonic() - started
                # Others are served while it waits, and after.
                assert (await http.get("/healthz")).status_code == 200
                await held.execute(text("UNLOCK TABLES"))
            assert r.status_code == 504, r.text
            (error,) = r.json()["errors"]
            assert error["extensions"] == {"code": "REQUEST_TIMEOUT", "limitSeconds": 1}
            assert "SELECT" not in r.text and "Proposal" not in r.text
            assert 0.9 < elapsed < 5
            for _ in range(3):  # the cancelled request's connection did not poison the pool
                ok = await http.post("/graphql", json=query)
                assert ok.status_code == 200 and ok.json()["data"]["proposals"]["totalCount"]
    finally:
        await locker.dispose()
    assert not [rec for rec in caplog.records if rec.exc_info], "a traceback was logged"
