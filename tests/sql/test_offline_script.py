"""The reviewed script (`db upgrade --sql`), applied with the `mariadb` client as a DBA would.

It must start where the database is, refuse dirty data at its preflight with the message
`db check` prints (changing nothing: every table's checksum is compared), give the same
database as the online command on clean data, and recover from its own interruption.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from gateway.settings import REPO_ROOT
from gateway.sql.change.screening import SUB_WEDGE_COLUMNS
from gateway.sql.engine import sync_url
from gateway.sql.migrate import current_revision, downgrade, upgrade
from tests.conftest import create_database, drop_database
from tests.sql.screening_data import baseline_database, snapshot

CLI = REPO_ROOT / ".venv" / "bin" / "ispyb-gateway"
HEAD = "0005_sample_preparation"
STRATEGY = "0004_screening_strategy_merge"
SCREENINGS = 150


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CLI), "db", *args], capture_output=True, text=True, timeout=300, env=dict(os.environ)
    )


def _client(url: str, script: str) -> subprocess.CompletedProcess[str]:
    """The script through the `mariadb` command-line client over TCP, with its defaults."""
    client = shutil.which("mariadb")
    if client is None:
        pytest.fail("the `mariadb` client is missing (scripts/services.sh installs it)")
    u = make_url(url)
    return subprocess.run(
        [
            client,
            "--protocol=TCP",
            f"--host={u.host}",
            f"--port={u.port or 3306}",
            f"--user={u.username}",
            f"--password={u.password}",
            str(u.database),
        ],
        input=script,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _sql(url: str, *statements: str) -> None:
    engine = create_engine(sync_url(url))
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("SET SESSION foreign_key_checks = 0")
            for statement in statements:
                conn.exec_driver_sql(statement)
    finally:
        engine.dispose()


@dataclass(frozen=True)
class State:
    """Every table's checksum and definition, the views' definitions, SchemaStatus's rows."""

    checksums: dict[str, object]
    tables: dict[str, str]
    views: dict[str, str]
    status: list[tuple[str, str]]


def _state(url: str) -> State:
    name = str(make_url(url).database)
    engine = create_engine(sync_url(url))
    try:
        with engine.connect() as conn:
            run = conn.exec_driver_sql
            kinds = {str(t): str(k) for t, k in run("SHOW FULL TABLES").all()}
            checksums, tables, views = {}, {}, {}
            for table, kind in kinds.items():
                if kind == "VIEW":
                    create = run(f"SHOW CREATE VIEW `{table}`").one()[1]
                    views[table] = create.replace(f"`{name}`.", "")
                    continue
                create = run(f"SHOW CREATE TABLE `{table}`").one()[1]
                tables[table] = re.sub(r" AUTO_INCREMENT=\d+", "", create)
                if table != "SchemaStatus":  # its rows carry the time they were written
                    checksums[table] = run(f"CHECKSUM TABLE `{table}`").one()[1]
            status = run(
                "SELECT scriptName, schemaStatus FROM SchemaStatus ORDER BY scriptName"
            ).all()
            return State(checksums, tables, views, [(str(a), str(b)) for a, b in status])
    finally:
        engine.dispose()


def _plain(url: str) -> str:
    return sync_url(url).render_as_string(hide_password=False)


def _script(url: str, *command: str) -> str:
    result = _cli(*command, "--sql", "--url", _plain(url))
    assert result.returncode == 0, result.stderr
    return result.stdout


def _refusal(client: subprocess.CompletedProcess[str]) -> list[str]:
    """The lines of the message the client stopped at (its error is the last thing it says)."""
    assert client.returncode != 0, client.stdout
    match = re.search(r"ERROR 1644 \(45000\) at line \d+: (.*)", client.stderr, re.S)
    assert match, client.stderr
    return match.group(1).rstrip("\n").splitlines()


# -- the header: where the database is --------------------------------------------------


