"""Run a real gateway (uvicorn on a loopback port) inside the test's event loop."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import uvicorn
from starlette.types import ASGIApp

from gateway.http.websocket_protocol import LeanWebSocketProtocol


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@asynccontextmanager
async def serve(app: ASGIApp, port: int | None = None, deflate: bool = True) -> AsyncIterator[str]:
    """Yield the base URL of `app` served by uvicorn; shut it down cleanly after. `deflate`:
    whether WebSocket clients may have per-message-deflate (uvicorn's default: yes)."""
    port = port or free_port()
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=port,
        log_level="warning",
        lifespan="on",
        ws=LeanWebSocketProtocol,  # the one `serve` runs
        ws_per_message_deflate=deflate,
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
            raise RuntimeError("uvicorn exited before it started")
        await asyncio.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, 15)
