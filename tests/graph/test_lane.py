"""Long queries run on the lane (gateway.lane): the same answers, errors and permissions as
inline, counted in /metrics; cancelling the wait cancels the work; no lane where the
process's state cannot be shared (the in-process job store)."""

from __future__ import annotations

import asyncio
import gc
import re
import threading

import httpx
import pytest

from gateway.app import build_services
from gateway.graphql import view
from gateway.graphql.loaders import Loaders
from gateway.graphql.planner import run
from gateway.lane import Lane
from gateway.settings import Settings
from tests.stack import LANE_THRESHOLD, Gateway, gateways, lane_and_inline

# Estimated at 1 + 50 x (1 + 1 + 1) = 151 objects: heavy with a threshold of 100.
HEAVY = """query($after: String) { dataCollections(first: 50, after: $after) { totalCount
  nodes { dataCollectionId imagePrefix startTime jobCounts { total }
    group { dataCollectionGroupId experimentType sample { blSampleId name } } } } }"""
LIGHT = "{ viewer { login isStaff } }"


async def _post(gw: Gateway, login: str, query: str, **variables: object) -> bytes:
    """The response body, with each error's request id (unique per request) blanked."""
    async with httpx.AsyncClient(base_url=gw.base, timeout=30) as http:
        r = await http.post(
            "/graphql", json={"query": query, "variables": variables}, headers=gw.auth(login)
        )
    assert r.status_code == 200, r.text
    return re.sub(rb'"requestId":"[0-9a-f]+"', b'"requestId":""', r.content)


async def _lane_count(gw: Gateway) -> float:
    async with httpx.AsyncClient(base_url=gw.base, timeout=30) as http:
        text = (await http.get("/metrics")).text
    found = re.search(r"^gateway_lane_operations_total (\S+)$", text, re.M)
    assert found, "the lane counter is exported"
    return float(found.group(1))


async def test_heavy_queries_answer_on_the_lane_as_inline(
    ispyb_url: str, mongo_url: str, mongo_database: str
) -> None:
    common = {"sql_url": ispyb_url, "mongo_url": mongo_url, "mongo_database": mongo_database}
    async with lane_and_inline(**common) as (lane, inline):
        cases: list[tuple[str, str, dict[str, object]]] = [
            ("carol", HEAVY, {}),  # staff: everything
            ("alice", HEAVY, {}),  # a member: her proposal's
            ("dave", HEAVY, {}),  # another proposal's member
            ("alice", HEAVY, {"after": "not a cursor"}),  # a client error, with its code
        ]
        for login, query, variables in cases:
            on_lane = await _post(lane, login, query, **variables)
            assert on_lane == await _post(inline, login, query, **variables), (login, variables)
        assert b"BAD_USER_INPUT" in on_lane
        assert await _lane_count(lane) == len(cases)
        # Light queries stay on the main loop; the inline gateway never uses a lane.
        assert await _post(lane, "carol", LIGHT) == await _post(inline, "carol", LIGHT)
        assert await _lane_count(lane) == len(cases)
        assert await _lane_count(inline) == 0


async def test_a_read_in_parts_answers_as_inline(
    ispyb_url: str, mongo_url: str, mongo_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The lane runs a big read in parts (gateway.graphql.planner.run), writing each
    before the next loads: with parts of two objects, the same bytes as inline."""
    monkeypatch.setattr(run, "_FIRST_PART", 1)
    monkeypatch.setattr(view, "LANE_PARTS", 2)
    forgotten = 0
    forget = Loaders.forget

    def counted(self: Loaders) -> None:
        nonlocal forgotten
        forgotten += 1
        forget(self)

    monkeypatch.setattr(Loaders, "forget", counted)
    common = {"sql_url": ispyb_url, "mongo_url": mongo_url, "mongo_database": mongo_database}
    async with lane_and_inline(**common) as (lane, inline):
        for login in ("carol", "alice", "dave"):
            parted = forgotten
            on_lane = await _post(lane, login, HEAVY)
            assert on_lane == await _post(inline, login, HEAVY), login
            if login != "dave":  # an outsider's page is empty: nothing to cut
                assert forgotten - parted > 2, "the read went in parts"


async def test_the_response_cap_holds_on_the_lane(
    ispyb_url: str, mongo_url: str, mongo_database: str
) -> None:
    """The lane encodes its answers itself: the size limit must hold there as inline."""
    common = {"sql_url": ispyb_url, "mongo_url": mongo_url, "mongo_database": mongo_database}
    async with lane_and_inline(max_response_bytes=1024, **common) as (lane, inline):
        on_lane = await _post(lane, "carol", HEAVY)
        assert b"RESPONSE_TOO_LARGE" in on_lane and b"dataCollectionId" not in on_lane
        assert on_lane == await _post(inline, "carol", HEAVY)
        assert await _lane_count(lane) == 1


async def test_no_lane_with_the_in_process_job_store(ispyb_url: str) -> None:
    async with gateways(1, sql_url=ispyb_url, heavy_query_cost=LANE_THRESHOLD) as (gw,):
        body = await _post(gw, "carol", HEAVY)
        assert b'"errors"' not in body and b"dataCollectionId" in body
        assert await _lane_count(gw) == 0


async def test_cancelling_the_wait_cancels_the_work_on_the_lane() -> None:
    lane = Lane(lambda: build_services(Settings(sql_url="sqlite+aiosqlite://")))
    await lane.start()
    started, cancelled = threading.Event(), threading.Event()

    async def long_work() -> None:
        started.set()
        try:
            await asyncio.sleep(60)
        except asyncio.CancelledError:
            cancelled.set()
            raise

    try:
        waiting = asyncio.create_task(lane.run(long_work()))
        assert await asyncio.to_thread(started.wait, 5)
        waiting.cancel()
        with pytest.raises(asyncio.CancelledError):
            await waiting
        assert await asyncio.to_thread(cancelled.wait, 5), "the lane's task was not cancelled"
        # The lane still serves after a cancellation.
        assert await lane.run(asyncio.sleep(0, result="still here")) == "still here"
    finally:
        await lane.close()
    assert not lane.started


async def test_the_cyclic_collector_pauses_while_the_lane_works() -> None:
    """Paused from the first operation's start to the last one's end, then as it was."""
    lane = Lane(lambda: build_services(Settings(sql_url="sqlite+aiosqlite://")))
    await lane.start()
    release = threading.Event()

    async def seen() -> bool:
        return gc.isenabled()

    async def held() -> bool:
        await asyncio.to_thread(release.wait, 5)
        return gc.isenabled()

    try:
        assert gc.isenabled()
        first = asyncio.create_task(lane.run(held()))
        await asyncio.sleep(0.05)
        assert not gc.isenabled()
        assert await lane.run(seen()) is False  # a second operation meanwhile
        assert not gc.isenabled()  # the first still runs
        release.set()
        assert await first is False
        assert gc.isenabled()
        gc.disable()  # an embedding application's choice is kept
        await lane.run(seen())
        assert not gc.isenabled()
    finally:
        gc.enable()
        release.set()
        await lane.close()
