"""A request body carries at most `GATEWAY_MAX_BODY_BYTES`, uploads excepted.

A GraphQL document, its variables and an IS4A JSON body are small; a 50 MB one is
an attack, and reading it whole before refusing it is the attack working. The
declared `Content-Length` is refused at once; a chunked body is counted as it
arrives and refused as soon as it passes the limit. File uploads (worker outputs,
input answers, IS4A uploads) have their own streamed limit, `GATEWAY_MAX_UPLOAD_BYTES`.
"""

from __future__ import annotations

import re

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.http.refusal import refuse


class _TooLarge(Exception):
    pass


_DRAIN_FACTOR = 4


def upload_paths(is4a_prefix: str) -> re.Pattern[str]:
    """The routes that stream files, by path."""
    prefix = re.escape(is4a_prefix.rstrip("/")) if is4a_prefix else None
    patterns = [r"/jobs/[^/]+/(?:outputs|inputs)/"]
    if prefix is not None:
        patterns += [rf"{prefix}/jobs/upload$", rf"{prefix}/jobs/[^/]+/output$"]
    return re.compile("^(?:" + "|".join(patterns) + ")")


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, limit: int, exempt: re.Pattern[str]) -> None:
        self.app = app
        self.limit = limit
        self.exempt = exempt

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.exempt.match(scope["path"]):
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await self._refuse(send)
            return
        received = 0
        started = False
        more = True

        async def counting_receive() -> Message:
            nonlocal received, more
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                more = bool(message.get("more_body", False))
                if received > self.limit:
                    raise _TooLarge
            return message

        async def watching_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, watching_send)
        except _TooLarge:
            # Read on a little (discarding it), so a client still sending reads the 413
            # instead of a reset connection; a body far over the limit is simply cut.
            while more and received <= _DRAIN_FACTOR * self.limit:
                message = await receive()
                received += len(message.get("body", b""))
                more = message["type"] == "http.request" and bool(message.get("more_body"))
            if not started:
                await self._refuse(send)

    async def _refuse(self, send: Send) -> None:
        await refuse(
            send,
            413,
            "PAYLOAD_TOO_LARGE",
            f"the request body is larger than {self.limit:,} bytes",
            {"limit": self.limit},
            close=True,
        )
