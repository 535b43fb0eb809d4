"""Proposals, their sessions and the people in them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from sqlalchemy import SQLColumnExpression, distinct, func

from gateway.graphql.columns import column_fields
from gateway.graphql.context import Info
from gateway.graphql.inputs import (
    DataCollectionFilter,
    DataCollectionGroupFilter,
    DataCollectionGroupOrder,
    DataCollectionOrder,
    SessionFilter,
    SessionOrder,
)
from gateway.graphql.joins import to_one
from gateway.graphql.loaders import Loaders
from gateway.graphql.lookahead import settle, starts
from gateway.graphql.node import IspybNode
from gateway.graphql.pagination import Connection, PageArgs, nested_connection
from gateway.sql import models as m

if TYPE_CHECKING:
    from gateway.graphql.types.collection import DataCollection, DataCollectionGroup

_collection = strawberry.lazy("gateway.graphql.types.collection")


@strawberry.type(description="A person known to ISPyB (names and login only).")
@column_fields(
    m.Person,
    key=m.Person.personId,
    # What a UI shows of a person; contact details and identifiers stay in ISPyB.
    exclude={
        "emailAddress",
        "phoneNumber",
        "faxNumber",
        "siteId",
        "laboratoryId",
        "personUUID",
        "externalId",
        "recordTimeStamp",
    },
)
class Person(IspybNode):
    personId: int


@strawberry.type(description="An ISPyB proposal (e.g. mx2112): the unit of access to data.")
@column_fields(m.Proposal, key=m.Proposal.proposalId)
class Proposal(IspybNode):
    proposalId: int
    personId: int | None
    proposalCode: str | None  # read by `name`
    proposalNumber: str | None

    @strawberry.field(description="The proposal's principal investigator (Proposal.personId).")
    async def person(self, info: Info) -> Person | None:
        return await Person.load(info, self.personId)

    @strawberry.field(description="Proposal code and number, as users write it: mx2112.")
    def name(self) -> str:
        return f"{self.proposalCode or ''}{self.proposalNumber or ''}"

    @strawberry.field(description="The sessions of this proposal the caller may see.")
    async def sessions(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: SessionFilter | None = None,
        order_by: SessionOrder | None = None,
    ) -> Connection[Session]:
        s, order = m.BLSession, order_by or SessionOrder()
        return await nested_connection(
            info,
            "proposal.sessions",
            Session.from_row,
            base=lambda: info.context.loaders.visible(s),
            filter=(filter or SessionFilter()).to_domain(),
            order=(getattr(s, order.field.value), order.direction),
            tiebreak=s.sessionId,
            parent_key=s.proposalId,
            parent_id=self.proposalId,
            args=PageArgs(first, after, last, before),
        )


@strawberry.type(description="A person's part in a session (Session_has_Person).")
@column_fields(m.SessionHasPerson, exclude={"sessionId"})
class SessionMember:
    personId: int

    @strawberry.field
    async def person(self, info: Info) -> Person | None:
        return await Person.load(info, self.personId)


to_one("Session", "proposal", m.BLSession.proposalId, m.Proposal.proposalId, "Proposal")

# What EXI2's session list shows beside each session (the official v_session view's counts),
# computed in SQL for every session of a page at once.
_DCG = m.DataCollectionGroup
_GROUPS_SUMMARY: dict[str, SQLColumnExpression[Any]] = {
    "groups": func.count(),
    "samples": func.count(distinct(_DCG.blSampleId)),
    "last_start": func.max(_DCG.startTime),
    "last_end": func.max(_DCG.endTime),
}


def _groups_summary(loaders: Loaders, session: Any) -> Any:
    return loaders.aggregates(
        "session.groups.summary",
        lambda: loaders.under(_DCG.sessionId),
        _DCG.sessionId,
        _GROUPS_SUMMARY,
    ).load(session.sessionId)


def _summary_value(name: str, default: Any) -> Callable[[Any], Any]:
    return lambda row: default if row is None else row[name]


# One load answers all four fields (the resolvers pick their value from its row).
for _field in (
    "dataCollectionGroupCount",
    "sampleCount",
    "lastDataCollectionGroupStartTime",
    "lastDataCollectionGroupEndTime",
):
    starts("Session", _field)(_groups_summary)


@starts("Session", "energyScanCount")
def _energy_scan_count(loaders: Loaders, session: Any) -> Any:
    key = m.EnergyScan.sessionId
    return loaders.count("session.energyScans", lambda: loaders.under(key), key).load(
        session.sessionId
    )


@starts("Session", "xrfSpectrumCount")
def _xrf_count(loaders: Loaders, session: Any) -> Any:
    key = m.XFEFluorescenceSpectrum.sessionId
    return loaders.count("session.xrfSpectra", lambda: loaders.under(key), key).load(
        session.sessionId
    )


@strawberry.type(name="Session", description="A beamline session (ISPyB BLSession).")
@column_fields(m.BLSession, key=m.BLSession.sessionId)
class Session(IspybNode):
    sessionId: int
    proposalId: int

    @strawberry.field
    async def proposal(self, info: Info) -> Proposal | None:
        return await Proposal.load(info, self.proposalId, via=m.BLSession.proposalId)

    @strawberry.field(description="Data collection groups of this session (v_session).")
    def data_collection_group_count(self, info: Info) -> int:
        loads = _groups_summary(info.context.loaders, self)
        return settle(loads, _summary_value("groups", 0))  # type: ignore[return-value]

    @strawberry.field(description="Distinct samples this session's groups were collected on.")
    def sample_count(self, info: Info) -> int:
        loads = _groups_summary(info.context.loaders, self)
        return settle(loads, _summary_value("samples", 0))  # type: ignore[return-value]

    @strawberry.field(description="When the session's last data collection group started.")
    def last_data_collection_group_start_time(self, info: Info) -> dt.datetime | None:
        loads = _groups_summary(info.context.loaders, self)
        return settle(loads, _summary_value("last_start", None))  # type: ignore[return-value]

    @strawberry.field(description="When the session's last data collection group ended.")
    def last_data_collection_group_end_time(self, info: Info) -> dt.datetime | None:
        loads = _groups_summary(info.context.loaders, self)
        return settle(loads, _summary_value("last_end", None))  # type: ignore[return-value]

    @strawberry.field(description="Energy scans recorded in this session.")
    def energy_scan_count(self, info: Info) -> int:
        return settle(_energy_scan_count(info.context.loaders, self), int)  # type: ignore[return-value]

    @strawberry.field(description="XRF spectra recorded in this session.")
    def xrf_spectrum_count(self, info: Info) -> int:
        return settle(_xrf_count(info.context.loaders, self), int)  # type: ignore[return-value]

    @strawberry.field(description="People named on this session and their roles.")
    async def members(self, info: Info) -> list[SessionMember]:
        from gateway.graphql.columns import from_row

        rows = await info.context.loaders.children(m.SessionHasPerson.sessionId).load(
            self.sessionId
        )
        return [from_row(SessionMember, r) for r in rows]

    @strawberry.field(description="Data collection groups of this session.")
    async def data_collection_groups(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: DataCollectionGroupFilter | None = None,
        order_by: DataCollectionGroupOrder | None = None,
    ) -> Connection[Annotated[DataCollectionGroup, _collection]]:
        from gateway.graphql.types.collection import DataCollectionGroup

        dcg, order = m.DataCollectionGroup, order_by or DataCollectionGroupOrder()
        return await nested_connection(
            info,
            "session.groups",
            DataCollectionGroup.from_row,
            base=lambda: info.context.loaders.under(dcg.sessionId),
            filter=(filter or DataCollectionGroupFilter()).to_domain(),
            order=(getattr(dcg, order.field.value), order.direction),
            tiebreak=dcg.dataCollectionGroupId,
            parent_key=dcg.sessionId,
            parent_id=self.sessionId,
            args=PageArgs(first, after, last, before),
        )

    @strawberry.field(description="Data collections of this session, across its groups.")
    async def data_collections(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: DataCollectionFilter | None = None,
        order_by: DataCollectionOrder | None = None,
    ) -> Connection[Annotated[DataCollection, _collection]]:
        from gateway.graphql.types.collection import collection_page

        dc, dcg = m.DataCollection, m.DataCollectionGroup
        return await collection_page(
            info,
            "session.collections",
            lambda: info.context.loaders.under(dcg.sessionId, dc).join(
                dcg, dcg.dataCollectionGroupId == dc.dataCollectionGroupId
            ),
            dcg.sessionId,
            self.sessionId,
            PageArgs(first, after, last, before),
            filter,
            order_by,
        )
