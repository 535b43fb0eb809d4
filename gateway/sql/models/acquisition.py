"""The tables MXCuBE writes during a beamline day besides groups and collections.

Robot actions, energy scans, XRF spectra, images, workflows with their mesh, grid
and steps, the beamline setup and the detector catalogue, as the official ISPyB
schema defines them (ESRF v1.1.0, the head flavour).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Enum, ForeignKey, ForeignKeyConstraint, Index, text
from sqlalchemy.dialects import mysql
from sqlalchemy.orm import Mapped, mapped_column

from gateway.sql.base import Base
from gateway.sql.models._types import double, key_int


class BeamLineSetup(Base):
    """The beamline's optics and limits as MXCuBE reports them; a session points at one."""

    __tablename__ = "BeamLineSetup"
    __table_args__ = ({"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4"},)
    beamLineSetupId: Mapped[int] = mapped_column(key_int(10), primary_key=True)
    synchrotronMode: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    undulatorType1: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    undulatorType2: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    undulatorType3: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    focalSpotSizeAtSample: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    focusingOptic: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    beamDivergenceHorizontal: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    beamDivergenceVertical: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    polarisation: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    monochromatorType: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    setupDate: Mapped[datetime | None] = mapped_column(mysql.DATETIME(), nullable=True)
    synchrotronName: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    maxExpTimePerDataCollection: Mapped[float | None] = mapped_column(double(), nullable=True)
    minExposureTimePerImage: Mapped[float | None] = mapped_column(double(), nullable=True)
    goniostatMaxOscillationSpeed: Mapped[float | None] = mapped_column(double(), nullable=True)
    goniostatMinOscillationWidth: Mapped[float | None] = mapped_column(double(), nullable=True)
    minTransmission: Mapped[float | None] = mapped_column(double(), nullable=True)
    CS: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    recordTimeStamp: Mapped[datetime] = mapped_column(
        mysql.TIMESTAMP(),
        nullable=False,
        server_default=text("CURRENT_TIMESTAMP"),
        comment="Creation or last update date/time",
    )


class Detector(Base):
    """A detector model and mode; collections name theirs by id."""

    __tablename__ = "Detector"
    __table_args__ = (
        Index("Detector_ibuk1", "detectorSerialNumber", unique=True),
        Index(
            "Detector_FKIndex1",
            "detectorType",
            "detectorManufacturer",
            "detectorModel",
            "detectorPixelSizeHorizontal",
            "detectorPixelSizeVertical",
        ),
        {
            "mysql_engine": "InnoDB",
            "mysql_charset": "utf8mb4",
            "comment": "Detector table is linked to a dataCollection",
        },
    )
    detectorId: Mapped[int] = mapped_column(
        key_int(11, unsigned=False), primary_key=True, comment="Primary key (auto-incremented)"
    )
    detectorType: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    detectorManufacturer: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    detectorModel: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    detectorPixelSizeHorizontal: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    detectorPixelSizeVertical: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    detectorSerialNumber: Mapped[str | None] = mapped_column(mysql.VARCHAR(30), nullable=True)
    detectorDistanceMin: Mapped[float | None] = mapped_column(double(), nullable=True)
    detectorDistanceMax: Mapped[float | None] = mapped_column(double(), nullable=True)
    trustedPixelValueRangeLower: Mapped[float | None] = mapped_column(double(), nullable=True)
    trustedPixelValueRangeUpper: Mapped[float | None] = mapped_column(double(), nullable=True)
    sensorThickness: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    overload: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    XGeoCorr: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    YGeoCorr: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    detectorMode: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    detectorMaxResolution: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    detectorMinResolution: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    CS: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True, comment="Unit: mm")
    density: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    composition: Mapped[str | None] = mapped_column(mysql.VARCHAR(16), nullable=True)
    localName: Mapped[str | None] = mapped_column(
        mysql.VARCHAR(40), nullable=True, comment="Colloquial name for the detector"
    )


