"""Samples, crystals, proteins and diffraction plans."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from gateway.graphql.columns import column_fields
from gateway.graphql.context import Info
from gateway.graphql.loaders import Loaders
from gateway.graphql.lookahead import each, maybe, settle, starts
from gateway.graphql.node import IspybNode
from gateway.graphql.types.proposal import Proposal
from gateway.sql import models as m

if TYPE_CHECKING:
    from gateway.graphql.types.collection import DataCollectionGroup
    from gateway.graphql.types.shipping import Container

_collection = strawberry.lazy("gateway.graphql.types.collection")
_shipping = strawberry.lazy("gateway.graphql.types.shipping")

_B, _X, _DP = m.BLSample, m.Crystal, m.DiffractionPlan

# `start_loads` follows each relation's `child` type by type, not by path: a cycle of
# types (Sample -> Crystal -> Sample) would start loads for ever. So only one direction
# of each pair names its child: up from a sample (crystal, protein, container, dewar,
# shipment: what the sample changer reads); the lists back down (a crystal's samples, a
# container's samples...) load at once, and their rows' relations load level by level.


@starts("Sample", "crystal", child="Crystal")
def _sample_crystal(loaders: Loaders, sample: Any) -> Any:
    if sample.crystalId is None:
        return None
    return loaders.by_key(_X.crystalId).load(sample.crystalId)


@starts("Sample", "container", child="Container")
def _sample_container(loaders: Loaders, sample: Any) -> Any:
    if sample.containerId is None:
        return None
    return loaders.by_key(m.Container.containerId).load(sample.containerId)


@starts("Sample", "diffractionPlan", child="DiffractionPlan")
def _sample_plan(loaders: Loaders, sample: Any) -> Any:
    if sample.diffractionPlanId is None:
        return None
    return loaders.by_key(_DP.diffractionPlanId).load(sample.diffractionPlanId)


@starts("Sample", "dataCollectionGroups")  # no child: DataCollectionGroup.sample is a Sample
def _sample_groups(loaders: Loaders, sample: Any) -> Any:
    dcg = m.DataCollectionGroup
    return loaders.children(dcg.blSampleId, (dcg.dataCollectionGroupId,)).load(sample.blSampleId)


@starts("Crystal", "protein", child="Protein")
def _crystal_protein(loaders: Loaders, crystal: Any) -> Any:
    return loaders.by_key(m.Protein.proteinId).load(crystal.proteinId)


@starts("Crystal", "diffractionPlan", child="DiffractionPlan")
def _crystal_plan(loaders: Loaders, crystal: Any) -> Any:
    if crystal.diffractionPlanId is None:
        return None
    return loaders.by_key(_DP.diffractionPlanId).load(crystal.diffractionPlanId)


@starts("Crystal", "samples")  # no child: Sample.crystal is a Crystal
def _crystal_samples(loaders: Loaders, crystal: Any) -> Any:
    return loaders.children(_B.crystalId, (_B.blSampleId,)).load(crystal.crystalId)


@starts("Protein", "crystals")  # no child: Crystal.protein is a Protein
def _protein_crystals(loaders: Loaders, protein: Any) -> Any:
    return loaders.children(_X.proteinId, (_X.crystalId,)).load(protein.proteinId)


@strawberry.type(
    description="What a user asks of a sample or a crystal (ISPyB DiffractionPlan): "
    "resolution, completeness, multiplicity, experiment kind."
)
@column_fields(m.DiffractionPlan, key=m.DiffractionPlan.diffractionPlanId)
class DiffractionPlan(IspybNode):
    diffractionPlanId: int


@strawberry.type(description="A protein (macromolecule) of a proposal.")
@column_fields(m.Protein, key=m.Protein.proteinId)
class Protein(IspybNode):
    proteinId: int
    proposalId: int

    @strawberry.field
    async def proposal(self, info: Info) -> Proposal | None:
        return await Proposal.load(info, self.proposalId)

    @strawberry.field(description="Crystals of this protein.")
    def crystals(self, info: Info) -> list[Crystal]:
        return settle(_protein_crystals(info.context.loaders, self), each(Crystal.from_row))  # type: ignore[return-value]


@strawberry.type(description="A crystal of a protein.")
@column_fields(m.Crystal, key=m.Crystal.crystalId)
class Crystal(IspybNode):
    crystalId: int
    proteinId: int
    diffractionPlanId: int | None

    @strawberry.field
    def protein(self, info: Info) -> Protein | None:
        return settle(_crystal_protein(info.context.loaders, self), maybe(Protein.from_row))  # type: ignore[return-value]

    @strawberry.field(description="The crystal's diffraction plan (Crystal.diffractionPlanId).")
    def diffraction_plan(self, info: Info) -> DiffractionPlan | None:
        return settle(  # type: ignore[return-value]
            _crystal_plan(info.context.loaders, self), maybe(DiffractionPlan.from_row)
        )

    @strawberry.field(description="Samples of this crystal.")
    def samples(self, info: Info) -> list[Sample]:
        return settle(_crystal_samples(info.context.loaders, self), each(Sample.from_row))  # type: ignore[return-value]


@strawberry.type(name="Sample", description="A sample on the beamline (ISPyB BLSample).")
@column_fields(m.BLSample, key=m.BLSample.blSampleId)
class Sample(IspybNode):
    blSampleId: int
    crystalId: int | None
    containerId: int | None
    diffractionPlanId: int | None

    @strawberry.field
    def crystal(self, info: Info) -> Crystal | None:
        return settle(_sample_crystal(info.context.loaders, self), maybe(Crystal.from_row))  # type: ignore[return-value]

    @strawberry.field(description="The container (puck) holding the sample, at `location`.")
    def container(self, info: Info) -> Annotated[Container, _shipping] | None:
        from gateway.graphql.types.shipping import Container

        return settle(_sample_container(info.context.loaders, self), maybe(Container.from_row))  # type: ignore[return-value]

    @strawberry.field(
        description="The sample's own diffraction plan (BLSample.diffractionPlanId). Where it "
        "has none, the ISPyB Java server (and so MXCuBE) uses its crystal's: "
        "`crystal { diffractionPlan }`."
    )
    def diffraction_plan(self, info: Info) -> DiffractionPlan | None:
        return settle(  # type: ignore[return-value]
            _sample_plan(info.context.loaders, self), maybe(DiffractionPlan.from_row)
        )

    @strawberry.field(description="Data collection groups recorded on this sample.")
    def data_collection_groups(
        self, info: Info
    ) -> list[Annotated[DataCollectionGroup, _collection]]:
        from gateway.graphql.types.collection import DataCollectionGroup

        return settle(  # type: ignore[return-value]
            _sample_groups(info.context.loaders, self), each(DataCollectionGroup.from_row)
        )
