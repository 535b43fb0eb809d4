"""Sample-preparation mutations: a thin skin over `gateway.sql.prep`.

Input fields are named after their ISPyB columns (as the output types are); each
input becomes the columns it sets, leaving out what the caller did not give.
"""

from __future__ import annotations

import dataclasses
from enum import Enum
from typing import Any

import strawberry
from strawberry import UNSET

from gateway.graphql.columns import graphql_name
from gateway.graphql.context import Info
from gateway.graphql.types.sample import Crystal, Protein, Sample
from gateway.graphql.types.shipping import Container, Dewar, LabContact, Shipment
from gateway.sql.prep import catalogue, contents, shipments

Opt = Any  # every optional input field: UNSET (left out), None (set NULL) or a value


def columns(obj: Any, *skip: str) -> dict[str, Any]:
    """The columns an input sets: its given fields (attribute name = column key)."""
    return {
        f.name: getattr(obj, f.name)
        for f in dataclasses.fields(obj)
        if f.name not in skip and getattr(obj, f.name) is not UNSET
    }


def _given(value: Any) -> Any:
    return None if value is UNSET else value


@strawberry.input(description="A shipment to create (`proposalId`) or change (`shippingId`).")
class ShipmentInput:
    shippingId: int | None = UNSET
    proposalId: int | None = UNSET
    shippingName: str | None = UNSET
    comments: str | None = UNSET
    sendingLabContactId: int | None = UNSET
    returnLabContactId: int | None = UNSET
    returnCourier: str | None = UNSET
    shippingType: str | None = UNSET
    safetyLevel: str | None = UNSET
    deliveryAgent_agentName: str | None = UNSET
    deliveryAgent_agentCode: str | None = UNSET
    sessionIds: list[int] | None = strawberry.field(
        default=UNSET, description="Replaces the sessions it is meant for (left out: unchanged)."
    )


@strawberry.input(description="A dewar to add to a shipment (`shippingId`) or change (`dewarId`).")
class DewarInput:
    dewarId: int | None = UNSET
    shippingId: int | None = UNSET
    code: str | None = UNSET
    comments: str | None = UNSET
    storageLocation: str | None = UNSET
    barCode: str | None = UNSET
    customsValue: int | None = UNSET
    transportValue: int | None = UNSET
    trackingNumberToSynchrotron: str | None = UNSET
    trackingNumberFromSynchrotron: str | None = UNSET
    facilityCode: str | None = UNSET
    type: str | None = UNSET


@strawberry.input(description="Container columns.")
class ContainerFields:
    code: str | None = UNSET
    containerType: str | None = UNSET
    capacity: int | None = UNSET
    barcode: str | None = UNSET
    beamlineLocation: str | None = UNSET
    sampleChangerLocation: str | None = UNSET
    comments: str | None = UNSET
    experimentType: str | None = UNSET


@strawberry.input(
    description="A crystal: to create (`proteinId`), change (`crystalId`), or "
    "describe inside a sample (with `proteinId`)."
)
class CrystalInput:
    crystalId: int | None = UNSET
    proteinId: int | None = UNSET
    name: str | None = UNSET
    spaceGroup: str | None = UNSET
    cell_a: float | None = UNSET
    cell_b: float | None = UNSET
    cell_c: float | None = UNSET
    cell_alpha: float | None = UNSET
    cell_beta: float | None = UNSET
    cell_gamma: float | None = UNSET
    morphology: str | None = UNSET
    color: str | None = UNSET
    comments: str | None = UNSET


@strawberry.input(description="Diffraction plan columns (the fields EXI's puck editor sends).")
class DiffractionPlanInput:
    experimentKind: str | None = UNSET
    observedResolution: float | None = UNSET
    minimalResolution: float | None = UNSET
    requiredResolution: float | None = UNSET
    aimedResolution: float | None = UNSET
    aimedCompleteness: float | None = UNSET
    aimedMultiplicity: float | None = UNSET
    radiationSensitivity: float | None = UNSET
    preferredBeamDiameter: float | None = UNSET
    numberOfPositions: int | None = UNSET
    axisRange: float | None = UNSET
    minOscWidth: float | None = UNSET
    anomalousScatterer: str | None = UNSET
    forcedSpaceGroup: str | None = UNSET
    comments: str | None = UNSET


@strawberry.input(
    description="A sample of a container: an existing one (`blSampleId`) or a new one."
)
class SampleContentInput:
    location: str
    blSampleId: int | None = UNSET
    name: str | None = UNSET
    code: str | None = UNSET
    comments: str | None = UNSET
    SMILES: str | None = strawberry.field(default=UNSET, name="smiles")
    structureStage: str | None = UNSET
    holderLength: float | None = UNSET
    loopType: str | None = UNSET
    crystalId: int | None = UNSET
    crystal: CrystalInput | None = UNSET
    diffractionPlan: DiffractionPlanInput | None = UNSET


