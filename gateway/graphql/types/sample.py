"""Samples, crystals and proteins."""

from __future__ import annotations

from typing import Any

import strawberry

from gateway.graphql.columns import column_fields
from gateway.graphql.context import Info
from gateway.graphql.loaders import Loaders
from gateway.graphql.lookahead import maybe, settle, starts
from gateway.graphql.node import IspybNode
from gateway.graphql.types.proposal import Proposal
from gateway.sql import models as m


@starts("Sample", "crystal", child="Crystal")
def _sample_crystal(loaders: Loaders, sample: Any) -> Any:
    if sample.crystalId is None:
        return None
    return loaders.by_key(m.Crystal.crystalId).load(sample.crystalId)


@starts("Crystal", "protein", child="Protein")
def _crystal_protein(loaders: Loaders, crystal: Any) -> Any:
    return loaders.by_key(m.Protein.proteinId).load(crystal.proteinId)


@strawberry.type(description="A protein (macromolecule) of a proposal.")
@column_fields(m.Protein, key=m.Protein.proteinId)
class Protein(IspybNode):
    proteinId: int
    proposalId: int

    @strawberry.field
    async def proposal(self, info: Info) -> Proposal | None:
        return await Proposal.load(info, self.proposalId)


@strawberry.type(description="A crystal of a protein.")
@column_fields(m.Crystal, key=m.Crystal.crystalId)
class Crystal(IspybNode):
    crystalId: int
    proteinId: int

    @strawberry.field
    def protein(self, info: Info) -> Protein | None:
        return settle(_crystal_protein(info.context.loaders, self), maybe(Protein.from_row))  # type: ignore[return-value]


@strawberry.type(name="Sample", description="A sample on the beamline (ISPyB BLSample).")
@column_fields(m.BLSample, key=m.BLSample.blSampleId)
class Sample(IspybNode):
    blSampleId: int
    crystalId: int | None

    @strawberry.field
    def crystal(self, info: Info) -> Crystal | None:
        return settle(_sample_crystal(info.context.loaders, self), maybe(Crystal.from_row))  # type: ignore[return-value]
