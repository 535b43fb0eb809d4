"""`ispyb-gateway demo`: one command, no servers, a signed-in query for the demo proposals."""

from __future__ import annotations

import asyncio
import os
import sys
import time
from pathlib import Path

import httpx

from tests.server import free_port

QUERY = (
    "{ proposals { totalCount nodes { name sessions { totalCount } } } viewer { login isStaff } }"
)


async def test_demo_answers_a_signed_in_query(tmp_path: Path) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("GATEWAY_")}
    started = time.perf_counter()
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "gateway.cli",
        "demo",
        "--port",
        str(port),
        "--data-dir",
        str(tmp_path),
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient(base_url=base, timeout=5) as http:
            answer = None
            while time.perf_counter() - started < 30 and answer is None:
                try:
                    token = (await http.post("/demo-issuer/token", data={"login": "alice"})).json()
                    r = await http.post(
                        "/graphql",
                        json={"query": QUERY},
                        headers={"authorization": f"Bearer {token['access_token']}"},
                    )
                    answer = r.json()
                except (httpx.TransportError, ValueError):
                    await asyncio.sleep(0.05)
            elapsed = time.perf_counter() - started
            assert answer is not None, "the demo never answered"
            assert answer["data"]["viewer"] == {"login": "alice", "isStaff": False}
            assert answer["data"]["proposals"]["nodes"] == [
                {"name": "mx2112", "sessions": {"totalCount": 2}}
            ]
            print(f"demo answered a signed-in query {elapsed:.2f} s after start")
            carol = (await http.post("/demo-issuer/token", data={"login": "carol"})).json()[
                "access_token"
            ]
            staff = await http.post(
                "/graphql", json={"query": QUERY}, headers={"authorization": f"Bearer {carol}"}
            )
            assert staff.json()["data"]["proposals"]["totalCount"] == 3
    finally:
        process.terminate()
        output = (await process.communicate())[0].decode()
    assert "DEMO MODE" in output
    assert f"{base}/graphql" in output and "/demo-issuer/token" in output


async def test_demo_issuer_is_absent_outside_demo(empty_mysql_url: str) -> None:
    from gateway.app import create_app
    from gateway.settings import Settings
    from tests.server import serve

    async with (
        serve(create_app(Settings(sql_url=empty_mysql_url))) as base,
        httpx.AsyncClient(base_url=base) as http,
    ):
        assert (await http.post("/demo-issuer/token", data={"login": "carol"})).status_code == 404
