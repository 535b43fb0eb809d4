"""Before anything executes: how many objects a query can return, refused over the budget.

Depth, token and alias limits bound a document's *text*; they do not bound its
*work*: `first: 500` nested four deep asks for 500⁴ rows in a 200-byte query. The
estimate multiplies down the selection tree what each field can return at most:

* a connection's `edges`/`nodes`: its `first`/`last` (a literal or the request's
  variable; the default page size when absent), capped by the largest page;
* any other list: its bound in `LIST_BOUNDS` where one is known, introspection lists
  their real sizes (averaged over the schema, so `types * fields` is the real total),
  `GATEWAY_QUERY_COST_LIST_SIZE` otherwise;
* a single object: one.

Every object counts (aliases each count; a fragment counts where it is spread), leaves
are free. The walk is linear in the document: fragment costs are memoised per
(fragment, type, page). A query whose estimate exceeds `GATEWAY_MAX_QUERY_COST` gets
one `QUERY_TOO_COSTLY` error naming both numbers, and nothing runs.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    DocumentNode,
    ExecutionResult,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLEnumType,
    GraphQLError,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLType,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    is_abstract_type,
    is_leaf_type,
)
from graphql.type.introspection import SchemaMetaFieldDef, TypeMetaFieldDef
from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

from gateway.graphql.pagination import DEFAULT_PAGE_SIZE
from gateway.settings import Settings

CompositeType = GraphQLObjectType | GraphQLInterfaceType

# Lists whose size a site's data bounds more tightly than the default, by "Type.field".
LIST_BOUNDS: Mapping[str, int] = {
    "Query.jobTypes": 50,
    "DataCollection.processingStatusCounts": 5,
}


@dataclass
class Budget:
    limit: int
    max_page_size: int
    list_size: int
    bounds: Mapping[str, int] = field(default_factory=lambda: dict(LIST_BOUNDS))
    _by_schema: dict[int, Mapping[str, int]] = field(default_factory=dict, repr=False)

    @classmethod
    def from_settings(cls, settings: Settings) -> Budget:
        return cls(
            limit=settings.max_query_cost,
            max_page_size=settings.max_page_size,
            list_size=settings.query_cost_list_size,
        )

    def bounds_for(self, schema: GraphQLSchema) -> Mapping[str, int]:
        """The declared bounds plus this schema's introspection sizes (computed once)."""
        found = self._by_schema.get(id(schema))
        if found is None:
            found = self._by_schema[id(schema)] = {**introspection_bounds(schema), **self.bounds}
        return found


def introspection_bounds(schema: GraphQLSchema) -> dict[str, int]:
    """The real sizes of the introspection lists of this schema (averages where they nest)."""
    types = list(schema.type_map.values())

    def average(sizes: list[int]) -> int:
        return max(1, math.ceil(sum(sizes) / len(sizes))) if sizes else 1

    fielded = [t for t in types if isinstance(t, GraphQLObjectType | GraphQLInterfaceType)]
    all_fields = [f for t in fielded for f in t.fields.values()]

    def per_type(size: Callable[[GraphQLNamedType], int]) -> int:
        # Over every type: `types` lists them all, so types x average is the real total.
        return average([size(t) for t in types])

    return {
        "__Schema.types": len(types),
        "__Schema.directives": len(schema.directives),
        "__Type.fields": per_type(lambda t: len(t.fields) if t in fielded else 0),
        "__Type.interfaces": per_type(lambda t: len(getattr(t, "interfaces", ()))),
        "__Type.possibleTypes": per_type(
            lambda t: len(schema.get_possible_types(t)) if is_abstract_type(t) else 0
        ),
        "__Type.enumValues": per_type(
            lambda t: len(t.values) if isinstance(t, GraphQLEnumType) else 0
        ),
        "__Type.inputFields": per_type(
            lambda t: len(t.fields) if isinstance(t, GraphQLInputObjectType) else 0
        ),
        "__Field.args": average([len(f.args) for f in all_fields]),
        "__Directive.args": average([len(d.args) for d in schema.directives]),
    }


def _is_list(type_: GraphQLType) -> bool:
    if isinstance(type_, GraphQLNonNull):
        type_ = type_.of_type
    return isinstance(type_, GraphQLList)


def _is_connection(type_: GraphQLType) -> bool:
    named = get_named_type(type_)
    return (
        isinstance(named, GraphQLObjectType)
        and "edges" in named.fields
        and ("pageInfo" in named.fields)
    )


