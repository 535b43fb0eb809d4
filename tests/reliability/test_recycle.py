"""Recycling: with GATEWAY_MAX_REQUESTS_PER_PROCESS, `serve` runs its processes under a
supervisor that replaces each one after that many requests, on the same socket: requests
keep being answered, a subscriber of a recycled process is told 1001 (going away), and
SIGTERM stops the supervisor and every process it started.

And trimming: after a request that left freed memory in glibc's heap, the middleware
gives it back to the system (gateway/http/memory.py)."""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import sys

import httpx
import pytest
import websockets
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from gateway.http.memory import MB, MemoryTrimMiddleware, Trimmer, resident_bytes
from tests.reliability.process import served
from tests.server import free_port

LIMIT = 5
VIEWER = "{ viewer { login } }"


async def _answered(gw_base: str, headers: dict[str, str]) -> tuple[httpx.Response, int]:
    """One read on a new connection; retried once if the connection was closed before any
    response (a process that stopped accepting as it was connected), as a load balancer
    retries an idempotent request. Returns the response and the number of retries."""
    for attempt in range(2):
        try:
            async with httpx.AsyncClient(base_url=gw_base, timeout=30) as http:
                r = await http.post("/graphql", json={"query": VIEWER}, headers=headers)
            return r, attempt
        except (httpx.RemoteProtocolError, httpx.ConnectError, httpx.ReadError):
            if attempt:
                raise
    raise AssertionError("unreachable")


async def test_processes_are_recycled_after_n_requests_and_keep_answering(
    ispyb_url: str, mongo_url: str, mongo_database: str
) -> None:
    async with served(
        ispyb_url,
        mongo_url,
        mongo_database,
        max_requests_per_process=LIMIT,
        shutdown_grace_seconds=5,
    ) as gw:
        alice = gw.auth("alice")
        # A subscriber on the first process: told "going away" when that process recycles.
        ws = await websockets.connect(
            gw.base.replace("http", "ws") + "/graphql", subprotocols=["graphql-transport-ws"]
        )
        await ws.send(json.dumps({"type": "connection_init", "payload": alice}))
        assert json.loads(await ws.recv())["type"] == "connection_ack"

        retries = 0
        for _ in range(6 * LIMIT):
            r, retried = await _answered(gw.base, alice)
            retries += retried
            assert r.status_code == 200 and r.json() == {"data": {"viewer": {"login": "alice"}}}

        with pytest.raises(websockets.ConnectionClosed) as closed:
            async with asyncio.timeout(15):
                while True:
                    await ws.recv()
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 1001

        log = gw.output()
        started = [int(p) for p in re.findall(r"started serving process (\d+)", log)]
        limits = log.count("Maximum request limit")
        print(f"{len(started)} processes served {6 * LIMIT} reads; {retries} retried")
        # 31+ requests (and the start-up probes) at 5 per process: at least 5 replacements.
        assert limits >= 5 and len(started) >= limits
        assert retries <= limits  # at most the one connection caught by each recycle

        gw.terminate()
        assert await gw.exit_code(within=30) == 0
        for pid in started:  # no process left behind on the port
            with pytest.raises(ProcessLookupError):
                os.kill(pid, 0)
        log = gw.output()
    assert "Traceback" not in log, log[-3000:]


def _fragment_heap() -> int:
    """Leave ~64 MB of freed memory in glibc's heap that `free` alone cannot return: 1 KiB
    blocks (above CPython's small-object allocator), one in 64 kept alive so every page
    of the heap stays in use by something. Returns the resident memory then."""
    blocks = [bytearray(1024) for _ in range(64 * 1024)]
    keep = blocks[::64]
    del blocks
    _fragment_heap.kept = keep  # type: ignore[attr-defined]
    return resident_bytes() or 0


async def test_a_request_leaving_freed_heap_behind_is_followed_by_a_trim() -> None:
    trimmer = Trimmer(threshold_mb=16)
    if not trimmer.enabled:
        pytest.skip("no glibc malloc_trim or no /proc here: trimming is a no-op")
    after_request: list[int] = []

    async def heavy(request: Request) -> Response:
        after_request.append(_fragment_heap())
        return Response("done")

    app = Starlette(
        routes=[Route("/heavy", heavy)],
        middleware=[Middleware(MemoryTrimMiddleware, trimmer=trimmer)],
    )
    # The test process's own free pages go back first (after hundreds of tests it holds
    # tens of MB of them, which the request's blocks would reuse without growing).
    await trimmer.trim()
    trims = trimmer.trims
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://test"
    ) as http:
        assert (await http.get("/heavy")).text == "done"
        for _ in range(100):  # the trim runs in a thread after the response
            if trimmer.trims > trims:
                break
            await asyncio.sleep(0.05)
    assert trimmer.trims == trims + 1
    dropped = (after_request[0] - (resident_bytes() or 0)) / MB
    print(f"resident after the request {after_request[0] / MB:.0f} MB, trimmed by {dropped:.0f} MB")
    assert dropped > 32  # most of the ~63 MB freed came back
    # Nothing more to give: a light request does not trim again.
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://test"
    ) as http:
        await http.get("/missing")
    await asyncio.sleep(0.2)
    assert trimmer.trims == trims + 1
    del _fragment_heap.kept  # type: ignore[attr-defined]


def test_the_supervisor_stops_with_one_clear_line_when_the_database_is_not_there() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GATEWAY_")}
    env.update(
        GATEWAY_SQL_URL=f"mysql+asyncmy://u:secret@127.0.0.1:{free_port()}/ispyb",
        GATEWAY_MONGO_URL="mongodb://127.0.0.1:1/",
        GATEWAY_MAX_REQUESTS_PER_PROCESS="5",
        GATEWAY_PROCESSES="2",
    )
    done = subprocess.run(
        [sys.executable, "-m", "gateway.cli", "serve", "--wait", "0", "--port", str(free_port())],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    assert "cannot reach the ISPyB database at mysql+asyncmy://u:***@127.0.0.1" in done.stderr
    assert "the database is not ready to be served" in done.stderr
    assert "secret" not in done.stderr and "Traceback" not in done.stderr
