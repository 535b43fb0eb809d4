"""A query that selects every field the graph reaches from a root, generated from the schema.

Hand-written query sets go stale as types grow; this one follows the schema: every
scalar field of every type reachable from the root field, and every relation once
per path (a type is not entered again below itself), connections with `first: 3`.
Job fields are left out: they read the job store, not ISPyB.
"""

from __future__ import annotations

from collections.abc import Callable

from graphql import (
    GraphQLField,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    get_named_type,
    is_leaf_type,
)

SKIP_TYPES = ("Job", "ViewerInfo")


def _required_args(field: GraphQLField) -> bool:
    return any(
        isinstance(arg.type, GraphQLNonNull) and arg.default_value is None
        for arg in field.args.values()
    )


def _selection(
    type_: GraphQLObjectType, path: tuple[str, ...], depth: int, skip: tuple[str, ...]
) -> str:
    parts: list[str] = []
    for name, field in type_.fields.items():
        named = get_named_type(field.type)
        if is_leaf_type(named):
            if not _required_args(field):
                parts.append(name)
            continue
        if _required_args(field) or not isinstance(named, GraphQLObjectType):
            continue
        if named.name.startswith(skip):
            continue
        inner = _inner(named, field, path, depth, skip)
        if inner:
            parts.append(inner(name))
    return " ".join(parts)


def _inner(
    named: GraphQLObjectType,
    field: GraphQLField,
    path: tuple[str, ...],
    depth: int,
    skip: tuple[str, ...],
) -> Callable[[str], str] | None:
    """How to select `field` (given its name and arguments), or None where the walk stops."""
    if named.name.endswith("Connection"):
        node = get_named_type(named.fields["edges"].type).fields["node"].type  # type: ignore[attr-defined]
        node_type = get_named_type(node)
        if node_type.name in path or depth <= 0 or node_type.name.startswith(skip):
            return None
        body = _selection(node_type, (*path, node_type.name), depth - 1, skip)
        args = "(first: 3)" if "first" in field.args else ""
        return lambda n: f"{n}{args} {{ totalCount edges {{ cursor node {{ {body} }} }} }}"
    if named.name in path or depth <= 0:
        return None
    body = _selection(named, (*path, named.name), depth - 1, skip)
    if not body:
        return None
    return lambda n: f"{n} {{ {body} }}"


def every_field(schema: GraphQLSchema, root: str, args: str, depth: int = 6) -> str:
    """`{ root(args) { ...every reachable field... } }` as a document."""
    query = schema.query_type
    assert query is not None
    field = query.fields[root]
    named = get_named_type(field.type)
    assert isinstance(named, GraphQLObjectType)
    inner = _inner(named, field, (), depth, SKIP_TYPES)
    assert inner is not None
    return "{ " + inner(f"{root}{args}" if args else root) + " }"
