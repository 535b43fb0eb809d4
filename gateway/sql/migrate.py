"""Alembic wiring: one place that knows where the revisions live and how to run them."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TextIO

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.script.revision import RevisionError
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from gateway.settings import REPO_ROOT
from gateway.sql.change.preflight import Failure, failures
from gateway.sql.engine import sync_url

MIGRATIONS_DIR = REPO_ROOT / "migrations"


class MigrateError(Exception):
    """A migration command that cannot start; the message says what to do instead."""


def alembic_config(url: str, out: TextIO | None = None) -> Config:
    cfg = Config(output_buffer=out or sys.stdout)
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    # ConfigParser interpolation would choke on '%' in passwords.
    cfg.set_main_option(
        "sqlalchemy.url", sync_url(url).render_as_string(hide_password=False).replace("%", "%%")
    )
    return cfg


def head_revision() -> str:
    heads = ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads()
    return heads[0] if heads else ""


def current_revision(url: str) -> str | None:
    engine = create_engine(sync_url(url))
    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    finally:
        engine.dispose()


def upgrade(
    url: str,
    revision: str = "head",
    sql: bool = False,
    options: dict[str, str] | None = None,
    server: str | None = None,
    out: TextIO | None = None,
) -> None:
    """Apply revisions; `options` are the DBA's documented switches (docs/migrations.md).

    With `sql`, print the script instead (see `_offline`)."""
    cfg = alembic_config(url, out)
    cfg.attributes["options"] = dict(options or {})
    if sql:
        _offline(cfg, url, "upgrade", revision, server)
        return
    command.upgrade(cfg, revision)


def downgrade(
    url: str,
    revision: str,
    sql: bool = False,
    server: str | None = None,
    out: TextIO | None = None,
) -> None:
    cfg = alembic_config(url, out)
    if sql:
        _offline(cfg, url, "downgrade", revision, server)
        return
    command.downgrade(cfg, revision)


@dataclass(frozen=True)
class Where:
    """What `--sql` read from the database, read-only."""

    name: str
    server: str  # "mariadb" or "mysql"
    version: str
    revision: str | None


def _where(url: str) -> Where:
    from gateway.sql.change.plan import SERVERS

    engine = create_engine(sync_url(url), connect_args={"connect_timeout": 10})
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SET SESSION TRANSACTION READ ONLY")
            name, version = conn.exec_driver_sql("SELECT DATABASE(), VERSION()").one()
            revision = MigrationContext.configure(conn).get_current_revision()
            conn.rollback()
    finally:
        engine.dispose()
    server = SERVERS[0] if "mariadb" in str(version).lower() else SERVERS[1]
    return Where(str(name), server, str(version), revision)


def _offline(cfg: Config, url: str, direction: str, revision: str, server: str | None) -> None:
    """Print the script of `FROM:TO`, or of what is pending when no range is given.

    Without a range the database's revision is read (read-only); the script then starts
    where the database is, and its header says which database, revision and target. Every
    script starts with the preflight of all its revisions (plan.preflight_sql)."""
    from gateway.sql.change.plan import preflight_sql
    from gateway.sql.change.screening import REVISIONS

    target = make_url(sync_url(url))
    host = f"{target.host or 'localhost'}:{target.port or 3306}"
    place = f"{target.database or '?'} on {host}"
    out = cfg.output_buffer
    assert out is not None
    header = [f"-- ispyb-gateway db {direction} {revision} --sql"]
    if ":" in revision:
        start, end = revision.split(":", 1)
        header.append(f"-- range given: {start} -> {end}; the database ({place}) was not read")
    else:
        try:
            where = _where(url)
        except DBAPIError as exc:
            args = getattr(exc.orig, "args", ())
            reason = str(args[-1] if args else exc.orig or type(exc).__name__)
            raise MigrateError(
                f"cannot read the revision of {place} ({reason}), so the script cannot start "
                f"where the database is: give the range as FROM:TO, e.g. `db {direction} "
                f"{'0001_baseline:head' if direction == 'upgrade' else '<from>:' + revision} --sql`"
            ) from None
        if where.revision is None:
            raise MigrateError(
                f"{place} has no Alembic revision: stamp it with `db adopt` first, or give "
                "the range, e.g. `db upgrade 0001_baseline:head --sql`"
            )
        start, end = where.revision, revision
        server = server or where.server
        header += [
            f"-- database: {where.name} on {host} ({where.version})",
            f"-- its revision: {start} (read just now from alembic_version)",
        ]
    server = server or "mariadb"
    script = ScriptDirectory.from_config(cfg)
    names = _between(script, direction, start, end)
    goal = script.get_revision(end)
    header += [
        f"-- target: {goal.revision if goal is not None else end}",
        f"-- pending: {', '.join(names) or 'nothing'}",
        f"-- written for: {'MariaDB' if server == 'mariadb' else 'MySQL 8'}; run it with the "
        "`mariadb`/`mysql` client, which stops at the first error",
    ]
    out.write("\n".join(header) + "\n\n")
    if not names:
        return
    cfg.attributes["server"] = server
    changes = [REVISIONS[n][0 if direction == "upgrade" else 1] for n in names if n in REVISIONS]
    if changes and names[0] != "0001_baseline":
        out.write(preflight_sql(changes, server))
    elif changes:  # the script creates the schema: its tables start empty, nothing to check
        out.write(f"-- No preflight: {names[0]} creates the tables the checks read.\n\n")
    else:
        out.write(f"-- No preflight: {', '.join(names)} reshape no rows.\n\n")
    rng = f"{start}:{end}"
    if direction == "upgrade":
        command.upgrade(cfg, rng, sql=True)
    else:
        command.downgrade(cfg, rng, sql=True)


def _between(script: ScriptDirectory, direction: str, start: str | None, end: str) -> list[str]:
    """The revisions going from `start` to `end`, in the order they run."""
    upper, lower = (end, start) if direction == "upgrade" else (start, end)
    try:
        names = [r.revision for r in script.iterate_revisions(upper, lower)]
    except RevisionError as exc:  # unknown, or the wrong way round
        raise MigrateError(f"cannot {direction} from {start} to {end}: {exc}") from None
    return names[::-1] if direction == "upgrade" else names


def pending_preflight(url: str) -> list[tuple[str, list[Failure]]]:
    """The preflight of every revision not yet applied, run read-only, in order."""
    from gateway.sql.change.screening import REVISIONS

    script = ScriptDirectory.from_config(alembic_config(url))
    pending = _between(script, "upgrade", current_revision(url), "head")
    engine = create_engine(sync_url(url))
    try:
        with engine.connect() as conn:
            return [
                (rev, failures(conn, REVISIONS[rev][0].checks))
                for rev in pending
                if rev in REVISIONS
            ]
    finally:
        engine.dispose()
