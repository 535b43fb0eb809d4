"""Adopting an existing ISPyB database: prove it has what the gateway maps, then stamp it.

A production ISPyB already has its tables; running the baseline there would
fail or, worse, half-succeed. `ispyb-gateway db adopt` instead inspects the
live schema and stamps the baseline revision only when every mapped table and
column is present with a compatible type, so that later revisions start from a
known point and `serve` stops refusing an unversioned database.

Compatibility rules (MariaDB/MySQL). Types are compared by their MySQL keyword,
so generic SQLAlchemy types and the reflected MySQL types are judged alike:

* Families must match: integers (TINYINT, SMALLINT, MEDIUMINT, INT, BIGINT, BOOL;
  signed or unsigned, display width ignored), strings (CHAR, VARCHAR and the TEXT
  family), floating point (FLOAT, DOUBLE, DECIMAL/NUMERIC, precision ignored),
  date-times (DATETIME, TIMESTAMP), dates (DATE), times (TIME), binary (BINARY,
  VARBINARY and the BLOB family), ENUM. Any other type must be the same keyword.
  DATE and DATETIME are different families: one of them loses the time of day.
* A live integer must store at least as many bytes as the mapped one (INT for a
  mapped INT or SMALLINT, not SMALLINT for a mapped INT): the gateway writes ids.
* A live string or binary column must be at least as wide as the mapped one:
  CHAR/VARCHAR/BINARY/VARBINARY by their declared length, TEXT and BLOB by their
  maximum size (TINY 255, plain 65,535, MEDIUM 16,777,215, LONG 4,294,967,295),
  so TEXT satisfies VARCHAR(1024) but VARCHAR(255) does not satisfy TEXT.
* A mapped ENUM is satisfied by a live ENUM holding every mapped value (extra
  values are fine) or by a string column wide enough for the longest value.
* Nullability, defaults, indexes and keys are not compared, and extra live tables
  and columns are fine: real ISPyB databases have many more than the gateway maps.
* Column names are matched case-insensitively (MySQL and SQLite treat them so);
  table names too where the server does (`lower_case_table_names` != 0, SQLite).

On SQLite, whose column types are only affinities, only the presence of tables
and columns is checked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from alembic import command
from sqlalchemy import Table, create_engine, inspect
from sqlalchemy.dialects import mysql
from sqlalchemy.engine import Dialect, Inspector
from sqlalchemy.exc import DBAPIError
from sqlalchemy.types import TypeDecorator, TypeEngine

from gateway.sql.engine import sync_url
from gateway.sql.legacy import baseline_tables
from gateway.sql.migrate import alembic_config, current_revision

BASELINE = "0001_baseline"

# Bytes of storage: what bounds the values an integer column can hold.
_INT_BYTES = {
    "BOOL": 1,
    "BOOLEAN": 1,
    "TINYINT": 1,
    "SMALLINT": 2,
    "MEDIUMINT": 3,
    "INT": 4,
    "INTEGER": 4,
    "BIGINT": 8,
}
# Maximum sizes of the TEXT and BLOB families, as MySQL documents them.
_LOB_SIZE = {"TINY": 255, "": 65_535, "MEDIUM": 16_777_215, "LONG": 4_294_967_295}
_STRINGS = {"CHAR", "VARCHAR", "NCHAR", "NVARCHAR"} | {f"{p}TEXT" for p in _LOB_SIZE}
_BINARIES = {"BINARY", "VARBINARY"} | {f"{p}BLOB" for p in _LOB_SIZE}
_FAMILIES: dict[str, str] = {
    **dict.fromkeys(_INT_BYTES, "integer"),
    **dict.fromkeys(_STRINGS, "string"),
    **dict.fromkeys(_BINARIES, "binary"),
    **dict.fromkeys(("FLOAT", "DOUBLE", "REAL", "DECIMAL", "NUMERIC"), "floating point"),
    **dict.fromkeys(("DATETIME", "TIMESTAMP"), "date-time"),
    "DATE": "date",
    "TIME": "time",
    "ENUM": "enum",
}
_MYSQL = mysql.dialect()


def _resolve(type_: TypeEngine[Any], dialect: Dialect) -> TypeEngine[Any]:
    """The type the dialect really uses: variants chosen, decorators unwrapped."""
    impl = type_.dialect_impl(dialect)
    while isinstance(impl, TypeDecorator):
        impl = impl.load_dialect_impl(dialect).dialect_impl(dialect)
    return impl


def _ddl(type_: TypeEngine[Any], dialect: Dialect) -> str:
    """The type as DDL, for messages and for its keyword; unknown types keep their name."""
    try:
        return str(type_.compile(dialect))
    except Exception:  # NullType (unknown reflected type), VARCHAR without length, ...
        return type(type_).__name__.upper()


def _keyword(ddl: str) -> str:
    match = re.match(r"[A-Z]+", ddl.upper().removeprefix("NATIONAL "))
    return match.group(0) if match else ddl.upper()


def _width(keyword: str, type_: TypeEngine[Any]) -> int | None:
    """Characters (strings) or bytes (binary) the column holds; None when unbounded/unknown."""
    for suffix in ("TEXT", "BLOB"):
        if keyword.endswith(suffix):
            return _LOB_SIZE.get(keyword.removesuffix(suffix))
    length = getattr(type_, "length", None)
    return length if isinstance(length, int) else None


def _incompatibility(
    where: str, mapped: TypeEngine[Any], live: TypeEngine[Any], dialect: Dialect
) -> str | None:
    """Why the live type cannot hold what the gateway maps, or None when it can."""
    mapped_ddl, live_ddl = _ddl(mapped, dialect), _ddl(live, dialect)
    mk, lk = _keyword(mapped_ddl), _keyword(live_ddl)
    mf, lf = _FAMILIES.get(mk, mk), _FAMILIES.get(lk, lk)
    if mf == "enum":
        values: list[str] = list(getattr(mapped, "enums", ()))
        if lf == "enum":
            missing = [v for v in values if v not in set(getattr(live, "enums", ()))]
            if missing:
                quoted = ", ".join(repr(v) for v in missing)
                return f"{where}: live {live_ddl} lacks the value(s) {quoted}"
            return None
        if lf == "string":
            longest = max((len(v) for v in values), default=0)
            have = _width(lk, live)
            if have is not None and have < longest:
                return f"{where}: live {live_ddl} is narrower than {mapped_ddl}"
            return None
        return f"{where}: live type {live_ddl} is not compatible with {mapped_ddl}"
    if mf != lf:
        return f"{where}: live type {live_ddl} is not compatible with {mapped_ddl}"
    if mf == "integer" and _INT_BYTES[lk] < _INT_BYTES[mk]:
        return f"{where}: live {live_ddl} is narrower than {mapped_ddl}"
    if mf in ("string", "binary"):
        want, have = _width(mk, mapped), _width(lk, live)
        if want is not None and have is not None and have < want:
            return f"{where}: live {live_ddl} is narrower than {mapped_ddl}"
    return None


def _lookup(names: Iterable[str], case_insensitive: bool) -> dict[str, str]:
    """Live names keyed as mapped names are looked up: as they are, or lower-cased."""
    return {(n.lower() if case_insensitive else n): n for n in names}


def _table_problems(
    table: Table[Any], inspector: Inspector, live_name: str, dialect: Dialect, loose: bool
) -> list[str]:
    live = {c["name"].lower(): c["type"] for c in inspector.get_columns(live_name)}
    problems: list[str] = []
    for column in table.columns:
        where = f"{table.name}.{column.name}"
        live_type = live.get(column.name.lower())
        if live_type is None:
            # Described in MySQL terms everywhere: that is the schema being adopted.
            described = _ddl(_resolve(column.type, _MYSQL), _MYSQL)
            problems.append(f"missing column {where} ({described})")
        elif not loose:
            problem = _incompatibility(where, _resolve(column.type, dialect), live_type, dialect)
            if problem:
                problems.append(problem)
    return problems


def check_live_schema(url: str) -> list[str]:
    """Every way the live database falls short of what the gateway maps, one line each.

    Read-only: it only reflects. Problems come sorted by table, then in column order.
    """
    engine = create_engine(sync_url(url))
    try:
        with engine.connect() as conn:
            inspector = inspect(conn)
            dialect = conn.dialect
            loose = dialect.name == "sqlite"
            fold = loose or getattr(dialect, "_casing", 0) != 0
            live_tables = _lookup(inspector.get_table_names(), fold)
            problems: list[str] = []
            for table in baseline_tables():
                live_name = live_tables.get(table.name.lower() if fold else table.name)
                if live_name is None:
                    problems.append(f"missing table {table.name}")
                    continue
                problems += _table_problems(table, inspector, live_name, dialect, loose)
            return problems
    finally:
        engine.dispose()


def adopt(url: str) -> list[str]:
    """Stamp the baseline on a compatible, unversioned database; otherwise stamp nothing.

    Returns the problems (empty when stamped). A database that already has an
    Alembic revision is refused: it is managed already, and re-stamping would
    hide revisions it has or has not run.
    """
    try:
        revision = current_revision(url)
        if revision is not None:
            return [f"this database is already at revision {revision}: nothing to adopt"]
        problems = check_live_schema(url)
        if not problems:
            command.stamp(alembic_config(url), BASELINE)
    except DBAPIError as exc:  # unreachable, unknown database, no privilege to create the table
        reason = str(exc.orig).splitlines()[0] if exc.orig is not None else str(exc)
        return [f"cannot read or stamp the database: {reason}"]
    return problems
