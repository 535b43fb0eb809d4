"""Load to the knee: a realistic mix at rising concurrency, one gateway process and one
per core, on the benchmark data set (bench.session_page's database, 80,000 collections).

    eval "$(./scripts/services.sh)"
    .venv/bin/python -m bench.load [--levels 1,2,4,8,16,32,64] [--seconds 10]
    .venv/bin/python -m bench.load --mix session-page --levels 10   # issue 12: the page alone
    .venv/bin/python -m bench.load --mix session-page --levels 10 --client wrk   # wrk drives it

Each virtual user loops without think time over a weighted mix: the session page (the
UI's main read, 100 collections with their processing), a job list, `viewer`, a
launch (createJob) and a worker's claim and finish. The load generator runs in this
process on the same machine, and the processes sit behind a round robin of the
client, as behind a load balancer. Per level: requests per second, p50 and p99 latency,
errors, and the gateways' resident memory at the end of the level. The knee is the
last level whose throughput grew by at least 10% over the one before.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from bench.ready import wait_ready
from bench.session_page import PAGE, QUERY, SESSION_ID, SQL_QUERY, data_options, prepared
from tests.oidc import running_issuer
from tests.server import free_port

JOBS = "{ jobs(first: 20) { totalCount nodes { jobId status type created } } }"
VIEWER = "{ viewer { login personId isStaff } }"
CREATE = 'mutation($ids: [Int!]!) { createJob(type: "reprocess", itemIds: $ids, parameters: {pipeline: "autoPROC"}) { jobId } }'
CLAIM = 'mutation { claimJob(types: ["reprocess"]) { leaseToken job { jobId } } }'
FINISH = "mutation($id: String!, $lease: String!) { setJobStatus(jobId: $id, leaseToken: $lease, status: FINISHED) { status } }"
#: (name, weight): what a facility's UI and workers send, roughly.
MIX = [("session page", 50), ("job list", 20), ("viewer", 15), ("launch", 8), ("claim+finish", 7)]
#: `--mix session-page`: issue 12's throughput goal, the SQL-only page of 40 collections alone.
MIXES = {"facility": MIX, "session-page": [("session page (sql)", 1)]}


@dataclass
class Level:
    users: int
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0
    rss_mb: float = 0.0
    wrk_p50: float | None = None  # with --client wrk: its percentiles (the slower process's)
    wrk_p99: float | None = None

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def pct(self, q: int) -> float:
        if q in (50, 99) and self.wrk_p50 is not None:
            return self.wrk_p50 if q == 50 else self.wrk_p99 or 0.0
        if len(self.latencies) < 2:
            return self.latencies[0] if self.latencies else 0.0
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[q - 1] * 1000


def rss_mb(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total / 1024


class Mix:
    def __init__(self, clients: list[httpx.AsyncClient], user: str, worker: str, items: list[int]):
        self.clients = itertools.cycle(clients)
        self.user = {"authorization": f"Bearer {user}"}
        self.worker = {"authorization": f"Bearer {worker}"}
        self.items = items

    async def _post(self, query: str, headers: dict[str, str], **variables: Any) -> dict[str, Any]:
        r = await next(self.clients).post(
            "/graphql", json={"query": query, "variables": variables}, headers=headers
        )
        body: dict[str, Any] = r.json()
        if r.status_code != 200 or body.get("errors"):
            raise RuntimeError(str(body.get("errors") or r.status_code)[:200])
        return body["data"]  # type: ignore[no-any-return]

    async def one(self, name: str) -> None:
        if name == "session page":
            await self._post(QUERY, self.user, id=SESSION_ID, n=PAGE)
        elif name == "session page (sql)":
            await self._post(SQL_QUERY, self.user, id=SESSION_ID, n=40)
        elif name == "job list":
            await self._post(JOBS, self.user)
        elif name == "viewer":
            await self._post(VIEWER, self.user)
        elif name == "launch":
            await self._post(CREATE, self.user, ids=[random.choice(self.items)])
        else:
            claimed = (await self._post(CLAIM, self.worker))["claimJob"]
            if claimed:
                await self._post(
                    FINISH, self.worker, id=claimed["job"]["jobId"], lease=claimed["leaseToken"]
                )


async def run_level(
    mix: Mix, level: Level, seconds: float, pids: list[int], weighted: list[tuple[str, int]]
) -> None:
    names = [n for n, _ in weighted]
    weights = [w for _, w in weighted]
    stop = time.monotonic() + seconds

    async def user() -> None:
        while time.monotonic() < stop:
            name = random.choices(names, weights)[0]
            t = time.perf_counter()
            try:
                await mix.one(name)
            except Exception:
                level.errors += 1
                continue
            level.latencies.append(time.perf_counter() - t)

    started = time.monotonic()
    await asyncio.gather(*(user() for _ in range(level.users)))
    level.seconds = time.monotonic() - started
    level.rss_mb = rss_mb(pids)


_LUA = """-- bench.load: the session page, POSTed by wrk; a 200 with GraphQL errors counts as an error
wrk.method = "POST"
wrk.body = [==[%(body)s]==]
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer %(token)s"
errors = 0
local threads = {}
function setup(thread) table.insert(threads, thread) end
function response(status, headers, body)
  if status ~= 200 or body:find('"errors"', 1, true) then errors = errors + 1 end
