"""The mapped schema against the official one, the baseline, and `db adopt`, on real MariaDB."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from contextlib import redirect_stdout
from io import StringIO
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import String, create_engine, inspect, text
from sqlalchemy.dialects import mysql
from sqlalchemy.engine import Engine

from gateway.sql import models  # noqa: F401
from gateway.sql.adopt import adopt, check_live_schema
from gateway.sql.base import Base
from gateway.sql.engine import sync_url
from gateway.sql.migrate import alembic_config, current_revision, upgrade

# Never mapped: credentials and a UI settings blob the gateway has no business reading.
EXCLUDED = {("Person", "passwd"), ("Person", "cache")}
DIALECT = mysql.dialect()


def _family(type_: object) -> str:
    name = type(type_).__name__.upper()
    if name == "FLOAT" and getattr(type_, "asdecimal", False):
        return "DOUBLE"  # the reference package writes DOUBLE as Float(asdecimal=True)
    if "ENUM" in name:
        return "ENUM"
    if "INT" in name:
        return "INT"
    if name in ("FLOAT", "DOUBLE", "REAL", "DECIMAL", "NUMERIC"):
        return name if name != "REAL" else "DOUBLE"
    return name


def test_models_match_the_official_schema() -> None:
    """Table by table, column by column, against ispyb-models-pyispyb (generated from the DDL)."""
    from ispyb.models import Base as Reference

    reference = Reference.metadata.tables
    problems = []
    for table in Base.metadata.sorted_tables:
        ref = reference.get(table.name)
        if ref is None:
            problems.append(f"{table.name}: not in the official schema")
            continue
        ours = {c.name for c in table.columns}
        theirs = {c.name for c in ref.columns} - {c for t, c in EXCLUDED if t == table.name}
        if ours != theirs:
            problems.append(
                f"{table.name}: columns differ: +{sorted(ours - theirs)} -{sorted(theirs - ours)}"
            )
        for column in table.columns:
            if column.name not in ref.columns:
                continue
            r = ref.columns[column.name]
            mine, official = column.type.dialect_impl(DIALECT), r.type
            if (
                _family(mine) != _family(official)
                and not (_family(official) == "STRING" and isinstance(mine, String))
                and not (_family(official) == "TEXT" and "TEXT" in _family(mine))
            ):
                problems.append(f"{table.name}.{column.name}: {mine!r} vs {official!r}")
            if (
                getattr(official, "length", None)
                and getattr(mine, "length", None) != official.length
            ):
                problems.append(
                    f"{table.name}.{column.name}: length {mine.length} vs {official.length}"
                )
            if set(getattr(official, "enums", ()) or ()) != set(getattr(mine, "enums", ()) or ()):
                problems.append(f"{table.name}.{column.name}: enum values differ")
            if column.nullable != r.nullable and not column.primary_key:
                problems.append(
                    f"{table.name}.{column.name}: nullable {column.nullable} vs {r.nullable}"
                )
            if column.primary_key != r.primary_key:
                problems.append(f"{table.name}.{column.name}: primary key differs")
    for table, column in EXCLUDED:
        assert column not in Base.metadata.tables[table].columns, (
            f"{table}.{column} must never be mapped"
        )
    assert not problems, "\n".join(problems)


def _engine(url: str) -> Engine:
    return create_engine(sync_url(url))


async def test_baseline_creates_exactly_the_mapped_schema(empty_mysql_url: str) -> None:
    await asyncio.to_thread(upgrade, empty_mysql_url)
    engine = _engine(empty_mysql_url)
    inspector = inspect(engine)
    assert set(inspector.get_table_names()) == set(Base.metadata.tables) | {"alembic_version"}
    for table in Base.metadata.sorted_tables:
        live = {c["name"]: c["type"] for c in inspector.get_columns(table.name)}
        for column in table.columns:
            expected = column.type.dialect_impl(engine.dialect).compile(engine.dialect)
            assert live[column.name].compile(engine.dialect) == expected, (
                f"{table.name}.{column.name}"
            )
        live_fks = {
            (fk["referred_table"], tuple(fk["constrained_columns"]))
            for fk in inspector.get_foreign_keys(table.name)
        }
        for fk in table.foreign_keys:
            assert (fk.column.table.name, (fk.parent.name,)) in live_fks, f"{table.name}: {fk}"
    assert check_live_schema(empty_mysql_url) == []
    await asyncio.to_thread(command.downgrade, alembic_config(empty_mysql_url), "base")
    assert set(inspect(engine).get_table_names()) == {"alembic_version"}
    engine.dispose()


def test_baseline_on_sqlite(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'x.sqlite'}"
    upgrade(url)
    assert current_revision(url) == "0001_baseline"
    assert check_live_schema(url) == []


def test_offline_sql_for_review() -> None:
    out = StringIO()
    with redirect_stdout(out):
        command.upgrade(alembic_config("mysql+aiomysql://u:p@localhost/ispyb"), "head", sql=True)
    sql = out.getvalue()
    assert "CREATE TABLE `DataCollection`" in sql and "INSERT INTO alembic_version" in sql


async def test_adopt_stamps_only_a_compatible_database(empty_mysql_url: str) -> None:
    engine = _engine(empty_mysql_url)
    with engine.begin() as conn:
        conn.exec_driver_sql("SET SESSION sql_mode = ''")
        Base.metadata.create_all(conn)
        conn.execute(
            text("ALTER TABLE DataCollection MODIFY comments VARCHAR(2048)")
        )  # wider: fine
    assert check_live_schema(empty_mysql_url) == []
    with engine.begin() as conn:
        conn.execute(text("ALTER TABLE DataCollection DROP COLUMN imagePrefix"))
        conn.execute(text("ALTER TABLE DataCollectionGroup MODIFY comments VARCHAR(100)"))
        conn.execute(text("SET FOREIGN_KEY_CHECKS = 0"))
        conn.execute(text("DROP TABLE CTF"))
    problems = await asyncio.to_thread(adopt, empty_mysql_url)
    assert sorted(problems) == [
        "DataCollectionGroup.comments: live VARCHAR(100) is narrower than VARCHAR(1024)",
        "missing column DataCollection.imagePrefix (VARCHAR(100))",
        "missing table CTF",
    ]
    assert current_revision(empty_mysql_url) is None
    cli = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "gateway.cli", "db", "adopt", "--url", empty_mysql_url],
        capture_output=True,
        text=True,
    )
    assert (
        cli.returncode == 1
        and "missing table CTF" in cli.stderr
        and "nothing was stamped" in cli.stderr
    )
    engine.dispose()


async def test_adopt_a_good_database_then_refuse_twice(empty_mysql_url: str) -> None:
    engine = _engine(empty_mysql_url)
    with engine.begin() as conn:
        conn.exec_driver_sql("SET SESSION sql_mode = ''")
        Base.metadata.create_all(conn)
    engine.dispose()
    assert await asyncio.to_thread(adopt, empty_mysql_url) == []
    assert current_revision(empty_mysql_url) == "0001_baseline"
    again = await asyncio.to_thread(adopt, empty_mysql_url)
    assert again and "already at revision" in again[0]


@pytest.mark.parametrize("name", sorted(Base.metadata.tables))
def test_every_table_has_a_visibility_rule_or_is_internal(name: str) -> None:
    from gateway.sql.access import RULES

    internal = {
        "Permission",
        "UserGroup",
        "UserGroup_has_Person",
        "UserGroup_has_Permission",
        "SchemaStatus",
        "ProposalHasPerson",
        "AutoProcScaling_has_Int",
        "ScreeningInput",
        "ScreeningOutput",
        "ScreeningOutputLattice",
        "ScreeningStrategy",
        "ScreeningStrategyWedge",
        "ScreeningStrategySubWedge",
        "ScreeningRank",
        "ScreeningRankSet",
    }
    mapped = {m.__table__.name for m in RULES}  # type: ignore[attr-defined]
    assert name in mapped or name in internal, f"{name} is exposed without a rule?"
