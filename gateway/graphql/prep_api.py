"""Root fields of sample preparation: shipments, dewars, containers, samples, the changer.

A thin skin: lists go through `root_connection` under the caller's rules; what a
sample changer holds is `gateway.sql.prep.sample_changer`; writes are
`gateway.sql.prep` operations (see `prep_mutations`).
"""

from __future__ import annotations

from enum import Enum

import strawberry

from gateway.errors import BadUserInput
from gateway.graphql.context import Info
from gateway.graphql.lookahead import start_loads
from gateway.graphql.pagination import Connection, Direction, PageArgs, root_connection
from gateway.graphql.prep_inputs import (
    CrystalFilter,
    DewarFilter,
    LabContactFilter,
    ProteinFilter,
    SampleFilter,
    ShipmentFilter,
    ShipmentOrder,
)
from gateway.graphql.types.sample import Crystal, Protein, Sample
from gateway.graphql.types.shipping import Container, Dewar, LabContact, Shipment
from gateway.sql import models as m
from gateway.sql import reads
from gateway.sql.prep.sample_changer import SelectionRule, sample_changer

# A sample changer holds a few hundred samples; more is a selection gone wrong.
SAMPLE_CHANGER_LIMIT = 2000


@strawberry.enum(description="Which samples a sample changer is taken to hold.")
class SampleChangerRule(Enum):
    PLACED = strawberry.enum_value(
        SelectionRule.PLACED.value,
        description="Default (py-ispyb's rule): the container is on this beamline at a "
        "sample-changer position and its dewar is `processing`.",
    )
    JAVA_SERVER = strawberry.enum_value(
        SelectionRule.JAVA_SERVER.value,
        description="The ISPyB Java server's (MXCuBE's SOAP findSampleInfoLightForProposal): the "
        "container or the sample is `processing`, on this beamline or on none.",
    )


def _page(first: int | None, after: str | None, last: int | None, before: str | None) -> PageArgs:
    return PageArgs(first, after, last, before)


@strawberry.type
class SamplePrepQuery:
    @strawberry.field(description="Shipments the caller may see.")
    async def shipments(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: ShipmentFilter | None = None,
        order_by: ShipmentOrder | None = None,
    ) -> Connection[Shipment]:
        s, order = m.Shipping, order_by or ShipmentOrder()
        return await root_connection(
            info,
            Shipment.from_row,
            model=s,
            filter=(filter or ShipmentFilter()).to_domain(),
            order=(getattr(s, order.field.value), order.direction),
            tiebreak=s.shippingId,
            args=_page(first, after, last, before),
        )

    @strawberry.field
    async def shipment(self, info: Info, shipping_id: int) -> Shipment | None:
        return await Shipment.load(info, shipping_id)

    @strawberry.field(
        description="Dewars the caller may see, with their sample counts (v_dewar_summary)."
    )
    async def dewars(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: DewarFilter | None = None,
    ) -> Connection[Dewar]:
        d = m.Dewar
        return await root_connection(
            info,
            Dewar.from_row,
            model=d,
            filter=(filter or DewarFilter()).to_domain(),
            order=(d.dewarId, Direction.ASC),
            tiebreak=d.dewarId,
            args=_page(first, after, last, before),
        )

    @strawberry.field
    async def dewar(self, info: Info, dewar_id: int) -> Dewar | None:
        return await Dewar.load(info, dewar_id)

    @strawberry.field
    async def container(self, info: Info, container_id: int) -> Container | None:
        return await Container.load(info, container_id)

    @strawberry.field(description="Samples the caller may see.")
    async def samples(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: SampleFilter | None = None,
    ) -> Connection[Sample]:
        b = m.BLSample
        return await root_connection(
            info,
            Sample.from_row,
            model=b,
            filter=(filter or SampleFilter()).to_domain(),
            order=(b.blSampleId, Direction.ASC),
            tiebreak=b.blSampleId,
            args=_page(first, after, last, before),
        )

    @strawberry.field
    async def sample(self, info: Info, bl_sample_id: int) -> Sample | None:
        return await Sample.load(info, bl_sample_id)

    @strawberry.field(description="Proteins the caller may see.")
    async def proteins(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: ProteinFilter | None = None,
    ) -> Connection[Protein]:
        p = m.Protein
        return await root_connection(
            info,
            Protein.from_row,
            model=p,
            filter=(filter or ProteinFilter()).to_domain(),
            order=(p.proteinId, Direction.ASC),
            tiebreak=p.proteinId,
            args=_page(first, after, last, before),
        )

    @strawberry.field(description="Crystals the caller may see.")
    async def crystals(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: CrystalFilter | None = None,
    ) -> Connection[Crystal]:
        x = m.Crystal
        return await root_connection(
            info,
            Crystal.from_row,
            model=x,
            filter=(filter or CrystalFilter()).to_domain(),
            order=(x.crystalId, Direction.ASC),
            tiebreak=x.crystalId,
            args=_page(first, after, last, before),
        )

    @strawberry.field(description="Lab contacts of the proposals the caller belongs to.")
    async def lab_contacts(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: LabContactFilter | None = None,
    ) -> Connection[LabContact]:
        c = m.LabContact
        return await root_connection(
            info,
            LabContact.from_row,
            model=c,
            filter=(filter or LabContactFilter()).to_domain(),
            order=(c.labContactId, Direction.ASC),
            tiebreak=c.labContactId,
            args=_page(first, after, last, before),
        )

    @strawberry.field(
        description="The samples of a proposal that a beamline's sample changer holds, by "
        "changer position then location: what MXCuBE's 'synchronise with LIMS' reads. Give "
        "`proposalId` or `sessionId` (its proposal). Select `crystal { protein "
        "diffractionPlan }`, `diffractionPlan` and `container { dewar { shipment } }` for every "
        "field of the Java server's SampleInfo in one request."
    )
    async def sample_changer(
        self,
        info: Info,
        beam_line_name: str,
        proposal_id: int | None = None,
        session_id: int | None = None,
        rule: SampleChangerRule = SampleChangerRule.PLACED,
    ) -> list[Sample]:
        if (proposal_id is None) == (session_id is None):
            raise BadUserInput("give `proposalId` or `sessionId`, not both", argument="proposalId")
        if not beam_line_name.strip():
            raise BadUserInput("`beamLineName` is empty", argument="beamLineName")
        loaders = info.context.loaders
        if session_id is not None:
            session = await loaders.by_key(m.BLSession.sessionId).load(session_id)
            if session is None:
                return []  # unknown or not visible: nothing to show, as every read
            proposal_id = session["proposalId"]
        assert proposal_id is not None
        stmt = sample_changer(
            loaders.visible(m.BLSample),
            beam_line_name,
            proposal_id,
            SelectionRule(rule.value),
        ).limit(SAMPLE_CHANGER_LIMIT)
        nodes = [Sample.from_row(r) for r in await reads.rows(info.context.services.engine, stmt)]
        await start_loads(info, nodes)
        return nodes
