"""Per-connection limits uvicorn lacks: how long a request's headers may take, and their size.

uvicorn closes a connection idle between requests (`timeout_keep_alive`) but
waits forever for headers that trickle in a byte at a time (slowloris), and its
httptools parser accepts headers of any size. This protocol adds both: a
request's line and headers must arrive within `header_timeout` of its first
byte (of the connection, for the first one), and may total `max_header_bytes`;
a slow client gets 408 and a large one 431, then the connection is closed.
Everything else is uvicorn's own protocol, unchanged.
"""

from __future__ import annotations

import asyncio
import json

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol


class _HeadersTooLarge(Exception):
    pass


def _response(status: int, reason: str, code: str, message: str) -> bytes:
    body = json.dumps({"errors": [{"message": message, "extensions": {"code": code}}]}).encode()
    head = (
        f"HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\n"
        f"content-length: {len(body)}\r\nconnection: close\r\n\r\n"
    )
    return head.encode("ascii") + body


class GuardedHttpProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with a header deadline and a header size limit."""

    header_timeout: float = 10.0
    max_header_bytes: int = 32 * 1024

    _header_timer: asyncio.TimerHandle | None = None
    _header_bytes = 0
    _too_large = False
    _got_bytes = False

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()  # a connection that never sends a byte goes too

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        self._got_bytes = True
        super().data_received(data)

    def _arm(self) -> None:
        if self._header_timer is None:
            self._header_timer = self.loop.call_later(self.header_timeout, self._too_slow)

    def _disarm(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _too_slow(self) -> None:
        self._header_timer = None
        if self.transport.is_closing():
            return
        if self._got_bytes:
            self.transport.write(
                _response(
                    408,
                    "Request Timeout",
                    "REQUEST_TIMEOUT",
                    f"the request headers did not arrive within {self.header_timeout:g} s",
                )
            )
        self.transport.close()

    def _count(self, size: int) -> None:
        self._header_bytes += size
        if self._header_bytes > self.max_header_bytes:
            self._too_large = True
            raise _HeadersTooLarge  # stops the parser; uvicorn answers through send_400_response

    # Parser callbacks ------------------------------------------------------------
    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._header_bytes = 0
        self._got_bytes = True
        self._arm()

    def on_url(self, url: bytes) -> None:
        self._count(len(url))
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        self._count(len(name) + len(value) + 4)
        super().on_header(name, value)

    def on_headers_complete(self) -> None:
        self._disarm()
        super().on_headers_complete()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._got_bytes = False

    def send_400_response(self, msg: str) -> None:
        if not self._too_large:
            super().send_400_response(msg)
            return
        self._disarm()
        self.transport.write(
            _response(
                431,
                "Request Header Fields Too Large",
                "HEADERS_TOO_LARGE",
                f"the request line and headers are larger than {self.max_header_bytes:,} bytes",
            )
        )
        self.transport.close()


def guarded_protocol(header_timeout: float, max_header_bytes: int) -> type[GuardedHttpProtocol]:
    """The protocol class `uvicorn.Config(http=...)` takes, with these limits."""
    return type(
        "GuardedHttpProtocol",
        (GuardedHttpProtocol,),
        {"header_timeout": header_timeout, "max_header_bytes": max_header_bytes},
    )
