"""Batched, permission-filtered reads: the only way the GraphQL layer fetches ISPyB rows.

Every statement takes a `condition` from `gateway.sql.access` and joins it in;
none returns a row the viewer may not see. Each reads any number of keys at once,
which is what keeps the graph N+1-free.

A statement is built apart from its run (`*_statement`, then the function that
runs it): its keys, parent ids and window are bound parameters, not part of it.
SQLAlchemy builds, walks (for its cache key) and looks up a statement's compiled
form at every execution unless it is handed the same statement object again,
whose cache key it keeps; for a small read with a permission subquery that was
half the time. Callers that run the same read often (gateway.graphql.loaders)
keep the statement and run it with new keys.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import (
    BindParameter,
    Column,
    Integer,
    Select,
    SQLColumnExpression,
    bindparam,
    func,
    select,
)
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.sql.elements import ColumnElement

from gateway.sql.paging import Window
from gateway.sql.prepared import Prepared, through_sqlalchemy

Row = dict[str, Any]  # keyed by column name
Database = AsyncEngine

# The parameters a statement is run with.
KEYS = "gw_keys"  # the keys or parent ids of one batch (an expanding IN list)
_PARENT, _OFFSET, _LIMIT, _END = "gw_parent", "gw_offset", "gw_limit", "gw_end"
_TOTAL, _KEY = "gw_total", "gw_key"


def _keys() -> BindParameter[Any]:
    return bindparam(KEYS, expanding=True)


def _int(name: str) -> BindParameter[int]:
    return bindparam(name, type_=Integer)


async def rows(
    db: Database, stmt: Select[Any] | Prepared, params: dict[str, Any] | None = None
) -> list[Row]:
    """Plain dicts keyed by column: cheaper than ORM sessions and RowMappings on big pages."""
    if isinstance(stmt, Prepared):
        return await stmt.rows(db, params or {})
    return await through_sqlalchemy(db, stmt, params)


def _unique(keys: Sequence[Any]) -> list[Any]:
    return list(dict.fromkeys(keys))


def by_keys_statement(
    key: InstrumentedAttribute[Any],
    condition: ColumnElement[bool] | None,
    columns: Sequence[Column[Any]] | None = None,
) -> Prepared:
    """Rows whose `key` is in the batch's keys: `columns` (default: all) must include `key`;
    `condition` None: the keys' source already makes the rows visible (access.REACHED)."""
    model = cast(type[Any], key.class_)
    stmt = select(*(columns or model.__table__.columns)).where(key.in_(_keys()))
    return Prepared(stmt if condition is None else stmt.where(condition))


async def lookup(
    db: Database, stmt: Select[Any] | Prepared, key: InstrumentedAttribute[Any], keys: Sequence[Any]
) -> list[Row | None]:
    """Run a `by_keys_statement`: the rows in the order of `keys` (None where missing or hidden)."""
    found = await rows(db, stmt, _batch(keys))
    index = {row[key.key]: row for row in found}
    return [index.get(k) for k in keys]


async def by_keys(
    db: Database,
    key: InstrumentedAttribute[Any],
    keys: Sequence[Any],
    condition: ColumnElement[bool] | None,
    columns: Sequence[Column[Any]] | None = None,
) -> list[Row | None]:
    """`lookup` of a statement made for this one read (SQLAlchemy caches its compiled form)."""
    return await lookup(db, by_keys_statement(key, condition, columns).statement, key, keys)


def grouped_statement(
    stmt: Select[Any],
    parent: SQLColumnExpression[Any],
    order_by: Sequence[SQLColumnExpression[Any]] = (),
) -> Prepared:
    """The rows of `stmt` whose `parent` (a selected column naming it) is in the batch."""
    stmt = stmt.where(parent.in_(_keys()))
    return Prepared(stmt.order_by(*order_by) if order_by else stmt)


