"""SIGTERM on `ispyb-gateway serve`: stop accepting, finish what is in flight, close
WebSockets with 1001 (going away), lose no write."""

from __future__ import annotations

import asyncio
import hashlib
import json
import signal
import time
from collections.abc import AsyncIterator

import httpx
import websockets

from gateway.app import build_services
from gateway.settings import Settings
from tests.reliability.process import Served, served

CREATE = 'mutation { createJob(type: "reprocess", itemIds: [1], parameters: {pipeline: "autoPROC"}) { jobId } }'
CLAIM = 'mutation { claimJob(types: ["reprocess"]) { leaseToken job { jobId } } }'
FOLLOW = "subscription($id: String!) { jobUpdated(jobId: $id) { to job { status } } }"
GRACE = 20


async def _gql(gw: Served, who: dict[str, str], query: str) -> dict[str, object]:
    async with httpx.AsyncClient(base_url=gw.base, timeout=30) as http:
        body = (await http.post("/graphql", json={"query": query}, headers=who)).json()
    assert "errors" not in body, body
    return body["data"]  # type: ignore[no-any-return]


async def test_sigterm_drains_in_flight_work_and_says_going_away(
    ispyb_url: str, mongo_url: str, mongo_database: str
) -> None:
    async with served(ispyb_url, mongo_url, mongo_database, shutdown_grace_seconds=GRACE) as gw:
        alice, worker = gw.auth("alice"), gw.auth("edna", "ispyb-processing")
        job_id = (await _gql(gw, alice, CREATE))["createJob"]["jobId"]  # type: ignore[index]
        lease = (await _gql(gw, worker, CLAIM))["claimJob"]["leaseToken"]  # type: ignore[index]

        ws = await websockets.connect(
            gw.base.replace("http", "ws") + "/graphql", subprotocols=["graphql-transport-ws"]
        )
        await ws.send(json.dumps({"type": "connection_init", "payload": alice}))
        assert json.loads(await ws.recv())["type"] == "connection_ack"
        await ws.send(
            json.dumps(
                {
                    "type": "subscribe",
                    "id": "1",
                    "payload": {"query": FOLLOW, "variables": {"id": job_id}},
                }
            )
        )

        # A worker's upload in flight when the signal comes: it must complete and be kept.
        chunk = b"integrating frame\n" * 4000
        sent_first = asyncio.Event()

        async def slow_body() -> AsyncIterator[bytes]:
            for i in range(10):
                yield chunk
                if i == 0:
                    sent_first.set()
                await asyncio.sleep(0.3)

        async def upload() -> httpx.Response:
            async with httpx.AsyncClient(base_url=gw.base, timeout=60) as http:
                return await http.post(
                    f"/jobs/{job_id}/outputs/run.log?leaseToken={lease}&name=log",
                    content=slow_body(),
                    headers={**worker, "content-type": "text/plain"},
                )

        uploading = asyncio.create_task(upload())
        await sent_first.wait()
        await asyncio.sleep(0.2)
        signalled = time.monotonic()
        gw.terminate()

        # The WebSocket hears "going away" promptly, with a close handshake.
        with_close = None
        try:
            while True:
                await asyncio.wait_for(ws.recv(), 10)
        except websockets.ConnectionClosed as closed:
            with_close = closed.rcvd
        assert with_close is not None and with_close.code == 1001, with_close
        assert time.monotonic() - signalled < 5

        # New connections are refused while the upload finishes.
        await asyncio.sleep(0.3)
        refused = False
        try:
            async with httpx.AsyncClient(base_url=gw.base, timeout=2) as http:
                await http.get("/healthz")
        except httpx.TransportError:
            refused = True
        assert refused, "the gateway still accepted connections after SIGTERM"

        response = await uploading
        assert response.status_code == 201, response.text
        whole = chunk * 10
        assert response.json()["sha256"] == hashlib.sha256(whole).hexdigest()
        # uvicorn re-raises the signal once shut down: the conventional exit by SIGTERM.
        assert await gw.exit_code(GRACE + 10) in (0, -signal.SIGTERM)
        assert "Traceback" not in gw.output(), gw.output()

    # The write survived the process: the job has its output, whole.
    services = build_services(
        Settings(sql_url=ispyb_url, mongo_url=mongo_url, mongo_database=mongo_database)
    )
    try:
        job = await services.jobs.get(job_id)
        (output,) = job.outputs
        assert output.file_id is not None
        info = await services.jobs.store.file_info(output.file_id)
        assert info.size == len(whole)
    finally:
        await services.close()
