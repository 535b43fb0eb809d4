"""Does the process give memory back after the heaviest allowed requests? (issue 15:
resident memory back within 20% of idle.) On the benchmark data set (bench.session_page's
database, 80,000 collections).

    eval "$(./scripts/services.sh)"
    .venv/bin/python -m bench.memory [--rounds 3] [--users 10] [--seconds 10] [--settle 5]

For each configuration (the baseline without trimming, GATEWAY_MEMORY_TRIM_MB=0, then the
default, then the default with recycling), starts `ispyb-gateway serve` (one serving
process; with recycling, the figures are the serving process's, the supervisor's apart),
warms it with one of each light request, waits, and reads its resident memory from /proc
(idle). Then:

1. heavy: bench.stall's heaviest queries the default budgets allow, as staff, `--rounds`
   times each, one after another;
2. mixed: `--heavy` of them at once, beside bench.load's facility mix at `--users` virtual
   users for `--seconds`, `--mixed-rounds` times (a second round tells growth from a plateau);

after each phase it waits `--settle` seconds and reads the resident memory again. Prints
idle, peak (VmHWM) and settled memory with the ratio to idle, per configuration.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from bench.load import MIX, Level, Mix, _drop, run_level
from bench.ready import wait_ready
from bench.session_page import PAGE, QUERY, SESSION_ID, data_options, prepared
from bench.stall import HEAVY
from tests.oidc import running_issuer
from tests.server import free_port

CONFIGURATIONS = {
    "no trim (baseline)": {"GATEWAY_MEMORY_TRIM_MB": "0"},
    "default (trim)": {},
    "trim, recycled every 100 requests": {"GATEWAY_MAX_REQUESTS_PER_PROCESS": "100"},
}


def _own_rss_mb(pid: int) -> float:
    lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    return sum(int(line.split()[1]) for line in lines if line.startswith("VmRSS:")) / 1024


def tree(pid: int) -> list[int]:
    """The process and its children (a supervisor's serving processes), from /proc."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return [pid]
    return [pid, *(p for c in children for p in tree(int(c)))]


def status_mb(pid: int, name: str) -> float:
    """A /proc status figure (VmRSS, VmHWM) summed over the serving processes: the process,
    or a supervisor's children (the supervisor itself is reported apart)."""
    total = 0
    for one in tree(pid)[1:] or [pid]:
        try:
            lines = Path(f"/proc/{one}/status").read_text().splitlines()
        except OSError:
            continue  # a serving process that just exited
        total += sum(int(line.split()[1]) for line in lines if line.startswith(name + ":"))
    return total / 1024


async def _heavy(http: httpx.AsyncClient, query: str) -> None:
    r = await http.post("/graphql", json={"query": query})
    body: dict[str, Any] = r.json()
    if r.status_code != 200 or body.get("errors"):
        raise RuntimeError(f"the heavy query was refused: {str(body)[:300]}")


async def measure(
    args: argparse.Namespace, env: dict[str, str], tokens: dict[str, str]
) -> dict[str, float]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    gateway = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "gateway.cli", "serve", "--port", str(port), env=env
    )
    figures: dict[str, float] = {}
    try:
        await wait_ready(base)
        staff = {"authorization": f"Bearer {tokens['staff']}"}
        async with (
            httpx.AsyncClient(base_url=base, timeout=600, headers=staff) as heavy,
            httpx.AsyncClient(
                base_url=base, timeout=600, limits=httpx.Limits(max_connections=256)
            ) as client,
        ):
            user = {"authorization": f"Bearer {tokens['user']}"}
            page = await client.post(
                "/graphql",
                json={"query": QUERY, "variables": {"id": SESSION_ID, "n": PAGE}},
                headers=user,
            )
            nodes = page.json()["data"]["session"]["dataCollections"]["nodes"]
            mix = Mix(
                [client], tokens["user"], tokens["worker"], [n["dataCollectionId"] for n in nodes]
            )
            for name, _ in MIX:  # warm: every light path has run once
                await mix.one(name)
            await asyncio.sleep(args.settle)
            figures["idle"] = status_mb(gateway.pid, "VmRSS")
            if len(tree(gateway.pid)) > 1:
                figures["supervisor"] = _own_rss_mb(gateway.pid)

            t = time.perf_counter()
            for query in HEAVY.values():
                for _ in range(args.rounds):
                    await _heavy(heavy, query)
            figures["heavy s"] = time.perf_counter() - t
            figures["heavy peak"] = status_mb(gateway.pid, "VmHWM")
            await asyncio.sleep(args.settle)
            figures["after heavy"] = status_mb(gateway.pid, "VmRSS")

            heaviest = list(HEAVY.values())[-1]
            figures["mixed errors"] = 0
            for round_ in range(args.mixed_rounds):
                level = Level(args.users)
                await asyncio.gather(
                    run_level(mix, level, args.seconds, [gateway.pid], MIX),
                    *(_heavy(heavy, heaviest) for _ in range(args.heavy)),
                )
                figures["mixed errors"] += level.errors
                figures[f"mixed peak {round_}"] = status_mb(gateway.pid, "VmHWM")
                await asyncio.sleep(args.settle)
                figures[f"after mixed {round_}"] = status_mb(gateway.pid, "VmRSS")
    finally:
        gateway.terminate()
        await gateway.wait()
    return figures