async def grouped(
    db: Database, stmt: Prepared, parent: SQLColumnExpression[Any], parent_ids: Sequence[Any]
) -> list[list[Row]]:
    """Run a `grouped_statement`: the rows under each parent (a row may come under several)."""
    by_parent: defaultdict[Any, list[Row]] = defaultdict(list)
    key = cast(Any, parent).key
    for row in await rows(db, stmt, _batch(parent_ids)):
        by_parent[row[key]].append(row)
    return [by_parent.get(pid, []) for pid in parent_ids]


@dataclass(frozen=True)
class WindowStatements:
    """One page of children per parent: with one parent, ORDER BY ... LIMIT lets the database
    stop early; with several, ROW_NUMBER per parent numbers every child.

    One parent's page is a deferred join: the database sorts only the children's keys
    (and the sort's columns) to find the page, and joins the page's rows to their
    columns and to-one rows afterwards. Sorting whole rows, to-one joins included, for
    the 40 newest of a session's 400 collections cost MariaDB 2.9 ms of CPU; keys first,
    1.8 ms (docs/performance.md). Counted, the keys carry the parent's total, a window
    COUNT over the children the sort reads anyway (a scalar COUNT subquery beside it
    cost 0.5 ms more); the several parents' rows carry theirs the same way. An empty page
    past the first row carries nothing: its total is not known (the caller counts apart)."""

    one: Prepared
    several: Prepared
    counted: bool


def window_statements(
    stmt: Select[Any],
    parent_key: SQLColumnExpression[Any],
    order_by: Sequence[SQLColumnExpression[Any]],
    *,
    key: SQLColumnExpression[Any],
    plain: Select[Any] | None = None,
    counted: bool = False,
) -> WindowStatements:
    """The statements of `children_window`. `key`: the children's primary key (the last of
    `order_by`, which makes the order total); `plain`: the statement's rows without what
    only adds columns (its to-one joins), from which the page's keys are found (default:
    `stmt`)."""
    keys = (plain if plain is not None else stmt).where(parent_key == bindparam(_PARENT))
    found: list[Any] = [key.label(_KEY)]
    if counted:
        found.append(func.count().over().label(_TOTAL))
    page = (
        keys.with_only_columns(*found, maintain_column_froms=True)
        .order_by(*order_by)
        .offset(_int(_OFFSET))
        .limit(_int(_LIMIT))
        .subquery("gw_page")
    )
    one = stmt.join(page, page.c[_KEY] == key)
    if counted:
        one = one.add_columns(page.c[_TOTAL])
    one = one.order_by(*order_by)
    extra = [
        func.row_number().over(partition_by=parent_key, order_by=list(order_by)).label("gw_rn"),
        parent_key.label("gw_parent"),
    ]
    if counted:
        extra.append(func.count().over(partition_by=parent_key).label(_TOTAL))
    numbered = stmt.where(parent_key.in_(_keys())).add_columns(*extra).subquery()
    several = (
        select(numbered)
        .where(numbered.c.gw_rn > _int(_OFFSET), numbered.c.gw_rn <= _int(_END))
        .order_by(numbered.c.gw_parent, numbered.c.gw_rn)
    )
    return WindowStatements(Prepared(one), Prepared(several), counted)


async def children_window(
    db: Database, statements: WindowStatements, parent_ids: Sequence[Any], window: Window
) -> list[tuple[list[Row], bool, int | None]]:
    """One page of children for each parent, in one statement.

    Returns, per parent, the page's rows, whether more follow and, when counted, how many
    children it has in all (None where the page is empty past the first row, as nothing
    came back to carry it)."""
    counted = statements.counted
    unique = _unique(parent_ids)
    if len(unique) == 1:
        params = {_PARENT: unique[0], _OFFSET: window.offset, _LIMIT: window.limit + 1}
        page = await rows(db, statements.one, params)
        found = (page[: window.limit], len(page) > window.limit, _total(page, window, counted))
        return [found for _ in parent_ids]
    params = {KEYS: unique, _OFFSET: window.offset, _END: window.offset + window.limit + 1}
    by_parent: defaultdict[Any, list[Row]] = defaultdict(list)
    for row in await rows(db, statements.several, params):
        by_parent[row["gw_parent"]].append(row)
    out = []
    for pid in parent_ids:
        page = by_parent.get(pid, [])
        out.append((page[: window.limit], len(page) > window.limit, _total(page, window, counted)))
    return out


