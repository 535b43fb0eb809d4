"""Input values checked against the live columns before anything touches the database.

Every problem is collected (not only the first), each with the input path the
client sent, so MXCuBE's log shows everything wrong with a request at once.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Enum
from sqlalchemy.orm import InstrumentedAttribute

from gateway.errors import BadUserInput, GatewayError
from gateway.sql.adapt import live_schema
from gateway.sql.reads import Database
from gateway.sql.writes import check_value

Values = dict[str, Any]  # column key -> value, only the columns the client sent


class Problems:
    """Problems found in one request's input; `raise_if_any` ends the request with all of them."""

    def __init__(self) -> None:
        self.items: list[dict[str, str]] = []

    def add(self, path: str, message: str) -> None:
        self.items.append({"path": path, "message": message})

    def raise_if_any(self) -> None:
        if not self.items:
            return
        first = self.items[0]
        summary = f"{first['path']}: {first['message']}"
        if len(self.items) > 1:
            summary += f" (and {len(self.items) - 1} more problem(s))"
        raise BadUserInput(summary, problems=self.items)


def check_row(
    db: Database, model: type[Any], values: Mapping[str, Any], path: str, problems: Problems
) -> None:
    """Each value against its live column (width, charset, ENUM, integer range, finiteness)."""
    for key, value in values.items():
        column: InstrumentedAttribute[Any] = getattr(model, key)
        where = f"{path}.{key}"
        if isinstance(value, float) and not math.isfinite(value):
            problems.add(where, "must be a finite number")
            continue
        enum = column.type
        if isinstance(enum, Enum) and isinstance(value, str) and value not in enum.enums:
            problems.add(where, f"must be one of {', '.join(enum.enums)} (got {value!r})")
            continue
        try:
            check_value(db, column, value)
        except BadUserInput as exc:
            problems.add(where, exc.message.split("` ", 1)[-1])


def required(
    values: Mapping[str, Any], keys: tuple[str, ...], path: str, problems: Problems
) -> None:
    for key in keys:
        if values.get(key) is None:
            problems.add(f"{path}.{key}", "is required")


class NotOnThisDatabase(GatewayError):
    """The site's ISPyB flavour lacks a table this write needs (e.g. Diamond's, workflows)."""

    code = "NOT_SUPPORTED_BY_DATABASE"


def require_tables(db: Database, *models: type[Any]) -> None:
    """Refuse a write into tables the live schema lacks (gateway.sql.live.OPTIONAL_TABLES)."""
    live = live_schema(db)
    if live is None:
        return
    lacking = {d.table for d in live.differences if d.column is None and d.found == "missing"}
    names = [m.__tablename__ for m in models if m.__tablename__ in lacking]
    if names:
        raise NotOnThisDatabase(f"this ISPyB database has no {', '.join(names)} table")


def now() -> dt.datetime:
    """The server's time for the times a client did not send: local and naive, as ISPyB keeps
    them (the Java server uses its JVM's local time too), to the second."""
    return dt.datetime.now().replace(microsecond=0)
