"""One execution and one encoding of an event for all its subscribers who asked the same thing.

A job's event goes to each of its watchers. Executed per subscriber, a thousand
watchers of one job cost a thousand runs of the same selection over the same
object through graphql-core and strawberry, and a thousand encodings of the same
JSON, one after the other on one core: the last watcher waited for all the others.

Here an event's producer marks the object it yields to many subscribers as
shared (`share`), after each subscriber's own visibility check (the job
subscriptions check `may_see` per subscriber before yielding: a viewer who may
not see a job never gets as far as its execution). The first execution over a
shared event is kept, keyed by (event, operation, variables), and reused by the
next subscriber whose operation is the same parsed document (the parse cache
hands out one document per text) with the same variables, when the answer
cannot depend on who asks: every field selected is the subscription's root
field (it returns the event itself), `__typename`, a field strawberry reads
straight from its object (no resolver of ours, so no viewer, context or
database), or one of `CONTEXT_FREE`. A field with its own resolver, an
interface or union on the way, or a result with errors: executed per
subscriber, as before. The kept result's payload is encoded once
(`encoded_payload`); each subscriber's message still carries its own operation id.

Entries are kept by object identity and hold their objects, so a recycled `id()`
never matches; a few hundred are kept, enough for the events being delivered
at once (an eviction costs an execution, never a wrong answer).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any, NamedTuple, TypeVar

import orjson
from graphql import (
    ExecutionResult,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    get_named_type,
)
from graphql.pyutils import AwaitableOrValue, is_awaitable

T = TypeVar("T")

# Fields with a resolver of their own that reads only its object, never the context.
CONTEXT_FREE = frozenset(
    {
        ("Job", "id"),  # the global id: the type's name and the job's id
        ("JobOutput", "downloadUrl"),  # from the output's file id
    }
)

_KEPT = 256

_events: OrderedDict[int, object] = OrderedDict()
_results: OrderedDict[tuple[int, int, bytes], tuple[object, object, ExecutionResult]] = (
    OrderedDict()
)
_payloads: OrderedDict[int, tuple[object, bytes | None]] = OrderedDict()
_selections: OrderedDict[tuple[int, int], tuple[GraphQLSchema, OperationDefinitionNode, bool]] = (
    OrderedDict()
)


# The result kept last, checked first: the subscribers of one event ask for it one after
# the other in one delivery pass, a thousand times in a row, and identities are cheaper to
# compare than a key is to build and hash. (event, operation, variables' key, result)
_latest: tuple[object, object, bytes, ExecutionResult] | None = None


def _keep(cache: OrderedDict[Any, Any], key: object, value: object) -> None:
    cache[key] = value
    if len(cache) > _KEPT:
        cache.popitem(last=False)


def share(event: T) -> T:
    """Mark `event` as handed, unchanged, to several subscribers: their executions may be one."""
    _keep(_events, id(event), event)
    return event


def is_shared(event: object) -> bool:
    return _events.get(id(event)) is event


def context_free(
    schema: GraphQLSchema,
    operation: OperationDefinitionNode,
    fragments: dict[str, FragmentDefinitionNode],
) -> bool:
    """Whether no field of this subscription's selection may depend on who asks (kept per
    operation node: one walk per document)."""
    key = (id(schema), id(operation))
    hit = _selections.get(key)
    if hit is not None and hit[0] is schema and hit[1] is operation:
        return hit[2]
    root = schema.subscription_type
    free = (
        operation.operation is OperationType.SUBSCRIPTION
        and root is not None
        and _free(schema, root, operation.selection_set, fragments, root=True)
    )
    _keep(_selections, key, (schema, operation, free))
    return free


def _free(
    schema: GraphQLSchema,
    parent: GraphQLObjectType,
    selections: SelectionSetNode,
    fragments: dict[str, FragmentDefinitionNode],
    root: bool = False,
) -> bool:
    for node in selections.selections:
        if isinstance(node, FieldNode):
            name = node.name.value
            if name == "__typename":
                continue
            field = parent.fields.get(name)
            if field is None:
                return False
            if root:
                plain = field.subscribe is not None  # per event it returns the event itself
            else:
                plain = (
                    getattr(field.resolve, "_is_default", False)
                    or (parent.name, name) in CONTEXT_FREE
                )
            if not plain:
                return False
            if node.selection_set is not None:
                child = get_named_type(field.type)
                if not isinstance(child, GraphQLObjectType):
                    return False  # an interface or union: resolved per object, not checked
                if not _free(schema, child, node.selection_set, fragments):
                    return False
            continue
        if isinstance(node, InlineFragmentNode):
            condition = node.type_condition
            target = schema.get_type(condition.name.value) if condition else parent
            selection_set = node.selection_set
        elif isinstance(node, FragmentSpreadNode):
            fragment = fragments.get(node.name.value)
            if fragment is None:
                return False
            target = schema.get_type(fragment.type_condition.name.value)
            selection_set = fragment.selection_set
        else:
            return False
        if target is not parent or not _free(schema, parent, selection_set, fragments, root):
            return False
    return True


class Shared(NamedTuple):
    """Where one subscriber's execution over a shared event is kept for the others."""

    event: object
    operation: OperationDefinitionNode
    key: tuple[int, int, bytes]


