"""How a table-reshaping revision runs on MariaDB/MySQL so that a kill at any point is harmless.

MySQL and MariaDB commit every DDL statement on its own, so a revision cannot
roll back. Instead every step is either idempotent or detectable, and running
the revision again finishes the job:

1. **preflight** (read-only) — skipped once the swap happened, because the
   tables it reads are gone by then;
2. **build** each new table under a temporary name (`_gw_new_<table>`) from the
   current ones with one `INSERT ... SELECT`; a re-run drops and rebuilds them;
3. **swap** in one atomic `RENAME TABLE`: current tables become `_gw_old_<table>`,
   new ones take the real names. Whether it happened is read off the schema;
4. **detach** foreign keys of surviving tables that followed the renamed tables;
5. **remap** values in surviving tables, in one transaction together with a
   marker row in `SchemaStatus`, so it runs exactly once;
6. **retire** the old tables (`DROP TABLE IF EXISTS`);
7. **attach** foreign keys (skipped when present with the right target; added
   with `foreign_key_checks = 0`, which MySQL and MariaDB do in place instead
   of copying the table; the data came from tables that had the same keys);
8. **views** that read the tables are recreated, where the database has them;
9. **record**: `SchemaStatus` says DONE (upgrade) or loses the row (downgrade),
   in the same transaction as Alembic's version stamp.

`SchemaStatus` holds `ONGOING`/`REVERTING` while a revision runs, so a DBA sees
an interrupted one. A named lock keeps two runs apart. Offline (`--sql`), the
same steps are printed in order with the preflight queries, unconditionally.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from alembic import context, op
from sqlalchemy import Connection, text

from gateway.sql.change.preflight import Check, PreflightFailed, failures

KILL_AT = "GATEWAY_MIGRATION_KILL_AT"
"""Fault injection for the kill tests: `<revision>:<direction>:<step>` makes the process
SIGKILL itself right after that step, as an operator's `kill -9` would."""
LOCK = "ispyb-gateway-migrations"
LOCK_WAIT_SECONDS = 60
NEW, OLD = "_gw_new_", "_gw_old_"


@dataclass(frozen=True)
class ForeignKey:
    table: str
    name: str
    columns: str  # comma-separated, as in DDL
    ref_table: str
    ref_columns: str
    rules: str = "ON DELETE CASCADE ON UPDATE CASCADE"

    def add_sql(self) -> str:
        return (
            f"ALTER TABLE `{self.table}` ADD CONSTRAINT `{self.name}` FOREIGN KEY "
            f"({self.columns}) REFERENCES `{self.ref_table}` ({self.ref_columns}) {self.rules}"
        )

    def drop_sql(self) -> str:
        return f"ALTER TABLE `{self.table}` DROP FOREIGN KEY `{self.name}`"


@dataclass(frozen=True)
class Build:
    """A table built under a temporary name and swapped in: DDL and the rows to fill it."""

    table: str
    create: str  # CREATE TABLE `{name}` (...), without foreign keys
    fill: str | None = None  # INSERT INTO `{name}` ... SELECT ...; None: created empty

    def statements(self) -> list[str]:
        name = NEW + self.table
        sql = [f"DROP TABLE IF EXISTS `{name}`", self.create.format(name=name)]
        return sql + ([self.fill.format(name=name)] if self.fill else [])


@dataclass(frozen=True)
class View:
    name: str
    select: str

    def sql(self) -> str:
        return (
            f"CREATE OR REPLACE ALGORITHM=MERGE SQL SECURITY INVOKER VIEW `{self.name}` AS "
            f"{self.select}"
        )


