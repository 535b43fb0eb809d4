"""Per-request DataLoaders: every key asked for at one level becomes one SQL statement.

Loaders are keyed by the model attribute they look up by, so one request shares
one loader per lookup, and each carries the viewer's visibility rule.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any, cast

from sqlalchemy import Select, SQLColumnExpression, select
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.sql.elements import ColumnElement
from strawberry.dataloader import DataLoader

from gateway.auth.viewer import Viewer
from gateway.services import Services
from gateway.sql import reads
from gateway.sql.access import rule_for
from gateway.sql.paging import Window

Row = reads.Row


class Loaders:
    def __init__(self, services: Services, viewer: Viewer) -> None:
        self.services = services
        self.viewer = viewer
        self._loaders: dict[Hashable, DataLoader[Any, Any]] = {}

    def _get(self, key: Hashable, load: Callable[[list[Any]], Any]) -> DataLoader[Any, Any]:
        loader = self._loaders.get(key)
        if loader is None:
            loader = self._loaders[key] = DataLoader(load_fn=load)
        return loader

    def rule(self, model: type[Any]) -> ColumnElement[bool]:
        return rule_for(model, self.viewer)

    def visible(self, model: type[Any]) -> Select[Any]:
        """`SELECT * FROM model WHERE <viewer may see it>`: the start of every list."""
        return select(model.__table__).where(self.rule(model))

    def by_key(self, key: InstrumentedAttribute[Any]) -> DataLoader[Any, Row | None]:
        """One visible row per key value (primary or unique key)."""
        model = cast(type[Any], key.class_)

        async def load(keys: list[Any]) -> list[Row | None]:
            return await reads.by_keys(self.services.sessions, key, keys, self.rule(model))

        return self._get(("key", key), load)

    def children(
        self,
        parent_key: InstrumentedAttribute[Any],
        order_by: Sequence[SQLColumnExpression[Any]] = (),
    ) -> DataLoader[Any, list[Row]]:
        """All visible rows whose `parent_key` equals the loaded key, for small child lists."""
        model = cast(type[Any], parent_key.class_)

        async def load(parent_ids: list[Any]) -> list[list[Row]]:
            return await reads.children(
                self.services.sessions, parent_key, parent_ids, self.rule(model), order_by
            )

        return self._get(("children", parent_key, tuple(str(o) for o in order_by)), load)

    def page(
        self,
        name: Hashable,
        stmt: Select[Any],
        parent_key: SQLColumnExpression[Any],
        order_by: Sequence[SQLColumnExpression[Any]],
        window: Window,
    ) -> DataLoader[Any, tuple[list[Row], bool]]:
        """One page per parent for a nested connection; `name` must identify `stmt`'s filters."""

        async def load(parent_ids: list[Any]) -> list[tuple[list[Row], bool]]:
            return await reads.children_window(
                self.services.sessions, stmt, parent_key, parent_ids, order_by, window
            )

        return self._get(("page", name, window), load)

    def count(
        self, name: Hashable, stmt: Select[Any], parent_key: SQLColumnExpression[Any]
    ) -> DataLoader[Any, int]:
        """How many rows of `stmt` each parent has; `name` must identify `stmt`'s filters."""

        async def load(parent_ids: list[Any]) -> list[int]:
            return await reads.counts(self.services.sessions, stmt, parent_key, parent_ids)

        return self._get(("count", name), load)

    def counts_by(
        self,
        name: Hashable,
        stmt: Select[Any],
        parent_key: SQLColumnExpression[Any],
        value: SQLColumnExpression[Any],
    ) -> DataLoader[Any, dict[Any, int]]:
        """Per parent, how many rows of `stmt` have each `value` (e.g. status counts)."""

        async def load(parent_ids: list[Any]) -> list[dict[Any, int]]:
            return await reads.counts_by(
                self.services.sessions, stmt, parent_key, value, parent_ids
            )

        return self._get(("counts_by", name), load)
