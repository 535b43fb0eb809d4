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
(`gateway.graphql.shared_results`).
"""

from __future__ import annotations

from typing import Any, cast

from graphql import (
    ExecutionResult,
    GraphQLEnumType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    Undefined,
)
from graphql.pyutils import AwaitableOrValue, Path
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from gateway.graphql import shared_results

_SLOW = object()


class _Unset:
    """Not worked out yet."""


_UNSET = _Unset()


class GatewayExecutionContext(StrawberryGraphQLCoreExecutionContext):
    # Set on a per-event executor whose result other subscribers may reuse.
    share_as: shared_results.Shared | None = None
    # On a subscription's executor: whether (and under which variables' key) its events'
    # results may be shared, worked out at its first event.
    _sharing: bytes | _Unset | None = _UNSET

    def build_per_event_executor(self, payload: Any) -> Any:
        """A subscription event handed to many subscribers runs once for all who asked the same
        context-free selection (gateway.graphql.shared_results): the others get its result
        without an executor of their own."""
        sharing = self._sharing
        if isinstance(sharing, _Unset):
            sharing = self._sharing = shared_results.shareable(
                self.schema, self.operation, self.fragment_definitions, self.variable_values.coerced
            )
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
