"""Offset windows over ordered, permission-filtered statements.

Cursors are offsets (as strawberry's own ListConnection uses): exact with
NULLs in the sort columns and cheap at the page depths a UI browses.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession


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


async def fetch_page(session: AsyncSession, stmt: Select[Any], window: Window) -> Page:
    """Run `stmt` (already ordered) for one window, reading one row more to know what follows."""
    result = await session.execute(stmt.offset(window.offset).limit(window.limit + 1))
    rows = list(result.mappings())
    return Page(
        rows=rows[: window.limit],
        offset=window.offset,
        has_next=len(rows) > window.limit,
        has_previous=window.offset > 0,
    )


async def count(session: AsyncSession, stmt: Select[Any]) -> int:
    counted = select(func.count()).select_from(stmt.order_by(None).subquery())
    return int((await session.execute(counted)).scalar_one())