def shareable(
    schema: GraphQLSchema,
    operation: OperationDefinitionNode,
    fragments: dict[str, FragmentDefinitionNode],
    variables: dict[str, Any],
) -> bytes | None:
    """The variables' part of the key under which this subscription's results may be shared
    (computed once per subscription); None: its results are its own."""
    if not context_free(schema, operation, fragments):
        return None
    try:
        key = orjson.dumps(variables, option=orjson.OPT_SORT_KEYS)
    except TypeError:  # a value orjson cannot write: not shared
        return None
    # orjson's bytes keep its whole first buffer (4 KiB, however short the text): an exact
    # copy, since the key lives as long as the subscription.
    return memoryview(key).tobytes()


def shared(
    event: object, operation: OperationDefinitionNode, variables_key: bytes
) -> Shared | None:
    """Where this execution's result is kept, if the event is shared; None: executed alone."""
    if event is None or not is_shared(event):
        return None
    return Shared(event, operation, (id(event), id(operation), variables_key))


def latest(
    event: object, operation: OperationDefinitionNode, variables_key: bytes
) -> ExecutionResult | None:
    """The result kept last, if it is this execution's (a shared event's, by construction)."""
    hit = _latest
    if hit is not None and hit[0] is event and hit[1] is operation and hit[2] == variables_key:
        return hit[3]
    return None


def kept(where: Shared) -> ExecutionResult | None:
    global _latest
    hit = _results.get(where.key)
    if hit is not None and hit[0] is where.event and hit[1] is where.operation:
        _latest = (where.event, where.operation, where.key[2], hit[2])
        return hit[2]
    return None


def keep(where: Shared, result: AwaitableOrValue[Any]) -> AwaitableOrValue[Any]:
    """`result` (or what it resolves to), kept for the next subscriber unless it has errors."""
    global _latest
    if is_awaitable(result):

        async def resolved() -> Any:
            return keep(where, await result)

        return resolved()
    if isinstance(result, ExecutionResult) and not result.errors and result.data is not None:
        # Errors are classified per subscriber (request ids): never shared.
        _keep(_results, where.key, (where.event, where.operation, result))
        _keep(_payloads, id(result.data), (result.data, None))
        _latest = (where.event, where.operation, where.key[2], result)
    return result


def encoded_payload(payload: object, encode: Callable[[object], bytes]) -> orjson.Fragment | None:
    """A message payload `{"data": ...}` holding a kept result's data, encoded once with
    `encode`; None for any other payload (the caller encodes it as usual)."""
    if not isinstance(payload, dict) or len(payload) != 1:
        return None
    data = payload.get("data")
    hit = _payloads.get(id(data))
    if hit is None or hit[0] is not data:
        return None
    encoded = hit[1]
    if encoded is None:
        encoded = encode(payload)
        _payloads[id(data)] = (data, encoded)
    return orjson.Fragment(encoded)
