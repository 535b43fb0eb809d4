"""The screening revisions on MariaDB: nothing lost, refusals that change nothing, kills survived.

The data (tests/sql/screening_data.py) is the awkward kind: NULLs, FLOAT and
DOUBLE extremes, full-width multi-byte strings, blobs, missing children, data
collections pointing at sub-wedges. Equality is checked row by row with a
digest of every column, for every affected table and view.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from gateway.settings import REPO_ROOT
from gateway.sql.change.plan import KILL_AT, steps
from gateway.sql.change.preflight import PreflightFailed
from gateway.sql.change.screening import RANKING_EXPORT, REVISIONS
from gateway.sql.engine import sync_url
from gateway.sql.migrate import current_revision, downgrade, head_revision, upgrade
from tests.sql.screening_data import (
    Snapshot,
    baseline_database,
    first_difference,
    snapshot,
)

CLI = REPO_ROOT / ".venv" / "bin" / "ispyb-gateway"
HEAD = "0005_sample_preparation"


def _sql(url: str, *statements: str) -> list[object]:
    engine = create_engine(sync_url(url))
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("SET SESSION foreign_key_checks = 0")
            out = [
                conn.execute(text(s)).all()
                if s.lstrip().upper().startswith("SELECT")
                else conn.execute(text(s))
                for s in statements
            ]
            return [o for o in out if isinstance(o, list)]
    finally:
        engine.dispose()


def _assert_same(before: Snapshot, after: Snapshot) -> None:
    assert after.ddl == before.ddl
    for table, rows in before.tables.items():
        assert after.tables[table] == rows, (
            f"{table}: {first_difference(rows, after.tables[table])}"
        )
    for view, (columns, rows) in before.views.items():
        assert after.views[view][0] == columns, view
        assert after.views[view][1] == rows, f"{view}: rows differ"


def _round_trip(url: str) -> None:
    filled = baseline_database(url, 3000)
    assert filled.sub_wedges > 500 and filled.pointing_collections > 200
    before = snapshot(url)
    summary = "SELECT COUNT(*) FROM v_datacollection_summary WHERE ScreeningStrategySubWedge_axisStart IS NOT NULL"
    [(with_sub_wedges,)] = _sql(url, summary)[0]
    assert with_sub_wedges > 100  # the summary view really reads the screening chain

    upgrade(url)
    assert current_revision(url) == head_revision() == HEAD
    merged = snapshot(url)
    # the official views answer exactly as before, column for column
    assert merged.views == before.views
    assert _sql(url, summary)[0] == [(with_sub_wedges,)]
    assert "ScreeningOutput" not in merged.tables and "ScreeningRank" not in merged.tables
    assert len(merged.tables["Screening"]) == len(before.tables["Screening"])
    assert len(merged.tables["ScreeningStrategy"]) == len(before.tables["ScreeningStrategy"])
    [(wrong,)] = _sql(
        url,
        "SELECT COUNT(*) FROM DataCollection dc JOIN ScreeningStrategy s "
        "ON s.screeningStrategyId = dc.strategySubWedgeOrigId "
        "WHERE s.screeningStrategySubWedgeId IS NULL",
    )[0]
    assert wrong == 0  # every remapped collection lands on the strategy that merged its sub-wedge
    [(status,)] = _sql(
        url, "SELECT GROUP_CONCAT(schemaStatus ORDER BY scriptName) FROM SchemaStatus"
    )[0]
    assert status == "DONE,DONE,DONE"

    downgrade(url, "0001_baseline")
    _assert_same(before, snapshot(url))
    [(rows,)] = _sql(url, "SELECT COUNT(*) FROM SchemaStatus")[0]
    assert rows == 0


async def test_upgrade_then_downgrade_gives_back_every_row_and_definition(
    empty_mysql_url: str,
) -> None:
    await asyncio.to_thread(_round_trip, empty_mysql_url)


def _refused(url: str, *damage: str, expect: str, stops_at: str) -> PreflightFailed:
    baseline_database(url, 300)
    _sql(url, *damage)
    before = snapshot(url)
    with pytest.raises(PreflightFailed) as failure:
        upgrade(url)
    assert current_revision(url) == stops_at
    if stops_at == "0001_baseline":
        _assert_same(before, snapshot(url))
    else:  # the earlier revisions ran; the refused one changed nothing
        after = snapshot(url)
        for table in ("Screening", "ScreeningStrategy", "ScreeningStrategyWedge", "DataCollection"):
            if table in after.tables and after.ddl[table] == before.ddl[table]:
                assert after.tables[table] == before.tables[table], table
    report = failure.value.report()
    assert (
        expect in report and "nothing was changed" in report and "list them all: SELECT" in report
    )
    return failure.value


async def test_a_screening_with_two_outputs_stops_the_merge(empty_mysql_url: str) -> None:
    failure = await asyncio.to_thread(
        _refused,
        empty_mysql_url,
        "INSERT INTO ScreeningOutput (screeningOutputId, screeningId) "
        "SELECT 900000 + screeningId, screeningId FROM ScreeningOutput ORDER BY screeningId LIMIT 3",
        expect="screenings with more than one output: 3 row(s)",
        stops_at="0002_screening_ranking",
    )
    assert failure.revision == "0003_screening_merge"
    assert len(failure.failures[0].first_ids) == 3


async def test_a_wedge_disagreeing_with_its_strategy_stops_the_strategy_merge(
    empty_mysql_url: str,
) -> None:
    await asyncio.to_thread(
        _refused,
        empty_mysql_url,
        "UPDATE ScreeningStrategyWedge SET resolution = 99.5 ORDER BY screeningStrategyWedgeId LIMIT 2",
        expect="ScreeningStrategyWedge rows whose resolution differs from their ScreeningStrategy's: 2 row(s)",
        stops_at="0003_screening_merge",
    )


async def test_a_column_that_drifted_from_the_official_type_stops_the_merge(
    empty_mysql_url: str,
) -> None:
    """Found on a real database: a wider column would be truncated by the copy, a signed key
    would make a foreign key impossible after the swap. Both are refused before any change."""
    failure = await asyncio.to_thread(
        _refused,
        empty_mysql_url,
        "ALTER TABLE ScreeningOutput MODIFY statusDescription varchar(2048) DEFAULT NULL",
        expect="ScreeningOutput.statusDescription is varchar(2048), expected varchar(1024)",
        stops_at="0002_screening_ranking",
    )
    assert failure.revision == "0003_screening_merge"


async def test_ranking_rows_stop_the_first_revision_unless_exported(
    empty_mysql_url: str, tmp_path: Path
) -> None:
    url = empty_mysql_url
    await asyncio.to_thread(
        _refused,
        url,
        "INSERT INTO ScreeningRankSet (screeningRankSetId, rankEngine) VALUES (4, 'ISPyB ranking')",
        "INSERT INTO ScreeningRank (screeningRankSetId, screeningId, rankValue, rankInformation) "
        "VALUES (4, 1, 0.5, 'it''s ranked')",
        expect="ScreeningRank rows (the table must be empty): 1 row(s)",
        stops_at="0001_baseline",
    )
    export = tmp_path / "ranking.sql"
    await asyncio.to_thread(upgrade, url, "head", False, {RANKING_EXPORT: str(export)})
    assert current_revision(url) == HEAD
    dump = export.read_text()
    assert "INSERT INTO `ScreeningRankSet`" in dump and "'it''s ranked'" in dump
    # the export reloads into the restored tables
    await asyncio.to_thread(downgrade, url, "0001_baseline")
    await asyncio.to_thread(_sql, url, *[s for s in dump.split(";\n") if s.startswith("INSERT")])
    [(n,)] = (await asyncio.to_thread(_sql, url, "SELECT COUNT(*) FROM ScreeningRank"))[0]
    assert n == 1


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CLI), "db", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **(env or {})},
    )


async def test_db_check_runs_the_preflight_read_only(empty_mysql_url: str) -> None:
    url = sync_url(empty_mysql_url).render_as_string(hide_password=False)
    await asyncio.to_thread(baseline_database, url, 200)
    clean = await asyncio.to_thread(_cli, "check", "--url", url)
    assert clean.returncode == 0, clean.stderr
    assert "0004_screening_strategy_merge: every check passed" in clean.stdout
    await asyncio.to_thread(
        _sql,
        url,
        "UPDATE ScreeningStrategySubWedge SET numberOfImages = 7 ORDER BY screeningStrategySubWedgeId LIMIT 1",
    )
    before = await asyncio.to_thread(snapshot, url)
    dirty = await asyncio.to_thread(_cli, "check", "--url", url)
    assert dirty.returncode == 1
    assert "numberOfImages differs from their ScreeningStrategyWedge's: 1 row(s)" in dirty.stderr
    assert current_revision(url) == "0001_baseline"
    _assert_same(before, await asyncio.to_thread(snapshot, url))


async def test_sql_mode_prints_each_revision_with_its_preflight() -> None:
    result = await asyncio.to_thread(
        _cli,
        "upgrade",
        "0001_baseline:head",
        "--sql",
        "--url",
        "mysql+pymysql://u:p@db.example.org/ispyb",
    )
    assert result.returncode == 0, result.stderr
    sql = result.stdout
    for expected in (
        "SELECT COUNT(*) INTO n FROM (SELECT `screeningId` FROM `ScreeningOutput` GROUP BY",
        "SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = message",
        "RENAME TABLE `Screening` TO `_gw_old_Screening`",
        "UPDATE `DataCollection` dc JOIN `ScreeningStrategy` s",
        "ispyb-gateway/0004_screening_strategy_merge",
        "CREATE OR REPLACE ALGORITHM=MERGE SQL SECURITY INVOKER VIEW `v_datacollection`",
    ):
        assert expected in sql, expected


KILL_POINTS = [
    ("0002_screening_ranking", "upgrade", "swap"),
    ("0003_screening_merge", "upgrade", "build:ScreeningOutputLattice"),
    ("0003_screening_merge", "upgrade", "swap"),
    ("0003_screening_merge", "upgrade", "retire:ScreeningOutput"),
    ("0003_screening_merge", "upgrade", "attach:ScreeningOutputLattice_ibfk_1"),
    ("0004_screening_strategy_merge", "upgrade", "detach"),
    ("0004_screening_strategy_merge", "upgrade", "remap"),
    ("0004_screening_strategy_merge", "upgrade", "views"),
]
DOWN_KILL_POINTS = [
    ("0004_screening_strategy_merge", "downgrade", "remap"),
    ("0003_screening_merge", "downgrade", "build:ScreeningOutput"),
    ("0003_screening_merge", "downgrade", "attach:ScreeningOutput_ibfk_1"),
]


def _kill_then_finish(url: str, point: tuple[str, str, str]) -> tuple[Snapshot, Snapshot]:
    """Kill the CLI at `point`, run it again; return the baseline snapshot and the end one."""
    _, direction, _ = point
    baseline_database(url, 400)
    start = snapshot(url)
    if direction == "downgrade":
        upgrade(url)
    command = ["upgrade"] if direction == "upgrade" else ["downgrade", "0001_baseline"]
    killed = _cli(*command, "--url", url, env={KILL_AT: ":".join(point)})
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    again = _cli(*command, "--url", url)
    assert again.returncode == 0, again.stderr
    assert current_revision(url) == (HEAD if direction == "upgrade" else "0001_baseline")
    tables = set(snapshot(url).tables)
    assert not any(t.startswith(("_gw_new_", "_gw_old_")) for t in tables)
    return start, snapshot(url)


@pytest.mark.parametrize("point", KILL_POINTS + DOWN_KILL_POINTS, ids=lambda p: ":".join(p))
async def test_a_killed_run_finishes_when_run_again(
    empty_mysql_url: str, point: tuple[str, str, str]
) -> None:
    url = sync_url(empty_mysql_url).render_as_string(hide_password=False)
    start, end = await asyncio.to_thread(_kill_then_finish, url, point)
    if point[1] == "downgrade":
        _assert_same(start, end)  # the killed downgrade still restores everything
        return
    # the same result as an uninterrupted upgrade of the same data, row for row
    assert end.views == start.views
    await asyncio.to_thread(downgrade, url, "0001_baseline")
    _assert_same(start, await asyncio.to_thread(snapshot, url))
    leftovers = await asyncio.to_thread(_sql, url, "SELECT scriptName FROM SchemaStatus")
    assert leftovers == [[]]


def test_every_kill_point_is_a_real_step() -> None:
    """A renamed step would make a kill test pass without killing anything: the kill tests
    also assert the process died of SIGKILL, and this names the steps plan.py declares."""
    for revision, direction, step in KILL_POINTS + DOWN_KILL_POINTS:
        change = REVISIONS[revision][0 if direction == "upgrade" else 1]
        assert step in {s.checkpoint for s in steps(change)}, (revision, direction, step)


async def test_serve_refuses_a_database_behind_the_head(empty_mysql_url: str) -> None:
    url = empty_mysql_url
    await asyncio.to_thread(upgrade, url, "0003_screening_merge")
    result = await asyncio.to_thread(
        subprocess.run,
        [str(CLI), "serve", "--port", "1"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "GATEWAY_SQL_URL": url, "GATEWAY_MONGO_URL": "mongodb://127.0.0.1:9/"},
    )
    assert result.returncode == 1
    assert f"at revision 0003_screening_merge, this gateway expects {HEAD}" in result.stderr
    assert "run: ispyb-gateway db upgrade" in result.stderr
