"""HTTP authentication: a bearer token becomes a Viewer on the request, or a 401.

No token means anonymous (an empty graph). WebSocket connections are not
handled here: they authenticate in `connection_init` (see the GraphQL view).
"""

from __future__ import annotations

import json
import logging

from starlette.types import ASGIApp, Receive, Scope, Send

from gateway.auth.http import bearer_token, challenge
from gateway.auth.identity import IdentityResolver, UnknownPerson
from gateway.auth.tokens import AuthenticationError, IssuerUnavailable, TokenValidator
from gateway.auth.viewer import ANONYMOUS, Viewer

log = logging.getLogger("gateway.auth")


class Authenticator:
    """Token → Viewer, shared by the HTTP middleware and the WebSocket handshake."""

    def __init__(self, validator: TokenValidator | None, identities: IdentityResolver) -> None:
        self.validator = validator
        self.identities = identities

    async def viewer_for(self, token: str | None) -> Viewer:
        if token is None:
            return ANONYMOUS
        if self.validator is None:
            raise AuthenticationError("this gateway has no OpenID issuer configured")
        claims = await self.validator.validate(token)
        try:
            return await self.identities.viewer(claims)
        except UnknownPerson:
            raise AuthenticationError("unknown person") from None


class AuthMiddleware:
    def __init__(self, app: ASGIApp, authenticator: Authenticator) -> None:
        self.app = app
        self.authenticator = authenticator

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        state = scope.setdefault("state", {})
        try:
            token = bearer_token(headers.get("authorization"))
            state["viewer"] = await self.authenticator.viewer_for(token)
        except AuthenticationError as exc:
            log.info("refused token: %s (request %s)", exc, state.get("request_id"))
            await _reply(send, 401, "UNAUTHENTICATED", str(exc), state, challenge(exc))
            return
        except IssuerUnavailable:
            log.warning("OpenID issuer unreachable (request %s)", state.get("request_id"))
            await _reply(
                send, 503, "SERVICE_UNAVAILABLE", "identity provider unavailable", state, {}
            )
            return
        await self.app(scope, receive, send)


async def _reply(
    send: Send,
    status: int,
    code: str,
    message: str,
    state: dict[str, object],
    extra_headers: dict[str, str],
) -> None:
    body = json.dumps(
        {
            "errors": [
                {
                    "message": message,
                    "extensions": {"code": code, "requestId": state.get("request_id")},
                }
            ]
        }
    ).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    headers += [(k.lower().encode(), v.encode()) for k, v in extra_headers.items()]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
