"""Which fields a document selects on each type, so SQL reads only the columns asked for.

A hand-written page query names its columns; `SELECT *` of a 100-column
DataCollection row costs the server, the wire and the pure-Python driver for
values nobody asked for. Before execution this extension walks the document
once (with graphql-core's TypeInfo, so fragments and inline fragments count)
and hands the loaders, per GraphQL type, the names of the fields selected
anywhere in it. The walk is cached per query text and schema.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from graphql import (
    DocumentNode,
    FieldNode,
    GraphQLSchema,
    TypeInfo,
    TypeInfoVisitor,
    Visitor,
    visit,
)
from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

from gateway.graphql.context import Context
from gateway.graphql.lru import LRU

Selection = Mapping[str, frozenset[str]]
_cache: LRU[Selection] = LRU(256)


def selected_by_type(schema: GraphQLSchema, document: DocumentNode) -> Selection:
    """GraphQL type name -> names of the fields the document selects on it."""
    type_info = TypeInfo(schema)
    found: dict[str, set[str]] = {}

    class Fields(Visitor):
        def enter_field(self, node: FieldNode, *_: object) -> None:
            parent = type_info.get_parent_type()
            if parent is not None:
                found.setdefault(parent.name, set()).add(node.name.value)

    visit(document, TypeInfoVisitor(type_info, Fields()))
    return {name: frozenset(fields) for name, fields in found.items()}


def cached_selection(schema: GraphQLSchema, query: str, document: DocumentNode) -> Selection:
    """`selected_by_type`, once per query text."""
    return _cache.get((id(schema), query), lambda: selected_by_type(schema, document))


class SelectedColumns(SchemaExtension):
    def on_execute(self) -> Iterator[None]:
        ec = self.execution_context
        context = ec.context
        if isinstance(context, Context) and ec.graphql_document is not None:
            selection = None
            if ec.operation_type is not OperationType.SUBSCRIPTION and ec.query:
                selection = cached_selection(ec.schema._schema, ec.query, ec.graphql_document)
            context.loaders.use_selection(selection)
        yield
