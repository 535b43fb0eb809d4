"""Batched, permission-filtered reads: the only way the GraphQL layer fetches ISPyB rows.

Every function takes a `condition` from `gateway.sql.access` and joins it into
its statement; none returns a row the viewer may not see. Each issues exactly
one statement for any number of keys, which is what keeps the graph N+1-free.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import Column, Select, SQLColumnExpression, func, select
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.sql.elements import ColumnElement

from gateway.sql.paging import Window

Row = dict[str, Any]  # keyed by column name
Database = AsyncEngine


async def rows(db: Database, stmt: Select[Any]) -> list[Row]:
    """Plain dicts keyed by column: cheaper than ORM sessions and RowMappings on big pages."""
    async with db.connect() as conn:
        result = await conn.execute(stmt)
        keys = list(result.keys())
        return [dict(zip(keys, values, strict=True)) for values in result.all()]


async def by_keys(
    db: Database,
    key: InstrumentedAttribute[Any],
    keys: Sequence[Any],
    condition: ColumnElement[bool] | None,
    columns: Sequence[Column[Any]] | None = None,
) -> list[Row | None]:
    """Rows whose `key` is in `keys`, in the order of `keys` (None where missing or hidden).

    `columns` (default: all) must include `key`; `condition` None: the keys' source
    already makes the rows visible (access.REACHED)."""
    model = cast(type[Any], key.class_)
    stmt = select(*(columns or model.__table__.columns)).where(key.in_(set(keys)))
    if condition is not None:
        stmt = stmt.where(condition)
    found = await rows(db, stmt)
    index = {row[key.key]: row for row in found}
    return [index.get(k) for k in keys]


async def children(
    db: Database,
    parent_key: InstrumentedAttribute[Any],
    parent_ids: Sequence[Any],
    condition: ColumnElement[bool] | None,
    order_by: Sequence[SQLColumnExpression[Any]] = (),
    columns: Sequence[Column[Any]] | None = None,
) -> list[list[Row]]:
    """All children of each parent, one statement for all parents (`columns` include the key).

    `condition` None: the parents' visibility already covers the children (access.INHERITED)."""
    model = cast(type[Any], parent_key.class_)
    stmt = select(*(columns or model.__table__.columns))
    if condition is not None:
        stmt = stmt.where(condition)
    return await grouped(db, stmt, parent_key, parent_ids, order_by)


async def grouped(
    db: Database,
    stmt: Select[Any],
    parent: SQLColumnExpression[Any],
    parent_ids: Sequence[Any],
    order_by: Sequence[SQLColumnExpression[Any]] = (),
) -> list[list[Row]]:
    """The rows of `stmt` under each parent (`parent`: the selected column naming it), in one
    statement for all parents; a row may come under several parents."""
    stmt = stmt.where(parent.in_(set(parent_ids)))
    if order_by:
        stmt = stmt.order_by(*order_by)
    by_parent: defaultdict[Any, list[Row]] = defaultdict(list)
    key = cast(Any, parent).key
    for row in await rows(db, stmt):
        by_parent[row[key]].append(row)
    return [by_parent.get(pid, []) for pid in parent_ids]