@strawberry.enum(description="What becomes of a container's samples that the payload leaves out.")
class OmittedSamples(Enum):
    KEEP = strawberry.enum_value(contents.Omitted.KEEP.value, description="They stay.")
    DETACH = strawberry.enum_value(
        contents.Omitted.DETACH.value,
        description="They leave the container (containerId NULL), kept with their data.",
    )
    DELETE = strawberry.enum_value(
        contents.Omitted.DELETE.value,
        description="They are deleted; refused (CONFLICT) if one has data collections.",
    )


@strawberry.input(description="A container's columns and its samples, saved in one transaction.")
class ContainerContentsInput:
    samples: list[SampleContentInput]
    omitted: OmittedSamples = strawberry.field(
        description="Required: what becomes of the container's samples not in `samples`."
    )
    container: ContainerFields | None = UNSET


@strawberry.input(description="A container placed at a position of a beamline's sample changer.")
class PlacementInput:
    containerId: int
    beamlineLocation: str
    sampleChangerLocation: str


@strawberry.input(description="A protein to create (`proposalId`) or change (`proteinId`).")
class ProteinInput:
    proteinId: int | None = UNSET
    proposalId: int | None = UNSET
    acronym: str | None = UNSET
    name: str | None = UNSET
    description: str | None = UNSET
    molecularMass: float | None = UNSET
    proteinType: str | None = UNSET
    sequence: str | None = UNSET
    safetyLevel: str | None = UNSET


@strawberry.input(description="A lab contact to create (`proposalId`) or change (`labContactId`).")
class LabContactInput:
    labContactId: int | None = UNSET
    proposalId: int | None = UNSET
    personId: int | None = UNSET
    cardName: str | None = UNSET
    defaultCourrierCompany: str | None = UNSET
    courierAccount: str | None = UNSET
    billingReference: str | None = UNSET
    dewarAvgCustomsValue: int | None = UNSET
    dewarAvgTransportValue: int | None = UNSET


@strawberry.input(description="Sample columns to change; those left out stay as they are.")
class SamplePatch:
    name: str | None = UNSET
    code: str | None = UNSET
    location: str | None = UNSET
    comments: str | None = UNSET
    blSampleStatus: str | None = UNSET
    lastKnownCenteringPosition: str | None = UNSET
    structureStage: str | None = UNSET
    SMILES: str | None = strawberry.field(default=UNSET, name="smiles")
    holderLength: float | None = UNSET
    loopType: str | None = UNSET
    isInSampleChanger: int | None = UNSET


@strawberry.type(description="A shipment whose status changed, with its dewars and containers.")
class ShipmentStatusChange:
    shipment: Shipment
    dewars: list[Dewar]
    containers: list[Container]


@strawberry.type(description="A container as saved, with its samples now.")
class ContainerContents:
    container: Container
    samples: list[Sample]
    removed_sample_ids: list[int] = strawberry.field(
        description="Samples that left the container (DETACH) or were deleted (DELETE)."
    )


def _sample(i: SampleContentInput) -> contents.SampleInput:
    crystal = None if i.crystal in (UNSET, None) else columns(i.crystal, "crystalId")
    plan = None if i.diffractionPlan in (UNSET, None) else columns(i.diffractionPlan)
    return contents.SampleInput(
        values=columns(i, "blSampleId", "crystalId", "crystal", "diffractionPlan"),
        bl_sample_id=_given(i.blSampleId),
        crystal_id=_given(i.crystalId),
        crystal=crystal,
        diffraction_plan=plan,
    )


