"""Adopting an existing ISPyB database: prove it has what the gateway maps, then stamp it.

A production ISPyB already has its tables; running the baseline there would
fail or, worse, half-succeed. `ispyb-gateway db adopt` instead inspects the
live schema and stamps the baseline revision only when every mapped table and
column is present with a compatible type.

Compatible means: the same family (integers, strings, floating point, dates and
times, binary), signed or unsigned alike, an integer or string at least as wide
as the mapped one, an ENUM that has every mapped value (or a string column wide
enough for them). Nullability differences and extra tables or columns are not
problems: real ISPyB databases have many more. On SQLite, whose types are loose,
only the presence of tables and columns is checked.
"""

from __future__ import annotations

from typing import Any

from alembic import command
from sqlalchemy import Enum, create_engine, inspect
from sqlalchemy import types as sqltypes

from gateway.sql import models  # noqa: F401  (registers every mapped table)
from gateway.sql.base import Base
from gateway.sql.engine import sync_url
from gateway.sql.migrate import alembic_config, current_revision

BASELINE = "0001_baseline"

_INT_WIDTH = {"TINYINT": 1, "SMALLINT": 2, "MEDIUMINT": 3, "INTEGER": 4, "INT": 4, "BIGINT": 8}


def _family(type_: Any) -> str:
    if isinstance(type_, Enum) or type(type_).__name__ == "ENUM":
        return "enum"
    if isinstance(type_, sqltypes.Integer) or type(type_).__name__ in _INT_WIDTH:
        return "int"
    if isinstance(type_, sqltypes.Float | sqltypes.Numeric):
        return "float"
    if isinstance(type_, sqltypes.DateTime | sqltypes.Date | sqltypes.Time):
        return "datetime"
    if isinstance(type_, sqltypes._Binary | sqltypes.LargeBinary):
        return "binary"
    if isinstance(type_, sqltypes.String):
        return "string"
    return type(type_).__name__


def _int_width(type_: Any) -> int:
    return _INT_WIDTH.get(type(type_).__name__.upper(), 4)


def _length(type_: Any) -> int | None:
    if isinstance(type_, sqltypes.Text):
        return {"TINYTEXT": 255, "MEDIUMTEXT": 16_777_215, "LONGTEXT": 4_294_967_295}.get(
            type(type_).__name__, 65_535
        )
    return getattr(type_, "length", None)


def _mapped_type(column: Any, dialect: Any) -> Any:
    return column.type.dialect_impl(dialect)


def _incompatibility(table: str, name: str, mapped: Any, live: Any) -> str | None:
    where = f"{table}.{name}"
    mf, lf = _family(mapped), _family(live)
    if mf == "enum":
        values = set(getattr(mapped, "enums", ()))
        if lf == "enum":
            missing = values - set(getattr(live, "enums", ()))
            return f"{where}: live ENUM lacks {sorted(missing)}" if missing else None
        if lf == "string" and (_length(live) or 0) >= max((len(v) for v in values), default=0):
            return None
        return f"{where}: live type {live} is not compatible with {mapped}"
    if mf != lf:
        return f"{where}: live type {live} is not compatible with {mapped}"
    if mf == "int" and _int_width(live) < _int_width(mapped):
        return f"{where}: live {live} is narrower than {mapped}"
    if mf == "string":
        want, have = _length(mapped), _length(live)
        if want is not None and have is not None and have < want:
            return f"{where}: live {live} is narrower than {mapped}"
    return None


def check_live_schema(url: str) -> list[str]:
    """Every way the live database falls short of what the gateway maps, one line each."""
    engine = create_engine(sync_url(url))
    try:
        inspector = inspect(engine)
        dialect = engine.dialect
        loose = dialect.name == "sqlite"
        live_tables = set(inspector.get_table_names())
        problems: list[str] = []
        for table in Base.metadata.sorted_tables:
            if table.name not in live_tables:
                problems.append(f"missing table {table.name}")
                continue
            live = {c["name"]: c["type"] for c in inspector.get_columns(table.name)}
            for column in table.columns:
                mapped = _mapped_type(column, dialect)
                if column.name not in live:
                    problems.append(f"missing column {table.name}.{column.name} ({mapped})")
                elif not loose:
                    problem = _incompatibility(table.name, column.name, mapped, live[column.name])
                    if problem:
                        problems.append(problem)
        return problems
    finally:
        engine.dispose()


def adopt(url: str) -> list[str]:
    """Stamp the baseline on a compatible, unversioned database; otherwise stamp nothing."""
    revision = current_revision(url)
    if revision is not None:
        return [f"this database is already at revision {revision}: nothing to adopt"]
    problems = check_live_schema(url)
    if not problems:
        command.stamp(alembic_config(url), BASELINE)
    return problems
