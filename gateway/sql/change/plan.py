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
an interrupted one. A re-run finishes a run interrupted after the swap, and cleans
up (drops `_gw_new_*`, resets `SchemaStatus`) and starts over one interrupted
before it, saying which. A named lock keeps two runs apart.

The steps are data (`steps`): online they are executed here; offline (`--sql`) the
same steps are printed as compound statements whose `IF`s read the same conditions,
so a script run by hand resumes like the command, and the preflight is a statement
that fails (stopping the `mariadb` client) with `db check`'s message.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from alembic import context, op
from sqlalchemy import Connection, text

from gateway.sql.change.preflight import (
    FIRST_IDS,
    Check,
    PreflightFailed,
    failures,
    finding,
    headline,
)

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


def _fk_target(fk: ForeignKey) -> str:
    """SQL: the table a foreign key of that name points at now, NULL when it is absent."""
    return (
        "(SELECT REFERENCED_TABLE_NAME FROM information_schema.REFERENTIAL_CONSTRAINTS "
        f"WHERE CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME = '{fk.table}' "
        f"AND CONSTRAINT_NAME = '{fk.name}')"
    )


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


def _unrecord(change: Change) -> str:
    """SchemaStatus as it was before the revision started in this direction."""
    if change.direction == "upgrade":
        return f"DELETE FROM SchemaStatus WHERE scriptName = '{change.script}'"
    return _set_status(change.script, "DONE")


def _remap_transaction(change: Change) -> list[str]:
    return [
        "START TRANSACTION",
        *change.remap,
        f"INSERT INTO SchemaStatus (scriptName, schemaStatus) VALUES ('{change.marker}', 'DONE')",
        "COMMIT",
    ]


@dataclass(frozen=True)
class Step:
    """One point of a revision: its statements run when `when` (SQL, read just before) holds.

    The online command reads the condition and executes; the offline script prints the
    same step as an `IF` in a compound statement. One list of steps serves both, so a
    script run by hand decides (finish, clean up, skip) exactly as the command does."""

    title: str
    sql: Sequence[str | Step] = ()
    when: str | None = None
    say: str | None = None  # told to the operator when the step runs
    refuse: str | None = None  # the step stops the run with this message
    preflight: bool = False  # the revision's checks (online here; offline at the script's top)
    checkpoint: str | None = None  # kill point after the step (KILL_AT)


PENDING = "@gw_pending"
FRESH = "@gw_pending AND NOT @gw_swapped"  # not started, or interrupted before the swap


def state(change: Change) -> Step:
    """Where the revision stands, read off SchemaStatus and the schema into session variables."""
    upgrade = change.direction == "upgrade"
    pending = "NOT (@gw_status <=> 'DONE')" if upgrade else "@gw_status IS NOT NULL"
    return Step(
        f"{change.revision} ({change.direction}): where it stands",
        [
            "SET @gw_status = (SELECT schemaStatus FROM SchemaStatus "
            f"WHERE scriptName = '{change.script}')",
            f"SET @gw_pending = {pending}",
            f"SET @gw_swapped = ({change.swapped})",
        ],
    )


def clean_up(change: Change) -> Step:
    """Undo a run interrupted before its swap, so that a refusing preflight leaves nothing."""
    left = ", ".join(f"`{NEW}{b.table}`" for b in change.builds) or "no table"
    return Step(
        "clean up a run interrupted before its swap",
        [*(f"DROP TABLE IF EXISTS `{NEW}{b.table}`" for b in change.builds), _unrecord(change)],
        when=f"{FRESH} AND @gw_status <=> '{change.running}'",
        say=f"an interrupted run had not swapped the tables: cleaned it up (dropped {left}, "
        "reset SchemaStatus); starting over",
    )


