"""Preflight: a revision proves its assumptions on the live data before it changes anything.

Each check is one query listing the ids of offending rows. A failing check
reports how many rows, the first ids and the query that lists them all, so a
DBA can act on it without reading our code. Checks only read.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, text

FIRST_IDS = 10


@dataclass(frozen=True)
class Check:
    """Rows that would break the revision, listed by one query of their ids."""

    problem: str  # "screenings with more than one output"
    ids_sql: str  # SELECT <id> FROM ... (one column)
    waived_by: str | None = None  # the documented option that may waive it, if any

    def count_sql(self) -> str:
        return f"SELECT COUNT(*) FROM ({self.ids_sql}) AS offending"


@dataclass(frozen=True)
class Failure:
    check: Check
    rows: int
    first_ids: Sequence[object]


class PreflightFailed(Exception):
    """The live data breaks an assumption of the revision; nothing was changed."""

    def __init__(self, revision: str, failures: Sequence[Failure]) -> None:
        self.revision = revision
        self.failures = list(failures)
        super().__init__(self.report())

    def report(self) -> str:
        lines = [f"Preflight of {self.revision} failed; nothing was changed."]
        for f in self.failures:
            ids = ", ".join(str(i) for i in f.first_ids)
            more = ", ..." if f.rows > len(f.first_ids) else ""
            lines += [
                f"  - {f.check.problem}: {f.rows} row(s)",
                f"    first ids: {ids}{more}",
                f"    list them all: {f.check.ids_sql};",
            ]
            if f.check.waived_by:
                lines.append(f"    (waived only by {f.check.waived_by}: see docs/migrations.md)")
        return "\n".join(lines)


def failures(conn: Connection, checks: Iterable[Check]) -> list[Failure]:
    found: list[Failure] = []
    for check in checks:
        rows = int(conn.execute(text(check.count_sql())).scalar_one())
        if rows:
            first = conn.execute(text(f"{check.ids_sql} LIMIT {FIRST_IDS}")).scalars().all()
            found.append(Failure(check, rows, first))
    return found
