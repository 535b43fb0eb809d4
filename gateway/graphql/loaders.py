"""Per-request DataLoaders: every key asked for at one level becomes one SQL statement.

Loaders are keyed by the model attribute they look up by, so one request shares
one loader per lookup, and each carries the viewer's visibility rule.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from functools import lru_cache
from typing import Any, TypeVar, cast

from sqlalchemy import Column, Join, Select, SQLColumnExpression, Table, and_, select
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.util import find_tables
from strawberry.dataloader import DataLoader, DefaultCache

from gateway.auth.viewer import Viewer
from gateway.graphql.columns import TYPES_OF, needed_columns
from gateway.graphql.joins import TO_ONE, Joined
from gateway.graphql.lru import LRU
from gateway.jobs.model import ItemKind, Job, Visibility
from gateway.jobs.states import JobStatus
from gateway.services import Services
from gateway.sql import models as m
from gateway.sql import reads
from gateway.sql.access import INHERITED, REACHED, rule_for, same_scope
from gateway.sql.items import job_visibility
from gateway.sql.paging import Window
from gateway.sql.prepared import Prepared
from gateway.sql.screening_links import PARENT, Link

Row = reads.Row


Build = Callable[[], Select[Any]]
T = TypeVar("T")

# Statements outlive requests: built once per (loader, viewer's visibility, document).
_STATEMENTS: LRU[tuple[Any, Any]] = LRU(2048)

_JOB_TYPES = {"Job", "JobCounts"}  # GraphQL types whose fields read jobs


@lru_cache(maxsize=1024)
def _alias(table: Any, name: str) -> Any:
    """A named alias of a table, made once: an alias builds a proxy of every column."""
    return table.alias(name)


def _from_clauses(stmt: Select[Any]) -> Iterator[Any]:
    """Every clause of the statement's FROM: its joins and what they join, depth first."""

    def walk(clause: Any) -> Iterator[Any]:
        yield clause
        if isinstance(clause, Join):
            yield from walk(clause.left)
            yield from walk(clause.right)

    for f in stmt.get_final_froms():
        yield from walk(f)


def _inner_joined(stmt: Select[Any], table: Any, key: Any, fk: Any) -> bool:
    """Whether `stmt` already INNER JOINs `table` on `key == fk` (a list filtered through its
    parent's table, the session's collections through their groups): the to-one row is
    then in every result row as it is."""
    wanted, reverse = key == fk, fk == key
    return any(
        isinstance(c, Join)
        and c.right == table  # ORM joins annotate it
        and not c.isouter
        and c.onclause is not None
        and (c.onclause.compare(wanted) or c.onclause.compare(reverse))
        for c in _from_clauses(stmt)
    )


