"""Hostile request bodies get a clear 4xx, never a 500 or a traceback."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

import httpx
import pytest
import pytest_asyncio
import websockets

from gateway.app import create_app
from gateway.settings import Settings
from tests.server import serve

LIMIT = 64 * 1024


@pytest_asyncio.fixture
async def client(ispyb_url: str) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(Settings(sql_url=ispyb_url, max_body_bytes=LIMIT))
    async with serve(app) as base, httpx.AsyncClient(base_url=base, timeout=30) as http:
        yield http


async def test_a_body_over_the_limit_is_refused_before_it_is_read(
    client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    huge = '{"query": "{ __typename }", "variables": {"x": "' + "a" * (LIMIT * 4) + '"}}'
    r = await client.post("/graphql", content=huge, headers={"content-type": "application/json"})
    assert r.status_code == 413
    error = r.json()["errors"][0]
    assert error["extensions"] == {"code": "PAYLOAD_TOO_LARGE", "limit": LIMIT}
    assert "a" * 100 not in r.text  # the input is not echoed


async def test_a_chunked_body_is_counted_as_it_arrives(client: httpx.AsyncClient) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"query": "{ __typename }", "variables": {"x": "'
        for _ in range(8):  # twice the limit, in chunks, with no Content-Length
            yield b"b" * 16 * 1024
        yield b'"}}'

    r = await client.post(
        "/graphql", content=chunks(), headers={"content-type": "application/json"}
    )
    assert r.status_code == 413
    assert r.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"
    # A body under the limit still answers.
    ok = await client.post("/graphql", json={"query": "{ __typename }"})
    assert ok.status_code == 200 and ok.json() == {"data": {"__typename": "Query"}}


@pytest.mark.parametrize("where", ["variables", "extensions"])
async def test_json_nested_thousands_deep_is_a_400(
    client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture, where: str
) -> None:
    deep = "[" * 5000 + "]" * 5000
    body = '{"query": "{ __typename }", "' + where + '": ' + deep + "}"
    r = await client.post("/graphql", content=body, headers={"content-type": "application/json"})
    assert r.status_code == 400, r.text
    assert "Traceback" not in r.text
    assert not [rec for rec in caplog.records if rec.exc_info], "a traceback was logged"


async def test_deep_json_in_a_get_query_string_is_a_400(client: httpx.AsyncClient) -> None:
    deep = "[" * 5000 + "]" * 5000
    r = await client.get("/graphql", params={"query": "{ __typename }", "variables": deep})
    assert r.status_code == 400, r.text


async def test_a_repeated_legacy_connection_init_closes_the_socket(
    client: httpx.AsyncClient,
) -> None:
    """graphql-ws: every init used to start a keep-alive task that was never cancelled."""
    url = str(client.base_url).replace("http://", "ws://") + "/graphql"

    def keep_alives() -> int:
        return sum(
            1
            for task in asyncio.all_tasks()
            if getattr(task.get_coro(), "__name__", "") == "handle_keep_alive"
        )

    before = keep_alives()
    async with websockets.connect(url, subprotocols=["graphql-ws"]) as ws:
        await ws.send(json.dumps({"type": "connection_init", "payload": {}}))
        assert json.loads(await ws.recv())["type"] == "connection_ack"
        for _ in range(50):
            await ws.send(json.dumps({"type": "connection_init", "payload": {}}))
        with pytest.raises(websockets.ConnectionClosed) as closed:
            while True:
                await asyncio.wait_for(ws.recv(), 5)
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 4429
    for _ in range(50):
        if keep_alives() <= before:
            break
        await asyncio.sleep(0.05)
    assert keep_alives() <= before
