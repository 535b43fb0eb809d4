"""Start a page's relation loads as soon as its rows arrive, not when graphql-core gets there.

graphql-core completes a page of 100 collections field by field; the first
relation resolver of the first collection runs only after every collection's
leaves and resolver coroutines have been set up — ~15 ms of Python on the
session page, during which the database and the job store sit idle. A list
resolver calls `start_loads` with its nodes instead: for every relation the
operation selects on that type (gateway.graphql.selection) it asks the same
DataLoader for every node's key at once, and each finished load starts the
loads of its own rows. The list waits for them (the job store's excepted) and
the resolvers then receive the very same, finished futures from the loaders'
cache, so they answer synchronously. Nothing is loaded that the operation does
not select, and no row reaches the response but through the resolvers.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from gateway.graphql.context import Info
from gateway.graphql.loaders import Loaders, retrieve_error

Starter = Callable[[Loaders, Any], Any]  # returns the loader's future, or None: nothing to load
S = TypeVar("S", bound=Starter)
T = TypeVar("T")


@dataclass(frozen=True)
class Start:
    load: Starter
    wait: bool
    child: str | None


STARTERS: dict[str, dict[str, Start]] = {}


def starts(
    type_name: str, field: str, *, wait: bool = True, child: str | None = None
) -> Callable[[S], S]:
    """Register the load behind `type_name.field` (its resolver settles the same future).

    `wait`: the list waits for this load before graphql-core completes it, so the
    resolver answers synchronously (no coroutine, no task per object); loads slower
    than the rest of the page (the job store) are started but not waited for.
    `child`: the GraphQL type of the rows it loads, whose own relations are then
    started in turn, level after level, while graphql-core has not begun."""

    def register(starter: S) -> S:
        STARTERS.setdefault(type_name, {})[field] = Start(starter, wait, child)
        return starter

    return register


class Pending(Generic[T]):
    """A load not finished yet, and what to make of its rows.

    Awaitable, for graphql-core; the planner instead waits on the loads' futures
    together and takes `result()`, so a level of unfinished loads costs no task per
    object (wrapping a coroutine per object into tasks would)."""

    __slots__ = ("convert", "future")

    def __init__(self, future: asyncio.Future[Any], convert: Callable[[Any], T]) -> None:
        self.future = future
        self.convert = convert

    def __await__(self) -> Generator[Any, None, T]:
        return self._converted().__await__()

    async def _converted(self) -> T:
        return self.convert(await self.future)

    def result(self) -> T:
        """The converted rows, once the future is done (its error raised)."""
        return self.convert(self.future.result())


def settle(future: Any, convert: Callable[[Any], T]) -> T | Pending[T]:
    """The converted result now if the load is done, else a `Pending` of it.

    graphql-core takes either from a resolver; a value costs it no task."""
    if future is None:
        return convert(None)
    if future.done():
        return convert(future.result())
    return Pending(future, convert)


def maybe(build: Callable[[Any], T]) -> Callable[[Any], T | None]:
    """`build` for a row that may be missing (a nullable key, a hidden row)."""
    return lambda row: None if row is None else build(row)


def each(build: Callable[[Any], T]) -> Callable[[list[Any]], list[T]]:
    """`build` for every row of a list of children."""
    return lambda rows: [build(r) for r in rows]


class Rows(list[Any]):
    """A list field's rows given to the planner as they are (it reads their columns;
    the objects they stand for would only wrap them)."""


class RowView:
    """A loaded row seen as an object, for the starters of the next level.

    The row itself is the instance's `__dict__`: an attribute is then a plain lookup in
    it (a `__getattr__` runs only after the normal lookup has failed, raising and
    catching an AttributeError each time: 1.3 µs an attribute, 0.2 µs this way). The
    starters only read it."""

    def __init__(self, row: dict[str, Any]) -> None:
        self.__dict__ = row


async def start_loads(info: Info, nodes: Sequence[Any]) -> None:
    """Load the selected relations below `nodes` before graphql-core completes them.

    Each load that finishes starts the loads of its own rows at once (no barrier per
    level); the page returns when every waited load is done. Awaiting here also
    gives the DataLoaders the turns of the loop they dispatch on, before graphql-core
    completes the page synchronously."""
    definition = getattr(type(nodes[0]), "__strawberry_definition__", None) if nodes else None
    if definition is None or info.context.planned:
        return
    loaders = info.context.loaders
    pending: dict[asyncio.Future[Any], str | None] = {}

    def start(type_name: str, objects: Sequence[Any]) -> None:
        selected = loaders.selected(type_name)
        for field, how in STARTERS.get(type_name, {}).items():
            if field not in selected:
                continue
            for obj in objects:
                future = how.load(loaders, obj)
                if future is not None:
                    future.add_done_callback(retrieve_error)
                    if how.wait:
                        pending[future] = how.child

    start(definition.name, nodes)
    while pending:
        done, _ = await asyncio.wait(set(pending), return_when=asyncio.FIRST_COMPLETED)
        below: dict[str, list[RowView]] = {}
        for future in done:
            child = pending.pop(future)
            if child is None or future.cancelled() or future.exception() is not None:
                continue  # errors are the resolvers' to report
            result = future.result()
            rows = result if isinstance(result, list) else [result]
            below.setdefault(child, []).extend(RowView(r) for r in rows if r is not None)
        for child, rows in below.items():
            start(child, rows)
