"""The GraphQL endpoint: strawberry's ASGI view, given our context."""

from __future__ import annotations

import asyncio
import json
import logging
import time
import uuid
from collections.abc import Coroutine
from contextlib import suppress
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, cast

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
)
from strawberry.subscriptions.protocols.graphql_transport_ws.types import ConnectionInitMessage
from strawberry.subscriptions.protocols.graphql_ws.handlers import BaseGraphQLWSHandler
from strawberry.subscriptions.protocols.graphql_ws.types import (
    ConnectionInitMessage as LegacyConnectionInitMessage,
)
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType
from strawberry.types.unset import UNSET, UnsetType

from gateway.auth.http import token_from_connection_params
from gateway.auth.tokens import AuthenticationError
from gateway.auth.viewer import ANONYMOUS, Viewer
from gateway.graphql.context import Context
from gateway.graphql.cost import Budget, document_cost
from gateway.graphql.json_pieces import dumps, encode_in_pieces
from gateway.graphql.lru import LRU
from gateway.graphql.parse_cache import parsed
from gateway.graphql.schema import GatewaySchema, build_schema
from gateway.graphql.shared_results import encoded_payload
from gateway.http import ui
from gateway.lane import Lane
from gateway.services import Services

if TYPE_CHECKING:
    from cross_web import AsyncHTTPRequestAdapter  # strawberry's request adapter type

log = logging.getLogger("gateway.auth")


class _Expiry:
    """Closes a WebSocket when the token it was opened with expires: subscriptions stop too.

    A timer, not a task sleeping until then: a sleeping task and its coroutine
    cost about a kilobyte for each of the thousands of idle sockets."""

    expiry_timer: asyncio.TimerHandle | None = None

    def watch(self, websocket: Any, viewer: Viewer, code: int) -> None:
        if viewer.expires_at is None or self.expiry_timer is not None:
            return
        loop = asyncio.get_running_loop()
        delay = max(0.0, viewer.expires_at - time.time())
        self.expiry_timer = loop.call_later(delay, _close_expired, websocket, code)

    def stop_watching(self) -> None:
        if self.expiry_timer is not None:
            self.expiry_timer.cancel()


def _frozen(variables: dict[str, Any]) -> tuple[tuple[str, type, Any], ...] | None:
    """The variables as a key, when every value is a scalar (else None: not memoized).
    With each value's type: 1, 1.0 and true are equal keys to Python, not to GraphQL."""
    if any(isinstance(value, dict | list) for value in variables.values()):
        return None
    return tuple(sorted((name, type(value), value) for name, value in variables.items()))


def _close_expired(websocket: Any, code: int) -> None:
    async def close() -> None:
        log.info("closing a WebSocket: its token expired")
        with suppress(Exception):
            await websocket.close(code=code, reason="Token expired")

    task = asyncio.create_task(close())
    _closing.add(task)  # the loop keeps only a weak reference to a task
    task.add_done_callback(_closing.discard)


_closing: set[asyncio.Task[None]] = set()


class _TransportWSHandler(BaseGraphQLTransportWSHandler[Context, None], _Expiry):
    """graphql-transport-ws: a bad token closes the socket with 4401, as the protocol says."""

    async def handle_connection_init(self, message: ConnectionInitMessage) -> None:
        payload = message.get("payload") or {}
        if isinstance(payload, dict) and not self.connection_init_received:
            try:
                await _authenticate(self.view, self.context, payload)  # type: ignore[arg-type]
            except AuthenticationError:
                await self.websocket.close(code=4401, reason="Unauthorized")
                return
        await super().handle_connection_init(message)
        # The viewer is known now: the token (a kilobyte per socket) need not stay, nor the
        # finished wait for this message (a task object).
        self.context.connection_params = None
        self.connection_init_timeout_task = None
        if self.connection_acknowledged:
            self.watch(self.websocket, self.context.viewer, 4401)
            self.context.socket = self

    async def handle(self) -> None:
        try:
            await super().handle()
        finally:
            self.stop_watching()
            self.context.socket = None


class _LegacyWSHandler(BaseGraphQLWSHandler[Context, None], _Expiry):
    """graphql-ws: authentication happens in `on_ws_connect`; expiry closes the socket."""

    async def handle_connection_init(self, message: LegacyConnectionInitMessage) -> None:
        if self.connection_acknowledged:
            # Each init would start another keep-alive task: refuse, as graphql-transport-ws does.
            await self.websocket.close(code=4429, reason="Too many initialisation requests")
            return
        await super().handle_connection_init(message)
        if self.connection_acknowledged:
            self.watch(self.websocket, self.context.viewer, 4401)
            self.context.socket = self

    async def handle(self) -> None:
        try:
            await super().handle()
        finally:
            self.stop_watching()
            self.context.socket = None


