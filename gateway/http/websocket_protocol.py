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

The protocol puts itself in the ASGI scope (`SCOPE_KEY`) so that a message
shared by many sockets can be written to each without going through the ASGI
send chain (`write_text_now`, used by gateway.graphql.fanout).
"""

from __future__ import annotations

import asyncio
import struct
from typing import Any

from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
from websockets.http11 import Request
from websockets.protocol import OPEN

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


SCOPE_KEY = "gateway.websocket"


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

    def handle_connect(self, event: Request) -> None:
        super().handle_connect(event)
        if not self.close_sent:  # accepted: the application runs with this scope
            self.scope[SCOPE_KEY] = self  # type: ignore[literal-required]

    def can_write_now(self) -> bool:
        """Whether `write_text_now` would write: not when the transport is paused (the
        ordinary `send` waits for it, which keeps the socket's buffer bounded), the socket
        is closing or closed, or the handshake is not done."""
        return not (
            not self.writable.is_set()
            or self.disconnected
            or self.close_sent
            or not self.handshake_complete
            or self.initial_response is not None
            or self.transport.is_closing()
        )

    def write_text_now(self, data: bytes) -> None:
        """Write a text message now, as `send` does for `websocket.send`; the caller checked
        `can_write_now` and awaited nothing since. Without extensions (per-message-deflate
        is off by default) the frame's header is written here: websockets' framing (a frame
        object, a buffer) was a tenth of a shared event's cost per socket."""
        conn = self.conn
        if (
            conn.extensions
            or conn.writes
            or conn.expect_continuation_frame
            or conn.state is not OPEN
        ):
            conn.send_text(data)
            self.transport.write(b"".join(conn.data_to_send()))
        else:
            self.transport.write(_text_header(len(data)) + data)


def _text_header(length: int) -> bytes:
    """A final, unmasked text frame's header (RFC 6455 section 5.2): a server's frame."""
    if length < 126:
        return bytes((0x81, length))
    if length < 1 << 16:
        return struct.pack("!BBH", 0x81, 126, length)
    return struct.pack("!BBQ", 0x81, 127, length)