end
function done(summary, latency, requests)
  local n = 0
  for _, t in ipairs(threads) do n = n + t:get("errors") end
  io.write(string.format("gateway errors: %%d\\n", n))
end
"""


def _ms(text: str) -> float:
    """wrk's latency ("812.00us", "12.34ms", "1.20s") in milliseconds."""
    for unit, factor in (("us", 0.001), ("ms", 1.0), ("s", 1000.0)):
        if text.endswith(unit):
            return float(text[: -len(unit)]) * factor
    raise ValueError(text)


async def run_level_wrk(
    bases: list[str], token: str, level: Level, seconds: float, pids: list[int]
) -> None:
    """The level with wrk (C, one thread per gateway): the load generator's own CPU stays
    small, so the two cores go to the gateways and the database. One wrk per process,
    the users split between them, as a load balancer would spread connections."""
    body = json.dumps({"query": SQL_QUERY, "variables": {"id": SESSION_ID, "n": 40}})
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(_LUA % {"body": body, "token": token})
    try:
        per = max(1, level.users // len(bases))
        runs = [
            await asyncio.create_subprocess_exec(
                *("wrk", "-t1", f"-c{per}", f"-d{seconds:g}s", "--latency", "-s", script.name),
                f"{base}/graphql",
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.STDOUT,
            )
            for base in bases
        ]
        outputs = [(await r.communicate())[0].decode() for r in runs]
    finally:
        os.unlink(script.name)
    level.seconds = seconds
    level.rss_mb = rss_mb(pids)
    p50: list[float] = []
    p99: list[float] = []
    for out in outputs:
        found = dict(re.findall(r"^\s+(50|99)%\s+(\S+)$", out, re.M))
        if len(found) != 2:
            raise RuntimeError(f"wrk gave no latency distribution:\n{out}")
        p50.append(_ms(found["50"]))
        p99.append(_ms(found["99"]))
        requests = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
        level.errors += int(re.search(r"gateway errors: (\d+)", out).group(1))  # type: ignore[union-attr]
        socket = re.search(r"Socket errors: (.*)$", out, re.M)
        if socket:
            level.errors += sum(int(n) for n in re.findall(r"\d+", socket.group(1)))
        level.latencies.extend([0.0] * requests)  # the count; wrk gives the percentiles
    level.wrk_p50, level.wrk_p99 = max(p50), max(p99)


async def start_gateways(count: int, env: dict[str, str]) -> tuple[list[Any], list[str]]:
    processes, bases = [], []
    for _ in range(count):
        port = free_port()
        processes.append(
            await asyncio.create_subprocess_exec(
                sys.executable, "-m", "gateway.cli", "serve", "--port", str(port), env=env
            )
        )
        bases.append(f"http://127.0.0.1:{port}")
    for base in bases:
        await wait_ready(base)
    return processes, bases


async def run(args: argparse.Namespace) -> None:
    if args.client == "wrk" and (args.mix != "session-page" or shutil.which("wrk") is None):
        raise SystemExit("--client wrk: needs --mix session-page and wrk (scripts/services.sh)")
    url = await prepared(args)
    levels = [int(x) for x in args.levels.split(",")]
    async with running_issuer(audience="ispyb-gateway") as issuer:
        user = issuer.mint(claims={"preferred_username": "pi"})
        worker = issuer.mint(
            claims={
                "preferred_username": "edna",
                "azp": "edna",
                "realm_access": {"roles": ["ispyb-processing"]},
            }
        )
        env = {
            **os.environ,
            "GATEWAY_SQL_URL": url,
            "GATEWAY_MONGO_URL": os.environ.get(
                "GATEWAY_TEST_MONGO_URL", "mongodb://127.0.0.1:27017/"
            ),
            "GATEWAY_OIDC_ISSUER": issuer.url,
            "GATEWAY_OIDC_AUDIENCE": "ispyb-gateway",
            "GATEWAY_LOG_LEVEL": "warning",
            # The bench launches thousands of jobs as one person: quotas are not measured here.
            "GATEWAY_JOB_QUOTA_PER_MINUTE": "1000000000",
            "GATEWAY_JOB_QUOTA_PENDING": "1000000000",
        }
        for count in [int(x) for x in args.processes.split(",")]:
            env["GATEWAY_MONGO_DATABASE"] = f"bench_load_{count}_{os.getpid()}"
            processes, bases = await start_gateways(count, env)
            pids = [p.pid for p in processes]
            clients = [
                httpx.AsyncClient(base_url=b, timeout=60, limits=httpx.Limits(max_connections=256))
                for b in bases
            ]
            try:
                page = await clients[0].post(
                    "/graphql",
                    json={"query": QUERY, "variables": {"id": SESSION_ID, "n": PAGE}},
                    headers={"authorization": f"Bearer {user}"},
                )
                nodes = page.json()["data"]["session"]["dataCollections"]["nodes"]
                mix = Mix(clients, user, worker, [n["dataCollectionId"] for n in nodes])
                idle = rss_mb(pids)
                print(f"\n{count} process(es), idle RSS {idle:.0f} MB")
                print("| users | req/s | p50 ms | p99 ms | errors | RSS MB |")
                print("|---|---|---|---|---|---|")
                results: list[Level] = []
                for users in levels:
                    level = Level(users)
                    if args.client == "wrk":
                        await run_level_wrk(bases, user, level, args.seconds, pids)
                    else:
                        await run_level(mix, level, args.seconds, pids, MIXES[args.mix])
                    results.append(level)
                    print(
                        f"| {users} | {level.rate:.1f} | {level.pct(50):.0f} | "
                        f"{level.pct(99):.0f} | {level.errors} | {level.rss_mb:.0f} |",
                        flush=True,
                    )
                knee = results[0]
                for before, after in itertools.pairwise(results):
                    if after.rate >= before.rate * 1.1:
                        knee = after
                    else:
                        break
                print(
                    f"knee: {knee.users} users, {knee.rate:.1f} req/s, p99 {knee.pct(99):.0f} ms, "
                    f"RSS {knee.rss_mb:.0f} MB"
                )
            finally:
                for client in clients:
                    await client.aclose()
                for process in processes:
                    process.terminate()
                    await process.wait()
                await _drop(env["GATEWAY_MONGO_URL"], env["GATEWAY_MONGO_DATABASE"])


async def _drop(url: str, database: str) -> None:
    from pymongo import AsyncMongoClient

    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(url)
    await client.drop_database(database)
    await client.close()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    data_options(parser)
    parser.add_argument("--levels", default="1,2,4,8,16,32,64", help="virtual users per level")
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each level")
    parser.add_argument(
        "--processes",
        default=f"1,{os.cpu_count() or 1}",
        help="gateway processes to compare (default: 1 and one per core)",
    )
    parser.add_argument("--mix", choices=sorted(MIXES), default="facility")
    parser.add_argument(
        "--client",
        choices=("httpx", "wrk"),
        default="httpx",
        help="load generator: this process (httpx), or wrk (Debian's, C; session-page mix only)",
    )
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
