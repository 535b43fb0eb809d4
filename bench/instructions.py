"""Instructions per session page, counted by callgrind: a figure the machine's noise does
not move (on these shared machines, time varies by 10-30% within minutes, and twice
that between hours).

    eval "$(./scripts/services.sh)"
    .venv/bin/python -m bench.instructions [--requests 100]

Counts, for issue 12's SQL-only session page (`bench.session_page.SQL_QUERY`, 40
collections), the instructions of
- the gateway server per HTTP request: uvicorn, the middlewares, the token check, the
  view, the plan's run, the driver and the JSON; the client is another process;
- the hand-written side per page (`bench.session_page.hand_written_sql`, in-process).
Each runs under `valgrind --tool=callgrind` with instrumentation off; it is switched on
(`callgrind_control -i on`) only around the measured requests, after a warm-up, so
start-up and imports are not counted. MariaDB's work is not counted (its own process).
Instructions are not time (a cache miss costs more than an add), but a change that
removes work shows here at once, where a timed run needs many repeats to see 5%.
Needs valgrind (Debian's package); about a minute per side at 100 requests.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import httpx

from bench.ready import wait_ready
from bench.session_page import SESSION_ID, SQL_QUERY, data_options, hand_written_sql, prepared
from tests.oidc import running_issuer
from tests.server import free_port

PAGE = 40
WARM_UP = 20


def _callgrind(log: Path, *command: str) -> list[str]:
    return [
        "valgrind",
        "--tool=callgrind",
        "--instr-atstart=no",
        f"--log-file={log}",
        f"--callgrind-out-file={log.with_suffix('.out')}",
        *command,
    ]


def _instrument(pid: int, on: bool) -> None:
    subprocess.run(
        ["callgrind_control", "-i", "on" if on else "off", str(pid)],
        check=True,
        capture_output=True,
    )


def _collected(log: Path) -> int:
    found = re.findall(r"Collected : (\d+)", log.read_text())
    if not found:
        raise RuntimeError(f"callgrind reported nothing: {log}")
    return int(found[-1])


async def gateway_side(url: str, requests: int, work: Path) -> float:
    """Millions of instructions per request in the gateway's server process."""
    async with running_issuer(audience="ispyb-gateway") as issuer:
        token = issuer.mint(claims={"preferred_username": "pi"})
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
        }
        log = work / "gateway.log"
        server = await asyncio.create_subprocess_exec(
            *_callgrind(log, sys.executable, "-m", "gateway.cli", "serve", "--port", str(port)),
            env=env,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            await wait_ready(base, seconds=600)  # valgrind starts Python ~50x slower
            body = json.dumps({"query": SQL_QUERY, "variables": {"id": SESSION_ID, "n": PAGE}})
            headers = {"authorization": f"Bearer {token}", "content-type": "application/json"}
            async with httpx.AsyncClient(base_url=base, timeout=120) as client:

                async def page() -> None:
                    response = await client.post("/graphql", content=body, headers=headers)
                    response.raise_for_status()
                    if "errors" in response.json():
                        raise RuntimeError(response.text)

                for _ in range(WARM_UP):
                    await page()
                _instrument(server.pid, True)
                for _ in range(requests):
                    await page()
                _instrument(server.pid, False)
        finally:
            server.terminate()
            await server.wait()
    return _collected(log) / requests / 1e6


def hand_side(url: str, requests: int, work: Path) -> float:
    """Millions of instructions per page of the hand-written side, in its own process."""
    log = work / "hand.log"
    child = subprocess.Popen(
        _callgrind(log, sys.executable, "-m", "bench.instructions", "--child", url),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdin is not None and child.stdout is not None
    try:
        if child.stdout.readline().strip() != "ready":
            raise RuntimeError("the hand-written side did not start")
        _instrument(child.pid, True)
        child.stdin.write(f"{requests}\n")
        child.stdin.flush()
        if child.stdout.readline().strip() != "done":
            raise RuntimeError("the hand-written side failed")
        _instrument(child.pid, False)
        child.stdin.close()
        child.wait(timeout=120)
    finally:
        if child.poll() is None:
            child.kill()
    return _collected(log) / requests / 1e6


async def _child(url: str) -> None:
    """The hand-written side under callgrind: warm up, then run as many pages as asked."""
    from gateway.sql.engine import create_engine

    engine = create_engine(url, pool_size=1)
    try:
        for _ in range(WARM_UP):
            await hand_written_sql(engine, 1, PAGE)
        print("ready", flush=True)
        count = int(await asyncio.to_thread(sys.stdin.readline))
        for _ in range(count):
            await hand_written_sql(engine, 1, PAGE)
        print("done", flush=True)
        await asyncio.to_thread(sys.stdin.readline)
    finally:
        await engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    data_options(parser)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        asyncio.run(_child(args.child))
        return
    if shutil.which("valgrind") is None:
        raise SystemExit("needs valgrind (apt-get install valgrind)")
    url = asyncio.run(prepared(args))
    with tempfile.TemporaryDirectory(prefix="gw-instructions-") as tmp:
        work = Path(tmp)
        gateway = asyncio.run(gateway_side(url, args.requests, work))
        hand = hand_side(url, args.requests, work)
    print(
        f"session page ({PAGE} collections), {args.requests} requests: gateway server "
        f"{gateway:.2f} M instructions per request (HTTP included), hand-written "
        f"{hand:.2f} M per page (in-process), ratio {gateway / hand:.2f}"
    )


if __name__ == "__main__":
    main()