def _headers(url: str) -> None:
    upgrade(url, "0002_screening_ranking")
    name = make_url(url).database
    script = _script(url, "upgrade")
    header = script.split("\n\n", 1)[0]
    assert f"-- database: {name} on " in header
    assert "-- its revision: 0002_screening_ranking" in header
    assert f"-- target: {HEAD}" in header
    assert f"-- pending: 0003_screening_merge, {STRATEGY}, {HEAD}" in header
    assert "CREATE TABLE alembic_version" not in script  # not the baseline from nothing
    assert "-- 0002_screening_ranking (upgrade)" not in script
    assert "-- 0003_screening_merge (upgrade)" in script
    assert current_revision(url) == "0002_screening_ranking"  # reading changed nothing

    down = _script(url, "downgrade", "0001_baseline")
    assert "-- its revision: 0002_screening_ranking" in down
    assert "-- target: 0001_baseline" in down and "-- pending: 0002_screening_ranking" in down
    assert "-- 0002_screening_ranking (downgrade)" in down and "0003_screening_merge (" not in down


async def test_sql_starts_where_the_database_is(empty_mysql_url: str) -> None:
    await asyncio.to_thread(_headers, empty_mysql_url)


async def test_sql_without_a_range_and_without_a_database_asks_for_one() -> None:
    for command in (("upgrade",), ("downgrade", "0001_baseline")):
        result = await asyncio.to_thread(
            _cli, *command, "--sql", "--url", "mysql+pymysql://u:p@127.0.0.1:9/ispyb"
        )
        assert result.returncode == 1
        assert "cannot read the revision of ispyb on 127.0.0.1:9" in result.stderr
        assert "give the range as FROM:TO" in result.stderr
        assert result.stdout == ""


# -- dirty data: the script stops at its preflight, having changed nothing ---------------

_SUB_WEDGE = ", ".join(f"`{c}`" for c in SUB_WEDGE_COLUMNS)
DIRTY = {
    "ranking tables not empty": (
        "INSERT INTO ScreeningRankSet (screeningRankSetId, rankEngine) VALUES (4, 'ISPyB')",
        "INSERT INTO ScreeningRank (screeningRankSetId, screeningId, rankValue) VALUES (4, 1, 0.5)",
    ),
    "two outputs": (
        "INSERT INTO ScreeningOutput (screeningOutputId, screeningId) SELECT 900000 + screeningId, "
        "screeningId FROM ScreeningOutput ORDER BY screeningId LIMIT 3",
    ),
    "a lattice without its output": (
        "UPDATE ScreeningOutputLattice SET screeningOutputId = 99999999 "
        "ORDER BY screeningOutputLatticeId LIMIT 2",
    ),
    "two wedges": (
        "INSERT INTO ScreeningStrategyWedge (screeningStrategyId, resolution, completeness, "
        "multiplicity) SELECT screeningStrategyId, resolution, completeness, multiplicity "
        "FROM ScreeningStrategyWedge ORDER BY screeningStrategyWedgeId LIMIT 2",
    ),
    "two sub-wedges": (
        f"INSERT INTO ScreeningStrategySubWedge (screeningStrategyWedgeId, {_SUB_WEDGE}) "
        f"SELECT screeningStrategyWedgeId, {_SUB_WEDGE} FROM ScreeningStrategySubWedge "
        "ORDER BY screeningStrategySubWedgeId LIMIT 2",
    ),
    "NULL against a value": (
        "UPDATE ScreeningStrategyWedge SET multiplicity = NULL WHERE multiplicity IS NOT NULL "
        "ORDER BY screeningStrategyWedgeId LIMIT 1",
    ),
    "a column of another type": (
        "ALTER TABLE ScreeningOutput MODIFY statusDescription varchar(2048) DEFAULT NULL",
    ),
    "a data collection pointing at no sub-wedge": (
        "UPDATE DataCollection SET strategySubWedgeOrigId = 99999999 "
        "ORDER BY dataCollectionId LIMIT 1",
    ),
}


