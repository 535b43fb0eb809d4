"""Errors the domains raise on purpose, each with a stable code clients can branch on.

Anything else that escapes a resolver is a bug: clients see `INTERNAL_SERVER_ERROR`
and a request id, the log sees the traceback.
"""

from __future__ import annotations

from typing import Any


class GatewayError(Exception):
    code = "INTERNAL_SERVER_ERROR"

    def __init__(self, message: str, **extensions: Any) -> None:
        super().__init__(message)
        self.message = message
        self.extensions = extensions


class BadUserInput(GatewayError):
    """The request is well-formed GraphQL but its values make no sense."""

    code = "BAD_USER_INPUT"


class Unauthenticated(GatewayError):
    code = "UNAUTHENTICATED"


class Forbidden(GatewayError):
    """The caller is known but may not do this; never used to hide existence of rows."""

    code = "FORBIDDEN"


class Conflict(GatewayError):
    """The target changed under the caller (e.g. a job is no longer in the expected state)."""

    code = "CONFLICT"


class ServiceUnavailable(GatewayError):
    code = "SERVICE_UNAVAILABLE"
