"""A plan's leaves, written as one generated Python loop per object type.

Filling a level field by field costs, per value, a trip through a generic loop and a
call of the scalar's serializer; for the ints, floats and strings columns hold, the
serializer only checks the value's type. The fill of an `ObjectPlan` is therefore
generated once, when the plan is compiled: one loop over the level's objects that
reads every column (or attribute) the document selects and writes it to the output
dict, with the built-in scalars' checks inlined and any other serializer called as
before. The result is the same values, and the same `NotPlanned` for a null in a
non-null field (graphql-core then answers with its error), at a third of the cost
(docs/performance.md).

Only names and literals from the plan reach the source, each as `repr`, so a column
or response key cannot inject code; an attribute that is not an identifier is read
with `getattr`.
"""

from __future__ import annotations

from collections.abc import Callable
from keyword import iskeyword
from math import isfinite
from typing import Any

from strawberry.relay import GlobalID

from gateway.graphql.planner.compile import (
    ATTRIBUTE,
    INT_MAX,
    INT_MIN,
    NODE_ID,
    TYPENAME,
    NotPlanned,
    ObjectPlan,
    Scalar,
    float_value,
    int_value,
    string_value,
)

Fill = Callable[[list[Any], list[dict[str, Any]]], None]


def compile_fill(plan: ObjectPlan, rows: bool) -> Fill:
    """The fill of `plan`'s leaves from rows (dicts by column) or from objects."""
    namespace: dict[str, Any] = {
        "NotPlanned": NotPlanned,
        "GlobalID": GlobalID,
        "isfinite": isfinite,
    }
    names: dict[int, str] = {}  # a serializer's name in the namespace, by id

    def name(serialize: Callable[[Any], Any]) -> str:
        if id(serialize) not in names:
            names[id(serialize)] = f"s{len(names)}"
            namespace[names[id(serialize)]] = serialize
        return names[id(serialize)]

    body: list[str] = []
    for f in plan.fields:
        key = repr(f.key)
        if f.how == TYPENAME:
            body.append(f"o[{key}] = {f.type_name!r}")
        elif f.how == ATTRIBUTE and isinstance(f.shape, Scalar):
            body.append(f"v = {_read(f.column if rows else f.attribute, rows)}")
            body.extend(_write(key, f.shape, name(f.shape.serialize)))
        elif f.how == NODE_ID and isinstance(f.shape, Scalar):
            value = _read(f.column if rows else f.attribute, rows)
            body.append(
                f"o[{key}] = {name(f.shape.serialize)}(GlobalID({f.type_name!r}, str({value})))"
            )
    if not body:
        return _nothing
    arguments = ", ".join(f"{n}={n}" for n in namespace)
    source = "\n".join(
        [
            f"def fill(items, outs, {arguments}):",
            "    for r, o in zip(items, outs):",
            *(f"        {line}" for line in body),
        ]
    )
    exec(compile(source, f"<fill {plan.type_name}>", "exec"), namespace)
    fill: Fill = namespace["fill"]
    return fill


def _nothing(items: list[Any], outs: list[dict[str, Any]]) -> None:
    return None


def _read(name: str, rows: bool) -> str:
    if rows:
        return f"r[{name!r}]"
    plain = name.isidentifier() and not iskeyword(name)
    return f"r.{name}" if plain else f"getattr(r, {name!r})"


def _write(key: str, shape: Scalar, serialize: str) -> list[str]:
    """Statements writing `v` under `key`: the value a built-in scalar's serializer would
    give when the type is already right (else the serializer, with its error)."""
    if shape.serialize is int_value:
        fast = f"v if type(v) is int and {INT_MIN} <= v <= {INT_MAX} else {serialize}(v)"
    elif shape.serialize is float_value:
        fast = f"v if type(v) is float and isfinite(v) else {serialize}(v)"
    elif shape.serialize is string_value:
        fast = f"v if type(v) is str else {serialize}(v)"
    else:
        fast = f"{serialize}(v)"
    if shape.non_null:
        return ["if v is None: raise NotPlanned('null in a non-null field')", f"o[{key}] = {fast}"]
    return [f"o[{key}] = None if v is None else {fast}"]
