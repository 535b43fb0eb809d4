"""Sample preparation against both databases the gateway runs on: MariaDB and the demo's SQLite.

Each test gets a private database with the demo rows (writes change them), built by the
real migrations, and a runner for GraphQL documents as a chosen viewer.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from gateway.app import build_services
from gateway.auth.viewer import Viewer
from gateway.demo import prepare_demo_database
from gateway.settings import Settings
from tests.conftest import create_database, drop_database, migrate_with_demo_data
from tests.graph.conftest import STAFF, Run, make_runner

ALICE = Viewer(login="alice", person_id=1, is_staff=False, is_worker=False)  # member of mx2112
BOB = Viewer(login="bob", person_id=2, is_staff=False, is_worker=False)  # session 2 only
DAVE = Viewer(login="dave", person_id=4, is_staff=False, is_worker=False)  # outsider
PEOPLE = {"alice": ALICE, "bob": BOB, "dave": DAVE, "carol": STAFF}


@pytest_asyncio.fixture(params=["mariadb", "sqlite"])
async def rw(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Run]:
    """A runner over a private demo database, on MariaDB and on SQLite."""
    import asyncio

    if request.param == "sqlite":
        url = prepare_demo_database(tmp_path)
        server = None
    else:
        server = request.getfixturevalue("mysql_server_url")
        url = await create_database(server, "gw_prep")
        await asyncio.to_thread(migrate_with_demo_data, url)
    services = build_services(Settings(sql_url=url, max_page_size=500, max_query_cost=10**12))
    try:
        yield make_runner(services)
    finally:
        await services.close()
        if server is not None:
            await drop_database(server, url)
