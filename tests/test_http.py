"""The HTTP surface: GraphQL over GET/POST, health, readiness and metrics."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest
import pytest_asyncio

from gateway.app import create_app
from gateway.settings import Settings
from tests.mariadb_instance import PrivateMariaDB
from tests.server import serve


@pytest_asyncio.fixture
async def client(empty_mysql_url: str) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(Settings(sql_url=empty_mysql_url))
    async with serve(app) as base, httpx.AsyncClient(base_url=base) as http:
        yield http


async def test_healthz(client: httpx.AsyncClient) -> None:
    r = await client.get("/healthz")
    assert r.status_code == 200 and r.json() == {"status": "alive"}
    assert r.headers["x-request-id"]


async def test_readyz_names_each_service(client: httpx.AsyncClient) -> None:
    r = await client.get("/readyz")
    assert r.status_code == 200, r.text
    states = {s["name"]: s["state"] for s in r.json()["services"]}
    assert states["ispyb-sql"] == "up"
    assert "password" not in r.text and "gateway:gateway" not in r.text
    # What each service is, never where.
    assert {s["name"]: s["detail"] for s in r.json()["services"]}["ispyb-sql"] == "mysql"
    assert "127.0.0.1" not in r.text and "gw_" not in r.text


async def test_graphql_post_and_get(client: httpx.AsyncClient) -> None:
    r = await client.post("/graphql", json={"query": "{ viewer { login isStaff } }"})
    assert r.status_code == 200
    assert r.json() == {"data": {"viewer": {"login": None, "isStaff": False}}}
    r = await client.get("/graphql", params={"query": "{ viewer { isStaff } }"})
    assert r.json()["data"]["viewer"]["isStaff"] is False


async def test_graphiql_in_browser(client: httpx.AsyncClient) -> None:
    r = await client.get("/graphql", headers={"accept": "text/html"})
    assert r.status_code == 200 and "graphiql" in r.text.lower()


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"query": "{ viewer { "}, "GRAPHQL_PARSE_FAILED"),
        ({"query": "{ noSuchField }"}, "GRAPHQL_VALIDATION_FAILED"),
        ({"query": "query A { viewer { login } }", "operationName": "B"}, None),
    ],
)
async def test_bad_documents_get_codes_and_server_survives(
    client: httpx.AsyncClient, body: dict[str, str], code: str | None
) -> None:
    r = await client.post("/graphql", json=body)
    text = r.text
    assert "Traceback" not in text and 'File "' not in text
    if code is not None:
        errors = r.json()["errors"]
        assert errors[0]["extensions"]["code"] == code
        assert errors[0]["extensions"]["requestId"] == r.headers["x-request-id"]
    else:
        assert r.status_code == 400 and "B" in text
    ok = await client.post("/graphql", json={"query": "{ viewer { isStaff } }"})
    assert ok.status_code == 200


async def test_get_cannot_mutate(client: httpx.AsyncClient) -> None:
    r = await client.get("/graphql", params={"query": "mutation { __typename }"})
    assert r.status_code in (400, 405)


async def test_metrics_count_operations(client: httpx.AsyncClient) -> None:
    for _ in range(3):
        await client.post("/graphql", json={"query": "query Me { viewer { login } }"})
    await client.post("/graphql", json={"query": "query Broken { nope }"})
    text = (await client.get("/metrics")).text
    assert 'gateway_graphql_operations_total{operation="Me",outcome="ok",type="query"} 3.0' in text
    assert 'operation="Broken",outcome="error"' in text
    assert (
        'gateway_graphql_operation_seconds_bucket{le="0.005",operation="Me",type="query"}' in text
    )


@pytest.mark.skipif(not PrivateMariaDB.available(), reason="needs mariadbd on this machine")
async def test_readyz_follows_the_database() -> None:
    """503 while MariaDB is stopped, 200 again once it is back, same process."""
    db = PrivateMariaDB()
    await asyncio.to_thread(db.install)
    await asyncio.to_thread(db.start)
    try:
        app = create_app(Settings(sql_url=db.url))
        async with serve(app) as base, httpx.AsyncClient(base_url=base, timeout=10) as http:
            assert (await http.get("/readyz")).status_code == 200
            await asyncio.to_thread(db.stop)
            down = await http.get("/readyz")
            assert down.status_code == 503
            sql = next(s for s in down.json()["services"] if s["name"] == "ispyb-sql")
            assert sql["state"] == "down"
            assert (await http.get("/healthz")).status_code == 200
            await asyncio.to_thread(db.start)
            for _ in range(50):
                if (await http.get("/readyz")).status_code == 200:
                    break
                await asyncio.sleep(0.2)
            assert (await http.get("/readyz")).status_code == 200
    finally:
        await asyncio.to_thread(db.remove)


@pytest.mark.parametrize(
    ("document", "needle"),
    [
        ("{ " + "viewer { " * 14 + "login" + " }" * 15, "exceeds maximum operation depth"),
        ("{ " + " ".join(f"a{i}: viewer {{ login }}" for i in range(40)) + " }", "aliases"),
        (" ".join(f"query Q{i} {{ viewer {{ login }} }}" for i in range(6)), "the limit is 5"),
    ],
)
async def test_abuse_limits(client: httpx.AsyncClient, document: str, needle: str) -> None:
    body = {"query": document}
    if document.startswith("query Q0"):
        body["operationName"] = "Q0"
    r = await client.post("/graphql", json=body)
    errors = r.json()["errors"]
    assert needle in errors[0]["message"]
    assert errors[0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


async def test_metrics_can_be_kept_for_staff_or_switched_off(ispyb_url: str) -> None:
    from tests.stack import gateways

    async with (
        gateways(1, sql_url=ispyb_url, metrics_access="staff") as (gw,),
        httpx.AsyncClient(base_url=gw.base) as http,
    ):
        assert (await http.get("/metrics")).status_code == 403
        assert (await http.get("/metrics", headers=gw.auth("alice"))).status_code == 403
        staff = await http.get("/metrics", headers=gw.auth("carol"))
        assert staff.status_code == 200 and "gateway_graphql" in staff.text
    async with (
        gateways(1, sql_url=ispyb_url, metrics_access="off") as (gw,),
        httpx.AsyncClient(base_url=gw.base) as http,
    ):
        assert (await http.get("/metrics", headers=gw.auth("carol"))).status_code == 404
