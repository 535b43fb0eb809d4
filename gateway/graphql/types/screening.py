"""Screening (characterisation) results of a collection or a group, on the merged tables.

Which screenings a collection and a group list: gateway.sql.screening_links.

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
    description="A screening (characterisation) and what it found. It names a data collection "
    "(dataCollectionId), or only a group (dataCollectionGroupId): then it belongs to the group "
    "and to each of its collections."
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
