"""Live job status over WebSocket: real clients, real gateways, in-process and through Redis."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
import websockets

from tests.stack import Gateway, gateways

CREATE = 'mutation { createJob(type: "reprocess", itemIds: [1], parameters: {pipeline: "autoPROC"}) { jobId } }'
CLAIM = 'mutation { claimJob(types: ["reprocess"]) { leaseToken job { jobId } } }'
FOLLOW = "subscription($id: String!) { jobUpdated(jobId: $id) { event from to missedUpdates job { jobId status } } }"


class Live(Gateway):
    @asynccontextmanager
    async def subscribe(
        self,
        login: str,
        query: str,
        protocol: str = "graphql-transport-ws",
        operation_name: str | None = None,
        operation_id: str = "1",
        **variables: Any,
    ) -> AsyncIterator[websockets.ClientConnection]:
        url = self.base.replace("http", "ws") + "/graphql"
        async with websockets.connect(url, subprotocols=[protocol]) as ws:
            await ws.send(
                json.dumps(
                    {
                        "type": "connection_init",
                        "payload": {"authorization": f"Bearer {self.token(login)}"},
                    }
                )
            )
            assert json.loads(await ws.recv())["type"] == "connection_ack"
            start = "subscribe" if protocol == "graphql-transport-ws" else "start"
            payload = {"query": query, "variables": variables, "operationName": operation_name}
            await ws.send(json.dumps({"type": start, "id": operation_id, "payload": payload}))
            yield ws


async def _next(ws: websockets.ClientConnection, wait: float = 10) -> dict[str, Any]:
    while True:
        message = json.loads(await asyncio.wait_for(ws.recv(), wait))
        if message["type"] in ("next", "data"):
            payload: dict[str, Any] = message["payload"]
            return payload
        if message["type"] in ("error", "complete"):
            return message
        # ping/pong/ka: keep-alives


@asynccontextmanager
async def live(
    ispyb_url: str,
    mongo_url: str,
    mongo_database: str,
    count: int,
    redis_url: str | None,
    **settings: Any,
) -> AsyncIterator[list[Live]]:
    async with gateways(
        count,
        sql_url=ispyb_url,
        mongo_url=mongo_url,
        mongo_database=mongo_database,
        redis_url=redis_url,
        **settings,
    ) as started:
        yield [Live(g.issuer, g.base) for g in started]


@pytest.mark.parametrize("protocol", ["graphql-transport-ws", "graphql-ws"])
async def test_follow_a_job_in_order(
    ispyb_url: str, mongo_url: str, mongo_database: str, protocol: str
) -> None:
    async with live(ispyb_url, mongo_url, mongo_database, 1, None) as (gw,):
        job_id = (await gw.gql("alice", CREATE))["createJob"]["jobId"]
        async with gw.subscribe("alice", FOLLOW, protocol, id=job_id) as ws:
            first = await _next(ws)
            assert first["data"]["jobUpdated"] == {
                "event": "snapshot",
                "from": None,
                "to": "PENDING",
                "missedUpdates": False,
                "job": {"jobId": job_id, "status": "PENDING"},
            }
            lease = (await gw.gql("w", CLAIM, "ispyb-processing"))["claimJob"]["leaseToken"]
            await gw.gql(
                "w",
                f'mutation {{ setJobStatus(jobId: "{job_id}", leaseToken: "{lease}", '
                "status: FINISHED) { status } }",
                "ispyb-processing",
            )
            seen = [(await _next(ws))["data"]["jobUpdated"] for _ in range(2)]
            assert [(e["from"], e["to"]) for e in seen] == [
                ("PENDING", "RUNNING"),
                ("RUNNING", "FINISHED"),
            ]


async def test_events_are_filtered_per_subscriber(
    ispyb_url: str, mongo_url: str, mongo_database: str
) -> None:
    async with live(ispyb_url, mongo_url, mongo_database, 1, None) as (gw,):
        job_id = (await gw.gql("alice", CREATE))["createJob"]["jobId"]
        async with gw.subscribe("dave", FOLLOW, id=job_id) as ws:
            refused = await _next(ws)
            assert refused["data"] is None
            assert refused["errors"][0]["extensions"]["code"] == "NOT_FOUND"
        watch_all = "subscription { jobsUpdated { to job { jobId } } }"
        async with (
            gw.subscribe("dave", watch_all) as dave,
            gw.subscribe("alice", watch_all) as alice,
        ):
            await asyncio.sleep(0.2)
            second = (await gw.gql("alice", CREATE))["createJob"]["jobId"]
            assert (await _next(alice))["data"]["jobsUpdated"]["job"]["jobId"] == second
            with pytest.raises(TimeoutError):
                await _next(dave, wait=1.0)


async def test_two_replicas_share_events_through_redis(
    ispyb_url: str, mongo_url: str, mongo_database: str, redis_url: str
) -> None:
    async with live(ispyb_url, mongo_url, mongo_database, 2, redis_url) as (a, b):
        job_id = (await a.gql("alice", CREATE))["createJob"]["jobId"]
        async with b.subscribe("alice", FOLLOW, id=job_id) as ws:
            assert (await _next(ws))["data"]["jobUpdated"]["event"] == "snapshot"
            await asyncio.sleep(0.3)  # b's Redis reader is up
            await a.gql("alice", f'mutation {{ cancelJob(jobId: "{job_id}") {{ status }} }}')
            event = (await _next(ws))["data"]["jobUpdated"]
            assert (event["from"], event["to"]) == ("PENDING", "CANCELLED")
        async with httpx.AsyncClient(base_url=b.base) as http:
            broker = next(
                s for s in (await http.get("/readyz")).json()["services"] if s["name"] == "events"
            )
            assert broker == {**broker, "state": "up", "detail": "redis"}


async def test_redis_outage_keeps_local_subscribers_and_resyncs(
    ispyb_url: str, mongo_url: str, mongo_database: str
) -> None:
    """Redis stops: this replica still delivers its own changes; Redis returns: state is re-sent."""
    import shutil
    import subprocess

    from tests.server import free_port

    port = free_port()
    redis_server = shutil.which("redis-server")
    assert redis_server, "redis-server is installed by scripts/services.sh"

    def start() -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [
                redis_server,
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    redis = start()
    try:
        await asyncio.sleep(0.3)
        async with live(ispyb_url, mongo_url, mongo_database, 1, f"redis://127.0.0.1:{port}/0") as (
            gw,
        ):
            job_id = (await gw.gql("alice", CREATE))["createJob"]["jobId"]
            async with gw.subscribe("alice", FOLLOW, id=job_id) as ws:
                assert (await _next(ws))["data"]["jobUpdated"]["event"] == "snapshot"
                redis.terminate()
                redis.wait(10)
                await asyncio.sleep(0.5)
                async with httpx.AsyncClient(base_url=gw.base) as http:
                    assert (await http.get("/readyz")).status_code == 503
                lease = (await gw.gql("w", CLAIM, "ispyb-processing"))["claimJob"]["leaseToken"]
                local = (await _next(ws))["data"]["jobUpdated"]
                assert (local["from"], local["to"]) == ("PENDING", "RUNNING")
                redis = start()
                resync = (await _next(ws, wait=15))["data"]["jobUpdated"]
                assert resync["event"] == "resync" and resync["missedUpdates"] is True
                assert resync["job"]["status"] == "RUNNING"
                async with httpx.AsyncClient(base_url=gw.base) as http:
                    for _ in range(50):
                        if (await http.get("/readyz")).status_code == 200:
                            break
                        await asyncio.sleep(0.1)
                    assert (await http.get("/readyz")).status_code == 200
                assert lease
    finally:
        redis.terminate()
        redis.wait(10)


async def test_a_late_message_never_takes_a_subscriber_back(
    ispyb_url: str, mongo_url: str, mongo_database: str, redis_url: str
) -> None:
    """A message about an earlier change arriving after a later one (a replica's backlog
    replayed after a Redis outage, a sweep's catch-up) is dropped, as is a repeated one."""
    from pymongo import AsyncMongoClient

    from gateway.events.redis import RedisBroker
    from gateway.jobs.events import job_channel, job_event
    from gateway.jobs.mongo_store import MongoJobStore

    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(mongo_url, tz_aware=True)
    replay = RedisBroker(redis_url)  # the gateways' default prefix: a replica replaying
    try:
        async with live(ispyb_url, mongo_url, mongo_database, 1, redis_url) as (gw,):
            job_id = (await gw.gql("alice", CREATE))["createJob"]["jobId"]
            pending = await MongoJobStore(client, mongo_database).get(job_id)
            async with gw.subscribe("alice", FOLLOW, id=job_id) as ws:
                assert (await _next(ws))["data"]["jobUpdated"]["event"] == "snapshot"
                await asyncio.sleep(0.3)  # the gateway's Redis reader is up
                await gw.gql("w", CLAIM, "ispyb-processing")
                running = await MongoJobStore(client, mongo_database).get(job_id)
                assert (await _next(ws))["data"]["jobUpdated"]["to"] == "RUNNING"
                await replay.publish(job_channel(job_id), job_event(pending, None, "created"))
                await replay.publish(job_channel(job_id), job_event(running, pending.status))
                await gw.gql("alice", f'mutation {{ cancelJob(jobId: "{job_id}") {{ status }} }}')
                event = (await _next(ws))["data"]["jobUpdated"]
                assert (event["event"], event["from"], event["to"]) == (
                    "status",
                    "RUNNING",
                    "CANCELLED",
                )
    finally:
        await replay.close()
        await client.close()
