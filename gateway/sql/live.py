"""The ISPyB schema a site really runs, compared with the one the gateway maps.

Facilities run different published flavours of ISPyB (ESRF's, Diamond's, each at
several versions), and the models follow one of them. Rather than asking a DBA to
alter a production schema, the gateway reflects the live tables once, classifies
every difference, and adapts to what it can:

* **fatal**: a mapped table is missing; a key column (primary key, or a foreign key
  to another mapped table) is missing and cannot be derived; a column holds a type
  the gateway cannot read as the mapped one (a BLOB for a date, say).
* **tolerated**, each with the reason it is harmless:
  - a missing data column reads as NULL;
  - a column of another readable family (a TINYINT status for an ENUM, a FLOAT for
    an INT, a number for a string) is read through a CAST to the mapped family;
  - a narrower string or integer, or an ENUM lacking values, reads as it is, and a
    write is checked against the live column before it reaches the database;
  - wider integers, extra ENUM values, extra columns and extra tables are ignored.

`db adopt` reports both kinds and stamps only when nothing is fatal; `serve` learns
the live shape at start-up, logs the tolerated differences once and attaches the
read adaptations to its engine (`gateway.sql.adapt`); writes check values against
`LiveSchema.column` (`check_value`).

Types are compared by their MySQL keyword, so generic SQLAlchemy types and the
reflected MySQL types are judged alike; column names case-insensitively, table names
too where the server folds them (`lower_case_table_names` != 0, SQLite). On SQLite,
whose types are only affinities, only presence is compared.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import Column, Table, func, inspect, select
from sqlalchemy import column as column_clause
from sqlalchemy import table as table_clause
from sqlalchemy.dialects import mysql
from sqlalchemy.engine import Connection, Dialect, Inspector
from sqlalchemy.sql.elements import ColumnClause, ColumnElement
from sqlalchemy.sql.selectable import FromClause
from sqlalchemy.types import TypeDecorator, TypeEngine

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
_NUMBERS = {"integer", "floating point"}
# How a live column of another family is read as the mapped one: (mapped, live) -> CAST type.
# Only conversions that keep the value's meaning (a number's digits, a status code).
_CASTS: dict[tuple[str, str], str] = {
    ("string", "integer"): "CHAR",
    ("string", "floating point"): "CHAR",
    ("enum", "integer"): "CHAR",
    ("integer", "floating point"): "SIGNED",
}
_MYSQL = mysql.dialect()


def _derive_program_collection(table: FromClause) -> ColumnElement[Any]:
    """Diamond's AutoProcProgram has no dataCollectionId: its integrations name the collection.

    A program integrating several collections (multi-sweep) is shown under the first.
    """
    integration = table_clause(
        "AutoProcIntegration", column_clause("dataCollectionId"), column_clause("autoProcProgramId")
    ).alias("gw_derived_api")
    return (
        select(func.min(integration.c.dataCollectionId))
        .where(integration.c.autoProcProgramId == table.c.autoProcProgramId)
        .scalar_subquery()
    )


def _derive_screening_of_output(table: FromClause) -> ColumnElement[Any]:
    """Before revision 0003, lattices and strategies hang from a ScreeningOutput row."""
    output = table_clause(
        "ScreeningOutput", column_clause("screeningId"), column_clause("screeningOutputId")
    ).alias("gw_derived_so")
    own: ColumnClause[Any] = ColumnClause("screeningOutputId", _selectable=table)
    return select(output.c.screeningId).where(output.c.screeningOutputId == own).scalar_subquery()


_BEFORE_0003 = (
    "derived from ScreeningOutput (the shape before revision 0003); the screening "
    "columns that revision merges read as NULL until it runs"
)
# Key columns some flavours lack, and how the gateway computes them there instead.
DERIVED: dict[tuple[str, str], tuple[Callable[[FromClause], ColumnElement[Any]], str]] = {
    ("AutoProcProgram", "dataCollectionId"): (
        _derive_program_collection,
        "derived from AutoProcIntegration.dataCollectionId (Diamond's link between a program "
        "and its collection); lists of a collection's programs scan AutoProcProgram there",
    ),
    ("ScreeningOutputLattice", "screeningId"): (_derive_screening_of_output, _BEFORE_0003),
    ("ScreeningStrategy", "screeningId"): (_derive_screening_of_output, _BEFORE_0003),
}


@dataclass(frozen=True)
class LiveColumn:
    """One live column as writes need it: what it can hold."""

    table: str
    name: str
    ddl: str
    family: str
    width: int | None = None  # characters (strings) or bytes (binary); None: unbounded
    enums: tuple[str, ...] | None = None
    int_range: tuple[int, int] | None = None
    four_byte_text: bool = True  # False: utf8mb3/latin1 cannot store characters above U+FFFF
    charset: str | None = None

    def check_value(self, value: Any) -> str | None:
        """Why `value` does not fit this column (a sentence naming the limit), or None."""
        if value is None:
            return None
        if isinstance(value, str):
            if self.enums is not None:
                if value not in self.enums:
                    allowed = ", ".join(self.enums)
                    return f"must be one of {allowed} (got {_excerpt(value)})"
                return None
            if self.width is not None and len(value) > self.width:
                return f"is limited to {self.width} characters (got {len(value)})"
            if self.charset is not None and not _encodable(value, self.charset):
                return f"holds characters the database column ({self.charset}) cannot store"
            if not self.four_byte_text and any(ord(c) > 0xFFFF for c in value):
                return (
                    f"holds characters above U+FFFF (emoji, rare scripts) that the database "
                    f"column ({self.charset or 'utf8mb3'}) cannot store"
                )
            return None
        if isinstance(value, bool):
            return None
        if isinstance(value, int) and self.int_range is not None:
            low, high = self.int_range
            if not low <= value <= high:
                return f"must be between {low} and {high} (got {value})"
        return None


def _excerpt(value: str, limit: int = 40) -> str:
    return repr(value if len(value) <= limit else value[:limit] + "…")


def _encodable(value: str, charset: str) -> bool:
    codec = {"latin1": "cp1252", "ascii": "ascii"}.get(charset)
    if codec is None:
        return True
    try:
        value.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


@dataclass(frozen=True)
class Difference:
    """One way the live schema differs from the mapped one."""

    table: str
    column: str | None
    fatal: bool
    found: str
    expected: str
    reason: str
    read_as: str | None = None  # None | "null" | "cast:<TYPE>" | "derived"

    def line(self) -> str:
        where = f"{self.table}.{self.column}" if self.column else self.table
        return f"{where}: {self.found} (mapped: {self.expected}) — {self.reason}"

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class LiveSchema:
    """What the live database holds for the mapped tables, and how it differs."""

    columns: dict[tuple[str, str], LiveColumn] = field(default_factory=dict)
    differences: list[Difference] = field(default_factory=list)
    exact: bool = False  # SQLite: types are affinities, only presence was compared

    @property
    def fatal(self) -> list[Difference]:
        return [d for d in self.differences if d.fatal]

    @property
    def tolerated(self) -> list[Difference]:
        return [d for d in self.differences if not d.fatal]

    def column(self, table: str, name: str) -> LiveColumn | None:
        return self.columns.get((table, name))

    def read_adaptations(self) -> dict[tuple[str, str], str]:
        """(table, column) -> how reads render it, for the columns that need it."""
        return {
            (d.table, d.column): d.read_as
            for d in self.differences
            if d.read_as is not None and d.column is not None and not d.fatal
        }


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


def _int_range(keyword: str, type_: TypeEngine[Any]) -> tuple[int, int] | None:
    size = _INT_BYTES.get(keyword)
    if size is None:
        return None
    if getattr(type_, "unsigned", False):
        return (0, 2 ** (8 * size) - 1)
    return (-(2 ** (8 * size - 1)), 2 ** (8 * size - 1) - 1)


def _charset(type_: TypeEngine[Any], table_charset: str | None) -> str | None:
    charset = getattr(type_, "charset", None) or table_charset
    return str(charset).lower() if charset else None


def _live_column(
    table: str, name: str, type_: TypeEngine[Any], dialect: Dialect, table_charset: str | None
) -> LiveColumn:
    ddl = _ddl(type_, dialect)
    keyword = _keyword(ddl)
    family = _FAMILIES.get(keyword, keyword)
    charset = _charset(type_, table_charset) if family in ("string", "enum") else None
    return LiveColumn(
        table=table,
        name=name,
        ddl=ddl,
        family=family,
        width=_width(keyword, type_) if family in ("string", "binary") else None,
        enums=tuple(getattr(type_, "enums", ())) if family == "enum" else None,
        int_range=_int_range(keyword, type_),
        four_byte_text=charset is None or charset == "utf8mb4",
        charset=charset,
    )


# Mapped tables a flavour may lack without harm: only some acquisition writes use them,
# and those are refused on such a database (Diamond's schema dropped its workflows, and
# with them DataCollectionGroup.workflowId, from v4 on).
OPTIONAL_TABLES: dict[str, str] = {
    name: "only the workflow mutations write it: they are refused on this database"
    for name in ("Workflow", "WorkflowMesh", "WorkflowStep")
}


def _is_key(column: Column[Any], mapped: set[str]) -> bool:
    """Columns the gateway joins on: primary keys and foreign keys to mapped tables."""
    return column.primary_key or any(fk.column.table.name in mapped for fk in column.foreign_keys)


def _compare_type(
    table: str, column: Column[Any], live: LiveColumn, dialect: Dialect
) -> Difference | None:
    mapped = _resolve(column.type, dialect)
    mapped_ddl = _ddl(mapped, dialect)
    mk = _keyword(mapped_ddl)
    mf, lf = _FAMILIES.get(mk, mk), live.family

    def diff(fatal: bool, reason: str, read_as: str | None = None) -> Difference:
        return Difference(table, column.name, fatal, live.ddl, mapped_ddl, reason, read_as)

    if mf == "enum":
        values: list[str] = list(getattr(mapped, "enums", ()))
        if lf == "enum":
            have = set(live.enums or ())
            missing = [v for v in values if v not in have]
            extra = [v for v in live.enums or () if v not in set(values)]
            if missing:
                quoted = ", ".join(repr(v) for v in missing)
                return diff(
                    False,
                    f"lacks the value(s) {quoted}: the gateway reads whatever the column "
                    "holds and refuses to write a value the live ENUM lacks",
                )
            if extra:
                return diff(False, "has more values than mapped: read as they are")
            return None
        if lf == "string":
            longest = max((len(v) for v in values), default=0)
            if live.width is not None and live.width < longest:
                return diff(False, "narrower than the longest value: writes are checked")
            return None
    if (mf, lf) in _CASTS:
        cast = _CASTS[(mf, lf)]
        return diff(False, f"another readable type: read as CAST(... AS {cast})", f"cast:{cast}")
    if mf in _NUMBERS and lf in _NUMBERS and mf != lf:
        return diff(False, "another numeric type: read as it is")
    if mf != lf:
        return diff(True, f"a {lf} column cannot be read as {mf}")
    if mf == "integer":
        held, wanted = live.int_range, _int_range(mk, mapped)
        if held and wanted and held != wanted:
            if held[0] <= wanted[0] and held[1] >= wanted[1]:
                return diff(False, "wider: holds every value the gateway expects")
            return diff(False, "narrower range: read as it is, writes are range-checked")
    if mf in ("string", "binary"):
        want_width = _width(mk, mapped)
        if want_width is not None and live.width is not None and live.width < want_width:
            return diff(False, "narrower: read as it is, longer writes are refused")
    return None


def _table_differences(
    table: Table,
    inspector: Inspector,
    live_name: str,
    dialect: Dialect,
    exact: bool,
    mapped_tables: set[str],
    schema: LiveSchema,
) -> None:
    reflected = inspector.get_columns(live_name)
    options = inspector.get_table_options(live_name) if not exact else {}
    table_charset = options.get(f"{dialect.name}_default charset")
    live = {c["name"].lower(): c for c in reflected}
    for column in table.columns:
        found = live.get(column.name.lower())
        if found is None:
            described = _ddl(_resolve(column.type, _MYSQL), _MYSQL)
            derived = DERIVED.get((table.name, column.name))
            if derived is not None:
                schema.differences.append(
                    Difference(
                        table.name, column.name, False, "missing", described, derived[1], "derived"
                    )
                )
            elif _is_key(column, mapped_tables):
                schema.differences.append(
                    Difference(
                        table.name,
                        column.name,
                        True,
                        "missing",
                        described,
                        "a key the gateway joins on; it cannot be derived",
                    )
                )
            else:
                schema.differences.append(
                    Difference(
                        table.name,
                        column.name,
                        False,
                        "missing",
                        described,
                        "a data column: read as NULL; writes to it are refused",
                        "null",
                    )
                )
            continue
        col = _live_column(table.name, column.name, found["type"], dialect, table_charset)
        schema.columns[(table.name, column.name)] = col
        if exact:
            continue
        difference = _compare_type(table.name, column, col, dialect)
        if difference is not None:
            schema.differences.append(difference)
    extra = sorted(set(live) - {c.name.lower() for c in table.columns})
    if extra:
        names = ", ".join(live[n]["name"] for n in extra)
        schema.differences.append(
            Difference(
                table.name,
                None,
                False,
                f"{len(extra)} more column(s): {names}",
                "-",
                "columns the gateway does not map are ignored",
            )
        )


def learn(conn: Connection, tables: Iterable[Table]) -> LiveSchema:
    """Reflect the live shape of `tables` and classify every difference. Read-only."""
    inspector: Inspector = inspect(conn)
    dialect = conn.dialect
    exact = dialect.name == "sqlite"
    fold = exact or getattr(dialect, "_casing", 0) != 0
    live_tables = {(n.lower() if fold else n): n for n in inspector.get_table_names()}
    tables = list(tables)
    absent = {
        t.name
        for t in tables
        if t.name in OPTIONAL_TABLES and (t.name.lower() if fold else t.name) not in live_tables
    }
    # A key to a table the site lacks joins nothing: it is a data column there.
    mapped = {t.name for t in tables} - absent
    schema = LiveSchema(exact=exact)
    for table in tables:
        live_name = live_tables.pop(table.name.lower() if fold else table.name, None)
        if live_name is None:
            optional = OPTIONAL_TABLES.get(table.name)
            schema.differences.append(
                Difference(
                    table.name,
                    None,
                    optional is None,
                    "missing",
                    "table",
                    optional or "the gateway reads it",
                )
            )
            continue
        _table_differences(table, inspector, live_name, dialect, exact, mapped, schema)
    others = [n for n in live_tables.values() if n != "alembic_version"]
    if others:
        schema.differences.append(
            Difference(
                f"{len(others)} other table(s)",
                None,
                False,
                "present",
                "-",
                "tables the gateway does not map are ignored",
            )
        )
    return schema
