"""A session page, live: MXCuBE writes on one replica, users watch on another (Redis, WebSocket)."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
from typing import Any

import httpx
from sqlalchemy import create_engine, text

from bench.beamline_day import beamline_token as bench_token
from gateway.sql.engine import sync_url
from tests.server import free_port
from tests.stack import Gateway
from tests.test_subscriptions import _next, live

WATCH = """subscription($s: Int!) { sessionUpdated(sessionId: $s) {
  event kind id missedUpdates publishedAt
  dataCollectionGroup { dataCollectionGroupId experimentType comments }
  dataCollection { dataCollectionId runStatus numberOfImages }
  robotAction { robotActionId actionType status }
  energyScan { energyScanId element }
  xfeSpectrum { xfeFluorescenceSpectrumId energy }
} }"""
SESSION = 2  # demo session on id30a-3: alice (proposal member) and bob (local contact) see it


async def beamline_token(gateway: Gateway) -> str:
    """A client-credentials token from the issuer, as MXCuBE's account gets it."""
    return await bench_token(gateway.issuer)


async def mxcube(gateway: Gateway, token: str, query: str, **variables: Any) -> dict[str, Any]:
    async with httpx.AsyncClient(base_url=gateway.base, timeout=30) as http:
        r = await http.post(
            "/graphql",
            json={"query": query, "variables": variables},
            headers={"authorization": f"Bearer {token}"},
        )
    body = r.json()
    assert "errors" not in body, body
    return body["data"]  # type: ignore[no-any-return]


GROUP = """mutation($s: Int!, $c: String) { createDataCollectionGroup(
  input: {sessionId: $s, experimentType: "OSC", comments: $c}) { dataCollectionGroupId } }"""
ROBOT = """mutation($s: Int!) { recordRobotAction(input: {blsessionId: $s, actionType: "LOAD",
  status: "SUCCESS", blsampleId: 2}) { robotActionId } }"""


async def _event(ws: Any, wait: float = 10) -> dict[str, Any]:
    message = await _next(ws, wait)
    assert "data" in message, message
    return message["data"]["sessionUpdated"]  # type: ignore[no-any-return]


async def test_a_session_page_follows_the_beamline_across_replicas(
    writable_ispyb_url: str, mongo_url: str, mongo_database: str, redis_url: str
) -> None:
    async with live(writable_ispyb_url, mongo_url, mongo_database, 2, redis_url) as (a, b):
        token = await beamline_token(a)
        async with b.subscribe("alice", WATCH, s=SESSION) as ws:
            await asyncio.sleep(0.3)  # b's Redis reader is up
            mount = (await mxcube(a, token, ROBOT, s=SESSION))["recordRobotAction"]
            event = await _event(ws)
            assert (event["event"], event["kind"], event["id"]) == (
                "created",
                "ROBOT_ACTION",
                mount["robotActionId"],
            )
            assert event["robotAction"]["actionType"] == "LOAD"
            group = (await mxcube(a, token, GROUP, s=SESSION, c="task group"))[
                "createDataCollectionGroup"
            ]["dataCollectionGroupId"]
            event = await _event(ws)
            assert event["dataCollectionGroup"] == {
                "dataCollectionGroupId": group,
                "experimentType": "OSC",
                "comments": "task group",
            }
            dc = (
                await mxcube(
                    a,
                    token,
                    "mutation($g: Int!) { createDataCollection(input: {dataCollectionGroupId: $g,"
                    ' numberOfImages: 900, runStatus: "Running"}) { dataCollectionId } }',
                    g=group,
                )
            )["createDataCollection"]["dataCollectionId"]
            await mxcube(
                a,
                token,
                "mutation($d: Int!) { updateDataCollection(dataCollectionId: $d,"
                ' input: {runStatus: "Data collection successful"}) { dataCollectionId } }',
                d=dc,
            )
            created, updated = await _event(ws), await _event(ws)
            assert (created["event"], created["dataCollection"]["runStatus"]) == (
                "created",
                # re-read when delivered: the committed row, maybe already updated
                created["dataCollection"]["runStatus"],
            )
            assert created["dataCollection"]["numberOfImages"] == 900
            assert (updated["event"], updated["dataCollection"]["runStatus"]) == (
                "updated",
                "Data collection successful",
            )
            await mxcube(
                a,
                token,
                'mutation($s: Int!) { createEnergyScan(input: {sessionId: $s, element: "Se"})'
                " { energyScanId } }",
                s=SESSION,
            )
            await mxcube(
                a,
                token,
                "mutation($s: Int!) { createXfeSpectrum(input: {sessionId: $s, energy: 12.5})"
                " { xfeFluorescenceSpectrumId } }",
                s=SESSION,
            )
            assert (await _event(ws))["energyScan"]["element"] == "Se"
            assert (await _event(ws))["xfeSpectrum"]["energy"] == 12.5
        # Someone who may not see the session cannot follow it.
        async with b.subscribe("dave", WATCH, s=SESSION) as ws:
            refused = await _next(ws)
            assert refused["errors"][0]["extensions"]["code"] == "NOT_FOUND", refused