async def _authenticate(view: GatewayGraphQL, context: Context, params: dict[str, object]) -> None:
    token = token_from_connection_params(params)
    context.viewer = await view.services.auth.viewer_for(token)


# Objects of a big read alive at once on the lane (the planner's parts).
LANE_PARTS = 2000


@dataclass
class _Encoded(ExecutionResult):
    """A result the lane also processed and encoded: the main loop only sends its blocks.

    Encoding 45,000 objects (4 MB) held the main loop 20-40 ms; on the lane it does not."""

    body: list[bytes] = field(default_factory=list)


class _Body:
    """An answer's encoded blocks, standing in for its response dict until the response."""

    __slots__ = ("blocks",)

    def __init__(self, blocks: list[bytes]) -> None:
        self.blocks = blocks


class _BlocksResponse(Response):
    """A JSON body sent as the blocks it was written in, each let go once sent: a big
    answer is never joined into one more copy of itself (gateway.graphql.json_pieces)."""

    def __init__(self, blocks: list[bytes]) -> None:
        super().__init__(None, media_type="application/json")
        self.blocks = blocks
        self.headers["content-length"] = str(sum(map(len, blocks)))

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        await send(
            {"type": "http.response.start", "status": self.status_code, "headers": self.raw_headers}
        )
        blocks = self.blocks or [b""]  # the body's one message, even when empty
        blocks.reverse()
        while blocks:
            block = blocks.pop()
            await send({"type": "http.response.body", "body": block, "more_body": bool(blocks)})
        if self.background is not None:
            await self.background()


