"""Give memory back to the system after a request that took a lot of it.

A heavy request (tens of thousands of objects, a response of megabytes) leaves the
process with its peak heap: CPython frees the objects, but glibc's malloc keeps the
freed pages in its arenas, so the resident memory stays near the peak for good
(docs/reliability.md, "Memory"). `malloc_trim(0)` hands every free page back. It is
cheap when there is little to give and runs off the event loop (ctypes releases
the GIL), so `MemoryTrimMiddleware` calls it after an HTTP request whenever the
resident memory grew by `GATEWAY_MEMORY_TRIM_MB` since the last trim, one trim at
a time. Where there is no glibc (musl, macOS) or no /proc, it does nothing.
"""

from __future__ import annotations

import asyncio
import ctypes
import ctypes.util
import gc
import logging
import os
import time
from collections.abc import Callable

from starlette.types import ASGIApp, Receive, Scope, Send

log = logging.getLogger(__name__)

_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
MB = 1024 * 1024


def resident_bytes() -> int | None:
    """This process's resident memory (Linux: /proc/self/statm, a few µs), else None."""
    try:
        with open("/proc/self/statm", "rb") as f:
            return int(f.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return None


def _glibc_trim() -> Callable[[int], int] | None:
    """glibc's `malloc_trim`, or None where the C library has none."""
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name)
        trim = libc.malloc_trim
    except (OSError, AttributeError, TypeError):
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim


class Trimmer:
    """Trims the heap when the resident memory grew by `threshold` bytes since the last trim."""

    def __init__(self, threshold_mb: int, min_interval: float = 1.0) -> None:
        self.threshold = threshold_mb * MB
        self.min_interval = min_interval
        self._trim = _glibc_trim() if threshold_mb > 0 else None
        baseline = resident_bytes()
        self.enabled = self._trim is not None and baseline is not None
        self.baseline = baseline or 0
        self.trims = 0  # how many ran (observable in tests and /metrics-like checks)
        self.in_flight = 0  # HTTP requests under way (MemoryTrimMiddleware counts them)
        self._last = 0.0
        self._task: asyncio.Task[None] | None = None

    def after_request(self) -> None:
        """Start a trim if the heap grew enough and none is running; costs one /proc read.

        Only once no request is under way: the full collection before the trim stops
        every thread (a heavy query on the lane too) for as long as it walks the heap,
        up to hundreds of ms after a big result; the last request to end triggers it."""
        if not self.enabled or (self._task is not None and not self._task.done()):
            return
        if self.in_flight:
            return
        now = time.monotonic()
        rss = resident_bytes()
        if rss is None or rss - self.baseline < self.threshold:
            return
        if now - self._last < self.min_interval:
            return
        self._last = now
        self._task = asyncio.get_running_loop().create_task(self.trim())

    async def trim(self) -> None:
        """Collect the young generations' cycles (a heavy request's), then return free pages.

        Not a full collection: on the event loop it walks every object of the process,
        and with 11,000 subscribed sockets open that stopped the gateway for 2.4-4.6 s
        (docs/performance.md, issue 17). A request's objects are young, and its largest
        cycle (its loaders) is broken once it is answered (`Loaders.release`)."""
        assert self._trim is not None
        before = resident_bytes() or 0
        gc.collect(1)
        await asyncio.to_thread(self._trim, 0)
        after = resident_bytes() or 0
        self.baseline = after
        self.trims += 1
        log.debug("malloc_trim: resident %d MB -> %d MB", before // MB, after // MB)


class MemoryTrimMiddleware:
    """After each HTTP request, lets the `Trimmer` decide whether to give memory back."""

    def __init__(self, app: ASGIApp, trimmer: Trimmer) -> None:
        self.app = app
        self.trimmer = trimmer

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self.trimmer.enabled:
            await self.app(scope, receive, send)
            return
        self.trimmer.in_flight += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.trimmer.in_flight -= 1
            self.trimmer.after_request()
