"""Our models against the official ISPyB schema, and the baseline's DDL against our models.

The reference is `ispyb-models-pyispyb` (`ispyb.models`), generated from the
official DDL by sqlacodegen. It drops UNSIGNED from integers, writes VARCHAR as
generic String and DOUBLE as `Float(asdecimal=True)` (plain `Float` is FLOAT), so
integers are compared by kind (TINYINT, SMALLINT, INT...), strings by length, and
the reference's DOUBLE is read back from its `asdecimal` marker.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import Column, Float, MetaData, Table, create_engine, inspect
from sqlalchemy.dialects import mysql
from sqlalchemy.engine import Dialect

from gateway.sql import models  # noqa: F401  (registers every mapped table)
from gateway.sql.engine import sync_url
from gateway.sql.legacy import baseline_metadata
from gateway.sql.migrate import upgrade

# The baseline revision creates the official shape; later revisions reshape screening.
BASELINE = baseline_metadata()

# Official columns the gateway deliberately never maps. Each entry needs a reason.
EXCLUDED: dict[str, set[str]] = {
    # Credentials (password hash) and a blob of web UI state: nothing the API may
    # read or return, so they are not even on the model, where a query could reach them.
    "Person": {"passwd", "cache"},
}

MYSQL = mysql.dialect()


def _ddl(type_: Any, dialect: Dialect = MYSQL) -> str:
    return str(type_.dialect_impl(dialect).compile(dialect))


def _kind(ddl: str) -> str:
    """The MySQL keyword: INTEGER, TINYINT, VARCHAR, TEXT, ENUM, TIMESTAMP, ..."""
    match = re.match(r"[A-Z]+", ddl)
    assert match, ddl
    return match.group(0)


def _official_type(type_: Any) -> Any:
    """The reference's type as the official DDL has it (sqlacodegen's DOUBLE marker undone)."""
    if type(type_) is Float and type_.asdecimal and type_.precision is None:
        return mysql.DOUBLE()
    return type_.dialect_impl(MYSQL)


def _column_problems(where: str, ours: Column[Any], ref: Column[Any]) -> list[str]:
    problems: list[str] = []
    mine, theirs = ours.type.dialect_impl(MYSQL), _official_type(ref.type)
    mine_ddl, their_ddl = _ddl(mine), _ddl(theirs)
    if _kind(mine_ddl) != _kind(their_ddl):
        problems.append(f"{where}: type {mine_ddl} vs official {their_ddl}")
    # Strings and binaries carry a length (an ENUM's is its longest value: compared below).
    my_length, their_length = getattr(mine, "length", None), getattr(theirs, "length", None)
    if my_length != their_length and not hasattr(theirs, "enums"):
        problems.append(f"{where}: length {mine_ddl} vs official {their_ddl}")
    their_enum, my_enum = list(getattr(theirs, "enums", [])), list(getattr(mine, "enums", []))
    if their_enum != my_enum:
        problems.append(f"{where}: ENUM values {my_enum} vs official {their_enum}")
    # Anything else in the DDL (display widths, precision, fsp), UNSIGNED aside: the
    # reference drops it, while the official DDL (and so a model) may have it.
    if not problems and mine_ddl.replace(" UNSIGNED", "") != their_ddl:
        problems.append(f"{where}: DDL {mine_ddl} vs official {their_ddl}")
    if ours.nullable != ref.nullable:
        problems.append(f"{where}: nullable={ours.nullable} vs official {ref.nullable}")
    if ours.primary_key != ref.primary_key:
        problems.append(f"{where}: primary_key={ours.primary_key} vs official {ref.primary_key}")
    return problems


def _foreign_keys(table: Table[Any], within: set[str]) -> set[tuple[str, ...]]:
    return {
        (fk.parent.name, fk.target_fullname, str(fk.ondelete), str(fk.onupdate))
        for fk in table.foreign_keys
        if fk.target_fullname.split(".")[0] in within
    }


def _foreign_key_problems(table: Table[Any], ref: Table[Any], mapped: set[str]) -> list[str]:
    """Official keys between mapped tables, with their ON DELETE/UPDATE; no invented ones.

    Keys to tables the gateway does not map cannot be created by the baseline: skipped.
    """
    ours, theirs = _foreign_keys(table, mapped), _foreign_keys(ref, mapped)
    return [f"{table.name}: foreign key {fk} not official" for fk in sorted(ours - theirs)] + [
        f"{table.name}: official foreign key {fk} not mapped" for fk in sorted(theirs - ours)
    ]


def conformance_problems(ours: MetaData, reference: MetaData) -> list[str]:
    """Every difference between the mapped tables and the official ones, one line each."""
    problems: list[str] = []
    for table in sorted(ours.tables.values(), key=lambda t: t.name):
        ref = reference.tables.get(table.name)
        if ref is None:
            problems.append(f"{table.name}: not an official table")
            continue
        excluded = EXCLUDED.get(table.name, set())
        mapped, official = set(table.columns.keys()), set(ref.columns.keys())
        for name in sorted(mapped & excluded):
            problems.append(f"{table.name}.{name}: excluded on purpose, must not be mapped")
        for name in sorted(excluded - official):
            problems.append(f"{table.name}.{name}: excluded, but not an official column")
        for name in sorted(mapped - official):
            problems.append(f"{table.name}.{name}: not an official column")
        for name in sorted(official - excluded - mapped):
            problems.append(f"{table.name}.{name}: official column not mapped")
        for column in table.columns:
            if column.name in ref.columns:
                problems += _column_problems(
                    f"{table.name}.{column.name}", column, ref.columns[column.name]
                )
        problems += _foreign_key_problems(table, ref, set(ours.tables))
    for name in sorted(set(EXCLUDED) - set(ours.tables)):
        problems.append(f"{name}: has exclusions but is not mapped")
    return problems


def _reference() -> MetaData:
    from ispyb.models import Base as Reference

    metadata: MetaData = Reference.metadata
    return metadata


def test_every_mapped_column_matches_the_official_schema() -> None:
    assert len(BASELINE.tables) == 44  # 33, and the 11 tables MXCuBE writes (models/acquisition.py)
    problems = conformance_problems(BASELINE, _reference())
    assert not problems, "\n".join(problems)


def test_credentials_and_ui_state_are_never_mapped() -> None:
    person = BASELINE.tables["Person"]
    official = _reference().tables["Person"]
    for name in ("passwd", "cache"):
        assert name in official.columns, f"official Person.{name} gone: update EXCLUDED"
        assert name not in person.columns


def _copy(metadata: MetaData) -> MetaData:
    copy = MetaData()
    for table in metadata.tables.values():
        table.to_metadata(copy)
    return copy


def _swap_type(table: Table[Any], name: str, type_: Any) -> None:
    table.columns[name].type = type_


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (
            lambda md: _swap_type(md.tables["DataCollection"], "imagePrefix", mysql.VARCHAR(45)),
            "DataCollection.imagePrefix: length VARCHAR(45) vs official VARCHAR(100)",
        ),
        (
            lambda md: _swap_type(md.tables["Person"], "externalId", mysql.BINARY(8)),
            "Person.externalId: length BINARY(8) vs official BINARY(16)",
        ),
        (
            lambda md: _swap_type(md.tables["DataCollection"], "numberOfImages", mysql.INTEGER(11)),
            "DataCollection.numberOfImages: DDL INTEGER(11) vs official INTEGER(10)",
        ),
        (
            lambda md: _swap_type(md.tables["DataCollection"], "flux", mysql.FLOAT()),
            "DataCollection.flux: type FLOAT vs official DOUBLE",
        ),
        (
            lambda md: _swap_type(md.tables["DataCollection"], "imagePrefix", mysql.TEXT()),
            "DataCollection.imagePrefix: type TEXT vs official VARCHAR(100)",
        ),
        (
            lambda md: _swap_type(md.tables["DataCollection"], "numberOfImages", mysql.TINYINT(3)),
            "DataCollection.numberOfImages: type TINYINT(3) vs official INTEGER(10)",
        ),
        (
            lambda md: _swap_type(md.tables["Proposal"], "state", mysql.ENUM("Open", "Closed")),
            "Proposal.state: ENUM values ['Open', 'Closed'] vs official "
            "['Open', 'Closed', 'Cancelled']",
        ),
        (
            lambda md: setattr(
                md.tables["DataCollection"].columns["imagePrefix"], "nullable", False
            ),
            "DataCollection.imagePrefix: nullable=False vs official True",
        ),
        (
            lambda md: md.tables["DataCollection"]._columns.remove(
                md.tables["DataCollection"].columns["imagePrefix"]
            ),
            "DataCollection.imagePrefix: official column not mapped",
        ),
        (
            lambda md: md.tables["Person"].append_column(Column("passwd", mysql.VARCHAR(45))),
            "Person.passwd: excluded on purpose, must not be mapped",
        ),
        (
            lambda md: Table("NotISPyB", md, Column("id", mysql.INTEGER(11), primary_key=True)),
            "NotISPyB: not an official table",
        ),
        (
            lambda md: md.tables["DataCollection"].foreign_keys.clear(),
            "DataCollection: official foreign key ('dataCollectionGroupId', "
            "'DataCollectionGroup.dataCollectionGroupId', 'CASCADE', 'CASCADE') not mapped",
        ),
    ],
    ids=[
        "length",
        "binary-length",
        "display-width",
        "double",
        "family",
        "int-kind",
        "enum",
        "nullable",
        "unmapped",
        "excluded",
        "table",
        "foreign-key",
    ],
)
def test_the_comparison_catches_each_kind_of_difference(mutate: Any, expected: str) -> None:
    """Proof that the conformance test can fail: alter a copy of the models, expect a line."""
    altered = _copy(BASELINE)
    mutate(altered)
    assert expected in conformance_problems(altered, _reference())


_INT_DISPLAY_WIDTH = re.compile(r"^((?:TINY|SMALL|MEDIUM|BIG)?INT(?:EGER)?)\(\d+\)")


async def test_baseline_ddl_reflects_back_as_the_models(empty_mysql_url: str) -> None:
    """What the baseline creates on the server is exactly what the models declare."""
    import asyncio

    await asyncio.to_thread(upgrade, empty_mysql_url, "0001_baseline")
    engine = create_engine(sync_url(empty_mysql_url))
    try:
        problems = await asyncio.to_thread(_live_problems, engine)
    finally:
        engine.dispose()
    assert not problems, "\n".join(problems)


def _live_problems(engine: Any) -> list[str]:
    problems: list[str] = []
    with engine.connect() as conn:
        dialect = conn.dialect
        inspector = inspect(conn)
        # MySQL >= 8.0.19 no longer reports integer display widths; MariaDB does.
        drop_width = not dialect.is_mariadb and dialect.server_version_info >= (8, 0, 19)

        def norm(ddl: str) -> str:
            return _INT_DISPLAY_WIDTH.sub(r"\1", ddl) if drop_width else ddl

        for table in sorted(BASELINE.tables.values(), key=lambda t: t.name):
            live = {c["name"]: c for c in inspector.get_columns(table.name)}
            pk = set(inspector.get_pk_constraint(table.name)["constrained_columns"])
            for column in table.columns:
                where = f"{table.name}.{column.name}"
                found = live.get(column.name)
                if found is None:
                    problems.append(f"{where}: not created")
                    continue
                want = norm(_ddl(column.type, dialect))
                have = norm(str(found["type"].compile(dialect)))
                if have != want:
                    problems.append(f"{where}: created as {have}, model says {want}")
                if found["nullable"] != column.nullable:
                    problems.append(f"{where}: created nullable={found['nullable']}")
                if (column.name in pk) != column.primary_key:
                    problems.append(f"{where}: primary key differs")
    return problems