@dataclass(frozen=True)
class Change:
    """One direction of one revision."""

    revision: str
    direction: Literal["upgrade", "downgrade"]
    swapped: str  # SQL answering 1 once the swap happened
    checks: Sequence[Check] = ()
    builds: Sequence[Build] = ()
    retire: Sequence[str] = ()  # tables replaced or removed
    detach: Sequence[ForeignKey] = ()
    remap: Sequence[str] = ()
    attach: Sequence[ForeignKey] = ()
    views: Sequence[View] = ()
    prepare: Callable[[Connection, dict[str, str]], set[str]] | None = field(default=None)
    """Runs before the preflight with the DBA's options; returns the options it honoured."""

    def swap_sql(self) -> str:
        pairs = [f"`{t}` TO `{OLD}{t}`" for t in self.retire]
        built = {b.table for b in self.builds}
        pairs += [f"`{NEW}{t}` TO `{t}`" for t in built]
        # a table both retired and built: the old one must move away first
        return "RENAME TABLE " + ", ".join(pairs)

    @property
    def script(self) -> str:
        """Its name in ISPyB's SchemaStatus (both directions share the row)."""
        return f"ispyb-gateway/{self.revision}"

    @property
    def running(self) -> str:
        """SchemaStatus while it runs: an interrupted revision shows which way it went."""
        return "ONGOING" if self.direction == "upgrade" else "REVERTING"

    @property
    def marker(self) -> str:
        return f"{self.script}:remap"


def table_exists(name: str) -> str:
    return (
        "SELECT COUNT(*) FROM information_schema.TABLES "
        f"WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '{name}'"
    )


def column_exists(table: str, column: str) -> str:
    return (
        "SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
        f"AND TABLE_NAME = '{table}' AND COLUMN_NAME = '{column}'"
    )


def _scalar(conn: Connection, sql: str) -> object:
    return conn.execute(text(sql)).scalar()


def _fk_target(conn: Connection, fk: ForeignKey) -> str | None:
    target = _scalar(
        conn,
        "SELECT REFERENCED_TABLE_NAME FROM information_schema.REFERENTIAL_CONSTRAINTS "
        f"WHERE CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME = '{fk.table}' "
        f"AND CONSTRAINT_NAME = '{fk.name}'",
    )
    return str(target) if target is not None else None


def _status(conn: Connection, script: str) -> str | None:
    value = _scalar(conn, f"SELECT schemaStatus FROM SchemaStatus WHERE scriptName = '{script}'")
    return str(value) if value is not None else None


def _set_status(script: str, status: str) -> str:
    return (
        "INSERT INTO SchemaStatus (scriptName, schemaStatus) "
        f"VALUES ('{script}', '{status}') ON DUPLICATE KEY UPDATE schemaStatus = '{status}'"
    )


def _record(change: Change) -> list[str]:
    if change.direction == "upgrade":
        done = f"UPDATE SchemaStatus SET schemaStatus = 'DONE' WHERE scriptName = '{change.script}'"
        marker = f"DELETE FROM SchemaStatus WHERE scriptName = '{change.marker}'"
        return [done, marker] if change.remap else [done]
    return [f"DELETE FROM SchemaStatus WHERE scriptName IN ('{change.script}', '{change.marker}')"]


def _remap_transaction(change: Change) -> list[str]:
    return [
        "START TRANSACTION",
        *change.remap,
        f"INSERT INTO SchemaStatus (scriptName, schemaStatus) VALUES ('{change.marker}', 'DONE')",
        "COMMIT",
    ]


def options() -> dict[str, str]:
    """Options the DBA passed (`ispyb-gateway db upgrade --...`, or `alembic -x key=value`)."""
    found: dict[str, str] = dict(context.config.attributes.get("options", {}))
    found.update(context.get_x_argument(as_dictionary=True))
    return found


def run(change: Change, sqlite: Callable[[Connection], None] | None = None) -> None:
    """Run one direction of a revision from inside its Alembic `upgrade()`/`downgrade()`."""
    if context.is_offline_mode():
        _print(change)
        return
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":  # the demo: one transaction, so no resumption needed
        if sqlite is not None:
            sqlite(conn)
        script = {"script": change.script}
        conn.execute(text("DELETE FROM SchemaStatus WHERE scriptName = :script"), script)
        if change.direction == "upgrade":
            conn.execute(
                text(
                    "INSERT INTO SchemaStatus (scriptName, schemaStatus) VALUES (:script, 'DONE')"
                ),
                script,
            )
        return
    if not _scalar(conn, f"SELECT GET_LOCK('{LOCK}', {LOCK_WAIT_SECONDS})"):
        raise RuntimeError(
            f"another migration holds the lock {LOCK!r} (a running `db upgrade`, or the "
            "statement of a killed one still finishing); try again when it is done"
        )
    try:
        _run_online(conn, change)
    finally:
        _scalar(conn, f"SELECT RELEASE_LOCK('{LOCK}')")


