"""Screening (characterisation) results of a collection: output, lattices and strategies.

These follow the official tables as they are today (Screening → ScreeningOutput →
lattices and strategies → wedges → sub-wedges); the screening-migration work
will flatten the chain and this module with it.
"""

from __future__ import annotations

import strawberry

from gateway.graphql.columns import column_fields
from gateway.graphql.context import Info
from gateway.graphql.node import IspybNode
from gateway.sql import models as m


@strawberry.type(description="A sub-wedge of a strategy wedge.")
@column_fields(
    m.ScreeningStrategySubWedge, key=m.ScreeningStrategySubWedge.screeningStrategySubWedgeId
)
class ScreeningStrategySubWedge(IspybNode):
    screeningStrategySubWedgeId: int


@strawberry.type(description="A wedge of a proposed strategy.")
@column_fields(m.ScreeningStrategyWedge, key=m.ScreeningStrategyWedge.screeningStrategyWedgeId)
class ScreeningStrategyWedge(IspybNode):
    screeningStrategyWedgeId: int

    @strawberry.field
    async def sub_wedges(self, info: Info) -> list[ScreeningStrategySubWedge]:
        s = m.ScreeningStrategySubWedge
        return await ScreeningStrategySubWedge.load_children(
            info,
            s.screeningStrategyWedgeId,
            self.screeningStrategyWedgeId,
            (s.screeningStrategySubWedgeId,),
        )


@strawberry.type(description="A data collection strategy proposed by the screening.")
@column_fields(m.ScreeningStrategy, key=m.ScreeningStrategy.screeningStrategyId)
class ScreeningStrategy(IspybNode):
    screeningStrategyId: int

    @strawberry.field
    async def wedges(self, info: Info) -> list[ScreeningStrategyWedge]:
        w = m.ScreeningStrategyWedge
        return await ScreeningStrategyWedge.load_children(
            info, w.screeningStrategyId, self.screeningStrategyId, (w.screeningStrategyWedgeId,)
        )


@strawberry.type(description="A lattice (cell and symmetry) found by indexing.")
@column_fields(m.ScreeningOutputLattice, key=m.ScreeningOutputLattice.screeningOutputLatticeId)
class ScreeningOutputLattice(IspybNode):
    screeningOutputLatticeId: int


@strawberry.type(description="What the screening found: indexing, mosaicity, resolution.")
@column_fields(m.ScreeningOutput, key=m.ScreeningOutput.screeningOutputId)
class ScreeningOutput(IspybNode):
    screeningOutputId: int

    @strawberry.field
    async def lattices(self, info: Info) -> list[ScreeningOutputLattice]:
        lat = m.ScreeningOutputLattice
        return await ScreeningOutputLattice.load_children(
            info, lat.screeningOutputId, self.screeningOutputId, (lat.screeningOutputLatticeId,)
        )

    @strawberry.field
    async def strategies(self, info: Info) -> list[ScreeningStrategy]:
        st = m.ScreeningStrategy
        return await ScreeningStrategy.load_children(
            info, st.screeningOutputId, self.screeningOutputId, (st.screeningStrategyId,)
        )


@strawberry.type(description="A screening (characterisation) of a data collection.")
@column_fields(m.Screening, key=m.Screening.screeningId)
class Screening(IspybNode):
    screeningId: int

    @strawberry.field(description="The screening's outputs (in practice one).")
    async def outputs(self, info: Info) -> list[ScreeningOutput]:
        o = m.ScreeningOutput
        return await ScreeningOutput.load_children(
            info, o.screeningId, self.screeningId, (o.screeningOutputId,)
        )
