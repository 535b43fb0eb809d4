"""`db adopt` on databases built without Alembic, as a site's existing ISPyB would be."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy import create_engine, inspect
from sqlalchemy.dialects import mysql
from sqlalchemy.engine import make_url

from gateway.settings import REPO_ROOT
from gateway.sql import models  # noqa: F401  (registers every mapped table)
from gateway.sql.adopt import BASELINE, AdoptReport, adopt, check_live_schema
from gateway.sql.engine import sync_url
from gateway.sql.legacy import baseline_metadata
from gateway.sql.migrate import current_revision, head_revision, upgrade

CLI = REPO_ROOT / ".venv" / "bin" / "ispyb-gateway"
MYSQL = mysql.dialect()

# An existing ISPyB database has the official (baseline) shape.
OFFICIAL = baseline_metadata()


def _build_without_alembic(url: str, *statements: str) -> None:
    """The mapped tables from the models (no alembic_version), then a DBA's changes."""
    engine = create_engine(sync_url(url))
    try:
        with engine.begin() as conn:
            # The official zero-date defaults, which MySQL 8's strict mode refuses.
            conn.exec_driver_sql("SET SESSION sql_mode = ''")
            OFFICIAL.create_all(conn)
            conn.exec_driver_sql("SET FOREIGN_KEY_CHECKS = 0")
            for statement in statements:
                conn.exec_driver_sql(statement)
    finally:
        engine.dispose()


def _tables(url: str) -> set[str]:
    engine = create_engine(sync_url(url))
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def _mapped(table: str, column: str) -> str:
    """The mapped type as the problems spell it (MySQL DDL): not hard-coded, models evolve."""
    type_ = OFFICIAL.tables[table].columns[column].type.dialect_impl(MYSQL)
    return str(type_.compile(MYSQL))


def _kinds(report: AdoptReport) -> dict[tuple[str, str | None], tuple[bool, str | None]]:
    """(table, column) -> (fatal, how reads adapt), for differences of mapped tables."""
    return {
        (d.table, d.column): (d.fatal, d.read_as)
        for d in report.fatal + report.tolerated
        if not d.table[0].isdigit()  # the "N other table(s)" line
    }


def test_a_matching_database_is_stamped_once(empty_mysql_url: str) -> None:
    _build_without_alembic(empty_mysql_url)
    assert current_revision(empty_mysql_url) is None
    assert check_live_schema(empty_mysql_url).differences == []

    report = adopt(empty_mysql_url)
    assert report.stamped and report.refused is None, report.text()
    assert current_revision(empty_mysql_url) == BASELINE

    # Now managed by Alembic: adopting again is refused and changes nothing.
    again = adopt(empty_mysql_url)
    assert not again.stamped
    assert again.refused == f"this database is already at revision {BASELINE}: nothing to adopt"
    assert current_revision(empty_mysql_url) == BASELINE


def test_a_database_built_by_the_migrations_is_refused(empty_mysql_url: str) -> None:
    upgrade(empty_mysql_url)
    report = adopt(empty_mysql_url)
    assert report.refused == (
        f"this database is already at revision {head_revision()}: nothing to adopt"
    )
    assert current_revision(empty_mysql_url) == head_revision()


FATAL = (
    "DROP TABLE CTF",
    "ALTER TABLE DataCollection DROP FOREIGN KEY DataCollection_ibfk_3",
    "ALTER TABLE DataCollection DROP COLUMN dataCollectionGroupId",
    "ALTER TABLE DataCollection MODIFY startTime BLOB",
    "ALTER TABLE DataCollection MODIFY numberOfImages VARCHAR(10)",
)
TOLERATED = (
    "ALTER TABLE DataCollection MODIFY comments VARCHAR(255)",
    "ALTER TABLE DataCollection DROP COLUMN imagePrefix",
    "ALTER TABLE DataCollection MODIFY magnification FLOAT",
    "ALTER TABLE DataCollection MODIFY numberOfPasses SMALLINT",
    "ALTER TABLE DataCollection ADD COLUMN siteOnly INT",
    "ALTER TABLE Proposal MODIFY state ENUM('Open','Closed') DEFAULT 'Open'",
    "ALTER TABLE Protein MODIFY sequence VARCHAR(255)",
    "CREATE TABLE SiteOnly (id INT PRIMARY KEY)",
)
TOLERATED_KINDS = {
    ("DataCollection", "comments"): (False, None),
    ("DataCollection", "imagePrefix"): (False, "null"),
    ("DataCollection", "magnification"): (False, "cast:SIGNED"),
    ("DataCollection", "numberOfPasses"): (False, None),
    ("DataCollection", None): (False, None),  # siteOnly: an extra column
    ("Proposal", "state"): (False, None),
    ("Protein", "sequence"): (False, None),
}


def test_fatal_differences_are_reported_and_nothing_is_stamped(empty_mysql_url: str) -> None:
    _build_without_alembic(empty_mysql_url, *FATAL, *TOLERATED)
    report = adopt(empty_mysql_url)
    assert not report.stamped
    assert {(d.table, d.column) for d in report.fatal} == {
        ("CTF", None),
        ("DataCollection", "dataCollectionGroupId"),
        ("DataCollection", "startTime"),
        ("DataCollection", "numberOfImages"),
    }, report.text()
    assert current_revision(empty_mysql_url) is None
    assert "alembic_version" not in _tables(empty_mysql_url)
    # The tolerated ones are reported too, each with its reason.
    kinds = _kinds(report)
    for where, kind in TOLERATED_KINDS.items():
        assert kinds[where] == kind, (where, report.text())
    assert all(d.reason for d in report.tolerated)


