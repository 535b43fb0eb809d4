"""Root query and mutation fields of the ISPyB graph."""

from __future__ import annotations

import re

import strawberry
from sqlalchemy import select

from gateway.errors import BadUserInput
from gateway.graphql.context import Info
from gateway.graphql.inputs import (
    DataCollectionFilter,
    DataCollectionOrder,
    ProposalFilter,
    ProposalOrder,
    SessionFilter,
    SessionOrder,
)
from gateway.graphql.pagination import Connection, PageArgs, root_connection
from gateway.graphql.types.collection import DataCollection, DataCollectionGroup
from gateway.graphql.types.proposal import Proposal, Session
from gateway.graphql.types.viewer import ViewerInfo, resolve_viewer
from gateway.sql import models as m
from gateway.sql import reads, writes

_PROPOSAL_NAME = re.compile(r"^\s*([A-Za-z-]+?)-?(\d+)\s*$")


@strawberry.type
class IspybQuery:
    viewer: ViewerInfo = strawberry.field(resolver=resolve_viewer, description="Who is asking.")

    @strawberry.field
    async def proposal(self, info: Info, proposal_id: int) -> Proposal | None:
        return await Proposal.load(info, proposal_id)

    @strawberry.field(description='A proposal by the name users write, e.g. "mx2112".')
    async def proposal_by_name(self, info: Info, name: str) -> Proposal | None:
        match = _PROPOSAL_NAME.match(name)
        if match is None:
            raise BadUserInput(f"{name!r} is not a proposal name like mx2112", argument="name")
        code, number = match.groups()
        p = m.Proposal
        stmt = (
            select(p.__table__)
            .where(p.proposalCode == code, p.proposalNumber == number, info.context.loaders.rule(p))
            .order_by(p.proposalId)
            .limit(1)
        )
        rows = await reads.rows(info.context.services.reader, stmt)
        return Proposal.from_row(rows[0]) if rows else None

    @strawberry.field(description="Proposals the caller may see.")
    async def proposals(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: ProposalFilter | None = None,
        order_by: ProposalOrder | None = None,
    ) -> Connection[Proposal]:
        p, order = m.Proposal, order_by or ProposalOrder()
        return await root_connection(
            info,
            Proposal.from_row,
            model=p,
            filter=(filter or ProposalFilter()).to_domain(),
            order=(getattr(p, order.field.value), order.direction),
            tiebreak=p.proposalId,
            args=PageArgs(first, after, last, before),
        )

    @strawberry.field
    async def session(self, info: Info, session_id: int) -> Session | None:
        return await Session.load(info, session_id)

    @strawberry.field(description="Sessions the caller may see.")
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
        return await root_connection(
            info,
            Session.from_row,
            model=s,
            filter=(filter or SessionFilter()).to_domain(),
            order=(getattr(s, order.field.value), order.direction),
            tiebreak=s.sessionId,
            args=PageArgs(first, after, last, before),
        )

    @strawberry.field
    async def data_collection_group(
        self, info: Info, data_collection_group_id: int
    ) -> DataCollectionGroup | None:
        return await DataCollectionGroup.load(info, data_collection_group_id)

    @strawberry.field
    async def data_collection(self, info: Info, data_collection_id: int) -> DataCollection | None:
        return await DataCollection.load(info, data_collection_id)

    @strawberry.field(description="Data collections the caller may see.")
    async def data_collections(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: DataCollectionFilter | None = None,
        order_by: DataCollectionOrder | None = None,
    ) -> Connection[DataCollection]:
        dc, order = m.DataCollection, order_by or DataCollectionOrder()
        return await root_connection(
            info,
            DataCollection.from_row,
            model=dc,
            filter=(filter or DataCollectionFilter()).to_domain(),
            order=(getattr(dc, order.field.value), order.direction),
            tiebreak=dc.dataCollectionId,
            args=PageArgs(first, after, last, before),
        )


@strawberry.type
class IspybMutation:
    @strawberry.mutation(description="Set the comments of a data collection you may see.")
    async def update_data_collection_comments(
        self, info: Info, data_collection_id: int, comments: str | None
    ) -> DataCollection:
        dc = m.DataCollection
        row = await writes.update_text(
            info.context.services.engine,
            dc.dataCollectionId,
            data_collection_id,
            dc.comments,
            comments,
            info.context.viewer,
        )
        return DataCollection.from_row(row)

    @strawberry.mutation(description="Set the comments of a data collection group you may see.")
    async def update_data_collection_group_comments(
        self, info: Info, data_collection_group_id: int, comments: str | None
    ) -> DataCollectionGroup:
        dcg = m.DataCollectionGroup
        row = await writes.update_text(
            info.context.services.engine,
            dcg.dataCollectionGroupId,
            data_collection_group_id,
            dcg.comments,
            comments,
            info.context.viewer,
        )
        return DataCollectionGroup.from_row(row)