async def children_window(
    db: Database,
    stmt: Select[Any],
    parent_key: SQLColumnExpression[Any],
    parent_ids: Sequence[Any],
    order_by: Sequence[SQLColumnExpression[Any]],
    window: Window,
    counted: bool = False,
) -> list[tuple[list[Row], bool, int | None]]:
    """One page of children for each parent (ROW_NUMBER per parent), in one statement.

    Returns, per parent, the page's rows, whether more follow and, when `counted`, how
    many children it has in all (a window COUNT over the same rows, instead of a
    statement of its own; None where the page is empty past the first row, as nothing
    came back to carry it). With a single parent (a session page, say) a plain
    ORDER BY ... LIMIT does the same job and lets the database stop early instead of
    numbering every child.
    """
    if len(set(parent_ids)) == 1:
        (pid,) = set(parent_ids)
        single = stmt.where(parent_key == pid)
        if counted:
            single = single.add_columns(func.count().over().label(_TOTAL))
        page = await rows(
            db, single.order_by(*order_by).offset(window.offset).limit(window.limit + 1)
        )
        found = (page[: window.limit], len(page) > window.limit, _total(page, window, counted))
        return [found for _ in parent_ids]
    extra = [
        func.row_number().over(partition_by=parent_key, order_by=list(order_by)).label("gw_rn"),
        parent_key.label("gw_parent"),
    ]
    if counted:
        extra.append(func.count().over(partition_by=parent_key).label(_TOTAL))
    numbered = stmt.where(parent_key.in_(set(parent_ids))).add_columns(*extra).subquery()
    query = (
        select(numbered)
        .where(
            numbered.c.gw_rn > window.offset, numbered.c.gw_rn <= window.offset + window.limit + 1
        )
        .order_by(numbered.c.gw_parent, numbered.c.gw_rn)
    )
    grouped: defaultdict[Any, list[Row]] = defaultdict(list)
    for row in await rows(db, query):
        grouped[row["gw_parent"]].append(row)
    out = []
    for pid in parent_ids:
        page = grouped.get(pid, [])
        out.append((page[: window.limit], len(page) > window.limit, _total(page, window, counted)))
    return out


_TOTAL = "gw_total"


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


async def counts(
    db: Database,
    stmt: Select[Any],
    group_by: SQLColumnExpression[Any],
    parent_ids: Sequence[Any],
) -> list[int]:
    """How many rows of `stmt` each parent has, one GROUP BY for all parents."""
    sub = (
        stmt.where(group_by.in_(set(parent_ids)))
        .with_only_columns(group_by.label("gw_parent"), maintain_column_froms=True)
        .subquery()
    )
    query = select(sub.c.gw_parent, func.count()).group_by(sub.c.gw_parent)
    async with db.connect() as conn:
        found: dict[Any, int] = {pid: n for pid, n in (await conn.execute(query)).all()}
    return [int(found.get(pid, 0)) for pid in parent_ids]


async def counts_by(
    db: Database,
    stmt: Select[Any],
    group_by: SQLColumnExpression[Any],
    value: SQLColumnExpression[Any],
    parent_ids: Sequence[Any],
) -> list[dict[Any, int]]:
    """Per parent, how many rows of `stmt` have each distinct `value`, in one statement."""
    sub = (
        stmt.where(group_by.in_(set(parent_ids)))
        .with_only_columns(
            group_by.label("gw_parent"), value.label("gw_value"), maintain_column_froms=True
        )
        .subquery()
    )
    query = select(sub.c.gw_parent, sub.c.gw_value, func.count()).group_by(
        sub.c.gw_parent, sub.c.gw_value
    )
    found: defaultdict[Any, dict[Any, int]] = defaultdict(dict)
    async with db.connect() as conn:
        for pid, v, n in (await conn.execute(query)).all():
            found[pid][v] = int(n)
    return [found.get(pid, {}) for pid in parent_ids]


async def aggregates(
    db: Database,
    stmt: Select[Any],
    group_by: SQLColumnExpression[Any],
    parent_ids: Sequence[Any],
    values: dict[str, SQLColumnExpression[Any]],
) -> list[Row | None]:
    """Per parent, aggregate `values` (COUNT, MAX...) over the rows of `stmt`, one GROUP BY
    for all parents; None for a parent without rows."""
    columns: list[Any] = [
        group_by.label("gw_parent"),
        *(v.label(name) for name, v in values.items()),
    ]
    query = (
        stmt.where(group_by.in_(set(parent_ids)))
        .with_only_columns(*columns, maintain_column_froms=True)
        .group_by(group_by)
    )
    found = {row["gw_parent"]: row for row in await rows(db, query)}
    return [found.get(pid) for pid in parent_ids]
