"""Authentication end to end: a real issuer, a real gateway on loopback, HTTP and WebSocket."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx
import pytest
import pytest_asyncio
import websockets

from gateway.app import create_app
from gateway.settings import Settings
from tests.oidc import TestIssuer, running_issuer
from tests.server import serve

PROPOSALS = "{ proposals { totalCount nodes { name } } viewer { login isStaff isWorker } }"


@dataclass
class Stack:
    issuer: TestIssuer
    base: str

    def token(self, login: str, **claims: object) -> str:
        return self.issuer.mint({"preferred_username": login, **claims})

    async def query(self, token: str | None, document: str = PROPOSALS) -> httpx.Response:
        headers = {"authorization": f"Bearer {token}"} if token else {}
        async with httpx.AsyncClient(base_url=self.base) as http:
            return await http.post("/graphql", json={"query": document}, headers=headers)


async def _stack(ispyb_url: str, **overrides: object) -> AsyncIterator[Stack]:
    async with running_issuer() as issuer:
        settings = Settings(
            sql_url=ispyb_url, oidc_issuer=issuer.url, oidc_audience="ispyb-gateway", **overrides
        )  # type: ignore[arg-type]
        async with serve(create_app(settings)) as base:
            yield Stack(issuer, base)


@pytest_asyncio.fixture
async def stack(ispyb_url: str) -> AsyncIterator[Stack]:
    async for s in _stack(ispyb_url):
        yield s


async def test_people_see_their_proposals(stack: Stack) -> None:
    anonymous = (await stack.query(None)).json()["data"]
    assert anonymous["proposals"]["totalCount"] == 0 and anonymous["viewer"]["login"] is None
    alice = (await stack.query(stack.token("alice"))).json()["data"]
    assert [n["name"] for n in alice["proposals"]["nodes"]] == ["mx2112"]
    # Staff from ISPyB's permission tables, and staff from a token role.
    carol = (await stack.query(stack.token("carol"))).json()["data"]
    assert carol["proposals"]["totalCount"] == 3 and carol["viewer"]["isStaff"]
    dave = (await stack.query(stack.token("dave", realm_access={"roles": ["ispyb-staff"]}))).json()[
        "data"
    ]
    assert dave["proposals"]["totalCount"] == 3
    # Unknown persons get an empty graph; service accounts see no ISPyB data.
    ghost = (await stack.query(stack.token("ghost"))).json()["data"]
    assert ghost["proposals"]["totalCount"] == 0 and ghost["viewer"]["login"] == "ghost"
    worker = (
        await stack.query(
            stack.token("svc", azp="edna", realm_access={"roles": ["ispyb-processing"]})
        )
    ).json()["data"]
    assert worker["viewer"]["isWorker"] and worker["proposals"]["totalCount"] == 0


async def test_bad_tokens_get_401_with_a_challenge(
    stack: Stack, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="gateway.auth")
    for token, reason in [
        (stack.issuer.forge_none(), "unsupported algorithm"),
        (stack.token("alice", exp=1), "token expired"),
        (stack.token("alice", aud="other"), "invalid audience"),
    ]:
        r = await stack.query(token)
        assert r.status_code == 401
        assert r.headers["www-authenticate"].startswith(
            'Bearer realm="ispyb-gateway", error="invalid_token"'
        )
        assert reason in r.headers["www-authenticate"]
        error = r.json()["errors"][0]
        assert error["extensions"]["code"] == "UNAUTHENTICATED"
        assert error["extensions"]["requestId"] == r.headers["x-request-id"]
        assert token not in caplog.text
    r = await stack.query("x", document="{ viewer { login } }")
    assert r.status_code == 401


async def test_unknown_persons_can_be_refused(ispyb_url: str) -> None:
    async for s in _stack(ispyb_url, refuse_unknown_persons=True):
        assert (await s.query(s.token("ghost"))).status_code == 401
        assert (await s.query(s.token("alice"))).status_code == 200


async def test_websocket_graphql_transport_ws(stack: Stack) -> None:
    url = stack.base.replace("http", "ws") + "/graphql"
    async with websockets.connect(url, subprotocols=["graphql-transport-ws"]) as ws:
        await ws.send(
            json.dumps(
                {
                    "type": "connection_init",
                    "payload": {"authorization": f"Bearer {stack.token('alice')}"},
                }
            )
        )
        assert json.loads(await ws.recv())["type"] == "connection_ack"
        await ws.send(
            json.dumps(
                {"type": "subscribe", "id": "1", "payload": {"query": "{ viewer { login } }"}}
            )
        )
        message = json.loads(await ws.recv())
        assert (
            message["type"] == "next" and message["payload"]["data"]["viewer"]["login"] == "alice"
        )
    async with websockets.connect(url, subprotocols=["graphql-transport-ws"]) as ws:
        await ws.send(
            json.dumps(
                {
                    "type": "connection_init",
                    "payload": {"authorization": f"Bearer {stack.issuer.forge_none()}"},
                }
            )
        )
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await ws.recv()
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 4401


async def test_websocket_legacy_graphql_ws(stack: Stack) -> None:
    url = stack.base.replace("http", "ws") + "/graphql"
    async with websockets.connect(url, subprotocols=["graphql-ws"]) as ws:
        await ws.send(
            json.dumps(
                {"type": "connection_init", "payload": {"authorization": "Bearer not-a-token"}}
            )
        )
        message = json.loads(await ws.recv())
        assert message["type"] == "connection_error"
        assert message["payload"]["message"] == "malformed token"
    async with websockets.connect(url, subprotocols=["graphql-ws"]) as ws:
        await ws.send(
            json.dumps(
                {
                    "type": "connection_init",
                    "payload": {"authorization": f"Bearer {stack.token('bob')}"},
                }
            )
        )
        assert json.loads(await ws.recv())["type"] == "connection_ack"


@pytest.mark.parametrize("protocol", ["graphql-transport-ws", "graphql-ws"])
async def test_websocket_closes_when_the_token_expires(ispyb_url: str, protocol: str) -> None:
    import time

    async for s in _stack(ispyb_url, oidc_leeway_seconds=0):
        url = s.base.replace("http", "ws") + "/graphql"
        token = s.token("alice", exp=int(time.time()) + 2)
        async with websockets.connect(url, subprotocols=[protocol]) as ws:
            await ws.send(
                json.dumps(
                    {"type": "connection_init", "payload": {"authorization": f"Bearer {token}"}}
                )
            )
            assert json.loads(await ws.recv())["type"] == "connection_ack"
            with pytest.raises(websockets.ConnectionClosed) as closed:
                while True:  # keep-alives may come first
                    await asyncio.wait_for(ws.recv(), 10)
            assert closed.value.rcvd is not None and closed.value.rcvd.code == 4401