class Workflow(Base):
    """An online workflow run (mesh scan, X-ray centring, ...) that groups may name."""

    __tablename__ = "Workflow"
    __table_args__ = ({"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4"},)
    workflowId: Mapped[int] = mapped_column(
        key_int(10), primary_key=True, comment="Primary key (auto-incremented)"
    )
    workflowTitle: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    workflowType: Mapped[str | None] = mapped_column(
        Enum(
            "Characterisation",
            "Undefined",
            "BioSAXS Post Processing",
            "EnhancedCharacterisation",
            "LineScan",
            "MeshScan",
            "Dehydration",
            "KappaReorientation",
            "BurnStrategy",
            "XrayCentering",
            "DiffractionTomography",
            "TroubleShooting",
            "VisualReorientation",
            "HelicalCharacterisation",
            "GroupedProcessing",
            "MXPressE",
            "MXPressO",
            "MXPressL",
            "MXScore",
            "MXPressI",
            "MXPressM",
            "MXPressA",
            "CollectAndSpectra",
            "LowDoseDC",
            "EnergyInterleavedMAD",
            "MXPressF",
            "MXPressH",
            "MXPressP",
            "MXPressP_SAD",
            "MXPressR",
            "MXPressR_180",
            "MXPressR_dehydration",
            "MeshAndCollect",
            "MeshAndCollectFromFile",
            "CalibrateKappa",
            "CenterRotationAxis",
            "CentreBeam",
            "CentrePin",
            "ChipX_collect",
            "ChipX_collect_sections",
            "ChipX_left_position",
            "ChipX_right_position",
            "DistanceCalibration",
            "IceRingsMeshScan",
            "MeshAndBurn",
            "MXPressA_globalp",
            "MXPressA_globalp_full",
            "MXPressA_globalp_minimal",
            "MXPressA_globalp_quick",
            "MXPressA_HTX",
            "MXPressF_twoMeshes",
            "MXPressK",
            "MXPressO_540",
            "MXPressS",
            "TroubleShootingWithDialog",
        ),
        nullable=True,
    )
    workflowTypeId: Mapped[int | None] = mapped_column(mysql.INTEGER(11), nullable=True)
    comments: Mapped[str | None] = mapped_column(mysql.VARCHAR(1024), nullable=True)
    status: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    resultFilePath: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    logFilePath: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    recordTimeStamp: Mapped[datetime | None] = mapped_column(
        mysql.DATETIME(), nullable=True, comment="Creation or last update date/time"
    )


class RobotAction(Base):
    """A sample-changer action (mount, unmount, ...) during a session."""

    __tablename__ = "RobotAction"
    __table_args__ = (
        Index("RobotAction_FK1", "blsessionId"),
        Index("RobotAction_FK2", "blsampleId"),
        {
            "mysql_engine": "InnoDB",
            "mysql_charset": "utf8mb4",
            "comment": "Robot actions as reported by MXCube",
        },
    )
    robotActionId: Mapped[int] = mapped_column(key_int(10), primary_key=True)
    blsessionId: Mapped[int] = mapped_column(
        mysql.INTEGER(10, unsigned=True),
        ForeignKey("BLSession.sessionId", name="RobotAction_FK1", ondelete="CASCADE"),
        nullable=False,
    )
    blsampleId: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10, unsigned=True),
        ForeignKey("BLSample.blSampleId", name="RobotAction_FK2", ondelete="CASCADE"),
        nullable=True,
    )
    actionType: Mapped[str | None] = mapped_column(
        Enum("LOAD", "UNLOAD", "DISPOSE", "STORE", "WASH", "ANNEAL"), nullable=True
    )
    startTimestamp: Mapped[datetime] = mapped_column(
        mysql.TIMESTAMP(), nullable=False, server_default=text("CURRENT_TIMESTAMP")
    )
    endTimestamp: Mapped[datetime] = mapped_column(
        mysql.TIMESTAMP(), nullable=False, server_default=text("'0000-00-00 00:00:00'")
    )
    status: Mapped[str | None] = mapped_column(
        Enum("SUCCESS", "ERROR", "CRITICAL", "WARNING", "COMMANDNOTSENT"), nullable=True
    )
    message: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    containerLocation: Mapped[int | None] = mapped_column(mysql.SMALLINT(6), nullable=True)
    dewarLocation: Mapped[int | None] = mapped_column(mysql.SMALLINT(6), nullable=True)
    sampleBarcode: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    xtalSnapshotBefore: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    xtalSnapshotAfter: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)