def steps(change: Change) -> list[Step]:
    """Every step of one direction of a revision, in order (module docstring)."""
    done = (
        "SchemaStatus says DONE"
        if change.direction == "upgrade"
        else "SchemaStatus has no row for it (reverted)"
    )
    found: list[Step] = [
        state(change),
        Step("nothing to do", when=f"NOT {PENDING}", say=f"nothing to do: {done}"),
        Step(
            "finish an interrupted run",
            when=f"{PENDING} AND @gw_swapped",
            say="an interrupted run had already swapped the tables: finishing it",
        ),
        clean_up(change),
        Step("preflight", when=FRESH, preflight=True),
        Step(
            "record that it runs",
            [_set_status(change.script, change.running), "COMMIT"],
            when=FRESH,
            checkpoint="preflight",
        ),
        Step("foreign key checks off", ["SET SESSION foreign_key_checks = 0"]),
    ]
    found += [
        Step(
            f"build {b.table}",
            [*b.statements(), "COMMIT"],
            when=FRESH,
            checkpoint=f"build:{b.table}",
        )
        for b in change.builds
    ]
    found.append(Step("swap (atomic)", [change.swap_sql()], when=FRESH, checkpoint="swap"))
    found.append(
        Step(
            "detach the foreign keys that followed the renamed tables",
            [
                Step(fk.name, [fk.drop_sql()], when=f"{_fk_target(fk)} IS NOT NULL")
                for fk in change.detach
            ],
            when=PENDING,
            checkpoint="detach",
        )
    )
    if change.remap:
        found.append(
            Step(
                "remap, once: in one transaction with its marker",
                _remap_transaction(change),
                when=f"{PENDING} AND NOT EXISTS (SELECT 1 FROM SchemaStatus "
                f"WHERE scriptName = '{change.marker}')",
                checkpoint="remap",
            )
        )
    found += [
        Step(
            f"retire {t}",
            [f"DROP TABLE IF EXISTS `{OLD}{t}`"],
            when=PENDING,
            checkpoint=f"retire:{t}",
        )
        for t in change.retire
    ]
    found += [
        Step(
            f"attach {fk.name}",
            [
                Step(
                    "a key of that name elsewhere",
                    [fk.drop_sql()],
                    when=f"{_fk_target(fk)} IS NOT NULL",
                ),
                fk.add_sql(),
            ],
            when=f"{PENDING} AND NOT ({_fk_target(fk)} <=> '{fk.ref_table}')",
            checkpoint=f"attach:{fk.name}",
        )
        for fk in change.attach
    ]
    found.append(Step("foreign key checks on", ["SET SESSION foreign_key_checks = 1"]))
    if change.views:
        found.append(
            Step(
                "views of the official schema that read these tables, where the database has them",
                [Step(v.name, [v.sql()], when=f"({table_exists(v.name)})") for v in change.views],
                when=PENDING,
                checkpoint="views",
            )
        )
    found.append(Step("record it done", _record(change), when=PENDING))
    return found


def options() -> dict[str, str]:
    """Options the DBA passed (`ispyb-gateway db upgrade --...`, or `alembic -x key=value`)."""
    found: dict[str, str] = dict(context.config.attributes.get("options", {}))
    found.update(context.get_x_argument(as_dictionary=True))
    return found


LOCKED = Step(
    "one run at a time",
    when=f"NOT (GET_LOCK('{LOCK}', {LOCK_WAIT_SECONDS}) <=> 1)",
    refuse=f"another migration holds the lock {LOCK!r} (a running `db upgrade`, or the "
    "statement of a killed one still finishing); try again when it is done",
)


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
    try:
        _online(conn, change, [LOCKED])
        _online(conn, change, steps(change))
    finally:
        conn.exec_driver_sql(f"SELECT RELEASE_LOCK('{LOCK}')")


def _checkpoint(change: Change, step: str) -> None:
    if os.environ.get(KILL_AT) == f"{change.revision}:{change.direction}:{step}":
        os.kill(os.getpid(), signal.SIGKILL)


def _online(conn: Connection, change: Change, todo: Sequence[Step | str]) -> None:
    execute = conn.exec_driver_sql
    for step in todo:
        if isinstance(step, str):
            execute(step)
            continue
        if step.when is not None and not execute(f"SELECT {step.when}").scalar():
            continue
        if step.refuse:
            raise RuntimeError(step.refuse)
        if step.say:
            print(f"{change.revision} ({change.direction}): {step.say}", flush=True)
        if step.preflight:
            honoured = change.prepare(conn, options()) if change.prepare else set()
            checks = [
                c for c in change.checks if c.waived_by is None or c.waived_by not in honoured
            ]
            found = failures(conn, checks)
            if found:
                raise PreflightFailed(change.revision, found)
        _online(conn, change, step.sql)
        if step.checkpoint:
            _checkpoint(change, step.checkpoint)


# -- offline: the same steps as SQL text ---------------------------------------------------

MESSAGE_LIMIT = {"mariadb": 512, "mysql": 128}  # longest SIGNAL MESSAGE_TEXT each accepts
SERVERS = tuple(MESSAGE_LIMIT)


def _literal(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "''").replace("\n", "\\n") + "'"


def _indent(lines: Sequence[str], by: str = "  ") -> list[str]:
    return [by + line for line in lines]


def _body(step: Step, revision: str) -> list[str]:
    """A step as the statements of a compound block."""
    lines: list[str] = []
    if step.refuse:
        lines.append(f"SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = {_literal(step.refuse)};")
    if step.say:
        lines.append(f"SELECT {_literal(f'{revision}: {step.say}')} AS `ispyb-gateway`;")
    for item in step.sql:
        if isinstance(item, Step):
            lines += _body(item, revision)
        else:
            lines += f"{item};".splitlines()
    if step.when is None or not lines:
        return lines
    return [f"IF {step.when} THEN", *_indent(lines), "END IF;"]


