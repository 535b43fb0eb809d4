"""Filter and ordering inputs of the ISPyB lists, converted to `gateway.sql.filters` values."""

from __future__ import annotations

import datetime as dt
from enum import Enum

import strawberry

from gateway.graphql.pagination import Direction
from gateway.sql import filters


@strawberry.input(description="An inclusive date-time range; either end may be open.")
class DateRangeInput:
    from_: dt.datetime | None = strawberry.field(default=None, name="from")
    to: dt.datetime | None = None

    def to_domain(self) -> filters.DateRange:
        return filters.DateRange(self.from_, self.to)


def _many(values: list[str] | None) -> tuple[str, ...] | None:
    return tuple(values) if values else None


def _dates(value: DateRangeInput | None) -> filters.DateRange:
    return value.to_domain() if value else filters.DateRange()


@strawberry.input
class ProposalFilter:
    text: str | None = strawberry.field(default=None, description="In code, number or title.")

    def to_domain(self) -> filters.ProposalFilter:
        return filters.ProposalFilter(text=self.text)


@strawberry.input
class SessionFilter:
    beamline: list[str] | None = strawberry.field(
        default=None, description="BLSession.beamLineName"
    )
    start_date: DateRangeInput | None = None
    text: str | None = strawberry.field(default=None, description="In comments or session title.")

    def to_domain(self) -> filters.SessionFilter:
        return filters.SessionFilter(_many(self.beamline), _dates(self.start_date), self.text)


@strawberry.input
class DataCollectionGroupFilter:
    experiment_type: list[str] | None = None
    start_time: DateRangeInput | None = None
    text: str | None = strawberry.field(default=None, description="In comments.")

    def to_domain(self) -> filters.GroupFilter:
        return filters.GroupFilter(_many(self.experiment_type), _dates(self.start_time), self.text)


@strawberry.input
class DataCollectionFilter:
    run_status: list[str] | None = None
    experiment_type: list[str] | None = strawberry.field(
        default=None, description="Of the collection's group."
    )
    beamline: list[str] | None = strawberry.field(default=None, description="Of the session.")
    start_time: DateRangeInput | None = None
    text: str | None = strawberry.field(default=None, description="In image prefix or comments.")

    def to_domain(self) -> filters.CollectionFilter:
        return filters.CollectionFilter(
            _many(self.run_status),
            _many(self.experiment_type),
            _many(self.beamline),
            _dates(self.start_time),
            self.text,
        )


@strawberry.input
class MovieFilter:
    created: DateRangeInput | None = None

    def to_domain(self) -> filters.MovieFilter:
        return filters.MovieFilter(_dates(self.created))


@strawberry.enum
class ProposalOrderField(Enum):
    PROPOSAL_ID = "proposalId"
    CODE = "proposalCode"
    NUMBER = "proposalNumber"


@strawberry.enum
class SessionOrderField(Enum):
    SESSION_ID = "sessionId"
    START_DATE = "startDate"
    BEAMLINE = "beamLineName"


@strawberry.enum
class DataCollectionGroupOrderField(Enum):
    DATA_COLLECTION_GROUP_ID = "dataCollectionGroupId"
    START_TIME = "startTime"


@strawberry.enum
class DataCollectionOrderField(Enum):
    DATA_COLLECTION_ID = "dataCollectionId"
    START_TIME = "startTime"
    IMAGE_PREFIX = "imagePrefix"


@strawberry.enum
class MovieOrderField(Enum):
    MOVIE_ID = "movieId"
    MOVIE_NUMBER = "movieNumber"
    CREATED = "createdTimeStamp"


@strawberry.input
class ProposalOrder:
    field: ProposalOrderField = ProposalOrderField.PROPOSAL_ID
    direction: Direction = Direction.DESC


@strawberry.input
class SessionOrder:
    field: SessionOrderField = SessionOrderField.START_DATE
    direction: Direction = Direction.DESC


@strawberry.input
class DataCollectionGroupOrder:
    field: DataCollectionGroupOrderField = DataCollectionGroupOrderField.START_TIME
    direction: Direction = Direction.DESC


@strawberry.input
class DataCollectionOrder:
    field: DataCollectionOrderField = DataCollectionOrderField.START_TIME
    direction: Direction = Direction.DESC


@strawberry.input
class MovieOrder:
    field: MovieOrderField = MovieOrderField.MOVIE_NUMBER
    direction: Direction = Direction.ASC
