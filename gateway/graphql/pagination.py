"""Relay connections: arguments checked once, pages cut in SQL, totals counted in SQL."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any, Generic, Protocol, TypeVar, cast

import strawberry
from sqlalchemy import Select, SQLColumnExpression
from strawberry import relay

from gateway.errors import BadUserInput
from gateway.graphql.context import Info
from gateway.graphql.lookahead import Rows, start_loads
from gateway.sql.paging import Page, Window, count, fetch_page

NodeT = TypeVar("NodeT")
_PREFIX = "offset:"


def encode_cursor(offset: int) -> str:
    return base64.b64encode(f"{_PREFIX}{offset}".encode()).decode()


def decode_cursor(cursor: str, argument: str) -> int:
    try:
        raw = base64.b64decode(cursor, validate=True).decode()
        if not raw.startswith(_PREFIX):
            raise ValueError(raw)
        offset = int(raw[len(_PREFIX) :])
        if offset < 0:
            raise ValueError(raw)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise BadUserInput(
            f"`{argument}` is not a cursor this API issued", argument=argument
        ) from None
    return offset


DEFAULT_PAGE_SIZE = 50  # a connection's page when neither `first` nor `last` is given


def window(
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
    *,
    max_size: int,
    default_size: int = DEFAULT_PAGE_SIZE,
    total: int | None = None,
) -> Window:
    """Translate Relay arguments to an offset window; refuse nonsense with BAD_USER_INPUT."""
    for name, value in (("first", first), ("last", last)):
        if value is not None and value < 0:
            raise BadUserInput(f"`{name}` must not be negative", argument=name)
        if value is not None and value > max_size:
            raise BadUserInput(
                f"`{name}` is {value}; the largest page is {max_size}",
                argument=name,
                maximum=max_size,
            )
    if first is not None and last is not None:
        raise BadUserInput("use `first` or `last`, not both", argument="last")
    start = decode_cursor(after, "after") + 1 if after is not None else 0
    end = decode_cursor(before, "before") if before is not None else None
    if last is not None:
        if end is None:
            if total is None:
                raise BadUserInput("`last` needs `before` on this list", argument="last")
            end = total
        begin = max(start, end - last)
        return Window(offset=begin, limit=max(0, end - begin))
    size = default_size if first is None else first
    if end is not None:
        size = max(0, min(size, end - start))
    return Window(offset=start, limit=size)


@strawberry.type(description="An item of a list with the cursor that points at it.")
class Edge(Generic[NodeT]):
    cursor: str
    node: NodeT


@strawberry.type(description="A page of a list, with cursors to move through it.")
class Connection(Generic[NodeT]):
    """A page's rows, made into nodes only where a resolver needs objects: the planner
    reads `nodes` as the rows themselves (`Rows`)."""

    page_info: relay.PageInfo
    _rows: strawberry.Private[Sequence[Any]]
    _build: strawberry.Private[Callable[[Any], NodeT]]
    _offset: strawberry.Private[int]
    _total: strawberry.Private[Callable[[], Awaitable[int]]]
    _nodes: strawberry.Private[list[NodeT] | None] = None

    @strawberry.field
    def edges(self) -> list[Edge[NodeT]]:
        start = self._offset
        return [Edge(cursor=encode_cursor(start + i), node=n) for i, n in enumerate(self.objects())]

    @strawberry.field(description="The nodes of this page, without edges.")
    def nodes(self, info: Info) -> list[NodeT]:
        if info.context.planned:
            return cast(list[NodeT], Rows(self._rows))
        return self.objects()

    @strawberry.field(description="How many items the whole list has (counted in SQL).")
    async def total_count(self) -> int:
        return await self._total()

    def objects(self) -> list[NodeT]:
        """The page's nodes, built once."""
        if self._nodes is None:
            self._nodes = [self._build(row) for row in self._rows]
        return self._nodes


def connection(
    rows: Sequence[Any],
    build_node: Callable[[Any], NodeT],
    page: Page,
    total: Callable[[], Awaitable[int]],
) -> Connection[NodeT]:
    """A page of `rows`; `build_node` is the node type's `from_row`, as the planner
    builds the objects it needs from rows with that."""
    last = page.offset + len(rows) - 1
    return Connection(
        page_info=relay.PageInfo(
            has_next_page=page.has_next,
            has_previous_page=page.has_previous,
            start_cursor=encode_cursor(page.offset) if rows else None,
            end_cursor=encode_cursor(last) if rows else None,
        ),
        _rows=rows,
        _build=build_node,
        _offset=page.offset,
        _total=total,
    )


