"""The Alembic baseline: creates every mapped table, column, key and index, and undoes it."""

from __future__ import annotations

import asyncio
import re
import subprocess
from collections.abc import Iterable
from contextlib import redirect_stdout
from io import StringIO
from pathlib import Path

from alembic import command
from sqlalchemy import Table, create_engine, inspect
from sqlalchemy.engine import Inspector

from gateway.settings import REPO_ROOT
from gateway.sql import models  # noqa: F401  (registers every mapped table)
from gateway.sql.base import Base
from gateway.sql.engine import sync_url
from gateway.sql.legacy import CREATED_LATER, baseline_tables
from gateway.sql.migrate import (
    alembic_config,
    current_revision,
    downgrade,
    head_revision,
    upgrade,
)

CLI = REPO_ROOT / ".venv" / "bin" / "ispyb-gateway"
OFFLINE_URL = "mysql+aiomysql://gateway:secret@db.example.org/ispyb"


def _schema_problems(inspector: Inspector, tables: Iterable[Table]) -> list[str]:
    """Every mapped table, column, foreign key and index that the live database lacks."""
    problems: list[str] = []
    live_tables = set(inspector.get_table_names())
    for table in sorted(tables, key=lambda t: t.name):
        if table.name not in live_tables:
            problems.append(f"{table.name}: not created")
            continue
        columns = {c["name"] for c in inspector.get_columns(table.name)}
        problems += [
            f"{table.name}.{c.name}: not created" for c in table.columns if c.name not in columns
        ]
        live_fks = {
            (tuple(fk["constrained_columns"]), fk["referred_table"], tuple(fk["referred_columns"]))
            for fk in inspector.get_foreign_keys(table.name)
        }
        for constraint in table.foreign_key_constraints:
            key = (
                tuple(constraint.column_keys),
                constraint.referred_table.name,
                tuple(e.column.name for e in constraint.elements),
            )
            if key not in live_fks:
                problems.append(f"{table.name}: foreign key {key} not created")
        live_indexes = {
            i["name"]: tuple(i["column_names"]) for i in inspector.get_indexes(table.name)
        }
        for index in table.indexes:
            if live_indexes.get(index.name) != tuple(c.name for c in index.columns):
                problems.append(f"{table.name}: index {index.name} not created")
    return problems


def _round_trip(url: str) -> None:
    engine = create_engine(sync_url(url))
    baseline = {t.name for t in baseline_tables()}
    try:
        upgrade(url, "0001_baseline")
        inspector = inspect(engine)
        assert set(inspector.get_table_names()) == baseline | {"alembic_version"}
        problems = _schema_problems(inspector, baseline_tables())
        assert not problems, "\n".join(problems)

        upgrade(url)
        assert current_revision(url) == head_revision() == "0005_sample_preparation"
        inspector = inspect(engine)
        live = set(inspector.get_table_names()) - {"alembic_version", "SchemaStatus"}
        assert live == set(Base.metadata.tables) - {"SchemaStatus"}
        problems = _schema_problems(inspector, Base.metadata.tables.values())
        assert not problems, "\n".join(problems)

        downgrade(url, "base")
        assert inspect(engine).get_table_names() == ["alembic_version"]
        assert current_revision(url) is None

        upgrade(url)  # and the downgrade left nothing in the way of doing it again
        assert current_revision(url) == head_revision()
    finally:
        engine.dispose()


async def test_upgrade_downgrade_upgrade_on_mariadb(empty_mysql_url: str) -> None:
    await asyncio.to_thread(_round_trip, empty_mysql_url)


def test_upgrade_downgrade_upgrade_on_a_sqlite_file(tmp_path: Path) -> None:
    """The demo runs on SQLite: the same revision must build it."""
    _round_trip(f"sqlite+aiosqlite:///{tmp_path / 'ispyb.sqlite'}")


def _create_tables(sql: str) -> set[str]:
    return set(re.findall(r"CREATE TABLE `?(\w+)`?", sql))


def test_offline_sql_has_every_create_table() -> None:
    """`db upgrade --sql` lets a DBA review the DDL without touching a server."""
    out = StringIO()
    with redirect_stdout(out):
        command.upgrade(alembic_config(OFFLINE_URL), "head", sql=True)
    sql = out.getvalue()
    baseline = {t.name for t in baseline_tables()}
    assert _create_tables(sql) == baseline | {"alembic_version"} | CREATED_LATER | {
        f"_gw_new_{t}" for t in ("Screening", "ScreeningOutputLattice", "ScreeningStrategy")
    }
    assert "INSERT INTO alembic_version (version_num) VALUES ('0001_baseline')" in sql
    assert "version_num='0005_sample_preparation'" in sql


async def test_cli_prints_the_sql_without_a_server() -> None:
    result = await asyncio.to_thread(
        subprocess.run,
        # without a range `--sql` reads the database's revision (tests/sql/test_offline_script.py)
        [str(CLI), "db", "upgrade", "base:head", "--sql", "--url", OFFLINE_URL],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert {t.name for t in baseline_tables()} <= _create_tables(result.stdout)
    assert "CREATE TABLE `DataCollection`" in result.stdout
