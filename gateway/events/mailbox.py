"""A FIFO with one consumer that costs next to nothing while empty.

`asyncio.Queue` allocates four deques (items, getters, putters, and its
`join()` event's waiters), about 3 KiB, before anything is put in it. A live
subscription or a WebSocket is mostly idle, and there are tens of thousands of
them per process, so their queues hold their items in a deque made on the
first put and dropped once emptied, and their one consumer waits on a single
future. A bounded mailbox drops its oldest item when full, never blocks the
producer, and says so (`put_nowait` returns False).
"""

from __future__ import annotations

import asyncio
from collections import deque
from typing import Generic, TypeVar

T = TypeVar("T")


class Mailbox(Generic[T]):
    __slots__ = ("_items", "_limit", "_waiter")

    def __init__(self, limit: int | None = None) -> None:
        self._items: deque[T] | None = None
        self._limit = limit
        self._waiter: asyncio.Future[None] | None = None

    def put_nowait(self, item: T) -> bool:
        """Queue `item`; False if the mailbox was full and its oldest item was dropped."""
        kept = True
        if self._items is None:
            self._items = deque()
        elif self._limit is not None and len(self._items) >= self._limit:
            self._items.popleft()
            kept = False
        self._items.append(item)
        # Wake the consumer; the item stays queued, so a consumer cancelled meanwhile loses nothing.
        if self._waiter is not None and not self._waiter.done():
            self._waiter.set_result(None)
        return kept

    async def get(self) -> T:
        while not self._items:
            self._waiter = asyncio.get_running_loop().create_future()
            try:
                await self._waiter
            finally:
                self._waiter = None
        item = self._items.popleft()
        if not self._items:
            self._items = None
        return item

    def empty(self) -> bool:
        return not self._items

    def idle(self) -> bool:
        """Nothing queued and the consumer waiting: it has handled everything put before."""
        return not self._items and self._waiter is not None and not self._waiter.done()

    def qsize(self) -> int:
        return len(self._items) if self._items else 0