class EnergyScan(Base):
    """An energy (MAD/SAD edge) scan during a session, with its chooch results."""

    __tablename__ = "EnergyScan"
    __table_args__ = (
        Index("EnergyScan_FKIndex2", "sessionId"),
        Index("ES_ibfk_2", "blSampleId"),
        Index("ES_ibfk_3", "blSubSampleId"),
        {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4"},
    )
    energyScanId: Mapped[int] = mapped_column(key_int(10), primary_key=True)
    sessionId: Mapped[int] = mapped_column(
        mysql.INTEGER(10, unsigned=True),
        ForeignKey("BLSession.sessionId", name="ES_ibfk_1", ondelete="CASCADE", onupdate="CASCADE"),
        nullable=False,
    )
    blSampleId: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10, unsigned=True),
        ForeignKey("BLSample.blSampleId", name="ES_ibfk_2", ondelete="CASCADE"),
        nullable=True,
    )
    fluorescenceDetector: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    scanFileFullPath: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    choochFileFullPath: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    jpegChoochFileFullPath: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    element: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    startEnergy: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    endEnergy: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    transmissionFactor: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    exposureTime: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    axisPosition: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    synchrotronCurrent: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    temperature: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    peakEnergy: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    peakFPrime: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    peakFDoublePrime: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    inflectionEnergy: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    inflectionFPrime: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    inflectionFDoublePrime: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    xrayDose: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    startTime: Mapped[datetime | None] = mapped_column(mysql.DATETIME(), nullable=True)
    endTime: Mapped[datetime | None] = mapped_column(mysql.DATETIME(), nullable=True)
    edgeEnergy: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    filename: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    beamSizeVertical: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    beamSizeHorizontal: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    crystalClass: Mapped[str | None] = mapped_column(mysql.VARCHAR(20), nullable=True)
    comments: Mapped[str | None] = mapped_column(mysql.VARCHAR(1024), nullable=True)
    flux: Mapped[float | None] = mapped_column(
        double(), nullable=True, comment="flux measured before the energyScan"
    )
    flux_end: Mapped[float | None] = mapped_column(
        double(), nullable=True, comment="flux measured after the energyScan"
    )
    workingDirectory: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    blSubSampleId: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10, unsigned=True), nullable=True
    )
    remoteEnergy: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    remoteFPrime: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    remoteFDoublePrime: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)


class BLSampleHasEnergyScan(Base):
    """The official link from a sample to its energy scans."""

    __tablename__ = "BLSample_has_EnergyScan"
    __table_args__ = (
        Index("BLSample_has_EnergyScan_FKIndex1", "blSampleId"),
        Index("BLSample_has_EnergyScan_FKIndex2", "energyScanId"),
        {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4"},
    )
    blSampleId: Mapped[int] = mapped_column(
        mysql.INTEGER(10, unsigned=True),
        ForeignKey(
            "BLSample.blSampleId",
            name="BLSample_has_EnergyScan_ibfk_1",
            ondelete="CASCADE",
            onupdate="CASCADE",
        ),
        nullable=False,
        server_default=text("0"),
    )
    energyScanId: Mapped[int] = mapped_column(
        mysql.INTEGER(10, unsigned=True),
        ForeignKey(
            "EnergyScan.energyScanId",
            name="BLSample_has_EnergyScan_ibfk_2",
            ondelete="CASCADE",
            onupdate="CASCADE",
        ),
        nullable=False,
        server_default=text("0"),
    )
    blSampleHasEnergyScanId: Mapped[int] = mapped_column(
        key_int(11, unsigned=False), primary_key=True
    )


class XFEFluorescenceSpectrum(Base):
    """An X-ray fluorescence (XRF) spectrum taken during a session."""

    __tablename__ = "XFEFluorescenceSpectrum"
    __table_args__ = (
        Index("XFEFluorescnceSpectrum_FKIndex1", "blSampleId"),
        Index("XFEFluorescnceSpectrum_FKIndex2", "sessionId"),
        Index("XFE_ibfk_3", "blSubSampleId"),
        {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4"},
    )
    xfeFluorescenceSpectrumId: Mapped[int] = mapped_column(key_int(10), primary_key=True)
    sessionId: Mapped[int] = mapped_column(
        mysql.INTEGER(10, unsigned=True),
        ForeignKey(
            "BLSession.sessionId", name="XFE_ibfk_1", ondelete="CASCADE", onupdate="CASCADE"
        ),
        nullable=False,
    )
    blSampleId: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10, unsigned=True),
        ForeignKey(
            "BLSample.blSampleId", name="XFE_ibfk_2", ondelete="CASCADE", onupdate="CASCADE"
        ),
        nullable=True,
    )
    fittedDataFileFullPath: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    scanFileFullPath: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    jpegScanFileFullPath: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    startTime: Mapped[datetime | None] = mapped_column(mysql.DATETIME(), nullable=True)
    endTime: Mapped[datetime | None] = mapped_column(mysql.DATETIME(), nullable=True)
    filename: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    energy: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    exposureTime: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    axisPosition: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    beamTransmission: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    annotatedPymcaXfeSpectrum: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    beamSizeVertical: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    beamSizeHorizontal: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    crystalClass: Mapped[str | None] = mapped_column(mysql.VARCHAR(20), nullable=True)
    comments: Mapped[str | None] = mapped_column(mysql.VARCHAR(1024), nullable=True)
    flux: Mapped[float | None] = mapped_column(
        double(), nullable=True, comment="flux measured before the xrfSpectra"
    )
    flux_end: Mapped[float | None] = mapped_column(
        double(), nullable=True, comment="flux measured after the xrfSpectra"
    )
    workingDirectory: Mapped[str | None] = mapped_column(mysql.VARCHAR(512), nullable=True)
    blSubSampleId: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10, unsigned=True), nullable=True
    )


