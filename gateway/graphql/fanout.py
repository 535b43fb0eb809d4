"""A shared event written straight to each watcher's socket, from the broker's delivery pass.

With a thousand watchers of one job, strawberry's path costs per watcher and per event
a wake-up of the subscription's task, the walk up through graphql-core's and
strawberry's stream layers, strawberry's message, the ASGI send chain (our
middlewares, Starlette), uvicorn's send, and only then the framing and the socket
write. The last watcher waited for all of that a thousand times. For an event whose
result is shared (`gateway.graphql.shared_results`: the same object for every
subscriber, a selection that cannot depend on who asks), the broker's pass over the
job's subscribers hands it to each subscription's `Outlet` here instead, which writes
the `next` message (the shared payload encoded once, the subscriber's own operation
id, either subprotocol) through our WebSocket protocol
(`LeanWebSocketProtocol.write_text_now`): no task is woken.

It is only a shortcut, taken when it cannot change what the client sees:

* order: the broker offers a message only while the subscription's task waits with
  nothing queued, so everything it was given before has been sent (strawberry sends a
  result before asking for the next); otherwise the message is queued as before;
* the operation is still the handler's and not being cancelled (a client's `complete`
  or `stop`): no message after the end;
* backpressure: a paused transport (the client reads slowly) or a closing socket
  refuses, and the message is queued for strawberry's path, which waits for the
  transport or ends, with the subscription's bounded queue as before;
* payload: exactly strawberry's `{"data": ...}` for a result without errors (our
  extensions add no results to messages: `GatewayExtensionsRunner`); anything else,
  or a socket not served by `LeanWebSocketProtocol`, goes strawberry's way.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

import orjson
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
)
from strawberry.subscriptions.protocols.graphql_ws.handlers import BaseGraphQLWSHandler

from gateway.graphql.execution import GatewayExecutionContext, subscription_executor
from gateway.graphql.shared_results import encoded_payload
from gateway.http.metrics import Metrics
from gateway.http.websocket_protocol import SCOPE_KEY, LeanWebSocketProtocol

log = logging.getLogger(__name__)


class Outlet:
    """One subscription's way to its socket, for shared events."""

    __slots__ = (
        "_encode",
        "_executor",
        "_handler",
        "_id",
        "_metrics",
        "_protocol",
        "_task",
        "_type",
    )

    def __init__(
        self,
        executor: GatewayExecutionContext,
        handler: Any,
        protocol: LeanWebSocketProtocol,
        operation_id: str,
        task: asyncio.Task[Any],
        encode: Callable[[object], bytes],
        metrics: Metrics,
    ) -> None:
        self._metrics = metrics
        self._executor = executor
        self._handler = handler
        self._protocol = protocol
        self._id = operation_id
        self._task = task
        self._encode = encode
        self._type = "next" if isinstance(handler, BaseGraphQLTransportWSHandler) else "data"

    def _live(self) -> bool:
        """The operation is still the handler's and its task is not being cancelled."""
        task = self._task
        if task.done() or task.cancelling():
            return False
        if self._type == "next":
            operation = self._handler.operations.get(self._id)
            return operation is not None and operation.task is task and not operation.completed
        return bool(self._handler.tasks.get(self._id) is task)

    def send(self, event: object) -> bool:
        """Write this subscription's message for shared `event` now; False: not done (the
        caller queues the event for strawberry's path), nothing was written."""
        protocol = self._protocol
        result = None
        if self._live() and protocol.can_write_now():
            result = self._executor.shared_result(event)
        if result is None:
            self._metrics.direct.queued += 1
            return False
        payload = {"data": result.data}
        encoded = encoded_payload(payload, self._encode) or orjson.Fragment(self._encode(payload))
        protocol.write_text_now(  # nothing awaited since `can_write_now`
            self._encode({"id": self._id, "type": self._type, "payload": encoded})
        )
        self._metrics.direct.written += 1
        return True


def outlet(context: Any) -> Outlet | None:
    """The running subscription's outlet, called from its event generator (in its operation's
    task); None when its events cannot be written directly (not a shareable selection, not
    a WebSocket served by our protocol)."""
    executor = subscription_executor.get()
    handler = context.socket
    task = asyncio.current_task()
    if executor is None or handler is None or task is None or executor.sharing() is None:
        return None
    if isinstance(handler, BaseGraphQLTransportWSHandler):
        ids = [i for i, operation in handler.operations.items() if operation.task is task]
    elif isinstance(handler, BaseGraphQLWSHandler):
        ids = [i for i, running in handler.tasks.items() if running is task]
    else:
        return None
    scope = getattr(getattr(handler.websocket, "ws", None), "scope", None) or {}
    protocol = scope.get(SCOPE_KEY)
    if len(ids) != 1 or not isinstance(protocol, LeanWebSocketProtocol):
        return None
    view = handler.view
    return Outlet(executor, handler, protocol, ids[0], task, view._encode, view.services.metrics)