async def run(args: argparse.Namespace) -> None:
    url = await prepared(args)
    async with running_issuer(audience="ispyb-gateway") as issuer:
        tokens = {
            "staff": issuer.mint(
                claims={"preferred_username": "pi", "realm_access": {"roles": ["ispyb-staff"]}}
            ),
            "user": issuer.mint(claims={"preferred_username": "pi"}),
            "worker": issuer.mint(
                claims={
                    "preferred_username": "edna",
                    "azp": "edna",
                    "realm_access": {"roles": ["ispyb-processing"]},
                }
            ),
        }
        mongo = os.environ.get("GATEWAY_TEST_MONGO_URL", "mongodb://127.0.0.1:27017/")
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("GATEWAY_")},
            "GATEWAY_SQL_URL": url,
            "GATEWAY_MONGO_URL": mongo,
            "GATEWAY_OIDC_ISSUER": issuer.url,
            "GATEWAY_OIDC_AUDIENCE": "ispyb-gateway",
            "GATEWAY_LOG_LEVEL": "warning",
            "GATEWAY_REQUEST_TIMEOUT_SECONDS": "300",
            "GATEWAY_JOB_QUOTA_PER_MINUTE": "1000000000",
            "GATEWAY_JOB_QUOTA_PENDING": "1000000000",
        }
        print(
            "| configuration | idle MB | heavy: peak / settled MB (ratio) | "
            + " | ".join(
                f"mixed {r + 1}: peak / settled MB (ratio)" for r in range(args.mixed_rounds)
            )
            + " |"
        )
        print("|---|---|---|" + "---|" * args.mixed_rounds)
        configurations = {
            k: v for k, v in CONFIGURATIONS.items() if not args.only or k in args.only.split(",")
        }
        for spec in args.config:
            label, _, assignments = spec.partition(":")
            configurations[label] = dict(a.split("=", 1) for a in assignments.split(",") if a)
        for name, extra in configurations.items():
            database = f"bench_memory_{os.getpid()}"
            f = await measure(args, {**env, **extra, "GATEWAY_MONGO_DATABASE": database}, tokens)
            await _drop(mongo, database)
            idle = f["idle"]
            mixed = " | ".join(
                f"{f[f'mixed peak {r}']:.0f} / {f[f'after mixed {r}']:.0f} "
                f"({f[f'after mixed {r}'] / idle:.2f})"
                for r in range(args.mixed_rounds)
            )
            print(
                f"| {name} | {idle:.0f} | {f['heavy peak']:.0f} / {f['after heavy']:.0f} "
                f"({f['after heavy'] / idle:.2f}) | {mixed} |",
                flush=True,
            )
            if "supervisor" in f:
                print(f"  (and the supervisor process: {f['supervisor']:.0f} MB)")
            if f["mixed errors"]:
                print(f"  ({f['mixed errors']:.0f} errors in the mixed phase)")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    data_options(parser)
    parser.add_argument("--rounds", type=int, default=3, help="runs of each heavy query")
    parser.add_argument("--heavy", type=int, default=3, help="heavy queries during the mix")
    parser.add_argument("--users", type=int, default=10, help="virtual users of the mix")
    parser.add_argument("--seconds", type=float, default=10.0, help="length of the mix")
    parser.add_argument("--mixed-rounds", type=int, default=2, help="runs of the mixed phase")
    parser.add_argument(
        "--config",
        action="append",
        default=[],
        metavar="LABEL:VAR=VALUE,...",
        help="another configuration to measure (environment), e.g. 'arenas:MALLOC_ARENA_MAX=2'",
    )
    parser.add_argument("--only", help="the built-in configurations to run, by label (comma)")
    parser.add_argument("--settle", type=float, default=5.0, help="idle seconds before reading")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