def _total(page: list[Row], window: Window, counted: bool) -> int | None:
    """The window COUNT the page's rows carry (taken out of them), when it is known."""
    if not counted:
        return None
    total = None
    for row in page:
        total = row.pop(_TOTAL)
    if total is None and window.offset == 0:
        return 0  # an empty first page: no children at all
    return None if total is None else int(total)


def counts_statement(stmt: Select[Any], group_by: SQLColumnExpression[Any]) -> Prepared:
    """How many rows of `stmt` each parent of the batch has, one GROUP BY for all parents."""
    sub = (
        stmt.where(group_by.in_(_keys()))
        .with_only_columns(group_by.label("gw_parent"), maintain_column_froms=True)
        .subquery()
    )
    return Prepared(
        select(sub.c.gw_parent, func.count().label("gw_count")).group_by(sub.c.gw_parent)
    )


async def counts(db: Database, stmt: Prepared, parent_ids: Sequence[Any]) -> list[int]:
    """Run a `counts_statement`."""
    found = {r["gw_parent"]: r["gw_count"] for r in await rows(db, stmt, _batch(parent_ids))}
    return [int(found.get(pid, 0)) for pid in parent_ids]


def counts_by_statement(
    stmt: Select[Any], group_by: SQLColumnExpression[Any], value: SQLColumnExpression[Any]
) -> Prepared:
    """Per parent of the batch, how many rows of `stmt` have each distinct `value`."""
    sub = (
        stmt.where(group_by.in_(_keys()))
        .with_only_columns(
            group_by.label("gw_parent"), value.label("gw_value"), maintain_column_froms=True
        )
        .subquery()
    )
    counted = select(sub.c.gw_parent, sub.c.gw_value, func.count().label("gw_count"))
    return Prepared(counted.group_by(sub.c.gw_parent, sub.c.gw_value))


async def counts_by(
    db: Database, stmt: Prepared, parent_ids: Sequence[Any]
) -> list[dict[Any, int]]:
    """Run a `counts_by_statement`."""
    found: defaultdict[Any, dict[Any, int]] = defaultdict(dict)
    for r in await rows(db, stmt, _batch(parent_ids)):
        found[r["gw_parent"]][r["gw_value"]] = int(r["gw_count"])
    return [found.get(pid, {}) for pid in parent_ids]


def aggregates_statement(
    stmt: Select[Any],
    group_by: SQLColumnExpression[Any],
    values: dict[str, SQLColumnExpression[Any]],
) -> Prepared:
    """Per parent of the batch, aggregate `values` (COUNT, MAX...) over the rows of `stmt`."""
    columns: list[Any] = [
        group_by.label("gw_parent"),
        *(v.label(name) for name, v in values.items()),
    ]
    return Prepared(
        stmt.where(group_by.in_(_keys()))
        .with_only_columns(*columns, maintain_column_froms=True)
        .group_by(group_by)
    )


async def aggregates(db: Database, stmt: Prepared, parent_ids: Sequence[Any]) -> list[Row | None]:
    """Run an `aggregates_statement`: None for a parent without rows."""
    found = {row["gw_parent"]: row for row in await rows(db, stmt, _batch(parent_ids))}
    return [found.get(pid) for pid in parent_ids]


def _batch(parent_ids: Sequence[Any]) -> dict[str, Any]:
    return {KEYS: _unique(parent_ids)}