def _refused(url: str, damage: tuple[str, ...], command: tuple[str, ...]) -> list[str]:
    """Apply the script of `command` to dirty data: refused as `db check` refuses, no change."""
    _sql(url, *damage)
    before = _state(url)
    revision = current_revision(url)
    script = _script(url, *command)
    stopped = _refusal(_client(url, script))
    after = _state(url)
    assert after == before  # every checksum, every definition; no table added or left
    assert not [t for t in after.tables if t.startswith("_gw_")]
    assert current_revision(url) == revision
    return stopped


def _dirty(url: str, damage: tuple[str, ...]) -> None:
    baseline_database(url, SCREENINGS)
    stopped = _refused(url, damage, ("upgrade",))
    check = _cli("check", "--url", _plain(url))
    assert check.returncode == 1
    headline, *finding = stopped
    assert headline.startswith("Preflight of ") and headline.endswith("nothing was changed.")
    assert len(finding) == 2 and finding[1].startswith("    first ids: ")
    assert headline in check.stderr and "\n".join(finding) in check.stderr, check.stderr


@pytest.mark.parametrize("shape", list(DIRTY))
async def test_the_script_stops_at_its_preflight_on_dirty_data(
    empty_mysql_url: str, shape: str
) -> None:
    await asyncio.to_thread(_dirty, empty_mysql_url, DIRTY[shape])


def _dirty_downgrade(url: str) -> None:
    baseline_database(url, SCREENINGS)
    upgrade(url)
    stopped = _refused(
        url,
        (
            "UPDATE DataCollection SET strategySubWedgeOrigId = 99999999 "
            "ORDER BY dataCollectionId LIMIT 1",
        ),
        ("downgrade", "0001_baseline"),
    )
    assert stopped[0] == f"Preflight of {STRATEGY} failed; nothing was changed."
    assert (
        "data collections whose strategySubWedgeOrigId names no strategy: 1 row(s)" in (stopped[1])
    )


async def test_the_downgrade_script_stops_at_its_preflight_on_dirty_data(
    empty_mysql_url: str,
) -> None:
    await asyncio.to_thread(_dirty_downgrade, empty_mysql_url)


# -- clean data: the script gives what the online command gives --------------------------


async def _two_databases(server: str, first: str, check: Callable[[str, str], None]) -> None:
    second = await create_database(server, "gw_online")
    try:
        await asyncio.to_thread(check, first, second)
    finally:
        await drop_database(server, second)


def _twins(first: str, second: str) -> None:
    """The same rows in both databases (a fixed seed; the fill's own clock readings pinned)."""
    for url in (first, second):
        baseline_database(url, SCREENINGS)
        _sql(
            url,
            "UPDATE Proposal SET bltimeStamp = '2024-01-02 03:04:05'",
            "UPDATE BLSession SET bltimeStamp = '2024-01-02 03:04:05'",
        )
    assert _state(first) == _state(second)


def _both_ways(offline: str, online: str) -> None:
    _twins(offline, online)
    start = snapshot(offline)

    applied = _client(offline, _script(offline, "upgrade"))
    assert applied.returncode == 0, applied.stderr
    upgrade(online)
    assert current_revision(offline) == current_revision(online) == HEAD
    assert _state(offline) == _state(online)
    assert snapshot(offline).views == start.views

    applied = _client(offline, _script(offline, "downgrade", "0001_baseline"))
    assert applied.returncode == 0, applied.stderr
    downgrade(online, "0001_baseline")
    assert current_revision(offline) == "0001_baseline"
    assert _state(offline) == _state(online)
    assert snapshot(offline) == start  # every row, id and definition given back


async def test_the_script_on_clean_data_gives_what_the_online_command_gives(
    empty_mysql_url: str, mysql_server_url: str
) -> None:
    await _two_databases(mysql_server_url, empty_mysql_url, _both_ways)


# -- an interrupted script: the next run (of it, or the command) finishes or cleans up ----

