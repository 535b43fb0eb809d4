"""Turn every error into the standard shape: a message and `extensions.code`.

Domain errors keep their message; GraphQL syntax/validation errors get the
codes Apollo clients already know; anything unexpected is logged with its
traceback and reaches the client as `INTERNAL_SERVER_ERROR` plus a request id,
never with SQL, paths or a stack trace (unless the debug setting is on).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.relay.types import GlobalIDValueError, InvalidGlobalIDError

from gateway.errors import GatewayError
from gateway.jobs import errors as jobs
from gateway.jobs.states import IllegalTransition
from gateway.outage import MESSAGE as OUTAGE
from gateway.outage import is_outage

# Errors raised by libraries for input the client got wrong, not for our bugs.
_CLIENT_ERRORS = (InvalidGlobalIDError, GlobalIDValueError)

# The job domain's errors and the codes clients see for them (first match wins).
_JOB_CODES: tuple[tuple[type[Exception], str], ...] = (
    (jobs.JobNotFound, "NOT_FOUND"),
    (jobs.FileNotFound, "NOT_FOUND"),
    (jobs.JobConflict, "CONFLICT"),
    (IllegalTransition, "CONFLICT"),
    (jobs.JobTypeRestricted, "FORBIDDEN"),
    (jobs.FileTooLarge, "PAYLOAD_TOO_LARGE"),
    (jobs.QuotaExceeded, "QUOTA_EXCEEDED"),
    (jobs.JobError, "BAD_USER_INPUT"),
)

log = logging.getLogger("gateway.graphql")


_MAX_MESSAGE = 300


def _shorten(message: str) -> str:
    return message if len(message) <= _MAX_MESSAGE else message[:_MAX_MESSAGE] + "…"


def _bad_variable(error: GraphQLError) -> bool:
    """A variable's value refused while coercing it, before any resolver ran."""
    original = error.original_error
    return error.path is None and (
        isinstance(original, GraphQLError)
        or (isinstance(original, ValueError | TypeError) and error.message.startswith("Variable "))
    )


def classify(error: GraphQLError, request_id: str | None, debug: bool) -> GraphQLError:
    original = error.original_error
    extensions: dict[str, Any] = dict(error.extensions or {})
    message = error.message
    if isinstance(original, GatewayError):
        extensions.update(original.extensions)
        extensions["code"] = original.code
        message = original.message
    elif isinstance(original, jobs.JobError):
        extensions["code"] = next(code for kind, code in _JOB_CODES if isinstance(original, kind))
        problems = getattr(original, "problems", None)
        if problems:
            extensions["problems"] = [{"path": p.path, "message": p.message} for p in problems]
        message = str(original)
    elif isinstance(original, _CLIENT_ERRORS):
        extensions["code"] = "BAD_USER_INPUT"
        message = f"malformed id: {original}"
    elif _bad_variable(error):
        # graphql-core coercing a variable: its scalars refuse values with GraphQLError,
        # our custom scalars with ValueError/TypeError. The message quotes the value:
        # shortened, so a 10 MB variable is not echoed back.
        extensions["code"] = "BAD_USER_INPUT"
        message = _shorten(message)
    elif original is None:
        if "code" not in extensions:
            extensions["code"] = (
                "GRAPHQL_PARSE_FAILED"
                if message.startswith("Syntax Error")
                else "GRAPHQL_VALIDATION_FAILED"
            )
    elif is_outage(original):
        log.warning(
            "backing service unavailable in %s (request %s): %s",
            ".".join(str(p) for p in error.path or ()),
            request_id,
            type(original).__name__,
        )
        extensions["code"] = "SERVICE_UNAVAILABLE"
        message = OUTAGE
    else:
        log.error(
            "unexpected error in %s (request %s)",
            ".".join(str(p) for p in error.path or ()),
            request_id,
            exc_info=(type(original), original, original.__traceback__),
        )
        extensions["code"] = "INTERNAL_SERVER_ERROR"
        if not debug:
            message = "Internal server error"
    if request_id:
        extensions["requestId"] = request_id
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=None,
        extensions=extensions,
    )


class ErrorCodes(SchemaExtension):
    def __init__(self, *, debug: bool = False) -> None:
        self.debug = debug

    def _request_id(self) -> str | None:
        context = self.execution_context.context
        return getattr(context, "request_id", None)

    def _classify_in_place(self, errors: list[GraphQLError] | None) -> None:
        # In place: strawberry holds on to these very lists to build the response.
        if errors:
            rid = self._request_id()
            errors[:] = [classify(e, rid, self.debug) for e in errors]

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        self._classify_in_place(result.errors if result is not None else None)
        self._classify_in_place(self.execution_context.pre_execution_errors)

    def on_stream_result(self, result: Any) -> Iterator[None]:
        """Subscriptions: every message is classified before it is sent."""
        if result.errors:
            result.errors = list(result.errors)
            self._classify_in_place(result.errors)
        yield
