"""Graceful shutdown: say goodbye to WebSockets (1001) before the server stops.

On SIGTERM uvicorn stops accepting, lets in-flight HTTP requests finish within
its grace period and then closes what is left, WebSockets with 1012 ("restart")
and without a close handshake. A subscriber should instead learn that this
replica is *going away* (1001) and reconnect elsewhere: `Drain` knows every
open WebSocket (it is the outermost middleware) and closes each with 1001 and
a proper handshake, first; then uvicorn's own shutdown runs as usual.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket

import uvicorn
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger(__name__)

GOING_AWAY = 1001


class _Socket:
    """One open WebSocket, and the app's `send` for it: kept for the socket's whole life,
    so it is small (no `asyncio.Event`: a future exists only while the drain waits)."""

    __slots__ = ("accepted", "closed", "ended", "send", "waiter")

    def __init__(self, send: Send) -> None:
        self.send = send
        self.accepted = False
        self.closed = False
        self.ended = False
        self.waiter: asyncio.Future[None] | None = None

    async def __call__(self, message: Message) -> None:
        if self.closed:
            return  # we already closed it: what the app still had to say is moot
        if message["type"] == "websocket.accept":
            self.accepted = True
        elif message["type"] == "websocket.close":
            self.closed = True
        await self.send(message)

    def end(self) -> None:
        self.ended = True
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_result(None)

    async def wait_ended(self) -> None:
        if not self.ended:
            if self.waiter is None:
                self.waiter = asyncio.get_running_loop().create_future()
            await asyncio.shield(self.waiter)  # one waiter's timeout does not end the others' wait


class Drain:
    """The open WebSockets of one app (`DrainMiddleware` fills it), closed all at once on demand."""

    def __init__(self) -> None:
        self.closing = False
        self._sockets: set[_Socket] = set()

    def add(self, sock: _Socket) -> None:
        self._sockets.add(sock)

    def discard(self, sock: _Socket) -> None:
        self._sockets.discard(sock)

    @property
    def open_sockets(self) -> int:
        return len(self._sockets)

    async def close_websockets(self, within: float) -> None:
        """Close every accepted WebSocket with 1001 and wait (bounded) for its handler to end."""
        self.closing = True
        sockets = [s for s in self._sockets if s.accepted and not s.closed]
        if not sockets:
            return
        log.info("closing %d WebSocket(s) with %d", len(sockets), GOING_AWAY)

        async def close(sock: _Socket) -> None:
            sock.closed = True
            with contextlib.suppress(Exception):  # the peer may be gone already
                await sock.send(
                    {"type": "websocket.close", "code": GOING_AWAY, "reason": "shutting down"}
                )
            await sock.wait_ended()

        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(within):
                await asyncio.gather(*(close(s) for s in sockets))


class DrainMiddleware:
    """Outermost ASGI middleware: registers every WebSocket with the `Drain`."""

    def __init__(self, app: ASGIApp, drain: Drain) -> None:
        self.app = app
        self.drain = drain

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "websocket":
            await self.app(scope, receive, send)
            return
        if self.drain.closing:  # a handshake that raced the shutdown
            await receive()
            await send({"type": "websocket.close", "code": GOING_AWAY})
            return
        sock = _Socket(send)
        self.drain.add(sock)
        try:
            await self.app(scope, receive, sock)
        finally:
            self.drain.discard(sock)
            sock.end()


class GracefulServer(uvicorn.Server):
    """uvicorn's server, closing WebSockets with 1001 before its own shutdown."""

    def __init__(self, config: uvicorn.Config, drain: Drain) -> None:
        super().__init__(config)
        self.drain = drain

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        for server in self.servers:
            server.close()  # stop accepting first; uvicorn's shutdown closes them again
        # A connection accepted just now has not sent its request yet: uvicorn's shutdown
        # would close it unanswered (with a socket shared by a supervisor's processes, the
        # replacement would have served it). A moment lets its request arrive and be served.
        await asyncio.sleep(0.25)
        grace = self.config.timeout_graceful_shutdown
        await self.drain.close_websockets(grace if grace is not None else 10.0)
        await super().shutdown(sockets)