class Image(Base):
    """One image of a collection; MXCuBE stores the first and last of each wedge."""

    __tablename__ = "Image"
    __table_args__ = (
        # The official DDL has two keys on the same column; both are kept as they are.
        ForeignKeyConstraint(
            ["dataCollectionId"],
            ["DataCollection.dataCollectionId"],
            name="Image_ibfk_1",
            ondelete="CASCADE",
            onupdate="CASCADE",
        ),
        ForeignKeyConstraint(
            ["dataCollectionId"],
            ["DataCollection.dataCollectionId"],
            name="Image_ibfk_3",
            ondelete="CASCADE",
        ),
        Index("Image_FKIndex1", "dataCollectionId"),
        Index("Image_FKIndex2", "imageNumber"),
        Index("Image_Index3", "fileLocation", "fileName"),
        Index("motorPositionId", "motorPositionId"),
        {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4"},
    )
    imageId: Mapped[int] = mapped_column(key_int(10), primary_key=True)
    dataCollectionId: Mapped[int] = mapped_column(
        mysql.INTEGER(10, unsigned=True), nullable=False, server_default=text("0")
    )
    motorPositionId: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10, unsigned=True), nullable=True
    )
    imageNumber: Mapped[int | None] = mapped_column(mysql.INTEGER(10, unsigned=True), nullable=True)
    fileName: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    fileLocation: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    measuredIntensity: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    jpegFileFullPath: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    jpegThumbnailFileFullPath: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    temperature: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    cumulativeIntensity: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    synchrotronCurrent: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    comments: Mapped[str | None] = mapped_column(mysql.VARCHAR(1024), nullable=True)
    machineMessage: Mapped[str | None] = mapped_column(mysql.VARCHAR(1024), nullable=True)
    recordTimeStamp: Mapped[datetime] = mapped_column(
        mysql.TIMESTAMP(),
        nullable=False,
        server_default=text("CURRENT_TIMESTAMP"),
        comment="Creation or last update date/time",
    )


class WorkflowMesh(Base):
    """A mesh scan's result: best position, best image and the cartography."""

    __tablename__ = "WorkflowMesh"
    __table_args__ = (
        Index("WorkflowMesh_FKIndex1", "workflowId"),
        Index("bestPositionId", "bestPositionId"),
        Index("bestImageId", "bestImageId"),
        {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4"},
    )
    workflowMeshId: Mapped[int] = mapped_column(
        key_int(10), primary_key=True, comment="Primary key (auto-incremented)"
    )
    workflowId: Mapped[int] = mapped_column(
        mysql.INTEGER(10, unsigned=True),
        ForeignKey(
            "Workflow.workflowId",
            name="WorkflowMesh_workflowfk_1",
            ondelete="CASCADE",
            onupdate="CASCADE",
        ),
        nullable=False,
        comment="Related workflow",
    )
    bestPositionId: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10, unsigned=True), nullable=True
    )
    bestImageId: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10, unsigned=True),
        ForeignKey(
            "Image.imageId", name="WorkflowMesh_ibfk_2", ondelete="CASCADE", onupdate="CASCADE"
        ),
        nullable=True,
    )
    value1: Mapped[float | None] = mapped_column(double(), nullable=True)
    value2: Mapped[float | None] = mapped_column(double(), nullable=True)
    value3: Mapped[float | None] = mapped_column(double(), nullable=True, comment="N value")
    value4: Mapped[float | None] = mapped_column(double(), nullable=True)
    cartographyPath: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    recordTimeStamp: Mapped[datetime] = mapped_column(
        mysql.TIMESTAMP(),
        nullable=False,
        server_default=text("CURRENT_TIMESTAMP"),
        comment="Creation or last update date/time",
    )


