"""WebSockets to the GraphQL endpoint go straight to it, past the HTTP-only layers.

An ASGI middleware that awaits its inner app keeps a coroutine frame for as long
as the call lasts: for a WebSocket, the socket's whole life. The layers between
the drain and the GraphQL app (the memory trimmer, the deadline, the body limit,
authentication, Starlette's exception middleware and router) all pass a WebSocket
through untouched, yet each kept its frame, and some a closure: about 5 KiB per
subscribed socket, at ten thousand sockets 50 MB of frames doing nothing.

`WebSocketShortcut` sits just inside `DrainMiddleware` (which keeps its frame: it
must know when the socket ends). For a WebSocket whose path one of `routes`
matches, it does what those layers did to such a socket, namely give it its
request id (`RequestIdMiddleware`) and the route's scope entries (Starlette's
router), and returns the route's app's call instead of awaiting it, so it keeps
no frame either. The socket is authenticated by the GraphQL app itself, from its
`connection_init` as before (`AuthMiddleware` never handled WebSockets: the
browser cannot set their headers); HTTP requests, and WebSockets to any other
path, take the full chain unchanged.
"""

from __future__ import annotations

from collections.abc import Awaitable, Sequence

from starlette.routing import Match, WebSocketRoute
from starlette.types import ASGIApp, Receive, Scope, Send

from gateway.http.request_id import give_request_id


class WebSocketShortcut:
    def __init__(self, app: ASGIApp, routes: Sequence[WebSocketRoute]) -> None:
        self.app = app
        self.routes = tuple(routes)

    def __call__(self, scope: Scope, receive: Receive, send: Send) -> Awaitable[None]:
        if scope["type"] == "websocket":
            for route in self.routes:
                match, child = route.matches(scope)
                if match is Match.FULL:
                    give_request_id(scope)
                    if "app" in scope:  # Starlette's: its router, as the router would set it
                        scope.setdefault("router", scope["app"].router)
                    scope.update(child)
                    return route.app(scope, receive, send)
        return self.app(scope, receive, send)
