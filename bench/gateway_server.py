"""A gateway process for the benchmarks, also with the in-process job store.

`ispyb-gateway serve` refuses to start without MongoDB (the in-process store is
not shared between replicas); a benchmark that wants the store out of the way
starts this instead: the same app, the same uvicorn settings, settings from
the environment.

    python -m bench.gateway_server PORT
"""

from __future__ import annotations

import sys

from gateway.cli import _configure_logging, _serve
from gateway.settings import load_settings


def main() -> None:
    settings = load_settings()
    _configure_logging(settings.log_level)
    _serve(settings, "127.0.0.1", int(sys.argv[1]))


if __name__ == "__main__":
    main()