async def _started(info: Info, made: Connection[NodeT]) -> Connection[NodeT]:
    """The connection, its nodes' selected relations started (graphql-core's path: the
    planner starts them itself, level by level, from the rows)."""
    if not info.context.planned:
        await start_loads(info, made.objects())
    return made


@strawberry.enum(description="Sort direction.")
class Direction(Enum):
    ASC = "asc"
    DESC = "desc"


def ordering(
    column: SQLColumnExpression[Any], direction: Direction, tiebreak: SQLColumnExpression[Any]
) -> list[SQLColumnExpression[Any]]:
    """ORDER BY the chosen column, then the primary key, so pages never overlap."""
    if direction is Direction.DESC:
        return [column.desc(), tiebreak.desc()]
    return [column.asc(), tiebreak.asc()]


@dataclass(frozen=True)
class PageArgs:
    first: int | None = None
    after: str | None = None
    last: int | None = None
    before: str | None = None


class Filter(Protocol):
    def apply(self, stmt: Select[Any]) -> Select[Any]: ...


async def root_connection(
    info: Info,
    build_node: Callable[[Any], NodeT],
    *,
    model: type[Any],
    filter: Filter,
    order: tuple[SQLColumnExpression[Any], Direction],
    tiebreak: SQLColumnExpression[Any],
    args: PageArgs,
) -> Connection[NodeT]:
    """A top-level list of the rows of `model` the caller may see, filtered and ordered.

    One statement for the page, one COUNT when totalCount is asked.
    """
    engine = info.context.services.reader
    stmt = filter.apply(info.context.loaders.visible(model))

    async def total() -> int:
        async with engine.connect() as conn:
            return await count(conn, stmt)

    needs_total = args.last is not None and args.before is None
    win = window(
        args.first,
        args.after,
        args.last,
        args.before,
        max_size=info.context.services.settings.max_page_size,
        total=await total() if needs_total else None,
    )
    loaders = info.context.loaders
    listed, joins = loaders.joined(stmt, model)
    async with engine.connect() as conn:
        page = await fetch_page(conn, listed.order_by(*ordering(*order, tiebreak)), win)
    loaders.prime(joins, page.rows)
    return await _started(info, connection(page.rows, build_node, page, total))


def _connection_name(build_node: Callable[[Any], Any]) -> str:
    """The GraphQL name of the connection a node builder's type lists in (`XConnection`)."""
    owner = getattr(build_node, "__self__", None)
    definition = getattr(owner, "__strawberry_definition__", None)
    return f"{definition.name}Connection" if definition is not None else ""


async def nested_connection(
    info: Info,
    name: str,
    build_node: Callable[[Any], NodeT],
    *,
    base: Callable[[], Select[Any]],
    filter: Filter,
    order: tuple[SQLColumnExpression[Any], Direction],
    tiebreak: SQLColumnExpression[Any],
    parent_key: SQLColumnExpression[Any],
    parent_id: Any,
    args: PageArgs,
) -> Connection[NodeT]:
    """A list under a parent: pages and counts for all parents of a level in one statement each.

    The statement (`base`, filtered, ordered) is built once per request for each distinct
    list and filter, not once per parent: building SQL expressions is not free.
    """
    loaders = info.context.loaders
    key = (name, filter, str(order[0]), order[1])

    def build() -> tuple[Select[Any], Sequence[SQLColumnExpression[Any]]]:
        return filter.apply(base()), ordering(order[0], order[1], tiebreak)

    counter = loaders.count(key, lambda: build()[0], parent_key)

    async def total() -> int:
        return await counter.load(parent_id)

    needs_total = args.last is not None and args.before is None
    win = window(
        args.first,
        args.after,
        args.last,
        args.before,
        max_size=info.context.services.settings.max_page_size,
        total=await total() if needs_total else None,
    )
    counted = "totalCount" in loaders.selected(_connection_name(build_node))
    pages = loaders.page(key, build, parent_key, tiebreak, win, counter if counted else None)
    rows, has_next = await pages.load(parent_id)
    page = Page(rows=rows, offset=win.offset, has_next=has_next, has_previous=win.offset > 0)
    return await _started(info, connection(rows, build_node, page, total))
