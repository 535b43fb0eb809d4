"""Preflight: a revision proves its assumptions on the live data before it changes anything.

Each check is one query listing the ids of offending rows. A failing check
reports how many rows, the first ids and the query that lists them all, so a
DBA can act on it without reading our code. Checks only read.

The wording lives here once (`headline`, `finding`): `db check` and the online run print
it, and the offline script's refusal (plan.py) is the same text assembled in SQL.
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
    # Checks of one `scan` (a FROM clause) are counted together in one pass over it.
    scan: str | None = None
    condition: str | None = None

    @classmethod
    def rows(cls, problem: str, key: str, scan: str, condition: str) -> Check:
        """The rows of `scan` where `condition` holds, listed by `key`."""
        return cls(problem, f"SELECT {key} FROM {scan} WHERE {condition}", None, scan, condition)

    def count_sql(self) -> str:
        return f"SELECT COUNT(*) FROM ({self.ids_sql}) AS offending"

    def first_ids_sql(self) -> str:
        """The first ids, in a stable order: `db check` and the offline script name the same."""
        return f"{self.ids_sql} ORDER BY 1 LIMIT {FIRST_IDS}"


def headline(revision: str) -> str:
    return f"Preflight of {revision} failed; nothing was changed."


def finding(problem: str, rows: object, ids: object, more: object) -> str:
    """One failed check, as every path prints it (`more` is ", ..." when ids were left out)."""
    return f"  - {problem}: {rows} row(s)\n    first ids: {ids}{more}"


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
        lines = [headline(self.revision)]
        for f in self.failures:
            ids = ", ".join(str(i) for i in f.first_ids)
            more = ", ..." if f.rows > len(f.first_ids) else ""
            lines += [
                finding(f.check.problem, f.rows, ids, more),
                f"    list them all: {f.check.ids_sql};",
            ]
            if f.check.waived_by:
                lines.append(f"    (waived only by {f.check.waived_by}: see docs/migrations.md)")
        return "\n".join(lines)


def _counts(conn: Connection, checks: Sequence[Check]) -> list[int]:
    """Offending rows per check: one query for a lone check, one pass for a shared scan."""
    scan = checks[0].scan
    if scan is None:
        return [int(conn.execute(text(checks[0].count_sql())).scalar_one())]
    sums = ", ".join(f"COALESCE(SUM({c.condition}), 0)" for c in checks)
    return [int(n) for n in conn.execute(text(f"SELECT {sums} FROM {scan}")).one()]


def failures(conn: Connection, checks: Iterable[Check]) -> list[Failure]:
    groups: dict[object, list[Check]] = {}
    for check in checks:
        groups.setdefault(check.scan or id(check), []).append(check)
    found: list[Failure] = []
    for group in groups.values():
        for check, rows in zip(group, _counts(conn, group), strict=True):
            if rows:
                first = conn.execute(text(check.first_ids_sql())).scalars().all()
                found.append(Failure(check, rows, first))
    return found
