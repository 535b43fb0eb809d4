"""Private FerretDB and Redis servers a test may stop and restart (MariaDB: tests/mariadb_instance.py).

Never the shared ones: each listens on its own free port with its own data directory."""

from __future__ import annotations

import os
import random
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from gateway.settings import REPO_ROOT


def stable_port() -> int:
    """A free port below the ephemeral range. A server we stop and restart must not sit on
    an ephemeral port: while it is down, a client's own reconnect can draw that port as its
    source and connect to itself (TCP simultaneous open), answering its own pings and
    keeping the port from the restarted server."""
    low, _high = (
        int(p) for p in Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()
    )
    for _ in range(200):
        port = random.randrange(max(1024, low - 12000), low)
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port below the ephemeral range")


def _wait_port(port: int, name: str, within: float = 30) -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"private {name} did not start")


class _Private:
    name = "server"

    def __init__(self) -> None:
        self.base = Path(tempfile.mkdtemp(prefix=f"gw-{self.name}-"))
        self.port = stable_port()
        self.process: subprocess.Popen[bytes] | None = None

    def command(self) -> list[str]:
        raise NotImplementedError

    def start(self) -> None:
        self.process = subprocess.Popen(
            self.command(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        _wait_port(self.port, self.name)

    def stop(self) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(30)
            self.process = None

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.base, ignore_errors=True)


class PrivateRedis(_Private):
    name = "redis"

    @staticmethod
    def available() -> bool:
        return shutil.which("redis-server") is not None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def command(self) -> list[str]:
        return [
            "redis-server",
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(self.base),
        ]


class PrivateFerretDB(_Private):
    """The launcher scripts/services.sh builds (cached under .services/bin)."""

    name = "ferretdb"

    @staticmethod
    def binary() -> Path:
        """`GATEWAY_TEST_FERRETDB_LAUNCHER`, else the one scripts/services.sh built."""
        given = os.environ.get("GATEWAY_TEST_FERRETDB_LAUNCHER")
        if given:
            return Path(given)
        state = Path(os.environ.get("GATEWAY_TEST_STATE", REPO_ROOT / ".services"))
        return state / "bin" / "ferretdb-launcher"

    @classmethod
    def available(cls) -> bool:
        return cls.binary().is_file()

    @property
    def url(self) -> str:
        return f"mongodb://127.0.0.1:{self.port}/"

    def command(self) -> list[str]:
        return [str(self.binary()), "-listen", f"127.0.0.1:{self.port}", "-data", str(self.base)]
