"""A shorter path through graphql-core for plain column fields.

A page of 100 collections with their integrations is ~4,000 fields, ~3,500 of them
leaves that only read an attribute (`imagePrefix`, `cellA`). graphql-core builds
an info object, a node list and a completion frame for each; that per-field cost
(strawberry issue #3544) was a third of the page's time. For a leaf whose
resolver is strawberry's attribute read, with no arguments and no middleware,
this reads the attribute and serializes it directly. Anything unusual — a
null for a non-null field, a value the scalar refuses, an exception — goes the
normal way, so errors are exactly graphql-core's.

A subscription event handed unchanged to many subscribers is executed once for
all who asked the same selection, when it cannot depend on who asks
(`gateway.graphql.shared_results`); a subscription's executor makes itself known
to its operation's task (`subscription_executor`) so that such an event can be
executed for it outside strawberry's per-operation loop (`gateway.graphql.fanout`).
"""

from __future__ import annotations

import asyncio
from contextvars import ContextVar
from typing import Any, cast

from graphql import (
    ExecutionResult,
    GraphQLEnumType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    OperationType,
    Undefined,
)
from graphql.pyutils import AwaitableOrValue, Path, is_awaitable
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from gateway.graphql import shared_results

_SLOW = object()


class _Unset:
    """Not worked out yet."""


_UNSET = _Unset()

_finishing: set[asyncio.Future[Any]] = set()

# The executor of the subscription being started in this task (one task per operation in
# both WebSocket protocols of strawberry), read by the subscription's event generator.
subscription_executor: ContextVar[GatewayExecutionContext | None] = ContextVar(
    "subscription_executor", default=None
)


class GatewayExecutionContext(StrawberryGraphQLCoreExecutionContext):
    # Set on a per-event executor whose result other subscribers may reuse.
    share_as: shared_results.Shared | None = None
    # On a subscription's executor: whether (and under which variables' key) its events'
    # results may be shared, worked out at its first event.
    _sharing: bytes | _Unset | None = _UNSET

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.operation.operation is OperationType.SUBSCRIPTION:
            subscription_executor.set(self)  # per-event copies do not come through here

    def sharing(self) -> bytes | None:
        """The variables' key under which this subscription's results over shared events may
        be shared (worked out once); None: they are its own."""
        sharing = self._sharing
        if isinstance(sharing, _Unset):
            sharing = self._sharing = shared_results.shareable(
                self.schema, self.operation, self.fragment_definitions, self.variable_values.coerced
            )
        return sharing

    def shared_result(self, event: Any) -> ExecutionResult | None:
        """This subscription's result over a shared event, without errors, taken from the
        other subscribers' or executed now (synchronously) and kept for them; None when it
        may not be shared or did not complete synchronously (the caller goes the usual way)."""
        sharing = self.sharing()
        if sharing is None:
            return None
        latest = shared_results.latest(event, self.operation, sharing)
        if latest is not None:
            return latest
        where = shared_results.shared(event, self.operation, sharing)
        if where is None:
            return None
        result: Any = shared_results.kept(where)
        if result is None:
            executor = cast(GatewayExecutionContext, super().build_per_event_executor(event))
            executor.share_as = where
            result = executor.execute_operation(False)
            if is_awaitable(result):
                # Not expected of a context-free selection; let it finish and be kept.
                task = asyncio.ensure_future(result)
                _finishing.add(task)  # the loop keeps only a weak reference to a task
                task.add_done_callback(_finishing.discard)
                return None
        if not isinstance(result, ExecutionResult) or result.errors or result.data is None:
            return None
        return result

    def build_per_event_executor(self, payload: Any) -> Any:
        """A subscription event handed to many subscribers runs once for all who asked the same
        context-free selection (gateway.graphql.shared_results): the others get its result
        without an executor of their own."""
        sharing = self.sharing()
        where = None if sharing is None else shared_results.shared(payload, self.operation, sharing)
        if where is not None and (result := shared_results.kept(where)) is not None:
            return _Executed(result)
        executor = cast(GatewayExecutionContext, super().build_per_event_executor(payload))
        executor.share_as = where
        return executor

    def execute_operation(self, serially: bool | None = None) -> AwaitableOrValue[Any]:
        result = super().execute_operation(serially)
        return result if self.share_as is None else shared_results.keep(self.share_as, result)

    def execute_field(
        self,
        parent_type: GraphQLObjectType,
        source: Any,
        field_details_list: Any,
        path: Path,
        position_context: Any,
    ) -> Any:
        middleware = self.middleware_manager
        if (middleware is None or not middleware.middlewares) and len(field_details_list) == 1:
            value = _plain_leaf(parent_type, source, field_details_list[0].node)
            if value is not _SLOW:
                return value
        return self.full_path(parent_type, source, field_details_list, path, position_context)

    def full_path(
        self,
        parent_type: GraphQLObjectType,
        source: Any,
        field_details_list: Any,
        path: Path,
        position_context: Any,
    ) -> Any:
        """graphql-core's own field execution."""
        return super().execute_field(
            parent_type, source, field_details_list, path, position_context
        )


class _Executed:
    """What graphql-core asks of a per-event executor (`execute_subscription_event`), for an
    event already executed for another subscriber."""

    __slots__ = ("result",)

    def __init__(self, result: ExecutionResult) -> None:
        self.result = result

    def execute_operation(self, serially: bool | None = None) -> ExecutionResult:
        return self.result


def _plain_leaf(parent_type: GraphQLObjectType, source: Any, node: Any) -> Any:
    if node.arguments or node.directives:
        return _SLOW
    field = parent_type.fields.get(node.name.value)
    if field is None or not getattr(field.resolve, "_is_default", False):
        return _SLOW
    type_ = field.type
    non_null = isinstance(type_, GraphQLNonNull)
    named = type_.of_type if non_null else type_
    if not isinstance(named, GraphQLScalarType | GraphQLEnumType):
        return _SLOW
    try:
        value = field.resolve(source, None)
        if value is None:
            return _SLOW if non_null else None
        serialized = named.serialize(value)
    except Exception:
        return _SLOW  # the normal path raises it again, with its path and location
    return _SLOW if serialized is None or serialized is Undefined else serialized
