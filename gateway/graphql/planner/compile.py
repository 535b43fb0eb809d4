"""Compile an operation once into a plan: per object type, what each response key needs.

graphql-core decides, for every field of every object of every request, which
resolver to call, how to coerce its arguments and how to complete its value by
walking the type; that walk is most of a read's time. The decisions depend only
on the document and the schema, so they are made here once per (schema,
document, operation) and cached: each field becomes a `FieldPlan` naming the
attribute to read or the resolver to call, and a `Shape` saying how to turn the
value into JSON (a scalar's serializer, a list, an object with its own plan).

A relation registered with its load (`lookahead.starts`, `child=`) whose child type
is made of columns becomes a STARTER: the run calls the load itself and keeps the
child's rows as they came, reading leaves by column, with no object built and no
resolver called per row (the resolver would only wrap the same rows in objects).

What the plan does not cover, it refuses at compile time (`None`) and
graphql-core runs the operation as before: @skip/@include and other field
directives, abstract types (`node(id:)`), fields with strawberry extensions or
permission classes, subscriptions and mutations.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from math import isfinite
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLEnumType,
    GraphQLField,
    GraphQLFloat,
    GraphQLInt,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLScalarType,
    GraphQLSchema,
    GraphQLString,
    InlineFragmentNode,
    ListValueNode,
    ObjectValueNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    ValueNode,
    VariableNode,
)
from strawberry import relay
from strawberry.types.base import StrawberryObjectDefinition
from strawberry.types.field import StrawberryField

from gateway.graphql.joins import TO_ONE
from gateway.graphql.lookahead import STARTERS, Starter
from gateway.graphql.lru import LRU
from gateway.graphql.node import IspybNode

_BACKREF = "strawberry-definition"
log = logging.getLogger("gateway.planner")


class NotPlanned(Exception):
    """The operation uses something the planner does not cover: graphql-core runs it."""


@dataclass(frozen=True)
class Scalar:
    serialize: Callable[[Any], Any]
    non_null: bool


@dataclass(frozen=True)
class ListOf:
    of: Shape
    non_null: bool


@dataclass
class ObjectPlan:
    """The response keys of one object type, in the order the document asks for them."""

    type_name: str
    fields: list[FieldPlan] = field(default_factory=list)
    keys: tuple[str, ...] = ()  # the response keys in order: each output dict starts with them
    # Rows of this type can be shaped as they are (every field reads a column, the key or
    # a relation's load); `build` makes the object a resolver would get otherwise.
    from_rows: bool = False
    build: Callable[[Any], Any] | None = None
    blank: dict[str, None] = field(default_factory=dict)  # `keys` with no values: copied
    # Generated fills of the leaves (planner.fill), from rows (True) or objects, on first use
    fills: dict[bool, Callable[[list[Any], list[dict[str, Any]]], None]] = field(
        default_factory=dict
    )


@dataclass(frozen=True)
class Object:
    plan: ObjectPlan
    non_null: bool


Shape = Scalar | ListOf | Object

# How a field gets its value from the object it belongs to.
TYPENAME, ATTRIBUTE, NODE_ID, RESOLVER, STARTER = range(5)


@dataclass(frozen=True)
class FieldPlan:
    key: str  # the response key (alias or name)
    how: int
    shape: Shape | None  # None: __typename
    attribute: str = ""  # ATTRIBUTE: the Python attribute; NODE_ID: the key's attribute
    type_name: str = ""  # __typename, and NODE_ID's type
    strawberry_field: StrawberryField | None = None  # RESOLVER
    graphql_field: GraphQLField | None = None
    node: FieldNode | None = None  # RESOLVER: where its arguments are written
    has_arguments: bool = False
    column: str = ""  # ATTRIBUTE and NODE_ID: the row's key holding the value
    starter: Starter | None = None  # STARTER: the load behind the relation
    slot: str = ""  # STARTER of a to-one relation: where a row may carry it (joins.ToOne)
    variables: tuple[str, ...] = ()  # RESOLVER: the variables its arguments name
    # RESOLVER with arguments: its converted arguments by those variables' values (run.py)
    converted: dict[Any, dict[str, Any]] = field(
        default_factory=dict, compare=False, hash=False, repr=False
    )


@dataclass(frozen=True)
class Plan:
    root: ObjectPlan
    schema: GraphQLSchema
    operation: OperationDefinitionNode  # its variable definitions coerce each request's values


def compile_plan(
    schema: GraphQLSchema, document: DocumentNode, operation_name: str | None
) -> Plan | None:
    """The plan of the document's query operation, or None where graphql-core must run it."""
    operation = _operation(document, operation_name)
    if operation is None or operation.operation is not OperationType.QUERY:
        return None
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    root = schema.query_type
    if root is None:
        return None
    try:
        plan = _object_plan(schema, fragments, root, [operation.selection_set])
        return Plan(plan, schema, operation)
    except NotPlanned as reason:
        log.debug("left to graphql-core: %s", reason)
        return None