def _compound(body: Sequence[str], server: str, declare: Sequence[str] = ()) -> str:
    """One compound statement for the `mariadb`/`mysql` client (which need DELIMITER for it).

    MariaDB runs an anonymous `BEGIN NOT ATOMIC`; MySQL 8 has none, so the block becomes a
    procedure created, called and dropped (left behind only when it refused; the next run
    replaces it)."""
    inner = _indent([*declare, *body])
    if server == "mariadb":
        return "\n".join(["DELIMITER //", "BEGIN NOT ATOMIC", *inner, "END //", "DELIMITER ;"])
    return "\n".join(
        [
            "DROP PROCEDURE IF EXISTS `_gw_step`;",
            "DELIMITER //",
            "CREATE PROCEDURE `_gw_step`() BEGIN",
            *inner,
            "END //",
            "DELIMITER ;",
            "CALL `_gw_step`();",
            "DROP PROCEDURE `_gw_step`;",
        ]
    )


def _render(step: Step, revision: str, server: str) -> str:
    title = f"-- {step.title}"
    plain = all(isinstance(item, str) for item in step.sql)
    if plain and step.when is None and not step.say and not step.refuse:
        return "\n".join([title, *(f"{item};" for item in step.sql)])
    body = _body(step, revision)
    return f"{title}\n{_compound(body, server)}" if body else f"{title}: nothing here"


_MARK = "\0"


def _message_sql(revision: str, check: Check, server: str) -> str:
    """SQL building the text `db check` prints for this check, from `n` rows and `ids`."""
    text_ = (
        headline(revision)
        + "\n"
        + finding(check.problem, f"{_MARK}n{_MARK}", f"{_MARK}ids{_MARK}", f"{_MARK}more{_MARK}")
    )
    parts = []
    for i, piece in enumerate(text_.split(_MARK)):
        if i % 2 == 0:
            parts += [_literal(piece)] if piece else []
        else:
            parts.append(
                {"n": "n", "ids": "ids", "more": f"IF(n > {FIRST_IDS}, ', ...', '')"}[piece]
            )
    return f"LEFT(CONCAT({', '.join(parts)}), {MESSAGE_LIMIT[server]})"


def _check(revision: str, check: Check, server: str) -> str:
    """A check that fails the statement (and so stops the client) when it finds rows."""
    refuse = [
        f"SELECT COUNT(*) INTO n FROM ({check.ids_sql}) AS offending;",
        "IF n > 0 THEN",
        *_indent(
            [
                f"WITH first_ids(id) AS ({check.first_ids_sql()})",
                "  SELECT GROUP_CONCAT(id ORDER BY id SEPARATOR ', ') INTO ids FROM first_ids;",
                f"SET message = {_message_sql(revision, check, server)};",
                *(["SELECT message AS `ispyb-gateway`;"] if server == "mysql" else []),
                "SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = message;",
            ]
        ),
        "END IF;",
    ]
    waived = (
        f"\n-- (online, `db upgrade --{check.waived_by}` waives it; this script cannot)"
        if check.waived_by
        else ""
    )
    return f"-- {check.problem}{waived}\n-- list them all: {check.ids_sql};\n" + _compound(
        [f"IF {FRESH} THEN", *_indent(refuse), "END IF;"],
        server,
        ["DECLARE n BIGINT DEFAULT 0;", "DECLARE ids TEXT;", "DECLARE message TEXT;"],
    )


def preflight_sql(changes: Sequence[Change], server: str) -> str:
    """The checks of every revision a script applies, run before it changes anything, as
    `db check` runs them: a failing one stops the client with `db check`'s message. A run
    interrupted before its swap is cleaned up first, so a refusal leaves nothing behind."""
    chunks = [
        "-- Preflight of every revision below, before anything changes. A failing check stops\n"
        "-- the client with the message `db check` prints (docs/migrations.md)."
    ]
    for change in changes:
        if not change.checks:
            continue
        chunks += [_render(s, change.revision, server) for s in (state(change), clean_up(change))]
        chunks += [_check(change.revision, c, server) for c in change.checks]
    return "\n\n".join(chunks) + "\n\n"


def _print(change: Change) -> None:
    """The revision as SQL a DBA can read and run by hand (Alembic offline mode).

    Its preflight is at the top of the script (`preflight_sql`, printed by migrate.py)."""
    server = str(context.config.attributes.get("server", "mariadb"))
    out = context.get_context().impl.static_output
    out(f"-- {change.revision} ({change.direction})")
    for step in [LOCKED, *steps(change)]:
        if step.preflight:
            out("-- preflight: at the top of this script")
            continue
        out(_render(step, change.revision, server))
    out(f"DO RELEASE_LOCK('{LOCK}');")