class _Walk:
    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: Mapping[str, Any],
        budget: Budget,
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables
        self.budget = budget
        self.memo: dict[tuple[str, str, int | None], int] = {}
        self.bounds = budget.bounds_for(schema)

    def _field(self, parent: CompositeType, name: str) -> GraphQLField | None:
        if name == "__schema" and parent is self.schema.query_type:
            return SchemaMetaFieldDef
        if name == "__type" and parent is self.schema.query_type:
            return TypeMetaFieldDef
        found: GraphQLField | None = parent.fields.get(name)
        return found

    def _page(self, node: FieldNode, definition: GraphQLField) -> int:
        """The most nodes a connection field can return for these arguments."""
        sizes: list[int] = []
        for argument in node.arguments or ():
            if argument.name.value not in ("first", "last"):
                continue
            value: Any = None
            if isinstance(argument.value, IntValueNode):
                value = int(argument.value.value)
            elif isinstance(argument.value, VariableNode):
                value = self.variables.get(argument.value.name.value)
            if isinstance(value, int) and not isinstance(value, bool):
                sizes.append(max(0, value))
        if not sizes:
            default = definition.args.get("first")
            fallback = default.default_value if default is not None else None
            sizes.append(fallback if isinstance(fallback, int) else DEFAULT_PAGE_SIZE)
        return min(max(sizes), self.budget.max_page_size)

    def _list_size(self, parent: CompositeType, name: str, page: int | None) -> int:
        if page is not None and name in ("edges", "nodes"):
            return page
        key = f"{parent.name}.{name}"
        return self.bounds.get(key, self.budget.list_size)

    def cost(self, selections: SelectionSetNode, parent: CompositeType, page: int | None) -> int:
        total = 0
        for selection in selections.selections:
            if isinstance(selection, FieldNode):
                total += self._field_cost(selection, parent, page)
            elif isinstance(selection, InlineFragmentNode):
                target = self._condition(selection.type_condition, parent)
                total += self.cost(selection.selection_set, target, page)
            elif isinstance(selection, FragmentSpreadNode):
                total += self._spread_cost(selection.name.value, parent, page)
        return total

    def _condition(self, condition: Any, parent: CompositeType) -> CompositeType:
        if condition is None:
            return parent
        named = self.schema.get_type(condition.name.value)
        return named if isinstance(named, GraphQLObjectType | GraphQLInterfaceType) else parent

    def _spread_cost(self, name: str, parent: CompositeType, page: int | None) -> int:
        key = (name, parent.name, page)
        if key not in self.memo:
            self.memo[key] = 0  # a cycle (refused by validation already) adds nothing
            fragment = self.fragments.get(name)
            if fragment is not None:
                target = self._condition(fragment.type_condition, parent)
                self.memo[key] = self.cost(fragment.selection_set, target, page)
        return self.memo[key]

    def _field_cost(self, node: FieldNode, parent: CompositeType, page: int | None) -> int:
        definition = self._field(parent, node.name.value)
        if definition is None or node.selection_set is None:
            return 0
        named = get_named_type(definition.type)
        if is_leaf_type(named) or not isinstance(named, GraphQLObjectType | GraphQLInterfaceType):
            return 0
        count = self._list_size(parent, node.name.value, page) if _is_list(definition.type) else 1
        inner_page = self._page(node, definition) if _is_connection(definition.type) else None
        return count * (1 + self.cost(node.selection_set, named, inner_page))


def estimate(
    schema: GraphQLSchema,
    operation: OperationDefinitionNode,
    fragments: Mapping[str, FragmentDefinitionNode],
    variables: Mapping[str, Any],
    budget: Budget,
) -> int:
    """Objects the operation can return at most, by the rules above."""
    root = schema.get_root_type(operation.operation)
    if root is None:
        return 0
    return _Walk(schema, fragments, variables, budget).cost(operation.selection_set, root, None)


def _operation(document: Any, name: str | None) -> OperationDefinitionNode | None:
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if name is None:
        return operations[0] if len(operations) == 1 else None
    return next((o for o in operations if o.name and o.name.value == name), None)


def document_cost(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None,
    variables: Mapping[str, Any],
    budget: Budget,
) -> tuple[OperationType, int] | None:
    """The named operation's type and estimate; None when the document does not name one."""
    operation = _operation(document, operation_name)
    if operation is None:
        return None
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    kind = OperationType(operation.operation.value)
    return kind, estimate(schema, operation, fragments, variables, budget)


class QueryCost(SchemaExtension):
    """Refuses, before execution, an operation whose estimate is over the budget."""

    def __init__(self, *, budget: Budget) -> None:
        self.budget = budget

    def on_execute(self) -> Iterator[None]:
        ec = self.execution_context
        document = ec.graphql_document
        if document is not None and ec.operation_type is not OperationType.SUBSCRIPTION:
            cost = document_cost(
                ec.schema._schema, document, ec.operation_name, ec.variables or {}, self.budget
            )
            if cost is not None and cost[1] > self.budget.limit:
                found = cost[1]
                ec.result = ExecutionResult(
                    data=None,
                    errors=[
                        GraphQLError(
                            f"this query could return about {found:,} objects; the limit "
                            f"is {self.budget.limit:,} (ask for smaller pages or fewer "
                            "nested lists)",
                            extensions={
                                "code": "QUERY_TOO_COSTLY",
                                "cost": found,
                                "limit": self.budget.limit,
                            },
                        )
                    ],
                )
        yield
