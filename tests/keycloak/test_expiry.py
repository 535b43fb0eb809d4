"""Expired Keycloak tokens: 401 over HTTP, 4401 on the WebSocket, including mid-connection."""

from __future__ import annotations

import asyncio
import json
import time

import pytest
import websockets

from tests.keycloak.keycloak import (
    AUDIENCE,
    Keycloak,
    audience_mapper,
    claims_of,
    gateway_on,
    graphql,
)

LIFESPAN = 4


async def _init(url: str, token: str) -> websockets.ClientConnection:
    ws = await websockets.connect(url, subprotocols=["graphql-transport-ws"])  # type: ignore[list-item]
    await ws.send(
        json.dumps({"type": "connection_init", "payload": {"authorization": f"Bearer {token}"}})
    )
    return ws


async def _close_code(ws: websockets.ClientConnection, seconds: float) -> int | None:
    with pytest.raises(websockets.ConnectionClosed) as closed:
        while True:  # keep-alives may come first
            await asyncio.wait_for(ws.recv(), seconds)
    return closed.value.rcvd.code if closed.value.rcvd else None


async def test_expired_tokens_are_refused_on_http_and_websocket(
    keycloak: Keycloak, ispyb_url: str
) -> None:
    short_lived = {
        "clientId": "ispyb-ui-short-lived",
        "publicClient": True,
        "standardFlowEnabled": False,
        "directAccessGrantsEnabled": True,
        "attributes": {"access.token.lifespan": str(LIFESPAN)},
        "protocolMappers": [audience_mapper(AUDIENCE)],
    }
    async with (
        keycloak.temporary_client(short_lived),
        gateway_on(keycloak.issuer, ispyb_url, oidc_leeway_seconds=0) as base,
    ):
        token = await keycloak.user_token("alice", client="ispyb-ui-short-lived")
        assert claims_of(token)["exp"] - claims_of(token)["iat"] == LIFESPAN
        url = base.replace("http", "ws") + "/graphql"
        async with await _init(url, token) as ws:
            assert json.loads(await ws.recv())["type"] == "connection_ack"
            assert await _close_code(ws, LIFESPAN + 10) == 4401
        assert time.time() >= claims_of(token)["exp"]

        r = await graphql(base, token, "{ viewer { login } }")
        assert r.status_code == 401 and "token expired" in r.headers["www-authenticate"]
        assert r.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        async with await _init(url, token) as ws:
            assert await _close_code(ws, 10) == 4401
