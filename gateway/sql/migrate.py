"""Alembic wiring: one place that knows where the revisions live and how to run them."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine

from gateway.settings import REPO_ROOT
from gateway.sql.change.preflight import Failure, failures
from gateway.sql.engine import sync_url

MIGRATIONS_DIR = REPO_ROOT / "migrations"


def alembic_config(url: str) -> Config:
    cfg = Config()
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
    url: str, revision: str = "head", sql: bool = False, options: dict[str, str] | None = None
) -> None:
    """Apply revisions; `options` are the DBA's documented switches (docs/migrations.md)."""
    cfg = alembic_config(url)
    cfg.attributes["options"] = dict(options or {})
    command.upgrade(cfg, revision, sql=sql)


def pending_preflight(url: str) -> list[tuple[str, list[Failure]]]:
    """The preflight of every revision not yet applied, run read-only, in order."""
    from gateway.sql.change.screening import REVISIONS

    script = ScriptDirectory.from_config(alembic_config(url))
    current = current_revision(url)
    pending = [r.revision for r in script.iterate_revisions("head", current)][::-1]
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


def downgrade(url: str, revision: str, sql: bool = False) -> None:
    command.downgrade(alembic_config(url), revision, sql=sql)
