"""uvicorn's WebSocket protocol, lighter per idle connection.

A process holds tens of thousands of mostly idle subscribed sockets; what each
one keeps is what limits it. uvicorn's sans-I/O protocol keeps, for the
socket's whole life, an `asyncio.Queue` for received events (four deques,
about 3 KiB before anything is queued), an `asyncio.Event` for flow control (a
deque too) and the handshake's request and response with their headers
(about 3 KiB). Here the queue is a `Mailbox` (nothing allocated while empty),
the event a flag whose waiters list exists only while someone waits, and the
handshake is dropped once the response is sent. Framing, limits, keep-alive
pings and closing are uvicorn's, unchanged.
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol

from gateway.events.mailbox import Mailbox


class _Flag:
    """The part of `asyncio.Event` uvicorn uses, allocating waiters only when there are some."""

    __slots__ = ("_set", "_waiters")

    def __init__(self) -> None:
        self._set = True
        self._waiters: list[asyncio.Future[None]] | None = None

    def is_set(self) -> bool:
        return self._set

    def set(self) -> None:
        self._set = True
        waiters, self._waiters = self._waiters, None
        for waiter in waiters or ():
            if not waiter.done():
                waiter.set_result(None)

    def clear(self) -> None:
        self._set = False

    async def wait(self) -> bool:
        if self._set:
            return True
        waiter = asyncio.get_running_loop().create_future()
        if self._waiters is None:
            self._waiters = []
        self._waiters.append(waiter)
        try:
            await waiter
        finally:
            if self._waiters is not None and waiter in self._waiters:
                self._waiters.remove(waiter)
        return True


class LeanWebSocketProtocol(WebSocketsSansIOProtocol):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.queue = Mailbox()  # type: ignore[assignment]
        self.writable = _Flag()  # type: ignore[assignment]

    async def send(self, message: Any) -> None:
        await super().send(message)
        if self.handshake_complete and getattr(self, "request", None) is not None:
            # Read only while the handshake is answered; never again after. The scope has
            # its own copy of the headers; the websockets parser's frame keeps the request
            # object for the socket's life, so its headers are emptied, not just let go.
            self.request.headers.clear()
            self.request = None  # type: ignore[assignment]
            self.response = None  # type: ignore[assignment]
