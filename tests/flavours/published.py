"""The published ISPyB schemas vendored in `ddl/`, and how a test database is built from one.

A flavour is loaded as a DBA would load it: the file as published, through the
`mariadb` command-line client. One change only: `DEFINER=` clauses of views are
dropped (as `mariadb-dump` users do when they move a dump to another server), since
the accounts they name (`root`@`%`) need not exist on the test server.
"""

from __future__ import annotations

import gzip
import hashlib
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

DDL = Path(__file__).parent / "ddl"
ESRF = "ispyb/ispyb-database"
DLS = "DiamondLightSource/ispyb-database"


@dataclass(frozen=True)
class Flavour:
    name: str  # file stem, e.g. "esrf-v1.1.0"
    repository: str
    tag: str
    commit: str
    path: str
    sha256: str  # of the file as published (uncompressed)

    @property
    def file(self) -> Path:
        return DDL / f"{self.name}.sql.gz"

    def sql(self) -> str:
        return gzip.decompress(self.file.read_bytes()).decode("utf-8")


FLAVOURS = (
    Flavour(
        "esrf-v1.0.0",
        ESRF,
        "v1.0.0",
        "13277b4a73fce26bbebf70cd3d53ce8dd3d9051d",
        "schema/1_tables.sql",
        "d45421f2533eccc0ef1507c2d583da8e62a2ee7e28783996b313c772a6d2dd49",
    ),
    Flavour(
        "esrf-v1.1.0",  # also the schema of the main branch at e378c95 (same file)
        ESRF,
        "v1.1.0",
        "a2b049e4c939d9a713ce043c258143e1560a85d7",
        "schema/1_tables.sql",
        "14cef7b73c697f88c3c9cc630ef258039ca9a6ed32bc154919178e81ea67ff20",
    ),
    Flavour(
        "dls-v1.36.1",
        DLS,
        "v1.36.1",
        "af804b261d46a61570e0705742167d348383e6e2",
        "schemas/ispyb/tables.sql",
        "df7db33c08c8d4425d9d6b29d2b466a8ed64de6325f2fa6aa5b358fef6c37010",
    ),
    Flavour(
        "dls-v2.1.0",
        DLS,
        "v2.1.0",
        "fe7c0429c72431f645e2380d754c095d1e736568",
        "schemas/ispyb/tables.sql",
        "6d4f1709f915d90e2376c07504fe6dab464e84f3c26b2f8c193b162f50a1a39e",
    ),
    Flavour(
        "dls-v3.0.0",
        DLS,
        "v3.0.0",
        "180a3fde7c5e724b90a76c5da2987904d2a03655",
        "schemas/ispyb/tables.sql",
        "d0ebdb803fa72535aa83e66ec71a0e922eea54d7076ef5808ee27db87b63f59c",
    ),
    Flavour(
        "dls-v4.13.0",
        DLS,
        "v4.13.0",
        "6d41f21a513ca0eece575bf5b96894daebe438d3",
        "schemas/ispyb/tables.sql",
        "688d8e8c9455d6ff3146a33bc2039c5923175ac562f48c0560a5eaa642d2cfad",
    ),
    Flavour(
        "dls-v5.0.0",
        DLS,
        "v5.0.0",
        "ffec12ff928f729fe4c3771096195a990fb9d782",
        "schemas/ispyb/tables.sql",
        "b818f6eb25bd097b5ea81c646c528c3eabf11a3881f3afa618e0c2de3bb1dab0",
    ),
)

_DEFINER = re.compile(r"DEFINER=`[^`]*`@`[^`]*`\s*")


def mariadb_client() -> str | None:
    return shutil.which("mariadb") or shutil.which("mysql")


def load(flavour: Flavour, url: str) -> None:
    """Load the flavour's DDL into the (empty) database at `url` with the command-line client."""
    client = mariadb_client()
    assert client is not None, "the mariadb command-line client is needed to load a flavour"
    parsed = make_url(url)
    sql = _DEFINER.sub("", flavour.sql())
    subprocess.run(
        [
            client,
            f"--host={parsed.host}",
            f"--port={parsed.port or 3306}",
            f"--user={parsed.username}",
            f"--password={parsed.password or ''}",
            str(parsed.database),
        ],
        input=sql.encode("utf-8"),
        check=True,
        capture_output=True,
        timeout=300,
    )


def checksum(flavour: Flavour) -> str:
    return hashlib.sha256(flavour.sql().encode("utf-8")).hexdigest()
