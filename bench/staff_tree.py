"""Issue 12's big read: every proposal -> session -> group -> collection (80,000 collections,
4 fields) as staff, the gateway over HTTP against hand-written SQL + JSON, in one run.

    eval "$(./scripts/services.sh)"
    .venv/bin/python -m bench.staff_tree [--rounds 3]

The gateway runs with the cost limit raised (the default refuses this query before it
runs: nested pages of 500 can ask for 500^4 objects). Per round: the gateway's time
and response size, its resident memory before, at the peak (sampled every 20 ms from
/proc) and 5 s after; then the hand-written side in this process (one statement
joining the four tables in the tree's order, nested dicts, `json.dumps`), whose answer
must be the same document. Meanwhile a client asks /healthz every 10 ms: its worst
delay is the "no other request delayed" figure. The big request goes from another
process (curl): read in this process, its 11.7 MB answer held up the probe's own loop,
and that delay was counted as the gateway's.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
from typing import Any

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from bench.load import rss_mb
from bench.ready import wait_ready
from bench.session_page import data_options, prepared
from bench.stall import probe
from tests.oidc import running_issuer
from tests.server import free_port

QUERY = """{ proposals(first: 500) { nodes { proposalId sessions(first: 500) { nodes { sessionId
  dataCollectionGroups(first: 500) { nodes { dataCollectionGroupId
    dataCollections(first: 500) { nodes { dataCollectionId imagePrefix dataCollectionNumber
      startTime } } } } } } } } }"""

# The gateway's default orders, newest first: proposals by id, sessions by start date,
# groups and collections by start time (ties by id); the first 500 proposals.
HAND = text("""
SELECT p.proposalId, s.sessionId, g.dataCollectionGroupId, c.dataCollectionId,
       c.imagePrefix, c.dataCollectionNumber, c.startTime
FROM (SELECT proposalId FROM Proposal ORDER BY proposalId DESC LIMIT 500) p
LEFT JOIN BLSession s ON s.proposalId = p.proposalId
LEFT JOIN DataCollectionGroup g ON g.sessionId = s.sessionId
LEFT JOIN DataCollection c ON c.dataCollectionGroupId = g.dataCollectionGroupId
ORDER BY p.proposalId DESC, s.startDate DESC, s.sessionId DESC, g.startTime DESC,
         g.dataCollectionGroupId DESC, c.startTime DESC, c.dataCollectionId DESC""")


async def hand_written(url: str) -> bytes:
    engine = create_async_engine(url)
    try:
        async with engine.connect() as conn:
            rows = (await conn.execute(HAND)).all()
    finally:
        await engine.dispose()
    proposals: list[dict[str, Any]] = []
    last: list[Any] = [None, None, None]
    for r in rows:
        if r.proposalId != last[0]:
            sessions: list[dict[str, Any]] = []
            proposals.append({"proposalId": r.proposalId, "sessions": {"nodes": sessions}})
            last = [r.proposalId, None, None]
        if r.sessionId is not None and r.sessionId != last[1]:
            groups: list[dict[str, Any]] = []
            sessions.append({"sessionId": r.sessionId, "dataCollectionGroups": {"nodes": groups}})
            last[1:] = [r.sessionId, None]
        if r.dataCollectionGroupId is not None and r.dataCollectionGroupId != last[2]:
            collections: list[dict[str, Any]] = []
            groups.append(
                {
                    "dataCollectionGroupId": r.dataCollectionGroupId,
                    "dataCollections": {"nodes": collections},
                }
            )
            last[2] = r.dataCollectionGroupId
        if r.dataCollectionId is not None:
            collections.append(
                {
                    "dataCollectionId": r.dataCollectionId,
                    "imagePrefix": r.imagePrefix,
                    "dataCollectionNumber": r.dataCollectionNumber,
                    "startTime": r.startTime.isoformat() if r.startTime else None,
                }
            )
    return json.dumps({"data": {"proposals": {"nodes": proposals}}}).encode()


async def peak_rss(pid: int, stop: asyncio.Event) -> float:
    peak = 0.0
    while not stop.is_set():
        peak = max(peak, rss_mb([pid]))
        await asyncio.sleep(0.02)
    return peak


async def fetch(base: str, token: str) -> tuple[bytes, float]:
    """The big query's answer and its time, by curl in its own process (~5 ms to start)."""
    t = time.perf_counter()
    curl = await asyncio.create_subprocess_exec(
        *("curl", "-sS", "--fail", "-H", f"authorization: Bearer {token}"),
        *("-H", "content-type: application/json", "--data-binary", "@-", f"{base}/graphql"),
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
    )
    answer, _ = await curl.communicate(json.dumps({"query": QUERY}).encode())
    if curl.returncode:
        raise RuntimeError(f"curl failed ({curl.returncode})")
    return answer, time.perf_counter() - t


async def run(args: argparse.Namespace) -> None:
    url = await prepared(args)
    async with running_issuer(audience="ispyb-gateway") as issuer:
        token = issuer.mint(
            claims={"preferred_username": "carol", "realm_access": {"roles": ["ispyb-staff"]}}
        )
        port = free_port()
        env = {
            **os.environ,
            "GATEWAY_SQL_URL": url,
            "GATEWAY_MONGO_URL": os.environ.get(
                "GATEWAY_TEST_MONGO_URL", "mongodb://127.0.0.1:27017/"
            ),
            "GATEWAY_MONGO_DATABASE": "bench_jobs",
            "GATEWAY_OIDC_ISSUER": issuer.url,
            "GATEWAY_OIDC_AUDIENCE": "ispyb-gateway",
            "GATEWAY_LOG_LEVEL": "warning",
            "GATEWAY_MAX_QUERY_COST": str(10**15),
            "GATEWAY_REQUEST_TIMEOUT_SECONDS": "300",
        }
        gateway = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "gateway.cli", "serve", "--port", str(port), env=env
        )
        base = f"http://127.0.0.1:{port}"
        try:
            async with httpx.AsyncClient(base_url=base, timeout=300) as light:
                await wait_ready(base)
                for round_ in range(args.rounds):
                    idle = rss_mb([gateway.pid])
                    stop = asyncio.Event()
                    peak = asyncio.create_task(peak_rss(gateway.pid, stop))
                    probes = asyncio.create_task(probe(light, stop))
                    content, took = await fetch(base, token)
                    stop.set()
                    top, delays = await peak, await probes
                    t = time.perf_counter()
                    floor = await hand_written(url)
                    hand = time.perf_counter() - t
                    same = json.loads(content) == json.loads(floor)
                    await asyncio.sleep(5)
                    size = len(content) / 1e6
                    print(
                        f"round {round_ + 1}: gateway {took:.2f} s, hand-written {hand:.2f} s "
                        f"({took / hand:.1f}x, same answer: {same}); {size:.1f} MB; RSS idle "
                        f"{idle:.0f}, peak {top:.0f} (+{top - idle:.0f} MB, "
                        f"{(top - idle) / size:.1f}x the response), 5 s later "
                        f"{rss_mb([gateway.pid]):.0f} MB; /healthz max {max(delays):.0f} ms "
                        f"over {len(delays)} probes",
                        flush=True,
                    )
        finally:
            gateway.terminate()
            await gateway.wait()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    data_options(parser)
    parser.add_argument("--rounds", type=int, default=3)
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
