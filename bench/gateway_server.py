"""A gateway process for the benchmarks, also with the in-process job store.

`ispyb-gateway serve` refuses to start without MongoDB (the in-process store is
not shared between replicas); a benchmark that wants the store out of the way
starts this instead: the same app, the same uvicorn settings, settings from
the environment.

    python -m bench.gateway_server PORT

With `BENCH_TRACEMALLOC=DIR` the process traces its allocations and writes a
snapshot to `DIR/<n>.snapshot` on each SIGUSR1, so a benchmark can diff what
N connections cost, line by line (tracing slows the process: figures taken
with it say where memory goes, not how much RSS or time there is).
"""

from __future__ import annotations

import os
import signal
import sys
import tracemalloc
from pathlib import Path
from types import FrameType

from gateway.cli import _configure_logging, _serve
from gateway.settings import load_settings


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


def main() -> None:
    if trace := os.environ.get("BENCH_TRACEMALLOC"):
        _trace_to(Path(trace))
    settings = load_settings()
    _configure_logging(settings.log_level)
    _serve(settings, "127.0.0.1", int(sys.argv[1]))


if __name__ == "__main__":
    main()
