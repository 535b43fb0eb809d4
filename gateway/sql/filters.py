"""List filters and orderings, as plain values the GraphQL inputs are converted into.

Each `apply` returns the statement with the conditions added; text search is a
case-insensitive LIKE with the user's wildcards escaped.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, SQLColumnExpression, or_
from sqlalchemy.sql.elements import ColumnElement

from gateway.errors import BadUserInput
from gateway.sql import models as m


@dataclass(frozen=True)
class DateRange:
    start: dt.datetime | None = None
    end: dt.datetime | None = None

    def __post_init__(self) -> None:
        if self.start and self.end and self.start > self.end:
            raise BadUserInput("date range is inverted: `from` is after `to`", argument="from")

    def condition(self, column: SQLColumnExpression[Any]) -> list[ColumnElement[bool]]:
        out: list[ColumnElement[bool]] = []
        if self.start is not None:
            out.append(column >= self.start)
        if self.end is not None:
            out.append(column <= self.end)
        return out


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def text_search(text: str | None, *columns: Any) -> list[ColumnElement[bool]]:
    if not text:
        return []
    pattern = _like(text)
    return [or_(*(c.ilike(pattern, escape="\\") for c in columns))]


@dataclass(frozen=True)
class ProposalFilter:
    text: str | None = None

    def apply(self, stmt: Select[Any]) -> Select[Any]:
        return stmt.where(
            *text_search(
                self.text, m.Proposal.proposalCode, m.Proposal.proposalNumber, m.Proposal.title
            )
        )


@dataclass(frozen=True)
class SessionFilter:
    beamline: tuple[str, ...] | None = None
    dates: DateRange = field(default_factory=DateRange)
    text: str | None = None

    def apply(self, stmt: Select[Any]) -> Select[Any]:
        conditions = [*self.dates.condition(m.BLSession.startDate)]
        if self.beamline:
            conditions.append(m.BLSession.beamLineName.in_(self.beamline))
        conditions += text_search(self.text, m.BLSession.comments, m.BLSession.sessionTitle)
        return stmt.where(*conditions)


@dataclass(frozen=True)
class GroupFilter:
    experiment_type: tuple[str, ...] | None = None
    dates: DateRange = field(default_factory=DateRange)
    text: str | None = None

    def apply(self, stmt: Select[Any]) -> Select[Any]:
        conditions = [*self.dates.condition(m.DataCollectionGroup.startTime)]
        if self.experiment_type:
            conditions.append(m.DataCollectionGroup.experimentType.in_(self.experiment_type))
        conditions += text_search(self.text, m.DataCollectionGroup.comments)
        return stmt.where(*conditions)


@dataclass(frozen=True)
class CollectionFilter:
    run_status: tuple[str, ...] | None = None
    experiment_type: tuple[str, ...] | None = None
    beamline: tuple[str, ...] | None = None
    dates: DateRange = field(default_factory=DateRange)
    text: str | None = None

    def apply(self, stmt: Select[Any]) -> Select[Any]:
        dc = m.DataCollection
        conditions = [*self.dates.condition(dc.startTime)]
        if self.run_status:
            conditions.append(dc.runStatus.in_(self.run_status))
        if self.experiment_type or self.beamline:
            groups = m.DataCollectionGroup.__table__.select().with_only_columns(
                m.DataCollectionGroup.dataCollectionGroupId
            )
            if self.experiment_type:
                groups = groups.where(
                    m.DataCollectionGroup.experimentType.in_(self.experiment_type)
                )
            if self.beamline:
                groups = groups.where(
                    m.DataCollectionGroup.sessionId.in_(
                        m.BLSession.__table__.select()
                        .with_only_columns(m.BLSession.sessionId)
                        .where(m.BLSession.beamLineName.in_(self.beamline))
                    )
                )
            conditions.append(dc.dataCollectionGroupId.in_(groups))
        conditions += text_search(self.text, dc.imagePrefix, dc.comments)
        return stmt.where(*conditions)


@dataclass(frozen=True)
class MovieFilter:
    dates: DateRange = field(default_factory=DateRange)

    def apply(self, stmt: Select[Any]) -> Select[Any]:
        return stmt.where(*self.dates.condition(m.Movie.createdTimeStamp))