CUTS = {  # where the client stopped, what the next run must say, who runs next
    "before the swap, script again": (
        "0003_screening_merge (upgrade)",
        "swap (atomic)",
        "cleaned it up",
        "script",
    ),
    "after the swap, script again": (
        "0003_screening_merge (upgrade)",
        "retire ScreeningOutput",
        "finishing it",
        "script",
    ),
    "after the remap, the command": (
        f"{STRATEGY} (upgrade)",
        "retire ScreeningStrategy",
        "finishing it",
        "command",
    ),
}


def _cut(script: str, revision: str, step: str) -> str:
    """The script as far as a client killed just before `step` of `revision` ran it."""
    start = script.index(f"-- {revision}\n")
    return script[: script.index(f"-- {step}\n", start)]


def _interrupted(offline: str, online: str, cut: tuple[str, str, str, str]) -> None:
    revision, step, said, next_run = cut
    _twins(offline, online)
    script = _script(offline, "upgrade")
    partial = _client(offline, _cut(script, revision, step))
    assert partial.returncode == 0, partial.stderr
    middle = _state(offline)
    assert ("ispyb-gateway/" + revision.split(" ")[0], "ONGOING") in middle.status
    assert [t for t in middle.tables if t.startswith("_gw_")]  # really half-way
    if next_run == "script":
        again = _client(offline, script)
    else:
        again = _cli("upgrade", "--url", _plain(offline))
    assert again.returncode == 0, again.stderr
    told = [line for line in again.stdout.splitlines() if said in line]
    assert len(told) == 1 and told[0].startswith(revision.split(" ")[0]), again.stdout
    upgrade(online)
    assert _state(offline) == _state(online)


@pytest.mark.parametrize("cut", list(CUTS))
async def test_an_interrupted_script_is_finished_or_cleaned_up_by_the_next_run(
    empty_mysql_url: str, mysql_server_url: str, cut: str
) -> None:
    await _two_databases(
        mysql_server_url, empty_mysql_url, lambda a, b: _interrupted(a, b, CUTS[cut])
    )


def _interrupted_then_dirty(url: str) -> None:
    baseline_database(url, SCREENINGS)
    script = _script(url, "upgrade")
    assert (
        _client(url, _cut(script, "0003_screening_merge (upgrade)", "swap (atomic)")).returncode
        == 0
    )
    _sql(url, *DIRTY["two outputs"])
    again = _client(url, script)
    assert "0003_screening_merge: an interrupted run had not swapped the tables" in again.stdout
    assert _refusal(again)[1] == "  - screenings with more than one output: 3 row(s)"
    after = _state(url)
    assert not [t for t in after.tables if t.startswith("_gw_")]
    assert after.status == [("ispyb-gateway/0002_screening_ranking", "DONE")]


async def test_a_run_interrupted_before_its_swap_leaves_nothing_when_then_refused(
    empty_mysql_url: str,
) -> None:
    await asyncio.to_thread(_interrupted_then_dirty, empty_mysql_url)


async def test_for_mysql_8_each_block_is_a_procedure_created_called_and_dropped() -> None:
    """MySQL 8 has no anonymous compound statement (not run here: no MySQL 8 on this machine)."""
    script = await asyncio.to_thread(
        _script,
        "mysql+pymysql://u:p@127.0.0.1:9/ispyb",
        "upgrade",
        "0001_baseline:head",
        "--server",
        "mysql",
    )
    assert "-- written for: MySQL 8" in script and "BEGIN NOT ATOMIC" not in script
    blocks = script.count("CREATE PROCEDURE `_gw_step`() BEGIN")
    assert blocks > 20
    assert (
        script.count("CALL `_gw_step`();") == script.count("DROP PROCEDURE `_gw_step`;") == blocks
    )
    # MESSAGE_TEXT holds 128 characters there: each check also shows its whole message
    checks = script.count("SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = message;")
    assert checks > 10 and script.count("SELECT message AS `ispyb-gateway`;") == checks