class GatewayGraphQL(GraphQL[Context, None]):
    graphql_transport_ws_handler_class = _TransportWSHandler
    graphql_ws_handler_class = _LegacyWSHandler

    def __init__(self, services: Services, lane: Lane | None = None, **kwargs: object) -> None:
        settings = services.settings
        super().__init__(
            build_schema(settings, services.metrics),
            graphql_ide="graphiql" if settings.graphiql else None,
            keep_alive=True,
            keep_alive_interval=15,
            allowed_origins=settings.allowed_origins,
            **kwargs,  # type: ignore[arg-type]
        )
        self.services = services
        self.lane = lane
        self.budget = Budget.from_settings(settings)
        # Estimates by (query text, operation, variables): a client repeats its queries
        # with the same few variables, and the walk costs as much as a small page's shaping.
        self._costs: LRU[tuple[OperationType, int] | None] = LRU(1024)

    async def execute_single(
        self,
        request: Request,
        request_adapter: AsyncHTTPRequestAdapter,
        sub_response: Response,
        context: Context,
        root_value: None,
        request_data: GraphQLRequestData,
    ) -> ExecutionResult:
        """A query estimated at `GATEWAY_HEAVY_QUERY_COST` objects or more runs on the lane
        (gateway.lane), with the lane's services: the main loop keeps answering meanwhile.
        A query the pipeline accepted before runs by its plan alone (planner.direct)."""
        run = super().execute_single
        cost = self._query_cost(request_data)
        heavy = cost is not None and cost >= self.services.settings.heavy_query_cost
        if self.lane is None or not self.lane.started or not heavy:
            try:
                if cost is not None:
                    result = await self._direct(request_adapter, context, request_data)
                    if result is not None:
                        return result
                return await run(
                    request, request_adapter, sub_response, context, None, request_data
                )
            finally:
                context.release_loaders()
        on_lane = replace(context, services=self.lane.services, parts=LANE_PARTS)
        self.services.metrics.lane_operations.inc()
        try:
            return await self.lane.run(
                self._encoded(
                    request,
                    on_lane,
                    run(request, request_adapter, sub_response, on_lane, None, request_data),
                )
            )
        finally:
            context.executed_by = on_lane.executed_by

    async def _direct(
        self,
        request_adapter: AsyncHTTPRequestAdapter,
        context: Context,
        data: GraphQLRequestData,
    ) -> ExecutionResult | None:
        """The result by the plan alone, for a query within the budget the pipeline has
        accepted before; None where the pipeline must run it."""
        direct = cast(GatewaySchema, self.schema).direct
        variables = data.variables
        if (
            direct is None
            or data.query is None
            or data.extensions
            or not (variables is None or isinstance(variables, dict))
            or (request_adapter.method == "GET" and not self.allow_queries_via_get)
        ):
            return None
        admitted = direct.find(data.query, data.operation_name)
        if admitted is None:
            return None
        return await direct.run(admitted, self.schema, context, variables)

    async def _encoded(
        self, request: Request, context: Context, execution: Coroutine[Any, Any, ExecutionResult]
    ) -> ExecutionResult:
        try:
            result = await execution
        finally:
            context.release_loaders()
        blocks = self._encode_in_blocks(await self.process_result(request, result))
        return _Encoded(data=None, errors=result.errors, extensions=None, body=blocks)

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        if isinstance(result, _Encoded):
            return cast(GraphQLHTTPResponse, _Body(result.body))
        return await super().process_result(request, result)

    def _query_cost(self, data: GraphQLRequestData) -> int | None:
        """The estimate of a query within the budget (over it, the pipeline refuses it
        at once); None for anything else."""
        settings = self.services.settings
        document = parsed(data.query, {"max_tokens": settings.max_tokens}) if data.query else None
        if document is None:
            return None  # strawberry reports why
        variables = data.variables if isinstance(data.variables, dict) else {}

        def estimate() -> tuple[OperationType, int] | None:
            schema = cast(Any, self.schema)._schema
            return document_cost(schema, document, data.operation_name, variables, self.budget)

        try:
            key = (data.query, data.operation_name, _frozen(variables))
            cost = estimate() if key[2] is None else self._costs.get(key, estimate)
        except RecursionError:  # nested deeper than validation will allow: refused inline
            return None
        if cost is None or cost[0] is not OperationType.QUERY or cost[1] > self.budget.limit:
            return None
        return cost[1]

    def decode_json(self, data: str | bytes) -> object:
        """JSON nested deeper than the parser's recursion is malformed input, not a crash."""
        try:
            return json.loads(data)
        except RecursionError:
            raise json.JSONDecodeError("JSON nested too deeply", "", 0) from None

    def encode_json(self, data: object) -> str:
        """WebSocket messages (and streams): text, since bytes would go out as binary frames.

        A subscription message whose payload is a result shared by many subscribers
        (gateway.graphql.shared_results) reuses that payload's encoding: only the
        operation id and the type are written per subscriber."""
        if isinstance(data, dict) and "payload" in data:
            shared = encoded_payload(data["payload"], self._encode)
            if shared is not None:
                return self._encode({**data, "payload": shared}).decode()
        return self._encode(data).decode()

    def create_response(
        self, response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse], sub_response: Response
    ) -> Response:
        """HTTP: the encoded bytes as they are (no round trip through str)."""
        response = (
            _BlocksResponse(response_data.blocks)
            if isinstance(response_data, _Body)
            else Response(self._encode(response_data), media_type="application/json")
        )
        response.headers.raw.extend(sub_response.headers.raw)
        response.background = sub_response.background
        if sub_response.status_code:
            response.status_code = sub_response.status_code
        return response

    def _encode(self, data: object) -> bytes:
        """Every response body, refused whole when over the size budget.

        orjson, about ten times faster than the standard encoder on large results (the
        time the event loop is held while a big response is encoded), falling back to it
        for what orjson refuses (integers beyond 64 bits, nesting beyond 254 levels)."""
        encoded = dumps(data)
        return encoded if len(encoded) <= self._limit else self._too_large(len(encoded))

    def _encode_in_blocks(self, data: object) -> list[bytes]:
        """The lane's big answers: written and freed piece by piece, emptying `data`
        (gateway.graphql.json_pieces), refused whole over the size budget."""
        blocks = encode_in_pieces(data)
        size = sum(map(len, blocks))
        return blocks if size <= self._limit else [self._too_large(size)]

    @property
    def _limit(self) -> int:
        return self.services.settings.max_response_bytes

    def _too_large(self, size: int) -> bytes:
        message = (
            f"the response would be {size:,} bytes; the limit is {self._limit:,} "
            "(ask for fewer objects or fields)"
        )
        refusal = {"code": "RESPONSE_TOO_LARGE", "size": size, "limit": self._limit}
        return orjson.dumps({"data": None, "errors": [{"message": message, "extensions": refusal}]})

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

    async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object] | None:
        """graphql-ws (legacy): a bad token is a `connection_error`, then the socket closes."""
        if context.viewer is ANONYMOUS and context.connection_params:
            try:
                await _authenticate(self, context, context.connection_params)
            except AuthenticationError as exc:
                raise ConnectionRejectionError({"message": str(exc)}) from None
        return cast(UnsetType, UNSET)

    async def render_graphql_ide(self, request: Request) -> Response:
        """Our GraphiQL page (vendored files, subscriptions, sign-in), not strawberry's CDN one."""
        return ui.page(self.services.settings, "graphiql.html")
