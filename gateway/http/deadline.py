"""An overall deadline per HTTP request: past it the request is cancelled and answered.

The statement time limit bounds each SQL statement; this bounds the whole
request (many statements, the job store, a slow client sending its body, the
response's encoding), so no request holds a worker's memory and a client's
connection for longer than `GATEWAY_REQUEST_TIMEOUT_SECONDS`. The request's
task is cancelled at its next await (what it holds is released by the usual
`finally`/context managers: pooled connections are rolled back or discarded)
and the client gets 504 `REQUEST_TIMEOUT`, unless its response had already
started, in which case the connection is closed mid-response.

File uploads stream for as long as they need and are exempt, as from the body
limit; WebSockets are long-lived by design and bounded by their own rules.
"""

from __future__ import annotations

import asyncio
import logging
import re

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.http.refusal import refuse

log = logging.getLogger(__name__)


class DeadlineMiddleware:
    def __init__(self, app: ASGIApp, seconds: float, exempt: re.Pattern[str]) -> None:
        self.app = app
        self.seconds = seconds
        self.exempt = exempt

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.seconds <= 0 or self.exempt.match(scope["path"]):
            await self.app(scope, receive, send)
            return
        started = False

        async def watching_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        deadline = asyncio.timeout(self.seconds)
        try:
            async with deadline:
                await self.app(scope, receive, watching_send)
        except TimeoutError:
            if not deadline.expired():
                raise  # the app's own, not ours
            log.warning(
                "%s %s stopped at the %g s request deadline",
                scope.get("method"),
                scope["path"],
                self.seconds,
            )
            if not started:
                await self._refuse(send)

    async def _refuse(self, send: Send) -> None:
        await refuse(
            send,
            504,
            "REQUEST_TIMEOUT",
            f"the request took longer than {self.seconds:g} s and was stopped; "
            "ask for less (a smaller page, fewer fields) or retry later",
            {"limitSeconds": self.seconds},
        )
