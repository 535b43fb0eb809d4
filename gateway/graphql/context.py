"""Per-request context: who asks, the wired services, and this request's loaders."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.types import Info as _Info

from gateway.auth.viewer import Viewer
from gateway.graphql.loaders import Loaders
from gateway.services import Services


@dataclass
class Context:
    request: Request | WebSocket
    response: Response | WebSocket | None
    services: Services
    viewer: Viewer
    request_id: str
    # Set by strawberry from a WebSocket's `connection_init` payload.
    connection_params: dict[str, object] | None = None
    # Which path executed the last operation: "plan" (gateway.graphql.planner), "direct"
    # (the plan alone: planner.direct) or "graphql-core".
    executed_by: str = "graphql-core"
    # True while the planner runs the operation: it visits a level's objects together, so
    # the loads `lookahead.start_loads` would start ahead are batched without it.
    planned: bool = False
    # A WebSocket's subscriptions handler (strawberry's, either protocol), set once the
    # connection is acknowledged: gateway.graphql.fanout writes shared events through it.
    socket: object | None = None
    # The planner's part size for a big read (gateway.graphql.planner.run): set on the lane,
    # whose answers are written in pieces that understand the parts; 0: one part.
    parts: int = 0

    @cached_property
    def loaders(self) -> Loaders:
        """Built on first use, one set per request, so batches never cross viewers."""
        return Loaders(self.services, self.viewer)

    def release_loaders(self) -> None:
        """The operation is answered: let its loaders and their rows go (`Loaders.release`);
        a later operation on this context starts new ones."""
        loaders = self.__dict__.pop("loaders", None)
        if loaders is not None:
            loaders.release()


Info = _Info[Context, None]