def _operation(document: DocumentNode, name: str | None) -> OperationDefinitionNode | None:
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if name is None:
        return operations[0] if len(operations) == 1 else None
    return next((o for o in operations if o.name and o.name.value == name), None)


def _object_plan(
    schema: GraphQLSchema,
    fragments: dict[str, FragmentDefinitionNode],
    type_: GraphQLObjectType,
    selection_sets: Sequence[SelectionSetNode],
) -> ObjectPlan:
    plan = ObjectPlan(type_.name)
    definition = _strawberry_type(type_)
    origin = definition.origin if definition is not None else None
    columns: dict[str, str] = getattr(origin, "__ispyb_columns__", {})
    for key, nodes in _collect(schema, fragments, type_, selection_sets).items():
        name = nodes[0].name.value
        if name == "__typename":
            plan.fields.append(FieldPlan(key, TYPENAME, None, type_name=type_.name))
            continue
        if name.startswith("__"):
            raise NotPlanned(name)  # introspection
        graphql_field = type_.fields[name]
        strawberry_field = graphql_field.extensions.get(_BACKREF)
        if not isinstance(strawberry_field, StrawberryField) or strawberry_field.extensions:
            raise NotPlanned(f"{type_.name}.{name}")
        subsets = [n.selection_set for n in nodes if n.selection_set is not None]
        shape = _shape(schema, fragments, graphql_field.type, subsets)
        custom = not getattr(graphql_field.resolve, "_is_default", False)
        if strawberry_field.base_resolver is None and graphql_field.resolve is not None and custom:
            raise NotPlanned(f"{type_.name}.{name}")
        start = STARTERS.get(type_.name, {}).get(name)
        if strawberry_field.base_resolver is None:
            column = columns.get(name, "")  # the row's key for this field, if it is a column
            plan.fields.append(
                FieldPlan(
                    key, ATTRIBUTE, shape, attribute=strawberry_field.python_name, column=column
                )
            )
        elif name == "id" and _node_id_attribute(definition) is not None:
            attribute = _node_id_attribute(definition)
            node_key = getattr(origin, "__key__", None)
            plan.fields.append(
                FieldPlan(
                    key,
                    NODE_ID,
                    shape,
                    attribute=attribute or "",
                    type_name=type_.name,
                    column=node_key.key if node_key is not None else "",
                )
            )
        elif start is not None and not graphql_field.args and _loads(shape, start.child):
            to_one = TO_ONE.get(type_.name, {}).get(name)
            slot = to_one.slot if to_one is not None else ""
            plan.fields.append(FieldPlan(key, STARTER, shape, starter=start.load, slot=slot))
        else:
            plan.fields.append(
                FieldPlan(
                    key,
                    RESOLVER,
                    shape,
                    strawberry_field=strawberry_field,
                    graphql_field=graphql_field,
                    node=nodes[0],
                    has_arguments=bool(graphql_field.args),
                    variables=_variables(nodes[0]),
                )
            )
    plan.keys = tuple(f.key for f in plan.fields)
    plan.blank = dict.fromkeys(plan.keys)
    if isinstance(origin, type) and issubclass(origin, IspybNode) and columns:
        plan.build = origin.from_row
        plan.from_rows = _reads_rows(origin) and all(_row_field(f) for f in plan.fields)
    return plan


def _variables(node: FieldNode) -> tuple[str, ...]:
    """The variables a field's arguments name: its arguments are a function of their
    values alone (the rest is written in the document)."""
    found: list[str] = []

    def walk(value: ValueNode) -> None:
        if isinstance(value, VariableNode):
            found.append(value.name.value)
        elif isinstance(value, ListValueNode):
            for item in value.values:
                walk(item)
        elif isinstance(value, ObjectValueNode):
            for object_field in value.fields:
                walk(object_field.value)

    for argument in node.arguments or ():
        walk(argument.value)
    return tuple(dict.fromkeys(found))


def _loads(shape: Shape, child: str | None) -> bool:
    """The relation's load gives rows of `child`, and its objects are made from rows."""
    if isinstance(shape, ListOf):
        shape = shape.of
    return isinstance(shape, Object) and shape.plan.type_name == child and bool(shape.plan.build)


def _reads_rows(origin: type[IspybNode]) -> bool:
    """Objects of the type are its row's columns and its key, nothing made up: so the row
    itself can stand for the object."""
    return getattr(origin.from_row, "__func__", None) is IspybNode.from_row.__func__  # type: ignore[attr-defined]


