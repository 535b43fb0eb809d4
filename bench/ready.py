"""Waiting for a gateway the benchmarks started, shared by all of them."""

from __future__ import annotations

import asyncio
import time

import httpx


async def wait_ready(base: str, seconds: float = 60.0) -> None:
    """Until the gateway at `base` answers /readyz with 200; raises after `seconds`."""
    deadline = time.monotonic() + seconds
    async with httpx.AsyncClient(base_url=base, timeout=2) as http:
        while time.monotonic() < deadline:
            try:
                if (await http.get("/readyz")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)
    raise RuntimeError(f"the gateway at {base} did not become ready in {seconds:g} s")