def test_tolerated_differences_are_reported_and_the_baseline_stamped(
    empty_mysql_url: str,
) -> None:
    _build_without_alembic(empty_mysql_url, *TOLERATED)
    report = adopt(empty_mysql_url)
    assert report.stamped and not report.fatal, report.text()
    assert _kinds(report) == TOLERATED_KINDS, report.text()
    other = [d for d in report.tolerated if d.table[0].isdigit()]
    assert [d.table for d in other] == ["1 other table(s)"]
    assert current_revision(empty_mysql_url) == BASELINE


def test_the_cli_prints_the_report_and_exits_1_on_fatal(empty_mysql_url: str) -> None:
    _build_without_alembic(empty_mysql_url, *FATAL, *TOLERATED)
    result = subprocess.run(
        [str(CLI), "db", "adopt", "--url", empty_mysql_url],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1, result.stderr
    assert "nothing was stamped" in result.stderr
    assert "fatal (4):" in result.stdout and "tolerated (" in result.stdout
    assert "DataCollection.imagePrefix: missing" in result.stdout
    assert current_revision(empty_mysql_url) is None

    as_json = subprocess.run(
        [str(CLI), "db", "adopt", "--json", "--url", empty_mysql_url],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert as_json.returncode == 1
    parsed = json.loads(as_json.stdout)
    assert parsed["stamped"] is False and len(parsed["fatal"]) == 4
    assert ":***@" in parsed["database"]  # never the password
    read_as = {(d["table"], d["column"]): d["read_as"] for d in parsed["tolerated"]}
    assert read_as[("DataCollection", "imagePrefix")] == "null"


def test_wider_and_equivalent_types_are_adopted(empty_mysql_url: str) -> None:
    _build_without_alembic(
        empty_mysql_url,
        "ALTER TABLE DataCollection MODIFY comments VARCHAR(2048)",
        "ALTER TABLE DataCollection MODIFY numberOfImages BIGINT",
        "ALTER TABLE DataCollection MODIFY startImageNumber INT UNSIGNED",
        "ALTER TABLE DataCollection MODIFY binning INT",
        "ALTER TABLE DataCollection MODIFY axisStart DOUBLE",
        "ALTER TABLE DataCollection MODIFY axisEnd DECIMAL(10,3)",
        "ALTER TABLE DataCollection MODIFY startTime TIMESTAMP NULL",
        "ALTER TABLE DataCollection MODIFY rotationAxis VARCHAR(5)",  # 'Omega' just fits
        "ALTER TABLE DataCollection MODIFY imagePrefix VARCHAR(100) NOT NULL",
        "ALTER TABLE DataCollectionGroup MODIFY crystalClass TEXT",
        "ALTER TABLE Proposal MODIFY state ENUM('Open','Closed','Cancelled','Archived')",
        "ALTER TABLE Protein MODIFY sequence MEDIUMTEXT",
        "ALTER TABLE Person MODIFY externalId VARBINARY(32)",
    )
    report = adopt(empty_mysql_url)
    assert report.stamped and not report.fatal, report.text()
    # Nothing here changes a read: no adaptation, and no narrowing that writes must check.
    assert all(d.read_as is None for d in report.tolerated), report.text()
    assert not [d for d in report.tolerated if "narrower" in d.reason], report.text()
    assert current_revision(empty_mysql_url) == BASELINE


def test_an_unreachable_database_is_a_refusal_not_a_traceback(mysql_server_url: str) -> None:
    url = make_url(mysql_server_url).set(database="gw_no_such_database")
    report = adopt(url.render_as_string(hide_password=False))
    assert not report.stamped and report.refused is not None
    assert report.refused.startswith("cannot read or stamp the database:"), report.refused
    assert "gw_no_such_database" in report.refused


def test_on_sqlite_only_presence_counts(tmp_path: Path) -> None:
    """SQLite's types are affinities: a table retyped wholesale still passes, a gap does not."""
    path = tmp_path / "ispyb.sqlite"
    url = f"sqlite+aiosqlite:///{path}"
    _build_without_alembic_sqlite(url)
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TABLE Permission")
        conn.execute("CREATE TABLE Permission (permissionId TEXT, type INTEGER, description BLOB)")
    assert check_live_schema(url).differences == []

    with sqlite3.connect(path) as conn:
        for index in OFFICIAL.tables["DataCollection"].indexes:
            if "imagePrefix" in index.columns:  # SQLite drops no indexed column
                conn.execute(f"DROP INDEX {index.name}")
        conn.execute("ALTER TABLE DataCollection DROP COLUMN imagePrefix")
        conn.execute("DROP TABLE CTF")
    schema = check_live_schema(url)
    assert [(d.table, d.column) for d in schema.fatal] == [("CTF", None)]
    assert [(d.table, d.column, d.read_as) for d in schema.tolerated] == [
        ("DataCollection", "imagePrefix", "null")
    ]
    report = adopt(url)
    assert not report.stamped and current_revision(url) is None


def test_a_matching_sqlite_database_is_stamped(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'ispyb.sqlite'}"
    _build_without_alembic_sqlite(url)
    assert adopt(url).stamped
    assert current_revision(url) == BASELINE


def _build_without_alembic_sqlite(url: str) -> None:
    engine = create_engine(sync_url(url))
    try:
        OFFICIAL.create_all(engine)
    finally:
        engine.dispose()
