"""Where tokens travel: the Authorization header, and GraphQL WebSocket `connection_init`."""

from __future__ import annotations

from gateway.auth.tokens import AuthenticationError


def bearer_token(authorization: str | None) -> str | None:
    """The token of `Authorization: Bearer <token>`; None when there is no header."""
    if authorization is None:
        return None
    scheme, _, token = authorization.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or " " in token:
        raise AuthenticationError("malformed authorization header")
    return token


def challenge(error: Exception | None) -> dict[str, str]:
    """RFC 6750's `WWW-Authenticate` answer to a refused token."""
    value = 'Bearer realm="ispyb-gateway"'
    if error is not None:
        reason = str(error).replace("\\", "").replace('"', "'")
        value += f', error="invalid_token", error_description="{reason}"'
    return {"WWW-Authenticate": value}


def token_from_connection_params(params: object) -> str | None:
    """`{"authorization": "Bearer ..."}` from a `connection_init` payload."""
    if not isinstance(params, dict):
        return None
    value = params.get("authorization", params.get("Authorization"))
    if value is None:
        return None
    if not isinstance(value, str):
        raise AuthenticationError("malformed authorization header")
    return bearer_token(value)
