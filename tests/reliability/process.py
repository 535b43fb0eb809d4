"""`ispyb-gateway serve` as a real child process, for what only a real process shows:
signals, uvicorn's connection handling, the event loop seen from outside."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from tests.oidc import TestIssuer, running_issuer
from tests.server import free_port

AUDIENCE = "ispyb-gateway"


@dataclass
class Served:
    process: asyncio.subprocess.Process
    port: int
    issuer: TestIssuer
    log: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def auth(self, login: str, *roles: str) -> dict[str, str]:
        claims: dict[str, Any] = {"preferred_username": login, "exp": 4_000_000_000}
        if roles:
            claims.update(realm_access={"roles": list(roles)}, azp=login)
        return {"authorization": f"Bearer {self.issuer.mint(claims)}"}

    def terminate(self) -> None:
        self.process.send_signal(signal.SIGTERM)

    async def exit_code(self, within: float) -> int:
        try:
            return await asyncio.wait_for(self.process.wait(), within)
        except TimeoutError:
            raise AssertionError(f"the gateway did not exit within {within} s") from None

    def output(self) -> str:
        return self.log.read_text(errors="replace")


@asynccontextmanager
async def served(
    sql_url: str,
    mongo_url: str,
    mongo_database: str,
    issuer: TestIssuer | None = None,
    **settings: object,
) -> AsyncIterator[Served]:
    """Start `ispyb-gateway serve` with these settings (GATEWAY_*), wait for /healthz.
    Replicas share one `issuer` (a token from one is good on the others)."""
    port = free_port()
    async with contextlib.AsyncExitStack() as stack:
        if issuer is None:
            issuer = await stack.enter_async_context(running_issuer())
        env = {k: v for k, v in os.environ.items() if not k.startswith("GATEWAY_")}
        env.update(
            GATEWAY_SQL_URL=sql_url,
            GATEWAY_MONGO_URL=mongo_url,
            GATEWAY_MONGO_DATABASE=mongo_database,
            GATEWAY_OIDC_ISSUER=issuer.url,
            GATEWAY_OIDC_AUDIENCE=AUDIENCE,
            GATEWAY_HOST="127.0.0.1",
            GATEWAY_PORT=str(port),
            GATEWAY_LOG_LEVEL="info",
        )
        env.update({f"GATEWAY_{k.upper()}": str(v) for k, v in settings.items()})
        workdir = Path(tempfile.mkdtemp(prefix="gw-served-"))  # no stray .env is read
        log = workdir / "gateway.log"
        with log.open("wb") as out:
            process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "gateway.cli",
                "serve",
                cwd=workdir,
                env=env,
                stdout=out,
                stderr=asyncio.subprocess.STDOUT,
            )
        gateway = Served(process, port, issuer, log)
        try:
            await _wait_healthy(gateway, within=60)
            yield gateway
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()


async def _wait_healthy(gateway: Served, within: float) -> None:
    deadline = time.monotonic() + within
    async with httpx.AsyncClient(base_url=gateway.base, timeout=2) as http:
        while time.monotonic() < deadline:
            if gateway.process.returncode is not None:
                raise RuntimeError(f"the gateway exited at start-up:\n{gateway.output()}")
            try:
                if (await http.get("/healthz")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.2)
    raise RuntimeError(f"the gateway did not answer within {within} s:\n{gateway.output()}")
