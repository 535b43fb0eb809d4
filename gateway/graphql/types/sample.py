"""Samples, crystals and proteins."""

from __future__ import annotations

import strawberry

from gateway.graphql.columns import column_fields
from gateway.graphql.context import Info
from gateway.graphql.node import IspybNode
from gateway.graphql.types.proposal import Proposal
from gateway.sql import models as m


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
    async def protein(self, info: Info) -> Protein | None:
        return await Protein.load(info, self.proteinId)


@strawberry.type(name="Sample", description="A sample on the beamline (ISPyB BLSample).")
@column_fields(m.BLSample, key=m.BLSample.blSampleId)
class Sample(IspybNode):
    blSampleId: int
    crystalId: int | None

    @strawberry.field
    async def crystal(self, info: Info) -> Crystal | None:
        return await Crystal.load(info, self.crystalId)
