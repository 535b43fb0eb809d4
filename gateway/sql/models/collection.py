"""Data collection groups and data collections."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Enum, ForeignKey, Index, text
from sqlalchemy.dialects import mysql
from sqlalchemy.orm import Mapped, mapped_column

from gateway.sql.base import Base
from gateway.sql.types import PK_INT, TINYINT


class DataCollectionGroup(Base):
    """a dataCollectionGroup is a group of dataCollection for a spe"""

    __tablename__ = "DataCollectionGroup"
    __table_args__ = (
        Index("ix_DataCollectionGroup_blSampleId", "blSampleId"),
        Index("ix_DataCollectionGroup_sessionId", "sessionId"),
        Index("ix_DataCollectionGroup_workflowId", "workflowId"),
    )

    dataCollectionGroupId: Mapped[int] = mapped_column(
        PK_INT(11), primary_key=True, comment="Primary key (auto-incremented)"
    )
    blSampleId: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10),
        ForeignKey("BLSample.blSampleId", ondelete="CASCADE", onupdate="CASCADE"),
        nullable=True,
        comment="references BLSample table",
    )
    sessionId: Mapped[int] = mapped_column(
        mysql.INTEGER(10),
        ForeignKey("BLSession.sessionId", ondelete="CASCADE", onupdate="CASCADE"),
        nullable=False,
        comment="references Session table",
    )
    workflowId: Mapped[int | None] = mapped_column(mysql.INTEGER(10), nullable=True)
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
        mysql.INTEGER(10), nullable=True, comment="Actual sample slot number in container"
    )
    actualContainerBarcode: Mapped[str | None] = mapped_column(
        mysql.VARCHAR(45), nullable=True, comment="Actual container barcode"
    )
    actualContainerSlotInSC: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10), nullable=True, comment="Actual container slot number in sample changer"
    )
    xtalSnapshotFullPath: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)


class DataCollection(Base):
    __tablename__ = "DataCollection"
    __table_args__ = (
        Index("ix_DataCollection_blSubSampleId", "blSubSampleId"),
        Index("ix_DataCollection_dataCollectionGroupId", "dataCollectionGroupId"),
        Index("ix_DataCollection_dataCollectionNumber", "dataCollectionNumber"),
        Index("ix_DataCollection_detectorId", "detectorId"),
        Index("ix_DataCollection_endPositionId", "endPositionId"),
        Index("ix_DataCollection_imageDirectory", "imageDirectory"),
        Index("ix_DataCollection_imagePrefix", "imagePrefix"),
        Index("ix_DataCollection_startPositionId", "startPositionId"),
        Index("ix_DataCollection_startTime", "startTime"),
        Index("ix_DataCollection_strategySubWedgeOrigId", "strategySubWedgeOrigId"),
    )

    dataCollectionId: Mapped[int] = mapped_column(
        PK_INT(10), primary_key=True, comment="Primary key (auto-incremented)"
    )
    dataCollectionGroupId: Mapped[int] = mapped_column(
        mysql.INTEGER(11),
        ForeignKey(
            "DataCollectionGroup.dataCollectionGroupId", ondelete="CASCADE", onupdate="CASCADE"
        ),
        nullable=False,
        comment="references DataCollectionGroup table",
    )
    strategySubWedgeOrigId: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10),
        ForeignKey(
            "ScreeningStrategySubWedge.screeningStrategySubWedgeId",
            ondelete="CASCADE",
            onupdate="CASCADE",
        ),
        nullable=True,
        comment="references ScreeningStrategySubWedge table",
    )
    detectorId: Mapped[int | None] = mapped_column(
        mysql.INTEGER(11), nullable=True, comment="references Detector table"
    )
    blSubSampleId: Mapped[int | None] = mapped_column(mysql.INTEGER(10), nullable=True)
    startPositionId: Mapped[int | None] = mapped_column(mysql.INTEGER(10), nullable=True)
    endPositionId: Mapped[int | None] = mapped_column(mysql.INTEGER(10), nullable=True)
    dataCollectionNumber: Mapped[int | None] = mapped_column(mysql.INTEGER(10), nullable=True)
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
    numberOfImages: Mapped[int | None] = mapped_column(mysql.INTEGER(10), nullable=True)
    startImageNumber: Mapped[int | None] = mapped_column(mysql.INTEGER(10), nullable=True)
    numberOfPasses: Mapped[int | None] = mapped_column(mysql.INTEGER(10), nullable=True)
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
        TINYINT(3), nullable=True, server_default=text("1")
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
    flux: Mapped[float | None] = mapped_column(mysql.DOUBLE(asdecimal=False), nullable=True)
    flux_end: Mapped[float | None] = mapped_column(
        mysql.DOUBLE(asdecimal=False), nullable=True, comment="flux measured after the collect"
    )
    totalAbsorbedDose: Mapped[float | None] = mapped_column(
        mysql.DOUBLE(asdecimal=False),
        nullable=True,
        comment="expected dose delivered to the crystal, EDNA",
    )
    bestWilsonPlotPath: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    imageQualityIndicatorsPlotPath: Mapped[str | None] = mapped_column(
        mysql.VARCHAR(512), nullable=True
    )
    imageQualityIndicatorsCSVPath: Mapped[str | None] = mapped_column(
        mysql.VARCHAR(512), nullable=True
    )
    blSampleId: Mapped[int | None] = mapped_column(mysql.INTEGER(10), nullable=True)
    sessionId: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10), nullable=True, server_default=text("0")
    )
    experimentType: Mapped[str | None] = mapped_column(mysql.VARCHAR(24), nullable=True)
    crystalClass: Mapped[str | None] = mapped_column(mysql.VARCHAR(20), nullable=True)
    chiStart: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    detectorMode: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    actualSampleBarcode: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    actualSampleSlotInContainer: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10), nullable=True
    )
    actualContainerBarcode: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    actualContainerSlotInSC: Mapped[int | None] = mapped_column(mysql.INTEGER(10), nullable=True)
    positionId: Mapped[int | None] = mapped_column(mysql.INTEGER(10), nullable=True)
    focalSpotSizeAtSampleX: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    polarisation: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    focalSpotSizeAtSampleY: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    apertureId: Mapped[int | None] = mapped_column(mysql.INTEGER(10), nullable=True)
    screeningOrigId: Mapped[int | None] = mapped_column(mysql.INTEGER(10), nullable=True)
    processedDataFile: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    datFullPath: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    magnification: Mapped[int | None] = mapped_column(
        mysql.INTEGER(11), nullable=True, comment="Unit: X"
    )
    binning: Mapped[int | None] = mapped_column(
        TINYINT(1),
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
