"""Statements built once and run many times, on MariaDB/MySQL straight through the driver.

The graph's reads repeat: the same statement for every request of a kind, only its
keys change (gateway.sql.reads binds them). SQLAlchemy runs each one through an
execution context, a cursor result with row processors, and its event hooks: about
a third of a small read's Python, spent again for every statement of every request.
A `Prepared` statement is compiled once per database dialect; a run renders the
batch's IN lists, converts the parameters and results with the column types' own
processors, and runs it on the pooled connection's cursor, inside SQLAlchemy's
greenlet as its own execution would be.

Only on asyncmy or aiomysql with autocommit connections (the reader: a connection holds no
transaction between reads), and while nobody watches the engine's statements (its
events, its log); elsewhere, and for any error but the server's
statement time limit, the statement goes through SQLAlchemy's execution, which then
reports the error and handles a lost connection (invalidating the pool) as usual.
A read runs twice only when it failed the first time.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.sql import sqltypes
from sqlalchemy.util import greenlet_spawn

from gateway.sql.engine import MYSQL_DRIVERS, is_autocommit, statement_error

Row = dict[str, Any]
Processor = Callable[[Any], Any] | None


@dataclass
class _Form:
    """A statement compiled for one dialect, ready to render."""

    sql: str
    positions: list[tuple[str, bool, Any, Processor]]  # (name, expanding, default, processor)
    keys: list[str]
    types: list[Any]
    # (key, converter) of the columns whose values need converting, from the first run's
    # cursor description (most need none: the driver's values are the column types')
    results: list[tuple[str, Callable[[Any], Any]]] | None = None
    rendered: dict[tuple[int, ...], str] = field(default_factory=dict)

    def render(self, params: dict[str, Any]) -> tuple[str, list[Any]]:
        args: list[Any] = []
        lengths: list[int] = []
        for name, expanding, default, processor in self.positions:
            value = params.get(name, default)
            if expanding:
                values = list(value)
                if not values:
                    raise ValueError(f"an empty list for {name}")  # the callers never do
                lengths.append(len(values))
                args.extend(values if processor is None else map(processor, values))
            else:
                args.append(value if processor is None else processor(value))
        sql = self.rendered.get(tuple(lengths))
        if sql is None:
            sql = self.sql
            expanding_names = [name for name, expanding, _, _ in self.positions if expanding]
            for name, n in zip(expanding_names, lengths, strict=True):
                marks = ", ".join(["%s"] * n)
                sql = sql.replace(f"(__[POSTCOMPILE_{name}])", f"({marks})")
            if len(self.rendered) < 64:  # batches take a few sizes; bound the odd ones
                self.rendered[tuple(lengths)] = sql
        return sql, args


class Prepared:
    """A read statement compiled once, run with each batch's parameters."""

    __slots__ = ("_forms", "_lock", "statement")

    def __init__(self, statement: Select[Any]) -> None:
        self.statement = statement
        self._forms: dict[int, _Form | None] = {}  # by dialect; None: SQLAlchemy runs it
        self._lock = threading.Lock()  # the lane's thread runs statements too

    async def rows(self, db: AsyncEngine, params: dict[str, Any]) -> list[Row]:
        form = self._form(db)
        if form is not None and not _watched(db):
            raw = await db.raw_connection()
            try:
                return await greenlet_spawn(_run, db, raw, form, params)
            except _Retry:
                pass  # SQLAlchemy runs it again and reports what happened
        return await through_sqlalchemy(db, self.statement, params)

    def runs_directly(self, db: AsyncEngine) -> bool:
        """Whether runs on `db` go through the driver (else through SQLAlchemy's execution)."""
        return self._form(db) is not None

    def _form(self, db: AsyncEngine) -> _Form | None:
        dialect = db.dialect
        key = id(dialect)
        if key in self._forms:
            return self._forms[key]
        with self._lock:
            if key not in self._forms:
                self._forms[key] = _compile(self.statement, db) if _direct(db) else None
            return self._forms[key]


