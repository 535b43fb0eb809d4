"""Screening (characterisation) results of a collection, on the merged tables.

A `Screening` carries its output's fields (indexing, mosaicity, resolution...),
its `lattices` and its `strategies`; a strategy carries its wedge's and
sub-wedge's fields (migrations 0002-0004, docs/migrations.md).
"""

from __future__ import annotations

import strawberry

from gateway.graphql.columns import column_fields
from gateway.graphql.context import Info
from gateway.graphql.node import IspybNode
from gateway.sql import models as m


@strawberry.type(
    description="A data collection strategy proposed by the screening, with its wedge and "
    "sub-wedge."
)
@column_fields(m.ScreeningStrategy, key=m.ScreeningStrategy.screeningStrategyId)
class ScreeningStrategy(IspybNode):
    screeningStrategyId: int


@strawberry.type(description="A lattice (cell and symmetry) found by indexing.")
@column_fields(m.ScreeningOutputLattice, key=m.ScreeningOutputLattice.screeningOutputLatticeId)
class ScreeningOutputLattice(IspybNode):
    screeningOutputLatticeId: int


@strawberry.type(
    description="A screening (characterisation) of a data collection and what it found."
)
@column_fields(m.Screening, key=m.Screening.screeningId)
class Screening(IspybNode):
    screeningId: int

    @strawberry.field(description="Lattices found by indexing.")
    async def lattices(self, info: Info) -> list[ScreeningOutputLattice]:
        lat = m.ScreeningOutputLattice
        return await ScreeningOutputLattice.load_children(
            info, lat.screeningId, self.screeningId, (lat.screeningOutputLatticeId,)
        )

    @strawberry.field(description="Strategies the screening proposes.")
    async def strategies(self, info: Info) -> list[ScreeningStrategy]:
        st = m.ScreeningStrategy
        return await ScreeningStrategy.load_children(
            info, st.screeningId, self.screeningId, (st.screeningStrategyId,)
        )
