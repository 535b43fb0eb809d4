"""The short path for plain leaves answers exactly what graphql-core's full path does."""

from __future__ import annotations

import enum
from typing import Any

import pytest
import strawberry

from gateway.graphql.execution import GatewayExecutionContext


@strawberry.enum
class Color(enum.Enum):
    RED = "red"


@strawberry.type
class Item:
    name: str
    count: int | None
    color: Color | None
    broken: int  # filled with a value Int refuses
    missing: str  # filled with None


@strawberry.type
class Query:
    @strawberry.field
    def items(self) -> list[Item]:
        good = Item(name="a", count=None, color=Color.RED, broken=1, missing="x")
        bad = Item(name="b", count=3, color=None, broken="nope", missing=None)  # type: ignore[arg-type]
        return [good, bad]


QUERIES = [
    "{ items { name count color } }",
    "{ items { name broken } }",
    "{ items { name missing } }",
    "{ items { n: name c: count } }",
    "{ items { name @include(if: false) count } }",
]


def _run(query: str, fast: bool) -> Any:
    kwargs: dict[str, Any] = {"execution_context_class": GatewayExecutionContext} if fast else {}
    result = strawberry.Schema(query=Query, **kwargs).execute_sync(query)
    errors = [(e.message, e.path, e.locations) for e in result.errors or []]
    return result.data, errors


@pytest.mark.parametrize("query", QUERIES)
def test_same_answer_and_errors_as_graphql_core(query: str) -> None:
    assert _run(query, fast=True) == _run(query, fast=False)


def test_only_plain_leaves_take_the_short_path() -> None:
    full: list[str] = []

    class Counting(GatewayExecutionContext):
        def full_path(self, parent_type: Any, source: Any, fields: Any, *rest: Any) -> Any:
            full.append(fields[0].node.name.value)
            return super().full_path(parent_type, source, fields, *rest)

    schema = strawberry.Schema(query=Query, execution_context_class=Counting)
    result = schema.execute_sync("{ items { name count color missing } }")
    assert result.data is None  # `missing` is null on a non-null field: the item nulls out
    # the list's resolver and the one null went the full way; the 7 other leaves did not
    assert full == ["items", "missing"]
