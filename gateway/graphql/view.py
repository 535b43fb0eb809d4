"""The GraphQL endpoint: strawberry's ASGI view, given our context."""

from __future__ import annotations

import uuid

from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from gateway.auth.viewer import ANONYMOUS, Viewer
from gateway.graphql.context import Context
from gateway.graphql.schema import build_schema
from gateway.services import Services


class GatewayGraphQL(GraphQL[Context, None]):
    def __init__(self, services: Services, **kwargs: object) -> None:
        settings = services.settings
        super().__init__(
            build_schema(settings, services.metrics),
            graphql_ide="graphiql" if settings.graphiql else None,
            keep_alive=True,
            keep_alive_interval=15,
            **kwargs,  # type: ignore[arg-type]
        )
        self.services = services

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        state = request.scope.get("state", {})
        viewer: Viewer = state.get("viewer", ANONYMOUS)
        return Context(
            request=request,
            response=response,
            services=self.services,
            viewer=viewer,
            request_id=state.get("request_id") or uuid.uuid4().hex,
        )