def _from_tables(stmt: Select[Any]) -> set[Any]:
    """The tables (not aliases) in the statement's FROM clause, joins included (an ORM join's
    is annotated: equal to the table, same hash)."""
    return {c for c in _from_clauses(stmt) if isinstance(c, Table)}


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
        self._by_key: dict[tuple[Any, Any], DataLoader[Any, Any]] = {}
        # Rows by key that statements joined in (`prime`), per by-key loader: its load
        # answers these without a statement.
        self._known: dict[Hashable, dict[Any, Row | None]] = {}
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
            self._by_key.clear()
            self._known.clear()
            selection = None
        self._selection = selection
        self._needed.clear()
        if selection is not None and self._scope_task is None and _JOB_TYPES & selection.keys():
            # Jobs are filtered by the viewer's scope (two small SQL reads): start them now,
            # alongside the ISPyB reads, instead of in front of the job query later.
            self._scope_task = asyncio.ensure_future(self._read_scope())
            self._scope_task.add_done_callback(retrieve_error)

    def release(self) -> None:
        """Drop the request's loaders and the rows they cached, once its answer is built.

        Each loader's load function refers back to this object: a cycle, which only the
        cyclic collector frees, holding every row of the request until a full collection
        walks them (after the 80,000-collection read: 169,000 objects, 137 ms with every
        thread stopped). Emptied, reference counting frees them at once, here one
        cached key at a time: a big read's rows freed in one call held every thread
        47-60 ms (the lane's answers, gateway.lane)."""
        self.forget()
        self._loaders.clear()
        self._by_key.clear()
        self._known.clear()
        self._rules.clear()
        self._needed.clear()

    def forget(self) -> None:
        """Empty every loader's cache (the loaders stay): a big read's finished part
        (gateway.graphql.planner.run) lets its rows go before the next part loads."""
        for loader in self._loaders.values():
            cache = loader.cache_map
            if isinstance(cache, DefaultCache):
                entries = cache.cache_map
                while entries:
                    entries.popitem()
        for known in self._known.values():
            while known:
                known.popitem()

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

    def _statement(self, key: Hashable, build: Callable[[], T]) -> T:
        """What `build` makes for the loader `key`, shared by every request that would make
        the same: a statement depends only on the loader, the viewer's visibility (person,
        staff) and the operation's selection (its columns and joins), and SQLAlchemy keeps
        the compiled form of a statement object it is handed again (docs/performance.md).

        The selection object itself is kept with the entry, so its id names it."""
        selection = self._selection
        scope = (key, self.viewer.person_id, self.viewer.is_staff, id(selection))
        return cast(T, _STATEMENTS.get(scope, lambda: (selection, build()))[1])

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
                if spec.fk.class_ is not model or (spec.fk, spec.key) in seen:
                    continue
                table, on = child.__table__, source.c[spec.fk.key]
                name = f"gw_j{next(counter)}"
                scope: tuple[str, str] | None = None
                shared = None if (child, spec.fk) in REACHED else same_scope(child, model)
                if shared is not None:
                    # Joined without its rule, with both rows' scopes: a row of its parent's
                    # scope is visible as the parent is (an integration's program of the
                    # same collection); `prime` leaves any other to the relation's lookup,
                    # which applies the rule. The rule's subqueries cost MariaDB as much
                    # to plan as the rest of the statement to run (docs/performance.md).
                    alias = _alias(table, name)
                    scope = (f"{name}_gw_scope", f"{name}_gw_parent_scope")
                    stmt = stmt.outerjoin(alias, alias.c[spec.key.key] == on).add_columns(
                        alias.c[shared[0].key].label(scope[0]),
                        source.c[shared[1].key].label(scope[1]),
                    )
                elif (child, spec.fk) not in REACHED:
                    # The row only if the viewer may see it: its rule in the join's condition,
                    # on the table itself (the rule names it), when nothing in the statement
                    # would make the rule's subqueries correlate to the wrong rows.
                    rule = self.rule(child)
                    if _from_tables(stmt) & ({table} | set(find_tables(rule))):
                        continue
                    alias = table
                    stmt = stmt.outerjoin(table, and_(table.c[spec.key.key] == on, rule))
                elif _inner_joined(stmt, table, table.c[spec.key.key], on):
                    alias = table  # the statement has the row already: no second join
                else:
                    alias = _alias(table, name)
                    stmt = stmt.outerjoin(alias, alias.c[spec.key.key] == on)
                seen.add((spec.fk, spec.key))
                columns = self.columns(child, spec.key)
                labels = {c.key: f"{name}_{c.key}" for c in columns}
                stmt = stmt.add_columns(*(alias.c[c.key].label(labels[c.key]) for c in columns))
                stmt, below = self._join(stmt, alias, child, counter, depth + 1)
                joined.append(Joined(spec, labels, below, scope))
        return stmt, joined

    def prime(self, joined: list[Joined], rows: Sequence[Row]) -> None:
        """Hand the joined rows to the loaders their relations read (and take them out of
        the parents' rows): those loads then need no statement. Each parent row also
        carries its joined row under the relation's `ToOne.slot`, where the planner reads
        it without a load per row. A row joined without its rule and not of its parent's
        scope is neither primed nor carried: the relation's lookup decides."""
        rows = list({id(row): row for row in rows}.values())  # a row may list under two parents
        for j in joined:
            primed = self._known.setdefault(self._by_key_name(j.to_one.key, j.to_one.fk), {})
            split = j.split
            fk_key, key_key, slot = j.to_one.fk.key, j.to_one.key.key, j.to_one.slot
            found: list[Row] = []
            for row in rows:
                same = True
                if j.scope is not None:
                    own, parents = row.pop(j.scope[0]), row.pop(j.scope[1])
                    same = own is not None and own == parents
                child = split(row)
                fk = row.get(fk_key)
                if fk is None:
                    row[slot] = None
                    continue
                if child[key_key] is None:
                    row[slot] = primed[fk] = None  # no row, or one the viewer may not see
                    continue
                if not same:
                    continue
                row[slot] = child
                found.append(child)
            self.prime(j.below, found)  # takes the carried labels out again
            for child in found:
                primed[child[key_key]] = child

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
        loader = self._by_key.get((key, via))  # asked once per row of a level: kept
        if loader is None:
            loader = self._by_key[(key, via)] = self._make_by_key(key, via)
        return loader

    @staticmethod
    def _by_key_name(
        key: InstrumentedAttribute[Any], via: InstrumentedAttribute[Any] | None
    ) -> tuple[str, Any, bool]:
        """The by-key loader `via` leads to: with or without the rows' rule."""
        return ("key", key, via is not None and (key.class_, via) in REACHED)

    def _make_by_key(
        self, key: InstrumentedAttribute[Any], via: InstrumentedAttribute[Any] | None
    ) -> DataLoader[Any, Row | None]:
        model = cast(type[Any], key.class_)
        name = self._by_key_name(key, via)
        reached = name[2]

        def make() -> Callable[[list[Any]], Any]:
            stmt = self._statement(
                name,
                lambda: reads.by_keys_statement(
                    key, None if reached else self.rule(model), self.columns(model, key)
                ),
            )

            async def load(keys: list[Any]) -> list[Row | None]:
                known = self._known.get(name)
                if not known:
                    return await reads.lookup(self.services.reader, stmt, key, keys)
                missing = [k for k in keys if k not in known]
                if missing:
                    found = await reads.lookup(self.services.reader, stmt, key, missing)
                    known.update(zip(missing, found, strict=True))
                return [known[k] for k in keys]

            return load

        return self._get(name, make)

    def children(
        self,
        parent_key: InstrumentedAttribute[Any],
        order_by: Sequence[SQLColumnExpression[Any]] = (),
    ) -> DataLoader[Any, list[Row]]:
        """All visible rows whose `parent_key` equals the loaded key, for small child lists."""
        loader = self._loaders.get(("children", parent_key))  # asked once per parent row
        if loader is not None:
            return loader
        model = cast(type[Any], parent_key.class_)

        def prepare() -> tuple[Prepared, list[Joined]]:
            stmt = select(*self.columns(model, parent_key))
            condition = self._under_condition(parent_key, model)
            if condition is not None:
                stmt = stmt.where(condition)
            stmt, joins = self.joined(stmt, model)
            return reads.grouped_statement(stmt, parent_key, order_by), joins

        def make() -> Callable[[list[Any]], Any]:
            stmt, joins = self._statement(("children", parent_key, tuple(order_by)), prepare)

            async def load(parent_ids: list[Any]) -> list[list[Row]]:
                found = await reads.grouped(self.services.reader, stmt, parent_key, parent_ids)
                if joins:
                    self.prime(joins, [row for rows in found for row in rows])
                return found

            return load

        return self._get(("children", parent_key), make)

    def screenings(self, link: Link) -> DataLoader[Any, list[Row]]:
        """The screenings under each parent by `link` (gateway.sql.screening_links), by id."""

        def build() -> tuple[Prepared, Any]:
            linked = link.rows(self.columns(m.Screening), self._link_condition(link))
            parent = linked.c[PARENT]
            return reads.grouped_statement(select(linked), parent, (linked.c.screeningId,)), parent

        def make() -> Callable[[list[Any]], Any]:
            stmt, parent = self._statement(("screenings", link), build)

            async def load(parent_ids: list[Any]) -> list[list[Row]]:
                return await reads.grouped(self.services.reader, stmt, parent, parent_ids)

            return load

        return self._get(("screenings", link), make)

    def screening_count(self, link: Link) -> DataLoader[Any, int]:
        """How many screenings each parent has by `link`, one GROUP BY for all parents."""

        def build() -> Prepared:
            parent = link.rows((), self._link_condition(link)).c[PARENT]
            return reads.counts_statement(select(parent), parent)

        def make() -> Callable[[list[Any]], Any]:
            stmt = self._statement(("screening_count", link), build)

            async def load(parent_ids: list[Any]) -> list[int]:
                return await reads.counts(self.services.reader, stmt, parent_ids)

            return load

        return self._get(("screening_count", link), make)

    def _link_condition(self, link: Link) -> ColumnElement[bool] | None:
        return self._under_condition(link.parent, m.Screening)

    def page(
        self,
        name: Hashable,
        build: Callable[[], tuple[Select[Any], Sequence[SQLColumnExpression[Any]]]],
        parent_key: SQLColumnExpression[Any],
        key: SQLColumnExpression[Any],
        window: Window,
        counter: DataLoader[Any, int] | None = None,
    ) -> DataLoader[Any, tuple[list[Row], bool]]:
        """One page per parent for a nested connection; `name` identifies what `build` makes.

        `key`: the listed rows' primary key; their model's selected to-one rows come joined
        (`joined`). `counter`: the list's `count` loader, primed with the totals the page's
        statement counts as it goes (totalCount then needs no statement)."""

        counted = counter is not None
        model = getattr(key, "class_", None)

        def prepare() -> tuple[reads.WindowStatements, list[Joined]]:
            plain, order_by = build()
            stmt, joins = plain, list[Joined]()
            if model is not None:
                stmt, joins = self.joined(plain, model)
            statements = reads.window_statements(
                stmt, parent_key, order_by, key=key, plain=plain, counted=counted
            )
            return statements, joins

        def make() -> Callable[[list[Any]], Any]:
            statements, joins = self._statement(("page", name, counted), prepare)

            async def load(parent_ids: list[Any]) -> list[tuple[list[Row], bool]]:
                pages = await reads.children_window(
                    self.services.reader, statements, parent_ids, window
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
            stmt = self._statement(
                ("count", name), lambda: reads.counts_statement(build(), parent_key)
            )

            async def load(parent_ids: list[Any]) -> list[int]:
                return await reads.counts(self.services.reader, stmt, parent_ids)

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
            stmt = self._statement(
                ("aggregates", name),
                lambda: reads.aggregates_statement(build(), parent_key, values),
            )

            async def load(parent_ids: list[Any]) -> list[Row | None]:
                return await reads.aggregates(self.services.reader, stmt, parent_ids)

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
            stmt = self._statement(
                ("counts_by", name),
                lambda: reads.counts_by_statement(build(), parent_key, value),
            )

            async def load(parent_ids: list[Any]) -> list[dict[Any, int]]:
                return await reads.counts_by(self.services.reader, stmt, parent_ids)

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