async def through_sqlalchemy(
    db: AsyncEngine, stmt: Select[Any], params: dict[str, Any] | None = None
) -> list[Row]:
    """SQLAlchemy's execution, rows as plain dicts keyed by column."""
    async with db.connect() as conn:
        result = await conn.execute(stmt, params)
        keys = list(result.keys())
        return [dict(zip(keys, values, strict=True)) for values in result.all()]


_SQL_LOG = logging.getLogger("sqlalchemy.engine.Engine")


def _watched(db: AsyncEngine) -> bool:
    """Someone watches the engine's statements (tracing or a test listening to its events,
    statement logging): they see every statement only through SQLAlchemy's execution."""
    events = db.sync_engine.dispatch
    return bool(
        events.before_cursor_execute
        or events.after_cursor_execute
        or db.sync_engine.echo
        or _SQL_LOG.isEnabledFor(logging.INFO)
    )


def _direct(db: AsyncEngine) -> bool:
    dialect = db.dialect
    return dialect.driver in MYSQL_DRIVERS and dialect.paramstyle == "format" and is_autocommit(db)


def _compile(statement: Select[Any], db: AsyncEngine) -> _Form:
    dialect = db.dialect
    compiled = statement.compile(dialect=dialect)
    positions: list[tuple[str, bool, Any, Processor]] = []
    for name in compiled.positiontup or ():
        bind = compiled.binds[name]
        processor = bind.type.dialect_impl(dialect).bind_processor(dialect)
        positions.append((name, bool(bind.expanding), bind.effective_value, processor))
    columns = list(statement.selected_columns)
    return _Form(
        sql=compiled.string,
        positions=positions,
        keys=list(statement.selected_columns.keys()),
        types=[c.type for c in columns],
    )


class _Retry(Exception):
    """The driver failed the statement: SQLAlchemy's execution runs it again."""


def _run(db: AsyncEngine, raw: Any, form: _Form, params: dict[str, Any]) -> list[Row]:
    """Inside SQLAlchemy's greenlet: the adapter's cursor awaits the driver."""
    dialect = db.dialect
    sql, args = form.render(params)
    try:
        cursor = raw.dbapi_connection.cursor()
        try:
            cursor.execute(sql, args)
            values = cursor.fetchall()
            if form.results is None:
                form.results = _processors(dialect, form.keys, form.types, cursor.description)
        finally:
            cursor.close()
    except dialect.loaded_dbapi.Error as error:
        translated = statement_error(db, error)
        if translated is not None:
            raise translated from None
        raw.invalidate(error)  # its state is unknown; the pool makes a new one
        raise _Retry from error
    finally:
        raw.close()
    keys = form.keys
    # Not zip(strict=True): every row has the statement's columns, and the check of the
    # ended iterator costs a StopIteration per row, as much as the rest of the line.
    found = [dict(zip(keys, row)) for row in values]  # noqa: B905
    for key, convert in form.results:
        for row in found:
            value = row[key]
            if value is not None:
                row[key] = convert(value)
    return found


def _processors(
    dialect: Dialect, keys: Sequence[str], types: Sequence[Any], description: Any
) -> list[tuple[str, Callable[[Any], Any]]]:
    converters = []
    for key, type_, column in zip(keys, types, description, strict=True):
        impl = type_.dialect_impl(dialect)
        convert = _enum_values(impl, dialect, column[1]) or impl.result_processor(
            dialect, column[1]
        )
        if convert is not None:
            converters.append((key, convert))
    return converters


def _enum_values(impl: Any, dialect: Dialect, coltype: Any) -> Callable[[Any], Any] | None:
    """For an Enum of plain strings, its processor's answer as a dict lookup: the value
    itself, MySQL's '' (a value the column could not store) as it is, and a KeyError
    (a LookupError, as SQLAlchemy raises) for a value the type does not declare. The
    processor is three Python calls per value; this is none."""
    if not isinstance(impl, sqltypes.Enum) or impl.enum_class is not None:
        return None
    if sqltypes.String.result_processor(impl, dialect, coltype) is not None:
        return None  # the strings themselves need converting first
    values = {value: value for value in impl.enums}
    if any(impl._object_lookup.get(value) != value for value in values):
        return None
    values[""] = ""
    return values.__getitem__