async def test_each_event_is_checked_against_the_subscriber(
    writable_ispyb_url: str, mongo_url: str, mongo_database: str, redis_url: str
) -> None:
    async with live(writable_ispyb_url, mongo_url, mongo_database, 1, redis_url) as (gw,):
        token = await beamline_token(gw)
        async with (
            gw.subscribe("alice", WATCH, s=SESSION) as alice,
            gw.subscribe("bob", WATCH, s=SESSION) as bob,
        ):
            await asyncio.sleep(0.3)
            await mxcube(gw, token, ROBOT, s=SESSION)
            assert (await _event(alice))["kind"] == "ROBOT_ACTION"
            assert (await _event(bob))["kind"] == "ROBOT_ACTION"
            # Bob stops being the session's local contact while his page is open.
            engine = create_engine(sync_url(writable_ispyb_url))
            with engine.begin() as conn:
                conn.execute(text("DELETE FROM Session_has_Person WHERE personId = 2"))
            engine.dispose()
            group = (await mxcube(gw, token, GROUP, s=SESSION, c="after"))[
                "createDataCollectionGroup"
            ]["dataCollectionGroupId"]
            assert (await _event(alice))["id"] == group
            try:
                leaked = await _next(bob, wait=1.5)
            except TimeoutError:
                leaked = None
            assert leaked is None, leaked


def _redis(port: int) -> subprocess.Popen[bytes]:
    server = shutil.which("redis-server")
    assert server, "redis-server is installed by scripts/services.sh"
    return subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


async def test_a_change_made_while_redis_is_down_reaches_the_other_replica_later(
    writable_ispyb_url: str, mongo_url: str, mongo_database: str
) -> None:
    port = free_port()
    redis = _redis(port)
    try:
        await asyncio.sleep(0.3)
        url = f"redis://127.0.0.1:{port}/0"
        async with live(writable_ispyb_url, mongo_url, mongo_database, 2, url) as (a, b):
            token = await beamline_token(a)
            await mxcube(a, token, GROUP, s=SESSION, c="warm-up")  # a's reader is up
            async with b.subscribe("alice", WATCH, s=SESSION) as ws:
                await asyncio.sleep(0.3)
                redis.terminate()
                redis.wait(10)
                await asyncio.sleep(0.3)
                # Committed while the broker is down: the write succeeds, the event waits.
                mount = (await mxcube(a, token, ROBOT, s=SESSION))["recordRobotAction"]
                redis = _redis(port)
                seen: list[dict[str, Any]] = []
                while not any(e["id"] == mount["robotActionId"] for e in seen):
                    seen.append(await _event(ws, wait=20))
                assert seen[-1]["robotAction"]["actionType"] == "LOAD"
                # b lost Redis too: it said so first, so the page could reload meanwhile.
                assert seen[0]["event"] == "resync" and seen[0]["missedUpdates"] is True
    finally:
        redis.terminate()
        redis.wait(10)
