"""Does one heavy query stall everyone else? /healthz latency while the heaviest allowed
query runs, on the benchmark data set (bench.session_page's database, 80,000 collections).

    eval "$(./scripts/services.sh)"
    .venv/bin/python -m bench.stall [--rounds 3]

Starts `ispyb-gateway serve` (one process), then, for each heavy query: runs it alone
for its time, then runs it again while a client asks /healthz every 10 ms, and reports
the probe's p50, p99 and maximum during the heavy query next to its p50 when idle.
Issue 15 asks for < 50 ms. Also prints the process's resident memory when idle, after
each heavy query's rounds, and 5 s later (issue 15: back within 20% of idle).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import sys
import time
from typing import Any

import httpx

from bench.load import rss_mb
from bench.ready import wait_ready
from bench.session_page import data_options, prepared
from tests.oidc import running_issuer
from tests.server import free_port

LEAVES = "dataCollectionId imagePrefix dataCollectionNumber numberOfImages startTime runStatus wavelength resolution"
HEAVY = {
    # Collections with their group, sample and processing tree, as many as the cost allows.
    "220 collections, nested": (
        "{ dataCollections(first: 220) { totalCount nodes { "
        + LEAVES
        + " group { dataCollectionGroupId"
        " experimentType sample { blSampleId name } } autoProcIntegrations { autoProcIntegrationId"
        " cellA cellB cellC autoProcProgram { processingPrograms autoProcs { spaceGroup } } } } } }"
    ),
    # As many aliases as allowed, each a page of 500 with group and sample.
    "30 x 500 collections": "{ "
    + " ".join(
        f"a{i}: dataCollections(first: 500) {{ nodes {{ {LEAVES} group {{ experimentType"
        " sample { name } } } }"
        for i in range(30)
    )
    + " }",
}


def pct(values: list[float], q: int) -> float:
    return (
        statistics.quantiles(values, n=100, method="inclusive")[q - 1]
        if len(values) > 1
        else values[0]
    )


async def probe(http: httpx.AsyncClient, stop: asyncio.Event) -> list[float]:
    times: list[float] = []
    while not stop.is_set():
        t = time.perf_counter()
        r = await http.get("/healthz")
        r.raise_for_status()
        times.append((time.perf_counter() - t) * 1000)
        await asyncio.sleep(0.01)
    return times


def gc_pauses(metrics: str) -> dict[str, tuple[int, int]]:
    """Per generation, from /metrics: (collections, collections longer than 50 ms)."""
    out: dict[str, tuple[int, int]] = {}
    for generation, le, value in re.findall(
        r'^gateway_gc_pause_seconds_bucket\{generation="(\d)",le="([^"]+)"\} (\S+)$',
        metrics,
        re.M,
    ):
        total, over = out.get(generation, (0, 0))
        if le == "+Inf":
            total = int(float(value))
        elif le == "0.05":
            over = -int(float(value))
        out[generation] = (total, over)
    return {g: (total, total + over) for g, (total, over) in out.items()}


async def run(args: argparse.Namespace) -> None:
    url = await prepared(args)
    async with running_issuer(audience="ispyb-gateway") as issuer:
        token = issuer.mint(
            claims={"preferred_username": "pi", "realm_access": {"roles": ["ispyb-staff"]}}
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
            "GATEWAY_REQUEST_TIMEOUT_SECONDS": "120",
        }
        gateway = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "gateway.cli", "serve", "--port", str(port), env=env
        )
        try:
            base = f"http://127.0.0.1:{port}"
            async with (
                httpx.AsyncClient(
                    base_url=base, timeout=300, headers={"authorization": f"Bearer {token}"}
                ) as heavy,
                httpx.AsyncClient(base_url=base, timeout=300) as light,
            ):
                await wait_ready(base)
                stop = asyncio.Event()
                task = asyncio.create_task(probe(light, stop))
                await asyncio.sleep(2)
                stop.set()
                idle = await task
                print(f"/healthz idle: p50 {pct(idle, 50):.1f} ms, p99 {pct(idle, 99):.1f} ms")
                print(f"RSS idle: {rss_mb([gateway.pid]):.0f} MB")
                for name, query in HEAVY.items():
                    for round_ in range(args.rounds):
                        t = time.perf_counter()
                        r = await heavy.post("/graphql", json={"query": query})
                        alone = time.perf_counter() - t
                        body: dict[str, Any] = r.json()
                        if "errors" in body:
                            print(f"{name}: refused: {body['errors'][0]['extensions']}")
                            break
                        stop = asyncio.Event()
                        task = asyncio.create_task(probe(light, stop))
                        await asyncio.sleep(0.05)
                        t = time.perf_counter()
                        r = await heavy.post("/graphql", json={"query": query})
                        loaded = time.perf_counter() - t
                        stop.set()
                        during = await task
                        print(
                            f"{name} (round {round_ + 1}): {len(r.content) / 1e6:.1f} MB, "
                            f"{alone:.2f} s alone, {loaded:.2f} s probed; /healthz during it: "
                            f"n={len(during)} p50 {pct(during, 50):.1f} ms, "
                            f"p99 {pct(during, 99):.1f} ms, max {max(during):.1f} ms"
                        )
                    pauses = gc_pauses((await light.get("/metrics")).text)
                    print(
                        "  garbage collections so far (generation: runs, runs over 50 ms): "
                        + ", ".join(f"{g}: {n}, {o}" for g, (n, o) in sorted(pauses.items()))
                    )
                    after = rss_mb([gateway.pid])
                    await asyncio.sleep(5)
                    print(
                        f"RSS after {name}: {after:.0f} MB, 5 s later {rss_mb([gateway.pid]):.0f} MB"
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
