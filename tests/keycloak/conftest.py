"""One Keycloak per test run, launched as soon as collection knows a test will use it.

Its boot (a minute or two) overlaps the tests collected before tests/keycloak;
the `keycloak` fixture waits for the realm's discovery document. A run that
selects no test using that fixture never launches it. It stops with the session.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from tests.keycloak.keycloak import Keycloak, KeycloakProcess

PROCESS = pytest.StashKey[KeycloakProcess]()
BOOT = pytest.StashKey[float]()
BOOT_TIMEOUT = 600.0


def pytest_collection_finish(session: pytest.Session) -> None:
    if PROCESS in session.config.stash:
        return
    if not any("keycloak" in getattr(item, "fixturenames", ()) for item in session.items):
        return
    home = os.environ.get("GATEWAY_TEST_KEYCLOAK_HOME")
    if home and (Path(home) / "bin" / "kc.sh").is_file():
        session.config.stash[PROCESS] = KeycloakProcess.launch(Path(home))


def pytest_sessionfinish(session: pytest.Session) -> None:
    process = session.config.stash.get(PROCESS, None)
    if process is not None:
        process.stop()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    boot = terminalreporter.config.stash.get(BOOT, None)
    if boot is not None:
        terminalreporter.write_line(f"keycloak: discovery answered {boot:.1f} s after launch")


@pytest_asyncio.fixture(scope="session")
async def keycloak(request: pytest.FixtureRequest) -> AsyncIterator[Keycloak]:
    """The running Keycloak, its `ispyb` realm ready, direct grants allowed for the tests."""
    process = request.config.stash.get(PROCESS, None)
    if process is None:
        pytest.fail(
            "no Keycloak: run the suite through ./scripts/test.sh, which fetches the "
            "distribution and sets GATEWAY_TEST_KEYCLOAK_HOME",
            pytrace=False,
        )
    request.config.stash[BOOT] = await process.wait_ready(BOOT_TIMEOUT)
    kc = Keycloak(process.base, process.admin_password)
    await kc.allow_direct_grant()
    yield kc
    await kc.aclose()
