"""Adopting an existing ISPyB database: prove the gateway can serve it, then stamp it.

A production ISPyB already has its tables; running the baseline there would
fail or, worse, half-succeed. `ispyb-gateway db adopt` instead compares the live
schema with the baseline shape (`gateway.sql.live` classifies each difference as
fatal or tolerated, with its reason) and stamps the baseline revision only when
nothing is fatal, so that later revisions start from a known point and `serve`
stops refusing an unversioned database. The full report is printed either way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from alembic import command
from sqlalchemy import Table, create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from gateway.sql.engine import sync_url
from gateway.sql.legacy import baseline_tables
from gateway.sql.live import Difference, LiveSchema, learn
from gateway.sql.migrate import alembic_config, current_revision

BASELINE = "0001_baseline"


@dataclass
class AdoptReport:
    """What adopt found and did. `refused`: why nothing was compared (or stamped)."""

    database: str
    stamped: bool
    schema: LiveSchema | None = None
    refused: str | None = None

    @property
    def fatal(self) -> list[Difference]:
        return self.schema.fatal if self.schema else []

    @property
    def tolerated(self) -> list[Difference]:
        return self.schema.tolerated if self.schema else []

    def as_json(self) -> dict[str, Any]:
        return {
            "database": self.database,
            "stamped": self.stamped,
            "revision": BASELINE if self.stamped else None,
            "refused": self.refused,
            "fatal": [d.as_json() for d in self.fatal],
            "tolerated": [d.as_json() for d in self.tolerated],
        }

    def text(self) -> str:
        lines = [f"database {self.database}"]
        if self.refused:
            lines.append(f"nothing was stamped: {self.refused}")
            return "\n".join(lines)
        for title, items in (("fatal", self.fatal), ("tolerated", self.tolerated)):
            lines.append(f"{title} ({len(items)}):")
            lines += [f"  {d.line()}" for d in items] or ["  none"]
        if self.stamped:
            lines.append(f"stamped {BASELINE}: the gateway can serve this database")
        else:
            lines.append("nothing was stamped: fix the fatal differences, then run db adopt again")
        return "\n".join(lines)


def check_live_schema(url: str, tables: Sequence[Table] | None = None) -> LiveSchema:
    """The live database compared with `tables` (default: the baseline shape, what adopt
    stamps). Read-only: it only reflects."""
    engine = create_engine(sync_url(url))
    try:
        with engine.connect() as conn:
            return learn(conn, baseline_tables() if tables is None else tables)
    finally:
        engine.dispose()


def adopt(url: str) -> AdoptReport:
    """Stamp the baseline on a servable, unversioned database; otherwise stamp nothing.

    A database that already has an Alembic revision is refused: it is managed
    already, and re-stamping would hide revisions it has or has not run.
    """
    report = AdoptReport(make_url(url).render_as_string(hide_password=True), stamped=False)
    try:
        revision = current_revision(url)
        if revision is not None:
            report.refused = f"this database is already at revision {revision}: nothing to adopt"
            return report
        report.schema = check_live_schema(url)
        if not report.fatal:
            command.stamp(alembic_config(url), BASELINE)
            report.stamped = True
    except DBAPIError as exc:  # unreachable, unknown database, no privilege to create the table
        reason = str(exc.orig).splitlines()[0] if exc.orig is not None else str(exc)
        report.refused = f"cannot read or stamp the database: {reason}"
    return report
