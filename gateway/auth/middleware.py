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
    """Paths under `rest_prefixes` get refusals in the REST error shape (gateway.http.rest)."""

    def __init__(
        self, app: ASGIApp, authenticator: Authenticator, rest_prefixes: tuple[str, ...] = ()
    ) -> None:
        self.app = app
        self.authenticator = authenticator
        self.rest_prefixes = tuple(p.rstrip("/") for p in rest_prefixes if p.rstrip("/"))

    def _is_rest(self, path: str) -> bool:
        return any(path == p or path.startswith(p + "/") for p in self.rest_prefixes)

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
            rest = self._is_rest(scope["path"])
            await _reply(send, 401, "UNAUTHENTICATED", str(exc), state, challenge(exc), rest)
            return
        except IssuerUnavailable:
            log.warning("OpenID issuer unreachable (request %s)", state.get("request_id"))
            await _reply(
                send,
                503,
                "SERVICE_UNAVAILABLE",
                "identity provider unavailable",
                state,
                {},
                self._is_rest(scope["path"]),
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
    rest: bool = False,
) -> None:
    request_id = state.get("request_id")
    shape: dict[str, object] = (
        {"error": {"code": code, "message": message, "requestId": request_id}}
        if rest
        else {
            "errors": [{"message": message, "extensions": {"code": code, "requestId": request_id}}]
        }
    )
    body = json.dumps(shape).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    headers += [(k.lower().encode(), v.encode()) for k, v in extra_headers.items()]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
