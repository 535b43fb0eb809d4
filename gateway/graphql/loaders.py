"""Per-request DataLoaders: every key asked for at one level becomes one SQL statement.

Loaders are keyed by the model attribute they look up by, so one request shares
one loader per lookup, and each carries the viewer's visibility rule.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from functools import lru_cache
from typing import Any, cast

from sqlalchemy import Column, Select, SQLColumnExpression, select
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.sql.elements import ColumnElement
from strawberry.dataloader import DataLoader

from gateway.auth.viewer import Viewer
from gateway.graphql.columns import TYPES_OF, needed_columns
from gateway.graphql.joins import TO_ONE, Joined
from gateway.jobs.model import ItemKind, Job, Visibility
from gateway.jobs.states import JobStatus
from gateway.services import Services
from gateway.sql import models as m
from gateway.sql import reads
from gateway.sql.access import INHERITED, REACHED, rule_for
from gateway.sql.items import job_visibility
from gateway.sql.paging import Window
from gateway.sql.screening_links import PARENT, Link

Row = reads.Row


Build = Callable[[], Select[Any]]

_JOB_TYPES = {"Job", "JobCounts"}  # GraphQL types whose fields read jobs


@lru_cache(maxsize=1024)
def _alias(table: Any, name: str) -> Any:
    """A named alias of a table, made once: an alias builds a proxy of every column."""
    return table.alias(name)


def retrieve_error(future: asyncio.Future[Any]) -> None:
    """Done-callback for a load started ahead: if the operation ended before anyone awaited
    it, its error must not be logged as never retrieved."""
    if not future.cancelled():
        future.exception()


class Loaders:
    def __init__(self, services: Services, viewer: Viewer) -> None:
        self.services = services
        self.viewer = viewer
        self._loaders: dict[Hashable, DataLoader[Any, Any]] = {}
        self._rules: dict[type[Any], ColumnElement[bool]] = {}
        self._job_scope: tuple[Visibility | None] | None = None
        self._selection: Mapping[str, frozenset[str]] | None = None
        self._needed: dict[type[Any], set[str]] = {}
        self._operations = 0
        self._scope_task: asyncio.Future[Visibility | None] | None = None

    def use_selection(self, selection: Mapping[str, frozenset[str]] | None) -> None:
        """The fields the operation selects (gateway.graphql.selection); None: every column.

        A context that runs a second operation (a WebSocket connection) starts afresh
        and reads whole rows: its loaders and their cached rows belonged to another one."""
        self._operations += 1
        if self._operations > 1:
            self._loaders.clear()
            selection = None
        self._selection = selection
        self._needed.clear()
        if selection is not None and self._scope_task is None and _JOB_TYPES & selection.keys():
            # Jobs are filtered by the viewer's scope (two small SQL reads): start them now,
            # alongside the ISPyB reads, instead of in front of the job query later.
            self._scope_task = asyncio.ensure_future(self._read_scope())
            self._scope_task.add_done_callback(retrieve_error)

    def selected(self, type_name: str) -> frozenset[str]:
        """Fields the operation selects on a GraphQL type (empty when unknown)."""
        return self._selection.get(type_name, frozenset()) if self._selection else frozenset()

    def columns(self, model: type[Any], *extra: InstrumentedAttribute[Any]) -> list[Column[Any]]:
        """The columns of `model` this operation reads: what it selects, what resolvers and
        node ids need, and `extra` (the keys a loader groups rows by)."""
        table_columns = list(model.__table__.columns)
        if self._selection is None:
            return table_columns
        needed = self._needed.get(model)
        if needed is None:
            needed = self._needed[model] = needed_columns(model, self._selection)
        wanted = needed | {e.key for e in extra}
        return [c for c in table_columns if c.key in wanted]

    async def job_scope(self) -> Visibility | None:
        """Which jobs the viewer sees, computed once per request (None: every job)."""
        if self._job_scope is None:
            if self._scope_task is None:
                self._scope_task = asyncio.ensure_future(self._read_scope())
            self._job_scope = (await self._scope_task,)
        return self._job_scope[0]

    def job_scope_known(self) -> tuple[Visibility | None] | None:
        """`job_scope()`'s answer if it has been read already (in a 1-tuple), else None:
        for callers that may not wait (gateway.graphql.fanout)."""
        return self._job_scope

    async def _read_scope(self) -> Visibility | None:
        viewer = self.viewer
        if viewer.is_worker:
            return None
        return await job_visibility(self.services.reader, viewer, viewer.login)

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

    def joined(self, stmt: Select[Any], model: type[Any]) -> tuple[Select[Any], list[Joined]]:
        """`stmt` (rows of `model`) with the selected to-one rows joined in (gateway.graphql.joins).

        Pass the result rows to `prime` before anyone asks for those relations."""
        return self._join(stmt, model.__table__, model, itertools.count(), 0)

    def _join(
        self, stmt: Select[Any], source: Any, model: type[Any], counter: Iterator[int], depth: int
    ) -> tuple[Select[Any], list[Joined]]:
        joined: list[Joined] = []
        if self._selection is None or depth > 2:
            return stmt, joined
        seen: set[tuple[Any, Any]] = set()
        for cls in TYPES_OF.get(model, ()):
            definition = getattr(cls, "__strawberry_definition__", None)
            type_name = definition.name if definition is not None else cls.__name__
            declared = TO_ONE.get(type_name, {})
            for field_name in self.selected(type_name) & declared.keys():
                spec = declared[field_name]
                child = cast(type[Any], spec.key.class_)
                if spec.fk.class_ is not model or (child, spec.fk) not in REACHED:
                    continue
                if (spec.fk, spec.key) in seen:
                    continue
                seen.add((spec.fk, spec.key))
                alias = _alias(child.__table__, f"gw_j{next(counter)}")
                columns = self.columns(child, spec.key)
                labels = {c.key: f"{alias.name}_{c.key}" for c in columns}
                stmt = stmt.outerjoin(
                    alias, alias.c[spec.key.key] == source.c[spec.fk.key]
                ).add_columns(*(alias.c[c.key].label(labels[c.key]) for c in columns))
                stmt, below = self._join(stmt, alias, child, counter, depth + 1)
                joined.append(Joined(spec, labels, below))
        return stmt, joined

    def prime(self, joined: list[Joined], rows: Sequence[Row]) -> None:
        """Hand the joined rows to the loaders their relations read (and take them out of
        the parents' rows): those loads then need no statement."""
        rows = list({id(row): row for row in rows}.values())  # a row may list under two parents
        for j in joined:
            loader = self.by_key(j.to_one.key, via=j.to_one.fk)
            carried = j.carried()
            found: list[Row] = []
            for row in rows:
                child = {key: row.pop(label) for key, label in j.labels.items()}
                for label in carried:
                    child[label] = row.pop(label)
                fk = row.get(j.to_one.fk.key)
                if fk is None:
                    continue
                if child[j.to_one.key.key] is None:
                    loader.prime(fk, None)  # the key names no row
                    continue
                found.append(child)
            self.prime(j.below, found)  # takes the carried labels out again
            for child in found:
                loader.prime(child[j.to_one.key.key], child)

    def visible(self, model: type[Any]) -> Select[Any]:
        """`SELECT <columns> FROM model WHERE <viewer may see it>`: the start of every list."""
        return select(*self.columns(model)).where(self.rule(model))

    def under(
        self, parent_key: InstrumentedAttribute[Any], model: type[Any] | None = None
    ) -> Select[Any]:
        """`SELECT <columns> FROM model` for rows under a parent the viewer already sees.

        Where the model's rule is exactly "its parent is visible" (`access.INHERITED`)
        the condition is left out: the parent's id came from a visible row. Otherwise
        this is `visible(model)`."""
        model = model or cast(type[Any], parent_key.class_)
        stmt = select(*self.columns(model))
        condition = self._under_condition(parent_key, model)
        return stmt if condition is None else stmt.where(condition)

    def _under_condition(
        self, parent_key: InstrumentedAttribute[Any], model: type[Any]
    ) -> ColumnElement[bool] | None:
        """The visibility condition of `model`'s rows under `parent_key`; None: none needed."""
        return None if (model, parent_key) in INHERITED else self.rule(model)

    def by_key(
        self, key: InstrumentedAttribute[Any], via: InstrumentedAttribute[Any] | None = None
    ) -> DataLoader[Any, Row | None]:
        """One visible row per key value (primary or unique key).

        `via`: the column of a visible row the keys were read from; where that alone makes
        the row visible (`access.REACHED`), the lookup carries no condition."""
        model = cast(type[Any], key.class_)
        reached = via is not None and (model, via) in REACHED

        def make() -> Callable[[list[Any]], Any]:
            condition = None if reached else self.rule(model)
            columns = self.columns(model, key)

            async def load(keys: list[Any]) -> list[Row | None]:
                return await reads.by_keys(self.services.reader, key, keys, condition, columns)

            return load

        return self._get(("key", key, reached), make)

    def children(
        self,
        parent_key: InstrumentedAttribute[Any],
        order_by: Sequence[SQLColumnExpression[Any]] = (),
    ) -> DataLoader[Any, list[Row]]:
        """All visible rows whose `parent_key` equals the loaded key, for small child lists."""

        def make() -> Callable[[list[Any]], Any]:
            model = cast(type[Any], parent_key.class_)
            condition = self._under_condition(parent_key, model)
            columns = self.columns(model, parent_key)

            async def load(parent_ids: list[Any]) -> list[list[Row]]:
                return await reads.children(
                    self.services.reader, parent_key, parent_ids, condition, order_by, columns
                )

            return load

        return self._get(("children", parent_key), make)

    def screenings(self, link: Link) -> DataLoader[Any, list[Row]]:
        """The screenings under each parent by `link` (gateway.sql.screening_links), by id."""

        def make() -> Callable[[list[Any]], Any]:
            linked = link.rows(self.columns(m.Screening), self._link_condition(link))
            parent = linked.c[PARENT]

            async def load(parent_ids: list[Any]) -> list[list[Row]]:
                return await reads.grouped(
                    self.services.reader,
                    select(linked),
                    parent,
                    parent_ids,
                    (linked.c.screeningId,),
                )

            return load

        return self._get(("screenings", link), make)

    def screening_count(self, link: Link) -> DataLoader[Any, int]:
        """How many screenings each parent has by `link`, one GROUP BY for all parents."""

        def make() -> Callable[[list[Any]], Any]:
            linked = link.rows((), self._link_condition(link))
            parent = linked.c[PARENT]

            async def load(parent_ids: list[Any]) -> list[int]:
                return await reads.counts(self.services.reader, select(parent), parent, parent_ids)

            return load

        return self._get(("screening_count", link), make)

    def _link_condition(self, link: Link) -> ColumnElement[bool] | None:
        return self._under_condition(link.parent, m.Screening)

    def page(
        self,
        name: Hashable,
        build: Callable[[], tuple[Select[Any], Sequence[SQLColumnExpression[Any]]]],
        parent_key: SQLColumnExpression[Any],
        window: Window,
        model: type[Any] | None = None,
        counter: DataLoader[Any, int] | None = None,
    ) -> DataLoader[Any, tuple[list[Row], bool]]:
        """One page per parent for a nested connection; `name` identifies what `build` makes.

        `model`: the rows' model, whose selected to-one rows come joined (`joined`).
        `counter`: the list's `count` loader, primed with the totals the page's statement
        counts as it goes (totalCount then needs no statement)."""

        def make() -> Callable[[list[Any]], Any]:
            stmt, order_by = build()
            joins: list[Joined] = []
            if model is not None:
                stmt, joins = self.joined(stmt, model)

            async def load(parent_ids: list[Any]) -> list[tuple[list[Row], bool]]:
                pages = await reads.children_window(
                    self.services.reader,
                    stmt,
                    parent_key,
                    parent_ids,
                    order_by,
                    window,
                    counted=counter is not None,
                )
                if joins:
                    self.prime(joins, [row for rows, _, _ in pages for row in rows])
                if counter is not None:
                    for pid, (_, _, total) in zip(parent_ids, pages, strict=True):
                        if total is not None:
                            counter.prime(pid, total)
                return [(rows, has_next) for rows, has_next, _ in pages]

            return load

        return self._get(("page", name, window, counter is not None), make)

    def count(
        self, name: Hashable, build: Build, parent_key: SQLColumnExpression[Any]
    ) -> DataLoader[Any, int]:
        """How many rows of the built statement each parent has."""

        def make() -> Callable[[list[Any]], Any]:
            stmt = build()

            async def load(parent_ids: list[Any]) -> list[int]:
                return await reads.counts(self.services.reader, stmt, parent_key, parent_ids)

            return load

        return self._get(("count", name), make)

    def aggregates(
        self,
        name: Hashable,
        build: Build,
        parent_key: SQLColumnExpression[Any],
        values: dict[str, SQLColumnExpression[Any]],
    ) -> DataLoader[Any, Row | None]:
        """Per parent, the named aggregates of the built statement's rows (None: no rows)."""

        def make() -> Callable[[list[Any]], Any]:
            stmt = build()

            async def load(parent_ids: list[Any]) -> list[Row | None]:
                return await reads.aggregates(
                    self.services.reader, stmt, parent_key, parent_ids, values
                )

            return load

        return self._get(("aggregates", name), make)

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
                    self.services.reader, stmt, parent_key, value, parent_ids
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

    def job_counts_on(self, kind: ItemKind) -> DataLoader[int, dict[JobStatus, int]]:
        """Per item, the jobs the viewer may see counted by status: one store query per level,
        reading only items and statuses (the scope is a filter of the query)."""

        def make() -> Callable[[list[Any]], Any]:
            async def load(item_ids: list[int]) -> list[dict[JobStatus, int]]:
                scope = await self.job_scope()
                counts = await self.services.jobs.store.count_by_status_for_items(
                    kind, item_ids, scope
                )
                return [counts[i] for i in item_ids]

            return load

        return self._get(("job_counts", kind), make)
