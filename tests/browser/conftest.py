"""Headless Chromium (Debian's package, driven by Playwright) against a running demo gateway.

Playwright's own browser download is never used: the browser is /usr/bin/chromium, installed
by scripts/services.sh. Screenshots of each step go to test-artifacts/browser/<test>/.
"""

from __future__ import annotations

import asyncio
import os
import re
import shlex
import sys
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
import pytest_asyncio
from playwright.async_api import Browser, Page, async_playwright

from tests.server import free_port

CHROMIUM = Path(os.environ.get("GATEWAY_TEST_CHROMIUM", "/usr/bin/chromium"))
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"


@dataclass
class Demo:
    """`ispyb-gateway demo` in a subprocess: embedded data, in-process jobs, demo issuer."""

    base: str
    workers: list[asyncio.subprocess.Process] = field(default_factory=list)

    async def token(self, login: str, roles: str = "") -> str:
        async with httpx.AsyncClient(base_url=self.base) as http:
            r = await http.post("/demo-issuer/token", data={"login": login, "roles": roles})
        return str(r.json()["access_token"])

    async def start_worker(self, command: str) -> None:
        """The reference worker (`ispyb-gateway worker`) for `reprocess` jobs."""
        token = await self.token("browser-test-worker", "ispyb-processing")
        self.workers.append(
            await asyncio.create_subprocess_exec(
                *(sys.executable, "-m", "gateway.cli", "worker", "--url", self.base),
                *("--types", "reprocess", "--command", command),
                *("--poll", "0.2", "--heartbeat", "0.5"),
                env={**os.environ, "GATEWAY_WORKER_TOKEN": token},
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.STDOUT,
            )
        )


ASK_INPUT = (
    f"{shlex.quote(sys.executable)} {shlex.quote(str(Path(__file__).with_name('ask_input.py')))}"
)


@pytest_asyncio.fixture
async def demo(tmp_path: Path) -> AsyncIterator[Demo]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("GATEWAY_")}
    process = await asyncio.create_subprocess_exec(
        *(sys.executable, "-m", "gateway.cli", "demo", "--port", str(port)),
        *("--data-dir", str(tmp_path / "demo")),
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    demo = Demo(f"http://127.0.0.1:{port}")
    try:
        deadline = time.monotonic() + 60
        async with httpx.AsyncClient(base_url=demo.base, timeout=2) as http:
            while True:
                try:
                    if (await http.get("/healthz")).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert process.returncode is None and time.monotonic() < deadline, (
                    "the demo did not start"
                )
                await asyncio.sleep(0.2)
        yield demo
    finally:
        for worker in demo.workers:
            if worker.returncode is None:
                worker.terminate()
            output = (await worker.communicate())[0].decode()
            print(f"--- worker output\n{output}")
        process.terminate()
        print(f"--- demo output\n{(await process.communicate())[0].decode()}")


@pytest.fixture(scope="session")
def chromium() -> Path:
    assert CHROMIUM.exists(), f"{CHROMIUM} is missing: scripts/services.sh installs `chromium`"
    return CHROMIUM


@pytest_asyncio.fixture
async def browser(chromium: Path) -> AsyncIterator[Browser]:
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=str(chromium), args=ARGS)
        yield browser
        await browser.close()


class Steps:
    """Numbered screenshots of a test's steps, kept as artifacts."""

    def __init__(self, page: Page, name: str) -> None:
        self.page = page
        self.dir = ARTIFACTS / re.sub(r"[^\w.-]+", "_", name)
        self.dir.mkdir(parents=True, exist_ok=True)
        for old in self.dir.glob("*.png"):
            old.unlink()
        self.count = 0

    async def shot(self, label: str) -> None:
        self.count += 1
        await self.page.screenshot(path=str(self.dir / f"{self.count:02d}-{label}.png"))


@pytest.fixture
def steps_name(request: pytest.FixtureRequest) -> str:
    return str(request.node.name)


def csp_violations(messages: list[str]) -> list[str]:
    return [m for m in messages if "Content Security Policy" in m]
