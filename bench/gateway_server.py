"""A gateway process for the benchmarks, also with the in-process job store.

`ispyb-gateway serve` refuses to start without MongoDB (the in-process store is
not shared between replicas); a benchmark that wants the store out of the way
starts this instead: the same app, the same uvicorn settings, settings from
the environment.

    python -m bench.gateway_server PORT

With `BENCH_MIRROR_JOBS=1` (two replicas sharing Redis, each with its own
in-process store) the process copies into its store every job the events
carry, so jobs launched on the other replica can be followed here: two
processes and Redis, with no job store as the bound. Benchmarks only: a
store filled from events is not a store of record.

With `BENCH_REPORT_FANOUT=N` the process prints, for each message it hands to N
subscribers or more, when its delivery pass started and ended against when the message
was published: whether a late burst was late in the gateway or in the reader (with
`BENCH_PROFILE_FANOUT=PATH` also a cProfile of each such pass, in `PATH.<ms>`).

With `BENCH_TRACEMALLOC=DIR` the process traces its allocations and writes a
snapshot to `DIR/<n>.snapshot` on each SIGUSR1, so a benchmark can diff what
N connections cost, line by line (tracing slows the process: figures taken
with it say where memory goes, not how much RSS or time there is).
"""

from __future__ import annotations

import asyncio
import cProfile
import gc
import os
import signal
import sys
import time
import tracemalloc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from pathlib import Path
from types import FrameType
from typing import Any

import gateway.app
from gateway.cli import _configure_logging, _serve
from gateway.events.broker import Message
from gateway.events.memory import InMemoryBroker
from gateway.graphql.subscriptions import carried_job
from gateway.jobs.events import ALL_JOBS
from gateway.jobs.memory_store import InMemoryJobStore
from gateway.services import Services
from gateway.settings import Settings, load_settings


def _trace_to(directory: Path) -> None:
    tracemalloc.start(int(os.environ.get("BENCH_TRACEMALLOC_FRAMES", "1")))
    taken = 0

    def dump(signum: int, frame: FrameType | None) -> None:
        nonlocal taken
        taken += 1
        target = directory / f"{taken}.snapshot"
        tracemalloc.take_snapshot().dump(str(target) + ".part")
        os.replace(str(target) + ".part", target)  # readers see whole files only

    signal.signal(signal.SIGUSR1, dump)


async def _mirror(services: Services) -> None:
    store = services.jobs.store
    assert isinstance(store, InMemoryJobStore), "BENCH_MIRROR_JOBS needs the in-process store"
    async for message in services.broker.subscribe(ALL_JOBS):
        job = carried_job(message)  # decoded once for the watchers and this mirror
        if job is not None:
            store._put(job, store._jobs.get(job.id))  # the store's own indexed insert


def _mirroring_jobs() -> None:
    """`create_app` as `_serve` calls it, plus the mirror for the app's lifetime."""
    create_app = gateway.app.create_app

    def create_app_mirroring(settings: Settings, services: Services | None = None) -> Any:
        services = services or gateway.app.build_services(settings)
        app = create_app(settings, services)
        inner = app.router.lifespan_context

        @asynccontextmanager
        async def lifespan(a: Any) -> AsyncIterator[Any]:
            async with inner(a) as state:
                task = asyncio.create_task(_mirror(services))
                try:
                    yield state
                finally:
                    task.cancel()
                    with suppress(asyncio.CancelledError):
                        await task

        app.router.lifespan_context = lifespan
        return app

    gateway.app.create_app = create_app_mirroring  # type: ignore[assignment]


def _clock(seconds: float) -> str:
    return time.strftime("%H:%M:%S", time.gmtime(seconds)) + f".{int(seconds * 1000) % 1000:03d}"


def _report_fanouts(port: str, least: int, profile: str | None) -> None:
    deliver = InMemoryBroker.deliver

    def timed(self: InMemoryBroker, channel: str, message: Message) -> None:
        many = len(self._subscribers.get(channel, ()))
        if many < least:
            deliver(self, channel, message)
            return
        started = time.time()
        if profile:
            with cProfile.Profile() as p:
                deliver(self, channel, message)
            p.dump_stats(f"{profile}.{int(started * 1000)}")
        else:
            deliver(self, channel, message)
        ended = time.time()
        print(
            f"  gateway :{port} {many} subscribers of {channel}: published"
            f" {str(message.get('publishedAt', '?'))[11:23]}, delivery pass"
            f" {_clock(started)}-{_clock(ended)[6:]} ({(ended - started) * 1000:.1f} ms)",
            file=sys.stderr,
        )

    InMemoryBroker.deliver = timed  # type: ignore[method-assign]


def _report_full_collections(port: str) -> None:
    """Each full collection of 20 ms or more, on stderr: the event loop stood still that long."""
    started = 0.0

    def watch(phase: str, info: dict[str, int]) -> None:
        nonlocal started
        if info["generation"] != 2:
            return
        if phase == "start":
            started = time.perf_counter()
        elif (held := (time.perf_counter() - started) * 1000) >= 20:
            print(
                f"  gateway :{port} full collection held it {held:.1f} ms at {_clock(time.time())}",
                file=sys.stderr,
            )

    gc.callbacks.append(watch)


def main() -> None:
    _report_full_collections(sys.argv[1])
    if least := os.environ.get("BENCH_REPORT_FANOUT"):
        _report_fanouts(sys.argv[1], int(least), os.environ.get("BENCH_PROFILE_FANOUT"))
    if trace := os.environ.get("BENCH_TRACEMALLOC"):
        _trace_to(Path(trace))
    if os.environ.get("BENCH_MIRROR_JOBS"):
        _mirroring_jobs()
    settings = load_settings()
    _configure_logging(settings.log_level)
    _serve(settings, "127.0.0.1", int(sys.argv[1]))


if __name__ == "__main__":
    main()