def _row_field(f: FieldPlan) -> bool:
    if f.how == ATTRIBUTE:
        return bool(f.column) and isinstance(f.shape, Scalar)
    if f.how == NODE_ID:
        return bool(f.column)
    return f.how in (TYPENAME, STARTER)


def _strawberry_type(type_: GraphQLObjectType) -> StrawberryObjectDefinition | None:
    definition = type_.extensions.get(_BACKREF)
    return definition if isinstance(definition, StrawberryObjectDefinition) else None


def _node_id_attribute(definition: StrawberryObjectDefinition | None) -> str | None:
    """The attribute a Relay node's global id is built from, when strawberry's defaults apply."""
    origin = definition.origin if definition is not None else None
    if not (isinstance(origin, type) and issubclass(origin, relay.Node)):
        return None
    if origin.resolve_id.__func__ is not relay.Node.resolve_id.__func__:  # type: ignore[attr-defined]
        return None
    if origin.resolve_typename.__func__ is not relay.Node.resolve_typename.__func__:  # type: ignore[attr-defined]
        return None
    return origin.resolve_id_attr()


def _shape(
    schema: GraphQLSchema,
    fragments: dict[str, FragmentDefinitionNode],
    type_: GraphQLOutputType,
    subsets: list[SelectionSetNode],
) -> Shape:
    non_null = isinstance(type_, GraphQLNonNull)
    named = type_.of_type if isinstance(type_, GraphQLNonNull) else type_
    if isinstance(named, GraphQLList):
        return ListOf(_shape(schema, fragments, named.of_type, subsets), non_null)
    if isinstance(named, GraphQLScalarType | GraphQLEnumType):
        return Scalar(_FAST.get(named.name, named.serialize), non_null)
    if isinstance(named, GraphQLObjectType):
        return Object(_object_plan(schema, fragments, named, subsets), non_null)
    raise NotPlanned(str(named))  # interfaces and unions: the runtime type decides


INT_MIN, INT_MAX = -(2**31), 2**31 - 1


def int_value(value: Any) -> Any:
    if type(value) is int and INT_MIN <= value <= INT_MAX:
        return value
    return GraphQLInt.serialize(value)  # other types, and the error for too large a value


def float_value(value: Any) -> Any:
    return value if type(value) is float and isfinite(value) else GraphQLFloat.serialize(value)


def string_value(value: Any) -> Any:
    return value if type(value) is str else GraphQLString.serialize(value)


# graphql-core's serializers for the built-in scalars, where the value is already what they
# would return (a column's int, float or str): the same answer, without their coercions.
_FAST: dict[str, Callable[[Any], Any]] = {
    "Int": int_value,
    "Float": float_value,
    "String": string_value,
}


def _collect(
    schema: GraphQLSchema,
    fragments: dict[str, FragmentDefinitionNode],
    type_: GraphQLObjectType,
    selection_sets: Sequence[SelectionSetNode],
) -> OrderedDict[str, list[FieldNode]]:
    """Response key -> its field nodes, fragments applied, in document order (as graphql-core)."""
    found: OrderedDict[str, list[FieldNode]] = OrderedDict()
    seen: set[str] = set()

    def walk(selection_set: SelectionSetNode) -> None:
        for selection in selection_set.selections:
            if selection.directives:
                raise NotPlanned("directives")  # @skip/@include depend on variables
            if isinstance(selection, FieldNode):
                key = selection.alias.value if selection.alias else selection.name.value
                found.setdefault(key, []).append(selection)
            elif isinstance(selection, InlineFragmentNode):
                if _applies(schema, selection.type_condition, type_):
                    walk(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = fragments.get(name)
                if fragment is None or name in seen:
                    continue
                seen.add(name)
                if fragment.directives:
                    raise NotPlanned("directives")
                if _applies(schema, fragment.type_condition, type_):
                    walk(fragment.selection_set)

    for selection_set in selection_sets:
        walk(selection_set)
    return found


def _applies(schema: GraphQLSchema, condition: Any, type_: GraphQLObjectType) -> bool:
    if condition is None:
        return True
    conditional = schema.get_type(condition.name.value)
    if conditional is type_:
        return True
    if conditional is None or isinstance(conditional, GraphQLObjectType):
        return False
    return schema.is_sub_type(conditional, type_)  # type: ignore[arg-type]


_cache: LRU[Plan | None] = LRU(256)


def cached_plan(
    schema: GraphQLSchema, query: str, document: DocumentNode, operation_name: str | None
) -> Plan | None:
    """The plan for this query text (compiled on first use; the least recently used go)."""
    key = (id(schema), query, operation_name)
    return _cache.get(key, lambda: compile_plan(schema, document, operation_name))
