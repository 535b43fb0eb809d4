"""Run a plan: one pass per level over every object of that level, values straight to JSON.

The resolvers are the same ones graphql-core calls, so every statement, permission
condition and batch is the graph's own: what changes is the work around them. A
level's objects are visited field by field (not object by object), a resolver's
arguments are coerced once per level rather than once per object, plain columns are
read and serialized in a tight loop, and every awaitable of a level is awaited
together, so each DataLoader still sees all its keys at once: one statement per
relation per level, as before. Nothing the plan meets is guessed at: a null in a
non-null field, a value a scalar refuses or any exception stops the run, and
graphql-core executes the operation instead, with its errors and paths.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable
from dataclasses import dataclass
from typing import Any

from graphql.execution.values import VariableValues, get_argument_values, get_variable_values
from strawberry.relay import GlobalID
from strawberry.types import Info
from strawberry.types.arguments import convert_arguments

from gateway.graphql.lookahead import Pending
from gateway.graphql.planner.compile import (
    ATTRIBUTE,
    NODE_ID,
    RESOLVER,
    TYPENAME,
    FieldPlan,
    ListOf,
    NotPlanned,
    Object,
    ObjectPlan,
    Plan,
    Scalar,
    Shape,
)


@dataclass
class _RawInfo:
    """What a resolver may read of graphql-core's info on the planned path.

    Anything else (the path, the field nodes, the return type) is an AttributeError,
    which sends the operation back to graphql-core."""

    context: Any
    variables: VariableValues
    root_value: Any

    @property
    def variable_values(self) -> dict[str, Any]:
        return self.variables.coerced


_SLICE = 500  # objects filled between two turns of the event loop

_Level = list[tuple[ObjectPlan, list[Any], list[dict[str, Any]]]]


class _Run:
    def __init__(self, strawberry_schema: Any, raw_info: _RawInfo) -> None:
        self.schema = strawberry_schema
        self.raw_info = raw_info

    async def levels(self, level: _Level) -> None:
        """Breadth first: start a level's resolvers, fill its leaves, await, shape, go down.

        An object's output dict is placed in its parent when the level above is shaped
        (its keys already in document order) and filled when its own level is visited,
        so no level waits for another's tasks. Leaves are filled in slices, giving the
        event loop a turn between slices: a page of thousands of objects does not hold
        up every other request, and the level's loads run meanwhile."""
        while level:
            later: list[tuple[FieldPlan, list[Any], list[dict[str, Any]]]] = []
            for plan, objs, outs in level:
                self.start(plan, objs, outs, later)
            for plan, objs, outs in level:
                for at in range(0, len(objs), _SLICE):
                    self.fill(plan, objs[at : at + _SLICE], outs[at : at + _SLICE])
                    if len(objs) > _SLICE:
                        await asyncio.sleep(0)
            await _settle([values for _, values, _ in later])
            below: _Level = []
            for f, values, outs in later:
                key = f.key
                for out, value in zip(outs, _shape(f.shape, values, below), strict=True):  # type: ignore[arg-type]
                    out[key] = value
            level = below

    def start(
        self,
        plan: ObjectPlan,
        objs: list[Any],
        outs: list[dict[str, Any]],
        later: list[tuple[FieldPlan, list[Any], list[dict[str, Any]]]],
    ) -> None:
        """Call every resolver of the level (all objects at once: one batch per loader)."""
        for f in plan.fields:
            if f.how == RESOLVER:
                later.append((f, self._resolve(f, objs), outs))
            elif f.how == ATTRIBUTE and not isinstance(f.shape, Scalar):
                later.append((f, [getattr(obj, f.attribute) for obj in objs], outs))

    def fill(self, plan: ObjectPlan, objs: list[Any], outs: list[dict[str, Any]]) -> None:
        """Fill what the objects hold: columns, ids, type names."""
        for f in plan.fields:
            key, shape = f.key, f.shape
            if f.how == TYPENAME:
                for out in outs:
                    out[key] = f.type_name
            elif f.how == ATTRIBUTE and isinstance(shape, Scalar):
                _leaves(outs, objs, key, f.attribute, shape)
            elif f.how == NODE_ID:
                assert isinstance(shape, Scalar)
                serialize, name, attribute = shape.serialize, f.type_name, f.attribute
                for obj, out in zip(objs, outs, strict=True):
                    out[key] = serialize(GlobalID(name, str(getattr(obj, attribute))))

    def _resolve(self, f: FieldPlan, objs: list[Any]) -> list[Any]:
        """Call the field's resolver for every object, arguments coerced once."""
        field = f.strawberry_field
        assert field is not None and field.base_resolver is not None
        resolver = field.base_resolver
        info = Info(_raw_info=self.raw_info, _field=field)  # type: ignore[arg-type]
        kwargs: dict[str, Any] = {}
        if f.has_arguments:
            assert f.graphql_field is not None and f.node is not None
            raw = get_argument_values(f.graphql_field, f.node, self.raw_info.variables)
            kwargs = convert_arguments(
                raw,
                field.arguments,
                scalar_registry=self.schema.schema_converter.scalar_registry,
                config=self.schema.config,
                info=info,
            )
        if resolver.info_parameter:
            kwargs[resolver.info_parameter.name] = info
        source_names = [p.name for p in (resolver.parent_parameter, resolver.root_parameter) if p]
        takes_self = resolver.self_parameter is not None
        values = []
        for obj in objs:
            for name in source_names:
                kwargs[name] = obj
            values.append(resolver(obj, **kwargs) if takes_self else resolver(**kwargs))
        return values


