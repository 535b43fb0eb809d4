"""Typed models of the ISPyB tables the gateway maps (official schema, no DLS-only columns)."""

from gateway.sql.models.acquisition import (
    BeamLineSetup,
    BLSampleHasEnergyScan,
    Detector,
    EnergyScan,
    GridInfo,
    Image,
    RobotAction,
    Workflow,
    WorkflowMesh,
    WorkflowStep,
    XFEFluorescenceSpectrum,
)
from gateway.sql.models.autoproc import (
    AutoProc,
    AutoProcIntegration,
    AutoProcProgram,
    AutoProcScaling,
    AutoProcScalingHasInt,
    AutoProcScalingStatistics,
)
from gateway.sql.models.collection import DataCollection, DataCollectionGroup
from gateway.sql.models.em import CTF, MotionCorrection, Movie
from gateway.sql.models.people import (
    Permission,
    Person,
    UserGroup,
    UserGroupHasPermission,
    UserGroupHasPerson,
)
from gateway.sql.models.proposal import BLSession, Proposal, ProposalHasPerson, SessionHasPerson
from gateway.sql.models.sample import BLSample, Crystal, Protein
from gateway.sql.models.screening import (
    Screening,
    ScreeningInput,
    ScreeningOutputLattice,
    ScreeningStrategy,
)
from gateway.sql.models.shipping import (
    Container,
    Dewar,
    DiffractionPlan,
    LabContact,
    Shipping,
    ShippingHasSession,
)
from gateway.sql.models.status import SchemaStatus

__all__ = [
    "CTF",
    "AutoProc",
    "AutoProcIntegration",
    "AutoProcProgram",
    "AutoProcScaling",
    "AutoProcScalingHasInt",
    "AutoProcScalingStatistics",
    "BLSample",
    "BLSampleHasEnergyScan",
    "BLSession",
    "BeamLineSetup",
    "Container",
    "Crystal",
    "DataCollection",
    "DataCollectionGroup",
    "Detector",
    "Dewar",
    "DiffractionPlan",
    "EnergyScan",
    "GridInfo",
    "Image",
    "LabContact",
    "MotionCorrection",
    "Movie",
    "Permission",
    "Person",
    "Proposal",
    "ProposalHasPerson",
    "Protein",
    "RobotAction",
    "SchemaStatus",
    "Screening",
    "ScreeningInput",
    "ScreeningOutputLattice",
    "ScreeningStrategy",
    "SessionHasPerson",
    "Shipping",
    "ShippingHasSession",
    "UserGroup",
    "UserGroupHasPermission",
    "UserGroupHasPerson",
    "Workflow",
    "WorkflowMesh",
    "WorkflowStep",
    "XFEFluorescenceSpectrum",
]
