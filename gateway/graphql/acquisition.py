"""MXCuBE's writes as mutations, and the detector lookup: a thin skin over gateway.sql.acquisition.

Each create takes an optional `idempotencyKey`: a retry with the same key and input
answers the first result (`replayed: true`) and writes nothing. Payloads carry the
ids MXCuBE stores, and the object as the caller may read it (a beamline service
account reads nothing: its objects are null, its ids are all it needs).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, TypeAlias

import strawberry

from gateway.graphql.acquisition_inputs import column_input, values_of
from gateway.graphql.context import Info
from gateway.graphql.types.acquisition import Detector, EnergyScan, RobotAction, XfeSpectrum
from gateway.graphql.types.collection import DataCollection, DataCollectionGroup
from gateway.graphql.types.proposal import Session
from gateway.sql import models as m
from gateway.sql.acquisition.writes import Acquisition

_STAMP = ("recordTimeStamp",)
if TYPE_CHECKING:  # built at run time from the models; any value to the type checker
    GroupInput: TypeAlias = Any
    GroupUpdate: TypeAlias = Any
    CollectionInput: TypeAlias = Any
    CollectionUpdate: TypeAlias = Any
    ImageInput: TypeAlias = Any
    RobotActionInput: TypeAlias = Any
    EnergyScanInput: TypeAlias = Any
    XfeSpectrumInput: TypeAlias = Any
    WorkflowInput: TypeAlias = Any
    WorkflowMeshInput: TypeAlias = Any
    GridInfoInput: TypeAlias = Any
    WorkflowStepInput: TypeAlias = Any
    SessionInput: TypeAlias = Any
    BeamLineSetupInput: TypeAlias = Any
else:
    GroupInput = column_input(
        "DataCollectionGroupInput",
        m.DataCollectionGroup,
        required=("sessionId", "experimentType"),
        description="A new data collection group (MXCuBE's task group).",
    )
    GroupUpdate = column_input(
        "DataCollectionGroupUpdate",
        m.DataCollectionGroup,
        exclude=("sessionId",),
        description="Columns to change; `comments` are appended to the group's.",
    )
    CollectionInput = column_input(
        "DataCollectionInput",
        m.DataCollection,
        required=("dataCollectionGroupId",),
        description="A new data collection, in its group.",
    )
    CollectionUpdate = column_input(
        "DataCollectionUpdate",
        m.DataCollection,
        exclude=("dataCollectionGroupId",),
        description="Columns of a collection to change.",
    )
    ImageInput = column_input(
        "ImageInput",
        m.Image,
        exclude=_STAMP,
        required=("dataCollectionId",),
        description="An image of a collection (MXCuBE stores the first and last of a wedge).",
    )
    RobotActionInput = column_input(
        "RobotActionInput",
        m.RobotAction,
        required=("blsessionId",),
        description="A sample-changer action; times default to the server's.",
    )
    EnergyScanInput = column_input(
        "EnergyScanInput",
        m.EnergyScan,
        required=("sessionId",),
        description="An energy scan; `blSampleId` also links the sample (BLSample_has_EnergyScan).",
    )
    XfeSpectrumInput = column_input(
        "XfeSpectrumInput",
        m.XFEFluorescenceSpectrum,
        required=("sessionId",),
        description="An XRF spectrum; times default to the server's.",
    )
    WorkflowInput = column_input(
        "WorkflowInput",
        m.Workflow,
        exclude=_STAMP,
        description="An online workflow run (mesh scan, X-ray centring, line scan).",
    )
    WorkflowMeshInput = column_input(
        "WorkflowMeshInput",
        m.WorkflowMesh,
        exclude=("workflowId", *_STAMP),
        description="The mesh result of a workflow.",
    )
    GridInfoInput = column_input(
        "GridInfoInput",
        m.GridInfo,
        exclude=("workflowMeshId", "dataCollectionGroupId", *_STAMP),
        description="The grid of a mesh.",
    )
    WorkflowStepInput = column_input(
        "WorkflowStepInput",
        m.WorkflowStep,
        required=("workflowId",),
        description="A step of a workflow named by a data collection group.",
    )
    SessionInput = column_input(
        "SessionInput",
        m.BLSession,
        exclude=("beamLineSetupId", "bltimeStamp", "lastUpdate"),
        required=("proposalId", "beamLineName"),
        description="An in-house session; dates default to today 00:00 until tomorrow 07:59:59.",
    )
    BeamLineSetupInput = column_input(
        "BeamLineSetupInput",
        m.BeamLineSetup,
        exclude=_STAMP,
        description="The beamline setup MXCuBE reports; `setupDate` defaults to now.",
    )

IdempotencyKey = Annotated[
    str | None,
    strawberry.argument(
        description="Any string up to 200 characters, new for each call and the same on its "
        "retries: a retry answers the first result and writes nothing."
    ),
]


@strawberry.type
class DataCollectionGroupPayload:
    data_collection_group_id: int
    replayed: bool = strawberry.field(description="The first result of this idempotency key.")
    data_collection_group: DataCollectionGroup | None


@strawberry.type
class DataCollectionPayload:
    data_collection_id: int
    data_collection_group_id: int
    replayed: bool
    data_collection: DataCollection | None


@strawberry.type
class ImagePayload:
    image_id: int
    replayed: bool


@strawberry.type
class RobotActionPayload:
    robot_action_id: int
    replayed: bool
    robot_action: RobotAction | None


@strawberry.type
class EnergyScanPayload:
    energy_scan_id: int
    bl_sample_has_energy_scan_id: int | None
    replayed: bool
    energy_scan: EnergyScan | None


@strawberry.type
class XfeSpectrumPayload:
    xfe_fluorescence_spectrum_id: int
    replayed: bool
    xfe_spectrum: XfeSpectrum | None


@strawberry.type
class MeshWorkflowPayload:
    workflow_id: int
    workflow_mesh_id: int | None
    grid_info_id: int | None
    replayed: bool


@strawberry.type
class WorkflowStepPayload:
    workflow_step_id: int
    replayed: bool


@strawberry.type
class SessionPayload:
    session_id: int
    replayed: bool
    session: Session | None


@strawberry.type
class BeamLineSetupPayload:
    beam_line_setup_id: int
    session_id: int
    replayed: bool


def _acquisition(info: Info) -> Acquisition:
    return info.context.services.acquisition


async def _readable(info: Info, cls: Any, key: int) -> Any:
    """The object as the caller may read it; no statement for accounts that read nothing."""
    viewer = info.context.viewer
    if not viewer.is_staff and viewer.person_id is None:
        return None  # a beamline service account: the ids are all it gets
    return await cls.load(info, key)


async def _group(info: Info, result: tuple[dict[str, Any], bool]) -> DataCollectionGroupPayload:
    ids, fresh = result
    group_id = ids["dataCollectionGroupId"]
    return DataCollectionGroupPayload(
        data_collection_group_id=group_id,
        replayed=not fresh,
        data_collection_group=await _readable(info, DataCollectionGroup, group_id),
    )


async def _collection(info: Info, result: tuple[dict[str, Any], bool]) -> DataCollectionPayload:
    ids, fresh = result
    return DataCollectionPayload(
        data_collection_id=ids["dataCollectionId"],
        data_collection_group_id=ids["dataCollectionGroupId"],
        replayed=not fresh,
        data_collection=await _readable(info, DataCollection, ids["dataCollectionId"]),
    )


@strawberry.type
class AcquisitionQuery:
    @strawberry.field(description="The detector MXCuBE names on its collections (C7).")
    async def detector(
        self,
        info: Info,
        manufacturer: str,
        model: str,
        mode: str | None = None,
        type: str | None = None,
    ) -> Detector | None:
        found = await _acquisition(info).find_detector(manufacturer, model, mode, type)
        return await Detector.load(info, found)


@strawberry.type
class AcquisitionMutation:
    @strawberry.mutation(description="Start a data collection group (MXCuBE's task group).")
    async def create_data_collection_group(
        self, info: Info, input: GroupInput, idempotency_key: IdempotencyKey = None
    ) -> DataCollectionGroupPayload:
        return await _group(
            info,
            await _acquisition(info).create_group(
                info.context.viewer, values_of(input), idempotency_key
            ),
        )

    @strawberry.mutation(description="Change a group; comments are appended, a workflow kept.")
    async def update_data_collection_group(
        self,
        info: Info,
        data_collection_group_id: int,
        input: GroupUpdate,
        idempotency_key: IdempotencyKey = None,
    ) -> DataCollectionGroupPayload:
        return await _group(
            info,
            await _acquisition(info).update_group(
                info.context.viewer, data_collection_group_id, values_of(input), idempotency_key
            ),
        )

    @strawberry.mutation(description="Start a data collection in its group.")
    async def create_data_collection(
        self, info: Info, input: CollectionInput, idempotency_key: IdempotencyKey = None
    ) -> DataCollectionPayload:
        return await _collection(
            info,
            await _acquisition(info).create_collection(
                info.context.viewer, values_of(input), idempotency_key
            ),
        )

    @strawberry.mutation(description="Change a collection (set-up, snapshots, beam, end).")
    async def update_data_collection(
        self,
        info: Info,
        data_collection_id: int,
        input: CollectionUpdate,
        idempotency_key: IdempotencyKey = None,
    ) -> DataCollectionPayload:
        return await _collection(
            info,
            await _acquisition(info).update_collection(
                info.context.viewer, data_collection_id, values_of(input), idempotency_key
            ),
        )

    @strawberry.mutation(description="Set a collection's image quality indicator plot paths.")
    async def set_image_quality_indicators_plot(
        self,
        info: Info,
        data_collection_id: int,
        plot_path: str | None,
        csv_path: str | None,
    ) -> DataCollectionPayload:
        values = {"imageQualityIndicatorsPlotPath": plot_path}
        values["imageQualityIndicatorsCSVPath"] = csv_path
        return await _collection(
            info,
            await _acquisition(info).update_collection(
                info.context.viewer, data_collection_id, values
            ),
        )

    @strawberry.mutation(description="Store an image of a collection.")
    async def add_image(
        self, info: Info, input: ImageInput, idempotency_key: IdempotencyKey = None
    ) -> ImagePayload:
        ids, fresh = await _acquisition(info).add_image(
            info.context.viewer, values_of(input), idempotency_key
        )
        return ImagePayload(image_id=ids["imageId"], replayed=not fresh)

    @strawberry.mutation(description="Record a sample-changer action (mount, unmount, ...).")
    async def record_robot_action(
        self, info: Info, input: RobotActionInput, idempotency_key: IdempotencyKey = None
    ) -> RobotActionPayload:
        ids, fresh = await _acquisition(info).record_robot_action(
            info.context.viewer, values_of(input), idempotency_key
        )
        return RobotActionPayload(
            robot_action_id=ids["robotActionId"],
            replayed=not fresh,
            robot_action=await _readable(info, RobotAction, ids["robotActionId"]),
        )

    @strawberry.mutation(description="Store an energy scan (and link its sample).")
    async def create_energy_scan(
        self, info: Info, input: EnergyScanInput, idempotency_key: IdempotencyKey = None
    ) -> EnergyScanPayload:
        ids, fresh = await _acquisition(info).create_energy_scan(
            info.context.viewer, values_of(input), idempotency_key
        )
        return EnergyScanPayload(
            energy_scan_id=ids["energyScanId"],
            bl_sample_has_energy_scan_id=ids["blSampleHasEnergyScanId"],
            replayed=not fresh,
            energy_scan=await _readable(info, EnergyScan, ids["energyScanId"]),
        )

    @strawberry.mutation(description="Store an XRF spectrum.")
    async def create_xfe_spectrum(
        self, info: Info, input: XfeSpectrumInput, idempotency_key: IdempotencyKey = None
    ) -> XfeSpectrumPayload:
        ids, fresh = await _acquisition(info).create_xfe_spectrum(
            info.context.viewer, values_of(input), idempotency_key
        )
        spectrum_id = ids["xfeFluorescenceSpectrumId"]
        return XfeSpectrumPayload(
            xfe_fluorescence_spectrum_id=spectrum_id,
            replayed=not fresh,
            xfe_spectrum=await _readable(info, XfeSpectrum, spectrum_id),
        )

    @strawberry.mutation(
        description="Store a workflow with its mesh and grid, and name it on the group."
    )
    async def save_mesh_workflow(
        self,
        info: Info,
        data_collection_group_id: int,
        workflow: WorkflowInput,
        mesh: WorkflowMeshInput | None = None,
        grid_info: GridInfoInput | None = None,
        idempotency_key: IdempotencyKey = None,
    ) -> MeshWorkflowPayload:
        ids, fresh = await _acquisition(info).save_mesh_workflow(
            info.context.viewer,
            data_collection_group_id,
            values_of(workflow),
            None if mesh is None else values_of(mesh),
            None if grid_info is None else values_of(grid_info),
            idempotency_key,
        )
        return MeshWorkflowPayload(
            workflow_id=ids["workflowId"],
            workflow_mesh_id=ids["workflowMeshId"],
            grid_info_id=ids["gridInfoId"],
            replayed=not fresh,
        )

    @strawberry.mutation(description="Store a step of a workflow.")
    async def add_workflow_step(
        self, info: Info, input: WorkflowStepInput, idempotency_key: IdempotencyKey = None
    ) -> WorkflowStepPayload:
        ids, fresh = await _acquisition(info).add_workflow_step(
            info.context.viewer, values_of(input), idempotency_key
        )
        return WorkflowStepPayload(workflow_step_id=ids["workflowStepId"], replayed=not fresh)

    @strawberry.mutation(description="Create an in-house session on one of your beamlines.")
    async def create_session(
        self, info: Info, input: SessionInput, idempotency_key: IdempotencyKey = None
    ) -> SessionPayload:
        ids, fresh = await _acquisition(info).create_session(
            info.context.viewer, values_of(input), idempotency_key
        )
        return SessionPayload(
            session_id=ids["sessionId"],
            replayed=not fresh,
            session=await _readable(info, Session, ids["sessionId"]),
        )

    @strawberry.mutation(description="Store the beamline setup and name it on the session.")
    async def attach_beam_line_setup(
        self,
        info: Info,
        session_id: int,
        input: BeamLineSetupInput,
        idempotency_key: IdempotencyKey = None,
    ) -> BeamLineSetupPayload:
        ids, fresh = await _acquisition(info).attach_beamline_setup(
            info.context.viewer, session_id, values_of(input), idempotency_key
        )
        return BeamLineSetupPayload(
            beam_line_setup_id=ids["beamLineSetupId"], session_id=session_id, replayed=not fresh
        )
