"""Subscribers' sockets skip the HTTP-only middlewares (gateway.http.websocket_shortcut): what
those layers gave a socket it still gets, and only the GraphQL route is taken that way."""

from __future__ import annotations

import json

import pytest
import websockets

from tests.test_subscriptions import CREATE, _next, live

UNKNOWN = 'subscription { jobUpdated(jobId: "no-such-job") { event } }'


async def test_a_subscription_error_names_the_sockets_request_id(
    ispyb_url: str, mongo_url: str, mongo_database: str
) -> None:
    """The id a proxy gave the handshake is the one errors on that socket carry (the request
    id middleware is skipped; the shortcut gives it instead), and a socket without one gets
    its own."""
    async with live(ispyb_url, mongo_url, mongo_database, 1, None) as (gw,):
        ids = []
        for incoming in ("proxy-given.id-1", None):
            headers = {"X-Request-ID": incoming} if incoming else {}
            url = gw.base.replace("http", "ws") + "/graphql"
            async with websockets.connect(
                url, subprotocols=["graphql-transport-ws"], additional_headers=headers
            ) as ws:
                await ws.send(
                    json.dumps(
                        {
                            "type": "connection_init",
                            "payload": {"authorization": f"Bearer {gw.token('alice')}"},
                        }
                    )
                )
                assert json.loads(await ws.recv())["type"] == "connection_ack"
                payload = {"query": UNKNOWN}
                await ws.send(json.dumps({"type": "subscribe", "id": "1", "payload": payload}))
                got = await _next(ws)
            errors = got.get("errors") or got["payload"]
            assert errors[0]["extensions"]["code"] == "NOT_FOUND", got
            ids.append(errors[0]["extensions"]["requestId"])
        assert ids[0] == "proxy-given.id-1"
        assert ids[1] and ids[1] != ids[0]


async def test_sockets_are_still_authenticated_and_other_paths_refused(
    ispyb_url: str, mongo_url: str, mongo_database: str
) -> None:
    async with live(ispyb_url, mongo_url, mongo_database, 1, None) as (gw,):
        base = gw.base.replace("http", "ws")
        async with websockets.connect(
            base + "/graphql", subprotocols=["graphql-transport-ws"]
        ) as ws:
            await ws.send(
                json.dumps(
                    {"type": "connection_init", "payload": {"authorization": "Bearer forged"}}
                )
            )
            with pytest.raises(websockets.ConnectionClosed) as closed:
                await ws.recv()
            assert closed.value.rcvd is not None and closed.value.rcvd.code == 4401
        # Without a token a socket is anonymous, as before: it sees no one's jobs.
        job_id = (await gw.gql("alice", CREATE))["createJob"]["jobId"]
        async with websockets.connect(
            base + "/graphql", subprotocols=["graphql-transport-ws"]
        ) as ws:
            await ws.send(json.dumps({"type": "connection_init", "payload": {}}))
            assert json.loads(await ws.recv())["type"] == "connection_ack"
            query = f'subscription {{ jobUpdated(jobId: "{job_id}") {{ event }} }}'
            await ws.send(json.dumps({"type": "subscribe", "id": "1", "payload": {"query": query}}))
            got = await _next(ws)
            errors = got.get("errors") or got["payload"]
            assert errors[0]["extensions"]["code"] == "NOT_FOUND", got
        # Only the GraphQL route is short-cut: a socket to another path is refused as before.
        for path in ("/graphql/", "/healthz", "/nowhere"):
            with pytest.raises(websockets.InvalidStatus) as refused:
                async with websockets.connect(base + path):
                    pass
            assert refused.value.response.status_code == 403, path
