"""The base of every ISPyB type: a Relay node whose fields come from its table."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, ClassVar, Self

from sqlalchemy import SQLColumnExpression
from sqlalchemy.orm import InstrumentedAttribute
from strawberry import relay

from gateway.errors import BadUserInput
from gateway.graphql.columns import from_row
from gateway.graphql.context import Info


class IspybNode(relay.Node):
    """Global id = base64("TypeName:primaryKey"); `node(id)` obeys the same rules as lists."""

    __key__: ClassVar[InstrumentedAttribute[Any]]

    @classmethod
    def from_row(cls, row: Any) -> Self:
        return from_row(cls, row, pk=row[cls.__key__.key])

    @classmethod
    async def load(
        cls, info: Info, key: Any, via: InstrumentedAttribute[Any] | None = None
    ) -> Self | None:
        """The visible row by key; `via`: the column of a visible row `key` was read from."""
        if key is None:
            return None
        row = await info.context.loaders.by_key(cls.__key__, via).load(key)
        return None if row is None else cls.from_row(row)

    @classmethod
    async def load_children(
        cls,
        info: Info,
        parent_key: InstrumentedAttribute[Any],
        parent_id: Any,
        order_by: Sequence[SQLColumnExpression[Any]] = (),
    ) -> list[Self]:
        rows = await info.context.loaders.children(parent_key, order_by).load(parent_id)
        return [cls.from_row(r) for r in rows]

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Self | None]:
        keys = []
        for node_id in node_ids:
            try:
                keys.append(int(node_id))
            except ValueError:
                raise BadUserInput(f"malformed id for {cls.__name__}: {node_id!r}") from None
        rows = await info.context.loaders.by_key(cls.__key__).load_many(keys)
        return [None if r is None else cls.from_row(r) for r in rows]
