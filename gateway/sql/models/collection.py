"""Data collection groups and data collections."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Enum, ForeignKey, Index, text
from sqlalchemy.dialects import mysql
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gateway.sql.base import Base
from gateway.sql.models._types import double, key_int, tinyint

if TYPE_CHECKING:
    from gateway.sql.models.autoproc import AutoProcIntegration, AutoProcProgram
    from gateway.sql.models.em import Movie
    from gateway.sql.models.proposal import BLSession
    from gateway.sql.models.sample import BLSample
    from gateway.sql.models.screening import Screening, ScreeningStrategy


class DataCollectionGroup(Base):
    """A group of data collections on one sample, e.g. a characterisation then a collect."""

    __tablename__ = "DataCollectionGroup"
    __table_args__ = (
        Index("DataCollectionGroup_FKIndex1", "blSampleId"),
        Index("DataCollectionGroup_FKIndex2", "sessionId"),
        Index("workflowId", "workflowId"),
        {
            "mysql_engine": "InnoDB",
            "mysql_charset": "utf8mb4",
            "comment": "a dataCollectionGroup is a group of dataCollection for a spe",
        },
    )

    dataCollectionGroupId: Mapped[int] = mapped_column(
        key_int(11, unsigned=False), primary_key=True, comment="Primary key (auto-incremented)"
    )
    blSampleId: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10, unsigned=True),
        ForeignKey(
            "BLSample.blSampleId",
            name="DataCollectionGroup_ibfk_1",
            ondelete="CASCADE",
            onupdate="CASCADE",
        ),
        nullable=True,
        comment="references BLSample table",
    )
    sessionId: Mapped[int] = mapped_column(
        mysql.INTEGER(10, unsigned=True),
        ForeignKey(
            "BLSession.sessionId",
            name="DataCollectionGroup_ibfk_2",
            ondelete="CASCADE",
            onupdate="CASCADE",
        ),
        nullable=False,
        comment="references Session table",
    )
    workflowId: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10, unsigned=True),
        ForeignKey(
            "Workflow.workflowId",
            name="DataCollectionGroup_ibfk_3",
            ondelete="CASCADE",
            onupdate="CASCADE",
        ),
        nullable=True,
    )
    experimentType: Mapped[str | None] = mapped_column(
        Enum(
            "EM",
            "SAD",
            "SAD - Inverse Beam",
            "OSC",
            "Collect - Multiwedge",
            "MAD",
            "Helical",
            "Multi-positional",
            "Mesh",
            "Burn",
            "MAD - Inverse Beam",
            "Characterization",
            "Dehydration",
            "Still",
            "SSX-Chip",
            "SSX-Jet",
            "LineScan",
            "GphNative",
        ),
        nullable=True,
        comment="Experiment type flag",
    )
    startTime: Mapped[datetime | None] = mapped_column(
        mysql.DATETIME(), nullable=True, comment="Start time of the dataCollectionGroup"
    )
    endTime: Mapped[datetime | None] = mapped_column(
        mysql.DATETIME(), nullable=True, comment="end time of the dataCollectionGroup"
    )
    crystalClass: Mapped[str | None] = mapped_column(
        mysql.VARCHAR(20), nullable=True, comment="Crystal Class for industrials users"
    )
    comments: Mapped[str | None] = mapped_column(
        mysql.VARCHAR(1024), nullable=True, comment="comments"
    )
    detectorMode: Mapped[str | None] = mapped_column(
        mysql.VARCHAR(255), nullable=True, comment="Detector mode"
    )
    actualSampleBarcode: Mapped[str | None] = mapped_column(
        mysql.VARCHAR(45), nullable=True, comment="Actual sample barcode"
    )
    actualSampleSlotInContainer: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10, unsigned=True),
        nullable=True,
        comment="Actual sample slot number in container",
    )
    actualContainerBarcode: Mapped[str | None] = mapped_column(
        mysql.VARCHAR(45), nullable=True, comment="Actual container barcode"
    )
    actualContainerSlotInSC: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10, unsigned=True),
        nullable=True,
        comment="Actual container slot number in sample changer",
    )
    xtalSnapshotFullPath: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)

    session: Mapped[BLSession] = relationship(back_populates="dataCollectionGroups", lazy="raise")
    sample: Mapped[BLSample | None] = relationship(
        back_populates="dataCollectionGroups", lazy="raise"
    )
    dataCollections: Mapped[list[DataCollection]] = relationship(
        back_populates="dataCollectionGroup", passive_deletes=True, lazy="raise"
    )
    screenings: Mapped[list[Screening]] = relationship(
        back_populates="dataCollectionGroup", passive_deletes=True, lazy="raise"
    )


class DataCollection(Base):
    """One sweep of images with its acquisition parameters."""

    __tablename__ = "DataCollection"
    __table_args__ = (
        Index("DataCollection_FKIndex1", "dataCollectionGroupId"),
        Index("DataCollection_FKIndex2", "strategySubWedgeOrigId"),
        Index("DataCollection_FKIndex3", "detectorId"),
        Index("DataCollection_FKIndexStartTime", "startTime"),
        Index("DataCollection_FKIndexImageDirectory", "imageDirectory"),
        Index("DataCollection_FKIndexDCNumber", "dataCollectionNumber"),
        Index("DataCollection_FKIndexImagePrefix", "imagePrefix"),
        Index("startPositionId", "startPositionId"),
        Index("endPositionId", "endPositionId"),
        Index("blSubSampleId", "blSubSampleId"),
        {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4"},
    )

    dataCollectionId: Mapped[int] = mapped_column(
        key_int(10), primary_key=True, comment="Primary key (auto-incremented)"
    )
    dataCollectionGroupId: Mapped[int] = mapped_column(
        mysql.INTEGER(11),
        ForeignKey(
            "DataCollectionGroup.dataCollectionGroupId",
            name="DataCollection_ibfk_3",
            ondelete="CASCADE",
            onupdate="CASCADE",
        ),
        nullable=False,
        comment="references DataCollectionGroup table",
    )
    strategySubWedgeOrigId: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10, unsigned=True),
        ForeignKey(
            "ScreeningStrategy.screeningStrategyId",
            name="DataCollection_ibfk_1",
            ondelete="CASCADE",
            onupdate="CASCADE",
        ),
        nullable=True,
        comment="references ScreeningStrategy table (the sub-wedge a strategy merged in)",
    )
    detectorId: Mapped[int | None] = mapped_column(
        mysql.INTEGER(11),
        ForeignKey(
            "Detector.detectorId",
            name="DataCollection_ibfk_2",
            ondelete="CASCADE",
            onupdate="CASCADE",
        ),
        nullable=True,
        comment="references Detector table",
    )
    blSubSampleId: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10, unsigned=True), nullable=True
    )
    startPositionId: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10, unsigned=True), nullable=True
    )
    endPositionId: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10, unsigned=True), nullable=True
    )
    dataCollectionNumber: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10, unsigned=True), nullable=True
    )
    startTime: Mapped[datetime | None] = mapped_column(
        mysql.DATETIME(), nullable=True, comment="Start time of the dataCollection"
    )
    endTime: Mapped[datetime | None] = mapped_column(
        mysql.DATETIME(), nullable=True, comment="end time of the dataCollection"
    )
    runStatus: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    axisStart: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    axisEnd: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    axisRange: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    overlap: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    numberOfImages: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10, unsigned=True), nullable=True
    )
    startImageNumber: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10, unsigned=True), nullable=True
    )
    numberOfPasses: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10, unsigned=True), nullable=True
    )
    exposureTime: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    imageDirectory: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    imagePrefix: Mapped[str | None] = mapped_column(mysql.VARCHAR(100), nullable=True)
    imageSuffix: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    imageContainerSubPath: Mapped[str | None] = mapped_column(
        mysql.VARCHAR(255),
        nullable=True,
        comment="Internal path of a HDF5 file pointing to the data for this data collection",
    )
    fileTemplate: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    wavelength: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    resolution: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    detectorDistance: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    xBeam: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    yBeam: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    xBeamPix: Mapped[float | None] = mapped_column(
        mysql.FLOAT(), nullable=True, comment="Beam size in pixels"
    )
    yBeamPix: Mapped[float | None] = mapped_column(
        mysql.FLOAT(), nullable=True, comment="Beam size in pixels"
    )
    comments: Mapped[str | None] = mapped_column(mysql.VARCHAR(1024), nullable=True)
    printableForReport: Mapped[int | None] = mapped_column(
        tinyint(3, unsigned=True), nullable=True, server_default=text("1")
    )
    slitGapVertical: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    slitGapHorizontal: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    transmission: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    synchrotronMode: Mapped[str | None] = mapped_column(mysql.VARCHAR(20), nullable=True)
    xtalSnapshotFullPath1: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    xtalSnapshotFullPath2: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    xtalSnapshotFullPath3: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    xtalSnapshotFullPath4: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    rotationAxis: Mapped[str | None] = mapped_column(Enum("Omega", "Kappa", "Phi"), nullable=True)
    phiStart: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    kappaStart: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    omegaStart: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    resolutionAtCorner: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    detector2Theta: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    undulatorGap1: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    undulatorGap2: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    undulatorGap3: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    beamSizeAtSampleX: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    beamSizeAtSampleY: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    centeringMethod: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    averageTemperature: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    actualCenteringPosition: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    beamShape: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    flux: Mapped[float | None] = mapped_column(double(), nullable=True)
    flux_end: Mapped[float | None] = mapped_column(
        double(), nullable=True, comment="flux measured after the collect"
    )
    totalAbsorbedDose: Mapped[float | None] = mapped_column(
        double(), nullable=True, comment="expected dose delivered to the crystal, EDNA"
    )
    bestWilsonPlotPath: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    imageQualityIndicatorsPlotPath: Mapped[str | None] = mapped_column(
        mysql.VARCHAR(512), nullable=True
    )
    imageQualityIndicatorsCSVPath: Mapped[str | None] = mapped_column(
        mysql.VARCHAR(512), nullable=True
    )
    blSampleId: Mapped[int | None] = mapped_column(mysql.INTEGER(10, unsigned=True), nullable=True)
    sessionId: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10, unsigned=True), nullable=True, server_default=text("0")
    )
    experimentType: Mapped[str | None] = mapped_column(mysql.VARCHAR(24), nullable=True)
    crystalClass: Mapped[str | None] = mapped_column(mysql.VARCHAR(20), nullable=True)
    chiStart: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    detectorMode: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    actualSampleBarcode: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    actualSampleSlotInContainer: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10, unsigned=True), nullable=True
    )
    actualContainerBarcode: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    actualContainerSlotInSC: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10, unsigned=True), nullable=True
    )
    positionId: Mapped[int | None] = mapped_column(mysql.INTEGER(10, unsigned=True), nullable=True)
    focalSpotSizeAtSampleX: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    polarisation: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    focalSpotSizeAtSampleY: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    apertureId: Mapped[int | None] = mapped_column(mysql.INTEGER(10, unsigned=True), nullable=True)
    screeningOrigId: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10, unsigned=True), nullable=True
    )
    processedDataFile: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    datFullPath: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    magnification: Mapped[int | None] = mapped_column(
        mysql.INTEGER(11), nullable=True, comment="Unit: X"
    )
    binning: Mapped[int | None] = mapped_column(
        tinyint(1),
        nullable=True,
        server_default=text("1"),
        comment="1 or 2. Number of pixels to process as 1. (Use mean value.)",
    )
    particleDiameter: Mapped[float | None] = mapped_column(
        mysql.FLOAT(), nullable=True, comment="Unit: nm"
    )
    boxSize_CTF: Mapped[float | None] = mapped_column(
        mysql.FLOAT(), nullable=True, comment="Unit: pixels"
    )
    minResolution: Mapped[float | None] = mapped_column(
        mysql.FLOAT(), nullable=True, comment="Unit: A"
    )
    minDefocus: Mapped[float | None] = mapped_column(
        mysql.FLOAT(), nullable=True, comment="Unit: A"
    )
    maxDefocus: Mapped[float | None] = mapped_column(
        mysql.FLOAT(), nullable=True, comment="Unit: A"
    )
    defocusStepSize: Mapped[float | None] = mapped_column(
        mysql.FLOAT(), nullable=True, comment="Unit: A"
    )
    amountAstigmatism: Mapped[float | None] = mapped_column(
        mysql.FLOAT(), nullable=True, comment="Unit: A"
    )
    extractSize: Mapped[float | None] = mapped_column(
        mysql.FLOAT(), nullable=True, comment="Unit: pixels"
    )
    bgRadius: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True, comment="Unit: nm")
    voltage: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True, comment="Unit: kV")
    objAperture: Mapped[float | None] = mapped_column(
        mysql.FLOAT(), nullable=True, comment="Unit: um"
    )
    c1aperture: Mapped[float | None] = mapped_column(
        mysql.FLOAT(), nullable=True, comment="Unit: um"
    )
    c2aperture: Mapped[float | None] = mapped_column(
        mysql.FLOAT(), nullable=True, comment="Unit: um"
    )
    c3aperture: Mapped[float | None] = mapped_column(
        mysql.FLOAT(), nullable=True, comment="Unit: um"
    )
    c1lens: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True, comment="Unit: %")
    c2lens: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True, comment="Unit: %")
    c3lens: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True, comment="Unit: %")

    dataCollectionGroup: Mapped[DataCollectionGroup] = relationship(
        back_populates="dataCollections", lazy="raise"
    )
    strategySubWedgeOrig: Mapped[ScreeningStrategy | None] = relationship(
        back_populates="dataCollections", lazy="raise"
    )
    autoProcIntegrations: Mapped[list[AutoProcIntegration]] = relationship(
        back_populates="dataCollection", passive_deletes=True, lazy="raise"
    )
    autoProcPrograms: Mapped[list[AutoProcProgram]] = relationship(
        back_populates="dataCollection", passive_deletes=True, lazy="raise"
    )
    screenings: Mapped[list[Screening]] = relationship(
        back_populates="dataCollection",
        primaryjoin="DataCollection.dataCollectionId == foreign(Screening.dataCollectionId)",
        lazy="raise",
    )
    movies: Mapped[list[Movie]] = relationship(
        back_populates="dataCollection", passive_deletes=True, lazy="raise"
    )
