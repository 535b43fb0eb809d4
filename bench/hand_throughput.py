"""The ceiling for issue 12's throughput goal: the hand-written session page, no HTTP.

`bench.load --mix session-page` measures the gateway's requests per second; this runs
`bench.session_page`'s hand-written side (three SQL statements on one connection and
orjson, in-process) with the same number of concurrent users, in one process and
in one per core, on the same machine and database: what a careful engineer's own code
gets here, so the gateway's figure reads as a fraction of it.

    eval "$(./scripts/services.sh)"
    .venv/bin/python -m bench.hand_throughput --users 10 --seconds 15
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import statistics
import time

from bench.session_page import data_options, hand_written_sql, prepared
from gateway.sql.engine import create_engine

PAGE = 40  # the SQL-only page of issue 12


async def _loop(url: str, users: int, seconds: float) -> list[float]:
    engine = create_engine(url, pool_size=users)
    latencies: list[float] = []
    try:
        for _ in range(3):  # warm the pool and the server's caches
            await hand_written_sql(engine, 1, PAGE)
        end = time.perf_counter() + seconds

        async def user() -> None:
            while time.perf_counter() < end:
                started = time.perf_counter()
                await hand_written_sql(engine, 1, PAGE)
                latencies.append((time.perf_counter() - started) * 1000)

        await asyncio.gather(*(user() for _ in range(users)))
    finally:
        await engine.dispose()
    return latencies


def _process(url: str, users: int, seconds: float) -> list[float]:
    return asyncio.run(_loop(url, users, seconds))


def run(url: str, users: int, processes: int, seconds: float) -> None:
    shares = [users // processes + (1 if i < users % processes else 0) for i in range(processes)]
    with multiprocessing.get_context("spawn").Pool(processes) as pool:
        results = pool.starmap(_process, [(url, n, seconds) for n in shares])
    latencies = sorted(x for r in results for x in r)
    p99 = statistics.quantiles(latencies, n=100)[98]
    print(
        f"hand-written page, {users} users, {processes} process(es), {seconds:g} s: "
        f"{len(latencies) / seconds:.1f} pages/s, p50 {statistics.median(latencies):.1f} ms, "
        f"p99 {p99:.1f} ms, load average {os.getloadavg()[0]:.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    data_options(parser)
    parser.add_argument("--users", type=int, default=10)
    parser.add_argument("--processes", default=f"1,{os.cpu_count() or 1}")
    parser.add_argument("--seconds", type=float, default=15.0)
    args = parser.parse_args()
    url = asyncio.run(prepared(args))
    for processes in (int(p) for p in args.processes.split(",")):
        run(url, args.users, processes, args.seconds)


if __name__ == "__main__":
    main()
