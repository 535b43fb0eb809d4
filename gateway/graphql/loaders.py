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
from gateway.jobs.model import ItemKind, Job, Visibility
from gateway.services import Services
from gateway.sql import reads
from gateway.sql.access import rule_for
from gateway.sql.items import job_visibility
from gateway.sql.paging import Window

Row = reads.Row


Build = Callable[[], Select[Any]]


class Loaders:
    def __init__(self, services: Services, viewer: Viewer) -> None:
        self.services = services
        self.viewer = viewer
        self._loaders: dict[Hashable, DataLoader[Any, Any]] = {}
        self._rules: dict[type[Any], ColumnElement[bool]] = {}
        self._job_scope: tuple[Visibility | None] | None = None

    async def job_scope(self) -> Visibility | None:
        """Which jobs the viewer sees, computed once per request (None: every job)."""
        if self._job_scope is None:
            viewer = self.viewer
            scope = (
                None
                if viewer.is_worker
                else await job_visibility(self.services.engine, viewer, viewer.login)
            )
            self._job_scope = (scope,)
        return self._job_scope[0]

    def _get(
        self, key: Hashable, make_load: Callable[[], Callable[[list[Any]], Any]]
    ) -> DataLoader[Any, Any]:
        """The request's loader for `key`; its statement is built once, on first use."""
        loader = self._loaders.get(key)
        if loader is None:
            loader = self._loaders[key] = DataLoader(load_fn=make_load())
        return loader

    def rule(self, model: type[Any]) -> ColumnElement[bool]:
        """The viewer's visibility condition for `model`, built once per request."""
        rule = self._rules.get(model)
        if rule is None:
            rule = self._rules[model] = rule_for(model, self.viewer)
        return rule

    def visible(self, model: type[Any]) -> Select[Any]:
        """`SELECT * FROM model WHERE <viewer may see it>`: the start of every list."""
        return select(model.__table__).where(self.rule(model))

    def by_key(self, key: InstrumentedAttribute[Any]) -> DataLoader[Any, Row | None]:
        """One visible row per key value (primary or unique key)."""

        def make() -> Callable[[list[Any]], Any]:
            condition = self.rule(cast(type[Any], key.class_))

            async def load(keys: list[Any]) -> list[Row | None]:
                return await reads.by_keys(self.services.engine, key, keys, condition)

            return load

        return self._get(("key", key), make)

    def children(
        self,
        parent_key: InstrumentedAttribute[Any],
        order_by: Sequence[SQLColumnExpression[Any]] = (),
    ) -> DataLoader[Any, list[Row]]:
        """All visible rows whose `parent_key` equals the loaded key, for small child lists."""

        def make() -> Callable[[list[Any]], Any]:
            condition = self.rule(cast(type[Any], parent_key.class_))

            async def load(parent_ids: list[Any]) -> list[list[Row]]:
                return await reads.children(
                    self.services.engine, parent_key, parent_ids, condition, order_by
                )

            return load

        return self._get(("children", parent_key), make)

    def page(
        self,
        name: Hashable,
        build: Callable[[], tuple[Select[Any], Sequence[SQLColumnExpression[Any]]]],
        parent_key: SQLColumnExpression[Any],
        window: Window,
    ) -> DataLoader[Any, tuple[list[Row], bool]]:
        """One page per parent for a nested connection; `name` identifies what `build` makes."""

        def make() -> Callable[[list[Any]], Any]:
            stmt, order_by = build()

            async def load(parent_ids: list[Any]) -> list[tuple[list[Row], bool]]:
                return await reads.children_window(
                    self.services.engine, stmt, parent_key, parent_ids, order_by, window
                )

            return load

        return self._get(("page", name, window), make)

    def count(
        self, name: Hashable, build: Build, parent_key: SQLColumnExpression[Any]
    ) -> DataLoader[Any, int]:
        """How many rows of the built statement each parent has."""

        def make() -> Callable[[list[Any]], Any]:
            stmt = build()

            async def load(parent_ids: list[Any]) -> list[int]:
                return await reads.counts(self.services.engine, stmt, parent_key, parent_ids)

            return load

        return self._get(("count", name), make)

    def counts_by(
        self,
        name: Hashable,
        build: Build,
        parent_key: SQLColumnExpression[Any],
        value: SQLColumnExpression[Any],
    ) -> DataLoader[Any, dict[Any, int]]:
        """Per parent, how many rows of the built statement have each `value`."""

        def make() -> Callable[[list[Any]], Any]:
            stmt = build()

            async def load(parent_ids: list[Any]) -> list[dict[Any, int]]:
                return await reads.counts_by(
                    self.services.engine, stmt, parent_key, value, parent_ids
                )

            return load

        return self._get(("counts_by", name), make)

    def jobs_on(self, kind: ItemKind) -> DataLoader[int, list[Job]]:
        """The jobs on each item the viewer may see, newest first: one store query per level."""

        def make() -> Callable[[list[Any]], Any]:
            async def load(item_ids: list[int]) -> list[list[Job]]:
                found = await self.services.jobs.store.jobs_for_items(kind, item_ids)
                scope = await self.job_scope()
                return [
                    [j for j in found.get(i, []) if scope is None or scope.admits(j)]
                    for i in item_ids
                ]

            return load

        return self._get(("jobs", kind), make)
