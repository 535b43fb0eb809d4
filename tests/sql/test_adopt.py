"""`db adopt` on databases built without Alembic, as a site's existing ISPyB would be."""

from __future__ import annotations

import re
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy import create_engine, inspect
from sqlalchemy.dialects import mysql
from sqlalchemy.engine import make_url

from gateway.settings import REPO_ROOT
from gateway.sql import models  # noqa: F401  (registers every mapped table)
from gateway.sql.adopt import BASELINE, adopt, check_live_schema
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


def _without_int_widths(lines: list[str]) -> list[str]:
    """MySQL 8 reflects INT, MariaDB INT(11): the problem is the same."""
    return sorted(re.sub(r"(INT(?:EGER)?)\(\d+\)", r"\1", line) for line in lines)


BREAKAGES = (
    "ALTER TABLE DataCollection DROP COLUMN imagePrefix",
    "DROP TABLE CTF",
    "ALTER TABLE DataCollection MODIFY comments VARCHAR(255)",
)
BREAKAGE_PROBLEMS = [
    "missing table CTF",
    "DataCollection.comments: live VARCHAR(255) is narrower than "
    + _mapped("DataCollection", "comments"),  # VARCHAR(1024)
    f"missing column DataCollection.imagePrefix ({_mapped('DataCollection', 'imagePrefix')})",
]


def test_a_matching_database_is_stamped_once(empty_mysql_url: str) -> None:
    _build_without_alembic(empty_mysql_url)
    assert current_revision(empty_mysql_url) is None
    assert check_live_schema(empty_mysql_url) == []

    assert adopt(empty_mysql_url) == []
    assert current_revision(empty_mysql_url) == BASELINE

    # Now managed by Alembic: adopting again is refused and changes nothing.
    assert adopt(empty_mysql_url) == [
        f"this database is already at revision {BASELINE}: nothing to adopt"
    ]
    assert current_revision(empty_mysql_url) == BASELINE


def test_a_database_built_by_the_migrations_is_refused(empty_mysql_url: str) -> None:
    upgrade(empty_mysql_url)
    assert adopt(empty_mysql_url) == [
        f"this database is already at revision {head_revision()}: nothing to adopt"
    ]
    assert current_revision(empty_mysql_url) == head_revision()


def test_missing_and_narrowed_columns_are_listed_and_nothing_is_stamped(
    empty_mysql_url: str,
) -> None:
    _build_without_alembic(empty_mysql_url, *BREAKAGES)
    problems = check_live_schema(empty_mysql_url)
    assert sorted(problems) == sorted(BREAKAGE_PROBLEMS) and len(problems) == 3, problems

    assert adopt(empty_mysql_url) == problems
    assert current_revision(empty_mysql_url) is None
    assert "alembic_version" not in _tables(empty_mysql_url)