class GridInfo(Base):
    """The grid of a mesh scan: steps, spacing, angle and offsets."""

    __tablename__ = "GridInfo"
    __table_args__ = (
        Index("workflowMeshId", "workflowMeshId"),
        Index("GridInfo_ibfk_2", "dataCollectionGroupId"),
        {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4"},
    )
    gridInfoId: Mapped[int] = mapped_column(
        key_int(10), primary_key=True, comment="Primary key (auto-incremented)"
    )
    workflowMeshId: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10, unsigned=True),
        ForeignKey(
            "WorkflowMesh.workflowMeshId",
            name="GridInfo_ibfk_1",
            ondelete="CASCADE",
            onupdate="CASCADE",
        ),
        nullable=True,
    )
    xOffset: Mapped[float | None] = mapped_column(double(), nullable=True)
    yOffset: Mapped[float | None] = mapped_column(double(), nullable=True)
    dx_mm: Mapped[float | None] = mapped_column(double(), nullable=True)
    dy_mm: Mapped[float | None] = mapped_column(double(), nullable=True)
    steps_x: Mapped[float | None] = mapped_column(double(), nullable=True)
    steps_y: Mapped[float | None] = mapped_column(double(), nullable=True)
    meshAngle: Mapped[float | None] = mapped_column(double(), nullable=True)
    recordTimeStamp: Mapped[datetime] = mapped_column(
        mysql.TIMESTAMP(),
        nullable=False,
        server_default=text("CURRENT_TIMESTAMP"),
        comment="Creation or last update date/time",
    )
    orientation: Mapped[str | None] = mapped_column(
        Enum("vertical", "horizontal"), nullable=True, server_default=text("'horizontal'")
    )
    dataCollectionGroupId: Mapped[int | None] = mapped_column(
        mysql.INTEGER(11),
        ForeignKey(
            "DataCollectionGroup.dataCollectionGroupId", name="GridInfo_ibfk_2", ondelete="CASCADE"
        ),
        nullable=True,
    )
    pixelspermicronX: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    pixelspermicronY: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    snapshot_offsetxpixel: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    snapshot_offsetypixel: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)


class WorkflowStep(Base):
    """One step of a workflow, with its result files."""

    __tablename__ = "WorkflowStep"
    __table_args__ = (
        Index("step_to_workflow_fk_idx", "workflowId"),
        {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4"},
    )
    workflowStepId: Mapped[int] = mapped_column(key_int(11, unsigned=False), primary_key=True)
    workflowId: Mapped[int] = mapped_column(
        mysql.INTEGER(10, unsigned=True),
        ForeignKey("Workflow.workflowId", name="step_to_workflow_fk", ondelete="CASCADE"),
        nullable=False,
    )
    workflowStepType: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    status: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    folderPath: Mapped[str | None] = mapped_column(mysql.VARCHAR(1024), nullable=True)
    imageResultFilePath: Mapped[str | None] = mapped_column(mysql.VARCHAR(1024), nullable=True)
    htmlResultFilePath: Mapped[str | None] = mapped_column(mysql.VARCHAR(1024), nullable=True)
    resultFilePath: Mapped[str | None] = mapped_column(mysql.VARCHAR(1024), nullable=True)
    comments: Mapped[str | None] = mapped_column(mysql.VARCHAR(2048), nullable=True)
    crystalSizeX: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    crystalSizeY: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    crystalSizeZ: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    maxDozorScore: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    recordTimeStamp: Mapped[datetime | None] = mapped_column(mysql.TIMESTAMP(), nullable=True)
