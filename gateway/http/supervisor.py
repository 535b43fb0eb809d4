"""Several `serve` processes on one port, each replaced when it exits (recycling).

CPython never shrinks a heap that fragmented under concurrent load (docs/reliability.md,
"Memory"); the dependable bound is to let a process exit after a number of requests
(`GATEWAY_MAX_REQUESTS_PER_PROCESS`, uvicorn's `limit_max_requests`) and start a fresh
one. uvicorn's own `--workers` supervisor re-creates the app from an import string in
each child, which would lose this project's server (`GracefulServer`, the 1001 goodbye)
and its settings object; this one is smaller: the parent binds the socket once, runs
`ispyb-gateway serve --listen-fd N` children that inherit it, and starts a new child
whenever one exits. While a single child is being replaced, the kernel keeps new
connections in the socket's backlog: they wait for the replacement, they are not
refused. SIGTERM/SIGINT are passed to every child, which drains as usual, and the
parent exits once they have. The parent loads no application code (a few MB).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import logging
import signal
import socket
import subprocess
import sys
import time
from types import FrameType

log = logging.getLogger(__name__)

#: A child that dies this soon after its start is broken (settings, database), not recycled.
_STARTUP_SECONDS = 10.0


def listening_socket(host: str, port: int, backlog: int = 2048) -> socket.socket:
    """The socket every child accepts on, bound once by the parent and inherited."""
    family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
    sock = socket.create_server((host, port), family=family, backlog=backlog)
    sock.set_inheritable(True)
    return sock


def _die_with_parent() -> None:
    """In the child (Linux): SIGTERM when the parent goes, even by SIGKILL, so no orphan
    keeps serving the port."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


class Supervisor:
    """Keeps `processes` children serving on `sock` until told to stop."""

    def __init__(self, sock: socket.socket, processes: int) -> None:
        self.sock = sock
        self.processes = processes
        self.children: dict[subprocess.Popen[bytes], float] = {}  # child -> started at
        self.stopping = False
        self.failed = False

    def _start(self) -> None:
        fd = self.sock.fileno()
        child = subprocess.Popen(
            [sys.executable, "-m", "gateway.cli", "serve", "--listen-fd", str(fd)],
            pass_fds=[fd],
            preexec_fn=_die_with_parent if sys.platform == "linux" else None,
        )
        self.children[child] = time.monotonic()
        log.info("started serving process %d", child.pid)

    def _signal(self, signum: int, _frame: FrameType | None) -> None:
        self.stopping = True
        for child in list(self.children):
            with contextlib.suppress(ProcessLookupError):
                child.send_signal(signal.SIGTERM if signum != signal.SIGINT else signal.SIGINT)

    def run(self) -> int:
        """Serve until SIGTERM/SIGINT; the exit status: 0, or 1 if a child could not start."""
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, self._signal)
        for _ in range(self.processes):
            self._start()
        while self.children:
            time.sleep(0.1)
            for child, started in list(self.children.items()):
                code = child.poll()
                if code is None:
                    continue
                del self.children[child]
                if self.stopping or self.failed:
                    continue
                if code != 0 and time.monotonic() - started < _STARTUP_SECONDS:
                    log.error("process %d exited at start-up (%d): stopping", child.pid, code)
                    self.failed = True
                    self._signal(signal.SIGTERM, None)
                    continue
                log.info("process %d exited (%d): starting its replacement", child.pid, code)
                self._start()
        self.sock.close()
        return 1 if self.failed else 0
