"""Liveness and readiness.

`/healthz` answers as long as the event loop runs. `/readyz` asks every backing
service, concurrently and with a deadline, so a load balancer stops routing to
a replica whose database went away, and routes again once it is back.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import JSONResponse

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Check:
    name: str
    probe: Callable[[], Awaitable[object]]
    detail: str = ""


async def _run(check: Check, deadline: float) -> dict[str, object]:
    started = time.perf_counter()
    try:
        async with asyncio.timeout(deadline):
            await check.probe()
    except Exception as exc:  # every failure means "not ready", whatever its type
        reason = "timeout" if isinstance(exc, TimeoutError) else type(exc).__name__
        log.warning("readiness: %s is down (%s)", check.name, reason)
        return {"name": check.name, "state": "down", "error": reason, "detail": check.detail}
    return {
        "name": check.name,
        "state": "up",
        "detail": check.detail,
        "latencyMs": round((time.perf_counter() - started) * 1000, 1),
    }


class Health:
    def __init__(self, checks: list[Check], timeout: float = 2.0) -> None:
        self.checks = checks
        self.timeout = timeout

    async def healthz(self, request: Request) -> JSONResponse:
        return JSONResponse({"status": "alive"})

    async def readyz(self, request: Request) -> JSONResponse:
        results = await asyncio.gather(*(_run(c, self.timeout) for c in self.checks))
        ready = all(r["state"] == "up" for r in results)
        return JSONResponse(
            {"status": "ready" if ready else "unavailable", "services": results},
            status_code=200 if ready else 503,
        )
