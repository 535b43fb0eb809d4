"""A private MariaDB server a test may stop and restart without hurting the others."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from tests.server import free_port


class PrivateMariaDB:
    def __init__(self) -> None:
        # Outside pytest's tmp_path: that tree is private to root, and mariadbd runs as mysql.
        base = Path(tempfile.mkdtemp(prefix="gw-mariadb-"))
        base.chmod(0o755)
        self.base = base
        self.datadir = base / "data"
        self.tmpdir = base / "tmp"
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @staticmethod
    def available() -> bool:
        return (
            shutil.which("mariadbd") is not None and shutil.which("mariadb-install-db") is not None
        )

    @property
    def url(self) -> str:
        return f"mysql+asyncmy://root@127.0.0.1:{self.port}/mysql"

    def _chown(self, path: Path) -> None:
        if os.geteuid() == 0:
            shutil.chown(path, "mysql", "mysql")

    def install(self) -> None:
        self.datadir.mkdir(parents=True)
        self.tmpdir.mkdir()
        self._chown(self.datadir.parent)
        self._chown(self.datadir)
        self._chown(self.tmpdir)
        subprocess.run(
            [
                "mariadb-install-db",
                "--user=mysql",
                f"--datadir={self.datadir}",
                "--skip-test-db",
                "--auth-root-authentication-method=normal",
            ],
            check=True,
            capture_output=True,
        )

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "mariadbd",
                "--no-defaults",
                "--user=mysql",
                f"--datadir={self.datadir}",
                f"--port={self.port}",
                "--bind-address=127.0.0.1",
                f"--socket={self.datadir}/mysqld.sock",
                f"--pid-file={self.datadir}/mysqld.pid",
                # Its own: at start-up a server deletes the temporary files it finds in its
                # tmpdir, which in /tmp would be the shared server's, mid-query.
                f"--tmpdir={self.tmpdir}",
                "--skip-grant-tables",
                "--innodb-buffer-pool-size=16M",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("private mariadbd did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(30)
            self.process = None

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.base, ignore_errors=True)
