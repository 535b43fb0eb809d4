"""Async engine creation and liveness checks for the ISPyB database."""

from __future__ import annotations

import time
import weakref
from collections.abc import Callable
from typing import Any

import asyncmy.converters
import pymysql.converters  # type: ignore[import-untyped]
from pymysql.constants import FIELD_TYPE  # type: ignore[import-untyped]
from sqlalchemy import event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlalchemy.ext.asyncio import AsyncSession as AsyncSession

from gateway.errors import GatewayError

_TEXT = (str, bytes)  # a tuple: `str | bytes` would build a union object per value


def _no_zero_date(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """PyMySQL hands back a date it cannot parse ('0000-00-00', '2020-00-00') as the
    string itself; ISPyB has such values (zero-date column defaults). They mean "no date"."""

    def read(value: Any) -> Any:
        converted = convert(value)
        return None if isinstance(converted, _TEXT) else converted

    return read


def _zero_dates_as_null(converters: Any) -> dict[Any, Any]:
    """A driver's conversions, with its date readers wrapped by `_no_zero_date`."""
    return {
        **converters.conversions,
        FIELD_TYPE.DATETIME: _no_zero_date(converters.convert_datetime),
        FIELD_TYPE.TIMESTAMP: _no_zero_date(converters.convert_datetime),
        FIELD_TYPE.DATE: _no_zero_date(converters.convert_date),
    }


#: By driver. asyncmy (the default) is PyMySQL's protocol compiled with Cython: the driver's
#: share of a page's CPU fell from 39% to 18% (docs/performance.md); aiomysql stays
#: supported for existing settings.
ZERO_DATES_AS_NULL: dict[str, dict[Any, Any]] = {
    "asyncmy": _zero_dates_as_null(asyncmy.converters),
    "aiomysql": _zero_dates_as_null(pymysql.converters),
}
#: The MySQL/MariaDB drivers the gateway runs on (the settings name them in URLs).
MYSQL_DRIVERS = tuple(ZERO_DATES_AS_NULL)


class StatementTimeout(GatewayError):
    """A statement ran into the server-side time limit and was stopped by the server."""

    code = "QUERY_TIMEOUT"


# Server errors for a statement stopped by its time limit: MariaDB, MySQL.
_TIMEOUT_ERRORS = {1969, 3024}
_UNKNOWN_VARIABLE = 1193


def create_engine(
    url: str,
    *,
    statement_timeout: float | None = None,
    autocommit: bool = False,
    idle_ping_seconds: float = 5.0,
    **kwargs: Any,
) -> AsyncEngine:
    """Engine tuned for a long-running service that survives a database restart.

    `statement_timeout` (seconds) is enforced by the server on every statement of this
    engine's connections, so a runaway read stops there, not only in our process.
    `autocommit`: for reads only; each statement is its own transaction, so handing the
    connection back costs no ROLLBACK (see `_skip_idle_rollback`)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = create_async_engine(parsed, **kwargs)
        _sqlite_foreign_keys(engine)
        return engine
    options: dict[str, Any] = {
        "pool_recycle": 3600,
        "pool_size": 10,
        "max_overflow": 20,
        "connect_args": {
            "connect_timeout": 5,
            "charset": "utf8mb4",
            "conv": ZERO_DATES_AS_NULL[parsed.get_driver_name()],
        },
    }
    if autocommit:
        options["isolation_level"] = "AUTOCOMMIT"
    options.update(kwargs)
    engine = create_async_engine(parsed, **options)
    if autocommit:
        _AUTOCOMMIT.add(engine.sync_engine)
    if not options.get("pool_pre_ping"):
        _ping_when_idle(engine, idle_ping_seconds)
    _skip_idle_rollback(engine)
    _forget_last_result(engine)
    if statement_timeout:
        _statement_time_limit(engine, statement_timeout)
    return engine


def _forget_last_result(engine: AsyncEngine) -> None:
    """Hand a connection back without its last result.

    The driver keeps a connection's last result, every row of it, until the next
    statement; with no ROLLBACK on the way back (`_skip_idle_rollback`), a pooled
    connection idle after the 80,000-collection read held its 80,000 row tuples, memory
    kept and objects the cyclic collector walked (102 ms in one collection)."""

    @event.listens_for(engine.sync_engine, "checkin")
    def _forget(dbapi_conn: Any, _record: Any) -> None:
        driver = getattr(dbapi_conn, "_connection", None)
        result = getattr(driver, "_result", None)
        if result is None or getattr(result, "unbuffered_active", False):
            return
        if not getattr(result, "has_next", False):
            driver._result = None  # type: ignore[union-attr]  # as the driver does itself


def _ping_when_idle(engine: AsyncEngine, seconds: float) -> None:
    """Ping a pooled connection before use only when it sat idle for `seconds`.

    SQLAlchemy's `pool_pre_ping` pings on every checkout: a round trip per statement,
    a third of a small read. A connection used a moment ago is alive or the database has
    just gone; then the statement fails, SQLAlchemy sees a disconnect and replaces the
    whole pool, and the next request gets fresh connections."""
    pool_events = engine.sync_engine

    @event.listens_for(pool_events, "checkin")
    def _stamp(_dbapi_conn: Any, record: Any) -> None:
        if record is not None:
            record.info["gateway_used_at"] = time.monotonic()

    @event.listens_for(pool_events, "checkout")
    def _check(dbapi_conn: Any, record: Any, _proxy: Any) -> None:
        used_at = record.info.get("gateway_used_at")
        if used_at is None or time.monotonic() - used_at < seconds:
            return  # just opened, or used a moment ago
        try:
            engine.sync_engine.dialect.do_ping(dbapi_conn)
        except Exception as error:
            raise DisconnectionError("connection found dead before use") from error  # replaced


def _skip_idle_rollback(engine: AsyncEngine) -> None:
    """No ROLLBACK round trip for an autocommit connection that holds no transaction.

    SQLAlchemy rolls back every connection it hands back. In autocommit mode, after a
    read, the server's status flags say no transaction is open and the ROLLBACK changes
    nothing. Not otherwise: with autocommit off, a plain SELECT opens an InnoDB read
    view that the server does not flag (SERVER_STATUS_IN_TRANS stays clear), and only
    the ROLLBACK ends it."""
    dialect = engine.sync_engine.dialect
    rollback = dialect.do_rollback

    def do_rollback(dbapi_connection: Any) -> None:
        driver = getattr(dbapi_connection, "_connection", None)  # the driver's, under the adapter
        if (
            driver is not None
            and hasattr(driver, "get_autocommit")
            and driver.get_autocommit()
            and not driver.get_transaction_status()
        ):
            return
        rollback(dbapi_connection)

    dialect.do_rollback = do_rollback  # type: ignore[method-assign]


_AUTOCOMMIT: weakref.WeakSet[Any] = weakref.WeakSet()
_TIME_LIMITS: weakref.WeakKeyDictionary[Any, float] = weakref.WeakKeyDictionary()


def is_autocommit(engine: AsyncEngine) -> bool:
    """Whether the engine's connections run each statement as its own transaction."""
    return engine.sync_engine in _AUTOCOMMIT


def statement_error(engine: AsyncEngine, original: BaseException) -> Exception | None:
    """The gateway's error for a driver error of `engine`, where it has one of its own."""
    seconds = _TIME_LIMITS.get(engine.sync_engine)
    if (
        seconds is not None
        and getattr(original, "args", None)
        and original.args[0] in _TIMEOUT_ERRORS
    ):
        return StatementTimeout(
            f"a database statement ran longer than the limit of {seconds:g} s and was "
            "stopped; ask for less (smaller pages, fewer nested lists, narrower filters)",
            limitSeconds=seconds,
        )
    return None


def _statement_time_limit(engine: AsyncEngine, seconds: float) -> None:
    _TIME_LIMITS[engine.sync_engine] = seconds

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        cursor = dbapi_conn.cursor()
        try:
            try:
                cursor.execute(f"SET SESSION max_statement_time = {seconds:f}")  # MariaDB
            except Exception as exc:
                if not exc.args or exc.args[0] != _UNKNOWN_VARIABLE:
                    raise
                # MySQL 8: milliseconds, and only for SELECT (its writes are short here).
                cursor.execute(f"SET SESSION MAX_EXECUTION_TIME = {max(1, int(seconds * 1000))}")
        finally:
            cursor.close()

    @event.listens_for(engine.sync_engine, "handle_error")
    def _on_error(context: Any) -> Exception | None:
        return statement_error(engine, context.original_exception)


def _sqlite_foreign_keys(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


def sync_url(url: str | URL) -> URL:
    """The blocking-driver twin of an async URL, for Alembic and DBA tools."""
    parsed = make_url(url)
    drivers = {"asyncmy": "pymysql", "aiomysql": "pymysql", "aiosqlite": "pysqlite"}
    driver = drivers.get(parsed.get_driver_name(), parsed.get_driver_name())
    return parsed.set(drivername=f"{parsed.get_backend_name()}+{driver}")


async def ping(engine: AsyncEngine) -> None:
    """Raise if the database does not answer a trivial query."""
    async with engine.connect() as conn:
        await conn.execute(text("SELECT 1"))
