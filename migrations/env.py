"""Alembic environment: runs revisions with the blocking driver (PyMySQL / sqlite3).

The URL comes from the Alembic config (set by `gateway.sql.migrate`), so the
same revisions serve `ispyb-gateway db ...`, the demo and the tests.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine, pool

from gateway.sql import models  # noqa: F401  (registers the tables for autogenerate)
from gateway.sql.base import Base

config = context.config
target_metadata = Base.metadata


def run_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
        transaction_per_migration=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _session_mode(conn: Connection) -> None:
    """The official schema has zero-date defaults, which MySQL 8's strict mode refuses."""
    if conn.dialect.name in ("mysql", "mariadb"):
        conn.exec_driver_sql(
            "SET SESSION sql_mode = REPLACE(REPLACE(@@sql_mode, 'NO_ZERO_DATE', ''), "
            "'NO_ZERO_IN_DATE', '')"
        )
        conn.commit()  # end the implicit transaction so Alembic owns the next ones


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _session_mode(connection)
        context.configure(
            connection=connection, target_metadata=target_metadata, transaction_per_migration=True
        )
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "", poolclass=pool.NullPool)
    with engine.connect() as conn:
        _session_mode(conn)
        context.configure(
            connection=conn, target_metadata=target_metadata, transaction_per_migration=True
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