def _checkpoint(change: Change, step: str) -> None:
    if os.environ.get(KILL_AT) == f"{change.revision}:{change.direction}:{step}":
        os.kill(os.getpid(), signal.SIGKILL)


def _run_online(conn: Connection, change: Change) -> None:
    status = _status(conn, change.script)
    if change.direction == "upgrade" and status == "DONE":
        return  # finished earlier; only Alembic's stamp was missing
    if change.direction == "downgrade" and status is None:
        return
    execute = conn.exec_driver_sql
    if not _scalar(conn, change.swapped):
        honoured = change.prepare(conn, options()) if change.prepare else set()
        checks = [c for c in change.checks if c.waived_by is None or c.waived_by not in honoured]
        found = failures(conn, checks)
        if found:
            raise PreflightFailed(change.revision, found)
        execute(_set_status(change.script, change.running))
        execute("COMMIT")
        _checkpoint(change, "preflight")
        execute("SET SESSION foreign_key_checks = 0")
        for build in change.builds:
            for sql in build.statements():
                execute(sql)
            execute("COMMIT")
            _checkpoint(change, f"build:{build.table}")
        execute(change.swap_sql())
        _checkpoint(change, "swap")
    execute("SET SESSION foreign_key_checks = 0")
    for fk in change.detach:
        if _fk_target(conn, fk) is not None:
            execute(fk.drop_sql())
    _checkpoint(change, "detach")
    if change.remap and _status(conn, change.marker) is None:
        for sql in _remap_transaction(change):
            execute(sql)
        _checkpoint(change, "remap")
    for table in change.retire:
        execute(f"DROP TABLE IF EXISTS `{OLD}{table}`")
        _checkpoint(change, f"retire:{table}")
    for fk in change.attach:
        target = _fk_target(conn, fk)
        if target == fk.ref_table:
            continue
        if target is not None:
            execute(fk.drop_sql())
        execute(fk.add_sql())
        _checkpoint(change, f"attach:{fk.name}")
    execute("SET SESSION foreign_key_checks = 1")
    for view in change.views:
        if _scalar(conn, table_exists(view.name)):
            execute(view.sql())
    _checkpoint(change, "views")
    for sql in _record(change):
        execute(sql)  # committed with Alembic's version stamp


def _print(change: Change) -> None:
    """The whole revision as SQL a DBA can read and run by hand (Alembic offline mode)."""

    def say(comment: str) -> None:
        for line in comment.splitlines():
            op.execute(text(f"-- {line}".replace(":", r"\:")))

    def sql(statement: str) -> None:
        op.execute(text(statement.replace(":", r"\:")))

    say(f"{change.revision} ({change.direction})")
    if change.checks:
        say("Preflight: each query must return 0; otherwise stop and read docs/migrations.md.")
        for check in change.checks:
            say(check.problem + (f" (waived only by {check.waived_by})" if check.waived_by else ""))
            sql(check.count_sql())
    sql(f"SELECT GET_LOCK('{LOCK}', {LOCK_WAIT_SECONDS})")
    sql(_set_status(change.script, change.running))
    sql("SET SESSION foreign_key_checks = 0")
    for build in change.builds:
        say(f"build {build.table}")
        for statement in build.statements():
            sql(statement)
    say("swap (atomic)")
    sql(change.swap_sql())
    for fk in change.detach:
        sql(fk.drop_sql())
    if change.remap:
        say("remap, once: in one transaction with its marker")
        for statement in _remap_transaction(change):
            sql(statement)
    for table in change.retire:
        sql(f"DROP TABLE IF EXISTS `{OLD}{table}`")
    for fk in change.attach:
        sql(fk.add_sql())
    sql("SET SESSION foreign_key_checks = 1")
    if change.views:
        say("views of the official schema that read these tables (skip those you do not have)")
        for view in change.views:
            sql(view.sql())
    for statement in _record(change):
        sql(statement)
    sql(f"SELECT RELEASE_LOCK('{LOCK}')")
