"""Offset windows over ordered, permission-filtered statements.

Cursors are offsets (as strawberry's own ListConnection uses): exact with
NULLs in the sort columns and cheap at the page depths a UI browses.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncConnection


@dataclass(frozen=True)
class Window:
    offset: int
    limit: int


@dataclass(frozen=True)
class Page:
    rows: list[Any]
    offset: int
    has_next: bool
    has_previous: bool


async def fetch_page(conn: AsyncConnection, stmt: Select[Any], window: Window) -> Page:
    """Run `stmt` (already ordered) for one window, reading one row more to know what follows."""
    result = await conn.execute(stmt.offset(window.offset).limit(window.limit + 1))
    keys = list(result.keys())
    rows = [dict(zip(keys, values, strict=True)) for values in result.all()]
    return Page(
        rows=rows[: window.limit],
        offset=window.offset,
        has_next=len(rows) > window.limit,
        has_previous=window.offset > 0,
    )


async def count(conn: AsyncConnection, stmt: Select[Any]) -> int:
    counted = select(func.count()).select_from(stmt.order_by(None).subquery())
    return int((await conn.execute(counted)).scalar_one())