def _shape(shape: Shape, values: list[Any], below: _Level) -> list[Any]:
    """The JSON values of a field for each object; objects become dicts filled one level down."""
    if isinstance(shape, Scalar):
        return [_scalar(shape, v) for v in values]
    if isinstance(shape, ListOf):
        flat: list[Any] = []
        lengths: list[int | None] = []
        for value in values:
            if value is None:
                if shape.non_null:
                    raise NotPlanned("null in a non-null list field")
                lengths.append(None)
            else:
                items = list(value)
                lengths.append(len(items))
                flat.extend(items)
        if any(inspect.isawaitable(item) for item in flat):
            raise NotPlanned("a list of awaitables")
        done = _shape(shape.of, flat, below)
        out: list[Any] = []
        start = 0
        for length in lengths:
            if length is None:
                out.append(None)
            else:
                out.append(done[start : start + length])
                start += length
        return out
    assert isinstance(shape, Object)
    present = [v for v in values if v is not None]
    if shape.non_null and len(present) != len(values):
        raise NotPlanned("null in a non-null object field")
    keys = shape.plan.keys
    outs: list[dict[str, Any]] = [dict.fromkeys(keys) for _ in present]
    if present:
        below.append((shape.plan, present, outs))
    filled = iter(outs)
    return [None if v is None else next(filled) for v in values]


def _leaves(
    outs: list[dict[str, Any]], objs: list[Any], key: str, attribute: str, shape: Scalar
) -> None:
    serialize, non_null = shape.serialize, shape.non_null
    for obj, out in zip(objs, outs, strict=True):
        value = getattr(obj, attribute)
        if value is None:
            if non_null:
                raise NotPlanned("null in a non-null field")
            out[key] = None
        else:
            out[key] = serialize(value)


def _scalar(shape: Scalar, value: Any) -> Any:
    if value is None:
        if shape.non_null:
            raise NotPlanned("null in a non-null field")
        return None
    return shape.serialize(value)


async def _settle(lists: list[list[Any]]) -> None:
    """Replace every awaitable in the lists by its result, all awaited together.

    Unfinished loads (`Pending`) are waited on through their futures, with no task of
    their own; anything else awaitable (a coroutine resolver) is gathered."""
    pending: list[tuple[list[Any], int]] = []
    waits: list[Awaitable[Any]] = []
    loads: list[tuple[list[Any], int]] = []
    futures: set[asyncio.Future[Any]] = set()
    for values in lists:
        for i, value in enumerate(values):
            if isinstance(value, Pending):
                loads.append((values, i))
                futures.add(value.future)
            elif inspect.isawaitable(value):
                pending.append((values, i))
                waits.append(value)
    if waits:
        results = await asyncio.gather(*waits, return_exceptions=True)
        for (values, i), result in zip(pending, results, strict=True):
            if isinstance(result, BaseException):
                raise result
            values[i] = result
    if futures:
        await asyncio.wait(futures)
        for values, i in loads:
            values[i] = values[i].result()


async def execute_plan(
    plan: Plan,
    strawberry_schema: Any,
    context: Any,
    variable_values: dict[str, Any] | None,
    root_value: Any,
) -> dict[str, Any]:
    """The operation's `data`; raises when graphql-core must run it instead."""
    variables = get_variable_values(
        plan.schema, plan.operation.variable_definitions or (), variable_values or {}
    )
    if not isinstance(variables, VariableValues):
        raise NotPlanned("variables graphql-core must report on")
    run = _Run(strawberry_schema, _RawInfo(context, variables, root_value))
    data: dict[str, Any] = dict.fromkeys(plan.root.keys)
    context.planned = True  # a level's loads are batched here: no loads started ahead
    try:
        await run.levels([(plan.root, [root_value], [data])])
    finally:
        context.planned = False
    return data
