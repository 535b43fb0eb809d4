"""Run a plan: one pass per level over every object of that level, values straight to JSON.

The resolvers are the same ones graphql-core calls (and a relation's load is the one its
resolver settles), so every statement, permission condition and batch is the graph's
own: what changes is the work around them. A level's objects are visited field by field
(not object by object), a resolver's arguments are coerced once per level rather than
once per object, plain columns are read and serialized in a tight loop (from the rows
themselves where a relation's rows need no object), and every awaitable of a level is
awaited together, so each DataLoader still sees all its keys at once: one statement per
relation per level, as before. Nothing the plan meets is guessed at: a null in a
non-null field, a value a scalar refuses or any exception stops the run, and
graphql-core executes the operation instead, with its errors and paths.

A big read (the lane's, `Context.parts`) goes down in parts: a level whose objects have
loads of their own is taken a part at a time, each part run to the bottom, written to
JSON (`json_pieces.Held`) and let go with the rows its loads cached, so the rows and
objects alive at once are about `parts` whatever the answer's size (staff's 80,000
collections: 269 MB above idle when it all lived until the end). A part's size
follows the objects the previous one made per object of the level: fan-outs are
only known once loaded.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable
from dataclasses import dataclass
from typing import Any

from graphql.execution.values import VariableValues, get_argument_values, get_variable_values
from strawberry.types import Info
from strawberry.types.arguments import convert_arguments

from gateway.graphql.json_pieces import Held, dumps, tight
from gateway.graphql.lookahead import Pending, Rows, RowView
from gateway.graphql.planner.compile import (
    ATTRIBUTE,
    RESOLVER,
    STARTER,
    FieldPlan,
    ListOf,
    NotPlanned,
    Object,
    ObjectPlan,
    Plan,
    Scalar,
    Shape,
)
from gateway.graphql.planner.fill import compile_fill


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


_UNJOINED = object()  # a row that does not carry a to-one relation's row
_SLICE = 500  # objects filled between two turns of the event loop
_PLAIN = {dict, list, type(None), int, str, float}  # values no resolver would await
_FIRST_PART = 64  # objects of a level in the first part (the fan-out below is unknown)
_CONVERTED = 64  # a field's converted arguments kept, by distinct values
_ABSENT = object()  # a variable the request did not give (its default applies)

# (plan, the level's items, their output dicts, whether the items are rows or objects)
_Level = list[tuple[ObjectPlan, list[Any], list[dict[str, Any]], bool]]
_Later = list[tuple[FieldPlan, list[Any], list[dict[str, Any]]]]


class _Run:
    def __init__(self, strawberry_schema: Any, raw_info: _RawInfo, parts: int = 0) -> None:
        self.schema = strawberry_schema
        self.raw_info = raw_info
        self.parts = parts  # objects alive at once in a big read; 0: all at once
        self.sizes: dict[int, int] = {}  # a part's size, learnt per (first) plan of a level

    async def levels(self, level: _Level) -> int:
        """Breadth first: start a level's resolvers, fill its leaves, await, shape, go down.

        An object's output dict is placed in its parent when the level above is shaped
        (its keys already in document order) and filled when its own level is visited,
        so no level waits for another's tasks. Leaves are filled in slices, giving the
        event loop a turn between slices: a page of thousands of objects does not hold
        up every other request, and the level's loads run meanwhile.

        Returns the objects made, all the way down (the parts below included)."""
        made = 0
        while level:
            made += _count(level)
            later: _Later = []
            for plan, items, outs, rows in level:
                self.start(plan, items, outs, rows, later)
            for plan, items, outs, rows in level:
                for at in range(0, len(items), _SLICE):
                    self.fill(plan, items[at : at + _SLICE], outs[at : at + _SLICE], rows)
                    if len(items) > _SLICE:
                        await asyncio.sleep(0)
            await _settle([values for _, values, _ in later])
            below: _Level = []
            for f, values, outs in later:
                key = f.key
                shaped = _shape(f.shape, values, below, f.how == STARTER)  # type: ignore[arg-type]
                for out, value in zip(outs, shaped, strict=True):
                    out[key] = value
            del level
            if self.parts and _in_parts(below):
                held: dict[int, Held] = {}
                for f, _, outs in later:
                    if _objects(f.shape):
                        key = f.key
                        for out in outs:
                            out[key] = _hold(out[key], held)
                del later
                return made + await self._parts(below, held)
            level = below
        return made

    async def _parts(self, level: _Level, held: dict[int, Held]) -> int:
        """Run `level` and everything below it a part at a time, each part written and
        released before the next starts (see the module's docstring); the objects made."""
        learnt = id(level[0][0])
        size, total = self.sizes.get(learnt, _FIRST_PART), 0
        entry, at = 0, 0
        while entry < len(level):
            part: _Level = []
            room = size
            while room and entry < len(level):
                plan, items, outs, rows = level[entry]
                take = min(room, len(items) - at)
                part.append((plan, items[at : at + take], outs[at : at + take], rows))
                gone: list[Any] = [None] * take  # the part holds them now
                items[at : at + take] = outs[at : at + take] = gone
                room -= take
                at += take
                if at == len(items):
                    entry, at = entry + 1, 0
            taken = size - room
            made = await self.levels(part)
            total += made
            # Written (a part below was: its bytes are copied in), each part's JSON in an
            # allocation of its own length: held until the answer goes, orjson's buffer
            # would have kept the whole answer 1.4 times over (json_pieces.tight).
            for _, _, outs, _ in part:
                for out in outs:
                    held.pop(id(out)).value = tight(dumps(out))
            del part
            self.raw_info.context.loaders.forget()
            size = self.sizes[learnt] = max(1, min(self.parts, self.parts * taken // max(made, 1)))
        return total

    def start(
        self,
        plan: ObjectPlan,
        items: list[Any],
        outs: list[dict[str, Any]],
        rows: bool,
        later: _Later,
    ) -> None:
        """Start every load of the level (all objects at once: one batch per loader)."""
        objs = views = None if rows else items
        for f in plan.fields:
            if f.how == STARTER:
                assert f.starter is not None
                starter, loaders = f.starter, self.raw_info.context.loaders
                if rows and f.slot:  # a to-one row its parent's statement joined in
                    slot = f.slot
                    values = [r.get(slot, _UNJOINED) for r in items]
                    for i, value in enumerate(values):
                        if value is _UNJOINED:
                            values[i] = _loaded(starter(loaders, RowView(items[i])))
                    later.append((f, values, outs))
                    continue
                if views is None:
                    views = [RowView(r) for r in items]
                later.append((f, [_loaded(starter(loaders, v)) for v in views], outs))
            elif f.how == RESOLVER or (f.how == ATTRIBUTE and not isinstance(f.shape, Scalar)):
                if objs is None:  # a row level with a field that needs the objects
                    assert plan.build is not None
                    objs = [plan.build(r) for r in items]
                if f.how == RESOLVER:
                    later.append((f, self._resolve(f, objs), outs))
                else:
                    later.append((f, [getattr(obj, f.attribute) for obj in objs], outs))

    def fill(
        self, plan: ObjectPlan, items: list[Any], outs: list[dict[str, Any]], rows: bool
    ) -> None:
        """Fill what the objects (or rows) hold: columns, ids, type names (planner.fill)."""
        fill = plan.fills.get(rows)
        if fill is None:
            fill = plan.fills[rows] = compile_fill(plan, rows)
        fill(items, outs)

    def _resolve(self, f: FieldPlan, objs: list[Any]) -> list[Any]:
        """Call the field's resolver for every object, arguments coerced once."""
        field = f.strawberry_field
        assert field is not None and field.base_resolver is not None
        resolver = field.base_resolver
        info = Info(_raw_info=self.raw_info, _field=field)  # type: ignore[arg-type]
        kwargs: dict[str, Any] = {}
        if f.has_arguments:
            assert f.graphql_field is not None and f.node is not None
            given = self.raw_info.variables.coerced
            key = _frozen([given.get(name, _ABSENT) for name in f.variables])
            converted = f.converted.get(key) if key is not None else None
            if converted is None:
                raw = get_argument_values(f.graphql_field, f.node, self.raw_info.variables)
                converted = convert_arguments(
                    raw,
                    field.arguments,
                    scalar_registry=self.schema.schema_converter.scalar_registry,
                    config=self.schema.config,
                    info=info,
                )
                if key is not None:
                    if len(f.converted) >= _CONVERTED:
                        f.converted.clear()
                    f.converted[key] = converted
            kwargs = dict(converted)
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


def _shape(shape: Shape, values: list[Any], below: _Level, rows: bool = False) -> list[Any]:
    """The JSON values of a field for each object; objects become dicts filled one level down.

    `rows`: the values are a relation's loaded rows (dicts, or lists of them), not objects."""
    if isinstance(shape, Scalar):
        return [_scalar(shape, v) for v in values]
    if isinstance(shape, ListOf):
        flat: list[Any] = []
        lengths: list[int | None] = []
        given = 0  # lists of rows a resolver gave as rows (`Rows`)
        for value in values:
            if value is None:
                if shape.non_null:
                    raise NotPlanned("null in a non-null list field")
                lengths.append(None)
            else:
                if rows and not isinstance(value, list):
                    raise NotPlanned("a relation's load gave no list")
                given += type(value) is Rows
                items = list(value)
                lengths.append(len(items))
                flat.extend(items)
        if given:
            if given != len(lengths) - lengths.count(None):
                raise NotPlanned("rows and objects in one list field")
            rows = True
        if not rows and any(inspect.isawaitable(item) for item in flat):
            raise NotPlanned("a list of awaitables")
        done = _shape(shape.of, flat, below, rows)
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
    plan = shape.plan
    if rows:
        if not all(isinstance(v, dict) for v in present):
            raise NotPlanned("a relation's load gave no row")
        if not plan.from_rows:
            assert plan.build is not None
            present, rows = [plan.build(v) for v in present], False
    blank = plan.blank
    outs: list[dict[str, Any]] = [blank.copy() for _ in present]
    if present:
        below.append((plan, present, outs, rows))
    filled = iter(outs)
    return [None if v is None else next(filled) for v in values]


def _frozen(value: Any) -> Any:
    """Variables' coerced values as a key (dicts and lists as tagged tuples, each scalar
    with its type), or None where a value is not hashable. A field's arguments are then
    coerced and converted to Python objects (graphql-core's and strawberry's work, 120 µs
    for a page's two fields) once per distinct value and shared: resolvers read their
    arguments, they never change them."""
    if type(value) is dict:
        items = tuple((k, _frozen(v)) for k, v in value.items())
        return None if any(v is None for _, v in items) else ("dict", items)
    if type(value) is list:
        frozen = tuple(map(_frozen, value))
        return None if any(v is None for v in frozen) else ("list", frozen)
    try:
        hash(value)
    except TypeError:
        return None
    return (type(value), value)


def _count(level: _Level) -> int:
    return sum(len(items) for _, items, _, _ in level)


def _in_parts(level: _Level) -> bool:
    """Whether a level goes in parts: more objects than a first part, with relations
    of their own to load (a level without any holds only what its parent's loads
    brought; a resolver of a scalar brings nothing below)."""
    return _count(level) > _FIRST_PART and any(
        f.how in (STARTER, RESOLVER) and _objects(f.shape)
        for plan, _, _, _ in level
        for f in plan.fields
    )


def _objects(shape: Shape | None) -> bool:
    """Whether a field's values are objects (or lists of them), placed as output dicts."""
    while isinstance(shape, ListOf):
        shape = shape.of
    return isinstance(shape, Object)


def _hold(value: Any, held: dict[int, Held]) -> Any:
    """`value` with each output dict in it replaced by a `Held` standing for it."""
    if type(value) is dict:
        stand_in = held[id(value)] = Held(value)
        return stand_in
    if type(value) is list:
        for i, item in enumerate(value):
            value[i] = _hold(item, held)
    return value


def _loaded(future: Any) -> Any:
    """A relation's load as the resolver would settle it: the rows if done, else the future."""
    if future is None or not future.done():
        return future
    return future.result()


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
            elif isinstance(value, asyncio.Future):  # a relation's load (STARTER)
                loads.append((values, i))
                futures.add(value)
            elif type(value) not in _PLAIN and inspect.isawaitable(value):
                pending.append((values, i))
                waits.append(value)
    if waits:
        results = await asyncio.gather(*waits, return_exceptions=True)
        for (values, i), result in zip(pending, results, strict=True):
            if isinstance(result, BaseException):
                raise result
            values[i] = result
    if futures:
        # One wait per unfinished future, in turn: a batch's futures finish together, so
        # after the first of a batch the rest are done and cost no callback (asyncio.wait
        # would put one on each of them: hundreds per page).
        for future in futures:
            if not future.done():
                await asyncio.wait((future,))
        for values, i in loads:
            values[i] = values[i].result()  # a Pending converts its rows, a Future gives them


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
    run = _Run(strawberry_schema, _RawInfo(context, variables, root_value), context.parts)
    data: dict[str, Any] = dict.fromkeys(plan.root.keys)
    context.planned = True  # a level's loads are batched here: no loads started ahead
    try:
        await run.levels([(plan.root, [root_value], [data], False)])
    finally:
        context.planned = False
    return data