@strawberry.type
class SamplePrepMutation:
    @strawberry.mutation(description="Create or change a shipment (members of its proposal).")
    async def save_shipment(self, info: Info, input: ShipmentInput) -> Shipment:
        row = await shipments.save_shipment(
            info.context.services.engine,
            info.context.viewer,
            _given(input.shippingId),
            _given(input.proposalId),
            columns(input, "shippingId", "proposalId", "sessionIds"),
            _given(input.sessionIds) if input.sessionIds is not UNSET else None,
            graphql_name,
        )
        return Shipment.from_row(row)

    @strawberry.mutation(description="Delete a shipment with its dewars, containers and samples.")
    async def delete_shipment(self, info: Info, shipping_id: int) -> int:
        return await shipments.delete_shipment(
            info.context.services.engine, info.context.viewer, shipping_id
        )

    @strawberry.mutation(
        description="Set a shipment's status, cascaded to its dewars and containers."
    )
    async def set_shipment_status(
        self, info: Info, shipping_id: int, status: str
    ) -> ShipmentStatusChange:
        change = await shipments.set_shipment_status(
            info.context.services.engine, info.context.viewer, shipping_id, status, graphql_name
        )
        return ShipmentStatusChange(
            shipment=Shipment.from_row(change.shipment),
            dewars=[Dewar.from_row(r) for r in change.dewars],
            containers=[Container.from_row(r) for r in change.containers],
        )

    @strawberry.mutation(description="Add a dewar to a shipment, or change one.")
    async def save_dewar(self, info: Info, input: DewarInput) -> Dewar:
        row = await shipments.save_dewar(
            info.context.services.engine,
            info.context.viewer,
            _given(input.dewarId),
            _given(input.shippingId),
            columns(input, "dewarId", "shippingId"),
            graphql_name,
        )
        return Dewar.from_row(row)

    @strawberry.mutation(description="Delete a dewar with its containers and samples.")
    async def delete_dewar(self, info: Info, dewar_id: int) -> int:
        return await shipments.delete_dewar(
            info.context.services.engine, info.context.viewer, dewar_id
        )

    @strawberry.mutation(description="Add an empty container (puck) to a dewar.")
    async def add_container(
        self, info: Info, dewar_id: int, input: ContainerFields | None = None
    ) -> Container:
        row = await shipments.add_container(
            info.context.services.engine,
            info.context.viewer,
            dewar_id,
            columns(input) if input is not None else {},
            graphql_name,
        )
        return Container.from_row(row)

    @strawberry.mutation(description="Delete a container with its samples.")
    async def delete_container(self, info: Info, container_id: int) -> int:
        return await shipments.delete_container(
            info.context.services.engine, info.context.viewer, container_id
        )

    @strawberry.mutation(
        description="Save a container and its samples (crystal, diffraction plan) in one "
        "transaction; `omitted` says what becomes of the samples left out."
    )
    async def save_container_contents(
        self, info: Info, container_id: int, input: ContainerContentsInput
    ) -> ContainerContents:
        container = input.container if input.container not in (UNSET, None) else None
        saved = await contents.save_container_contents(
            info.context.services.engine,
            info.context.viewer,
            container_id,
            columns(container) if container is not None else {},
            [_sample(s) for s in input.samples],
            contents.Omitted(input.omitted.value),
            graphql_name,
        )
        return ContainerContents(
            container=Container.from_row(saved.container),
            samples=[Sample.from_row(r) for r in saved.samples],
            removed_sample_ids=saved.removed,
        )

    @strawberry.mutation(description="Place containers in beamlines' sample changers.")
    async def set_sample_changer_locations(
        self, info: Info, items: list[PlacementInput]
    ) -> list[Container]:
        rows = await shipments.set_sample_changer_locations(
            info.context.services.engine,
            info.context.viewer,
            [
                shipments.Placement(i.containerId, i.beamlineLocation, i.sampleChangerLocation)
                for i in items
            ],
            graphql_name,
        )
        return [Container.from_row(r) for r in rows]

    @strawberry.mutation(description="Take containers out of any sample changer.")
    async def clear_sample_changer_locations(
        self, info: Info, container_ids: list[int]
    ) -> list[Container]:
        rows = await shipments.clear_sample_changer_locations(
            info.context.services.engine, info.context.viewer, container_ids
        )
        return [Container.from_row(r) for r in rows]

    @strawberry.mutation(description="Create or change a protein.")
    async def save_protein(self, info: Info, input: ProteinInput) -> Protein:
        row = await catalogue.save_protein(
            info.context.services.engine,
            info.context.viewer,
            _given(input.proteinId),
            _given(input.proposalId),
            columns(input, "proteinId", "proposalId"),
            graphql_name,
        )
        return Protein.from_row(row)

    @strawberry.mutation(description="Create (with `proteinId`) or change a crystal.")
    async def save_crystal(self, info: Info, input: CrystalInput) -> Crystal:
        row = await catalogue.save_crystal(
            info.context.services.engine,
            info.context.viewer,
            _given(input.crystalId),
            _given(input.proteinId),
            columns(input, "crystalId", "proteinId"),
            graphql_name,
        )
        return Crystal.from_row(row)

    @strawberry.mutation(description="Create or change a lab contact of a proposal.")
    async def save_lab_contact(self, info: Info, input: LabContactInput) -> LabContact:
        row = await catalogue.save_lab_contact(
            info.context.services.engine,
            info.context.viewer,
            _given(input.labContactId),
            _given(input.proposalId),
            columns(input, "labContactId", "proposalId"),
            graphql_name,
        )
        return LabContact.from_row(row)

    @strawberry.mutation(description="Change some columns of a sample.")
    async def update_sample(self, info: Info, bl_sample_id: int, patch: SamplePatch) -> Sample:
        row = await catalogue.update_sample(
            info.context.services.engine,
            info.context.viewer,
            bl_sample_id,
            columns(patch),
            graphql_name,
        )
        return Sample.from_row(row)