def test_the_cli_prints_the_problems_and_exits_1(empty_mysql_url: str) -> None:
    _build_without_alembic(empty_mysql_url, *BREAKAGES)
    result = subprocess.run(
        [str(CLI), "db", "adopt", "--url", empty_mysql_url],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1, result.stderr
    assert "nothing was stamped" in result.stderr
    stderr_lines = {line.strip() for line in result.stderr.splitlines()}
    for problem in BREAKAGE_PROBLEMS:
        assert problem in stderr_lines, result.stderr
    assert result.stdout == ""
    assert current_revision(empty_mysql_url) is None


def test_incompatible_types_are_listed(empty_mysql_url: str) -> None:
    _build_without_alembic(
        empty_mysql_url,
        "ALTER TABLE DataCollection MODIFY numberOfImages VARCHAR(10)",
        "ALTER TABLE DataCollection MODIFY numberOfPasses SMALLINT",
        "ALTER TABLE DataCollection MODIFY startTime DATE",
        "ALTER TABLE DataCollection MODIFY rotationAxis VARCHAR(4)",
        "ALTER TABLE Proposal MODIFY state ENUM('Open','Closed') DEFAULT 'Open'",
        "ALTER TABLE Protein MODIFY sequence VARCHAR(255)",
        "ALTER TABLE Person MODIFY externalId BINARY(8)",
        # Not problems: nullability, extra columns and extra tables.
        "ALTER TABLE DataCollection MODIFY runStatus VARCHAR(45) NOT NULL",
        "ALTER TABLE DataCollection ADD COLUMN siteOnly INT",
        "CREATE TABLE SiteOnly (id INT PRIMARY KEY)",
    )
    problems = check_live_schema(empty_mysql_url)
    assert _without_int_widths(problems) == _without_int_widths(
        [
            "DataCollection.numberOfImages: live type VARCHAR(10) is not compatible with "
            + _mapped("DataCollection", "numberOfImages"),
            "DataCollection.numberOfPasses: live SMALLINT is narrower than "
            + _mapped("DataCollection", "numberOfPasses"),
            "DataCollection.startTime: live type DATE is not compatible with "
            + _mapped("DataCollection", "startTime"),
            "DataCollection.rotationAxis: live VARCHAR(4) is narrower than "
            + _mapped("DataCollection", "rotationAxis"),
            "Person.externalId: live BINARY(8) is narrower than " + _mapped("Person", "externalId"),
            "Proposal.state: live ENUM('Open','Closed') lacks the value(s) 'Cancelled'",
            "Protein.sequence: live VARCHAR(255) is narrower than "
            + _mapped("Protein", "sequence"),
        ]
    ), "\n".join(problems)
    assert adopt(empty_mysql_url) == problems
    assert current_revision(empty_mysql_url) is None


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
        "ALTER TABLE DataCollection ADD COLUMN siteOnly INT",
        "ALTER TABLE DataCollectionGroup MODIFY crystalClass TEXT",
        "ALTER TABLE Proposal MODIFY state ENUM('Open','Closed','Cancelled','Archived')",
        "ALTER TABLE Protein MODIFY sequence MEDIUMTEXT",
        "ALTER TABLE Person MODIFY externalId VARBINARY(32)",
        "ALTER TABLE BLSample MODIFY subLocation INT",
        "CREATE TABLE SiteOnly (id INT PRIMARY KEY)",
    )
    assert check_live_schema(empty_mysql_url) == []
    assert adopt(empty_mysql_url) == []
    assert current_revision(empty_mysql_url) == BASELINE


def test_an_unreachable_database_is_a_problem_not_a_traceback(mysql_server_url: str) -> None:
    url = make_url(mysql_server_url).set(database="gw_no_such_database")
    problems = adopt(url.render_as_string(hide_password=False))
    assert len(problems) == 1, problems
    assert problems[0].startswith("cannot read or stamp the database:"), problems
    assert "gw_no_such_database" in problems[0]


def test_on_sqlite_only_presence_counts(tmp_path: Path) -> None:
    """SQLite's types are affinities: a table retyped wholesale still passes, a gap does not."""
    path = tmp_path / "ispyb.sqlite"
    url = f"sqlite+aiosqlite:///{path}"
    _build_without_alembic_sqlite(url)
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TABLE Permission")
        conn.execute("CREATE TABLE Permission (permissionId TEXT, type INTEGER, description BLOB)")
    assert check_live_schema(url) == []

    with sqlite3.connect(path) as conn:
        for index in OFFICIAL.tables["DataCollection"].indexes:
            if "imagePrefix" in index.columns:  # SQLite drops no indexed column
                conn.execute(f"DROP INDEX {index.name}")
        conn.execute("ALTER TABLE DataCollection DROP COLUMN imagePrefix")
        conn.execute("DROP TABLE CTF")
    assert sorted(check_live_schema(url)) == [
        f"missing column DataCollection.imagePrefix ({_mapped('DataCollection', 'imagePrefix')})",
        "missing table CTF",
    ]
    assert adopt(url) != [] and current_revision(url) is None


def test_a_matching_sqlite_database_is_stamped(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'ispyb.sqlite'}"
    _build_without_alembic_sqlite(url)
    assert adopt(url) == []
    assert current_revision(url) == BASELINE


def _build_without_alembic_sqlite(url: str) -> None:
    engine = create_engine(sync_url(url))
    try:
        OFFICIAL.create_all(engine)
    finally:
        engine.dispose()
