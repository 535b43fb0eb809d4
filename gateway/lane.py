"""A second event loop, on its own thread, for the queries that run long.

One event loop runs every request of a process; a query returning tens of thousands
of objects keeps it busy for seconds, decoding rows and building objects with no
turn for anyone else (`/healthz` waited 0.6 to 0.8 s behind one). On a lane, such a
query shares the interpreter with the main loop as two threads do: the interpreter
hands the lock over every `sys.getswitchinterval()` (5 ms), so the main loop keeps
answering while the heavy query runs, at about half speed each.

A loop's pools belong to it (a connection's sockets are registered with one loop), so
the lane has its own services, built from the same settings: its own SQL pools and
job-store client. It shares the process's metrics. The main loop awaits each
operation it hands over; cancelling that wait (a deadline, a client gone) cancels
the operation on the lane.

While the lane runs an operation the cyclic collector is paused, in the whole process.
Such a result is millions of young objects that all live until it is sent; every
collection of the young generations walked them again with every thread stopped (on
the 80,000-collection read: four to five of 70-160 ms each, the main loop's requests
waiting behind them). Those objects are acyclic and reference counting frees them
(a request's loaders are released, gateway.graphql.loaders.Loaders.release); the
collector resumes when the last lane operation ends.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import gc
import logging
import threading
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, TypeVar

from gateway.services import Services

log = logging.getLogger("gateway.lane")

T = TypeVar("T")


class Lane:
    def __init__(
        self,
        build: Callable[[], Services],
        prepare: Callable[[Services], Awaitable[object]] | None = None,
    ) -> None:
        self._build = build
        self._prepare = prepare
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._services: Services | None = None
        self._background: concurrent.futures.Future[object] | None = None
        self._running = 0  # operations under way (counted on the main loop)
        self._resume_collector = False

    @property
    def started(self) -> bool:
        return self._services is not None

    @property
    def services(self) -> Services:
        """The lane's services: use them only in code running on the lane."""
        if self._services is None:
            raise RuntimeError("the lane is not started")
        return self._services

    async def start(self) -> None:
        """Start the thread and build the services on its loop (nothing connects yet)."""
        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=loop.run_forever, name="gateway-lane", daemon=True)
        thread.start()
        self._loop, self._thread = loop, thread
        self._services = await self._submit(self._built())
        if self._prepare is not None:
            # Learning the site's schema may wait for the database: not a reason to wait here.
            self._background = asyncio.run_coroutine_threadsafe(
                _awaited(self._prepare(self._services)), loop
            )

    async def _built(self) -> Services:
        return self._build()

    async def run(self, operation: Coroutine[Any, Any, T]) -> T:
        """Run `operation` on the lane and wait for it; cancelling the wait cancels it."""
        if not self._running:
            self._resume_collector = gc.isenabled()
            gc.disable()
        self._running += 1
        try:
            return await self._submit(operation)
        finally:
            self._running -= 1
            if not self._running and self._resume_collector:
                gc.enable()

    async def _submit(self, operation: Coroutine[Any, Any, T]) -> T:
        assert self._loop is not None
        return await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(operation, self._loop))

    async def close(self) -> None:
        """Close the lane's services, then stop its loop and thread."""
        loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return
        if self._background is not None:
            self._background.cancel()
        if self._services is not None:
            try:
                await self._submit(self._services.close())
            except Exception:  # closing pools of a server already gone
                log.warning("closing the lane's services failed", exc_info=True)
        loop.call_soon_threadsafe(loop.stop)
        await asyncio.to_thread(thread.join, 5)
        if not thread.is_alive():
            loop.close()
        self._loop = self._thread = self._services = None


async def _awaited(awaitable: Awaitable[T]) -> T:
    return await awaitable
