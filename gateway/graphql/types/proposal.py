"""Proposals, their sessions and the people in them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

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


@strawberry.type(name="Session", description="A beamline session (ISPyB BLSession).")
@column_fields(m.BLSession, key=m.BLSession.sessionId)
class Session(IspybNode):
    sessionId: int
    proposalId: int

    @strawberry.field
    async def proposal(self, info: Info) -> Proposal | None:
        return await Proposal.load(info, self.proposalId, via=m.BLSession.proposalId)

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
