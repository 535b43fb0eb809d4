"""Autoprocessing: programs, integrations, results and their scaling statistics."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Enum, ForeignKey, Index, text
from sqlalchemy.dialects import mysql
from sqlalchemy.orm import Mapped, mapped_column

from gateway.sql.base import Base
from gateway.sql.types import PK_INT, TINYINT


class AutoProcProgram(Base):
    __tablename__ = "AutoProcProgram"
    __table_args__ = (Index("ix_AutoProcProgram_dataCollectionId", "dataCollectionId"),)

    autoProcProgramId: Mapped[int] = mapped_column(
        PK_INT(10), primary_key=True, comment="Primary key (auto-incremented)"
    )
    dataCollectionId: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10),
        ForeignKey("DataCollection.dataCollectionId", ondelete="CASCADE"),
        nullable=True,
    )
    processingCommandLine: Mapped[str | None] = mapped_column(
        mysql.VARCHAR(255),
        nullable=True,
        comment="Command line for running the automatic processing",
    )
    processingPrograms: Mapped[str | None] = mapped_column(
        mysql.VARCHAR(255), nullable=True, comment="Processing programs (comma separated)"
    )
    processingStatus: Mapped[str | None] = mapped_column(
        Enum("RUNNING", "FAILED", "SUCCESS", "0", "1"),
        nullable=True,
        comment="success (1) / fail (0)",
    )
    processingMessage: Mapped[str | None] = mapped_column(
        mysql.VARCHAR(255), nullable=True, comment="warning, error,..."
    )
    processingStartTime: Mapped[datetime | None] = mapped_column(
        mysql.DATETIME(), nullable=True, comment="Processing start time"
    )
    processingEndTime: Mapped[datetime | None] = mapped_column(
        mysql.DATETIME(), nullable=True, comment="Processing end time"
    )
    processingEnvironment: Mapped[str | None] = mapped_column(
        mysql.VARCHAR(255), nullable=True, comment="Cpus, Nodes,..."
    )
    recordTimeStamp: Mapped[datetime | None] = mapped_column(
        mysql.DATETIME(), nullable=True, comment="Creation or last update date/time"
    )


class AutoProcIntegration(Base):
    __tablename__ = "AutoProcIntegration"
    __table_args__ = (
        Index("ix_AutoProcIntegration_autoProcProgramId", "autoProcProgramId"),
        Index("ix_AutoProcIntegration_dataCollectionId", "dataCollectionId"),
    )

    autoProcIntegrationId: Mapped[int] = mapped_column(
        PK_INT(10), primary_key=True, comment="Primary key (auto-incremented)"
    )
    dataCollectionId: Mapped[int] = mapped_column(
        mysql.INTEGER(10),
        ForeignKey("DataCollection.dataCollectionId", ondelete="CASCADE", onupdate="CASCADE"),
        nullable=False,
        comment="DataCollection item",
    )
    autoProcProgramId: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10),
        ForeignKey("AutoProcProgram.autoProcProgramId", ondelete="CASCADE", onupdate="CASCADE"),
        nullable=True,
        comment="Related program item",
    )
    startImageNumber: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10), nullable=True, comment="start image number"
    )
    endImageNumber: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10), nullable=True, comment="end image number"
    )
    refinedDetectorDistance: Mapped[float | None] = mapped_column(
        mysql.FLOAT(), nullable=True, comment="Refined DataCollection.detectorDistance"
    )
    refinedXBeam: Mapped[float | None] = mapped_column(
        mysql.FLOAT(), nullable=True, comment="Refined DataCollection.xBeam"
    )
    refinedYBeam: Mapped[float | None] = mapped_column(
        mysql.FLOAT(), nullable=True, comment="Refined DataCollection.yBeam"
    )
    rotationAxisX: Mapped[float | None] = mapped_column(
        mysql.FLOAT(), nullable=True, comment="Rotation axis"
    )
    rotationAxisY: Mapped[float | None] = mapped_column(
        mysql.FLOAT(), nullable=True, comment="Rotation axis"
    )
    rotationAxisZ: Mapped[float | None] = mapped_column(
        mysql.FLOAT(), nullable=True, comment="Rotation axis"
    )
    beamVectorX: Mapped[float | None] = mapped_column(
        mysql.FLOAT(), nullable=True, comment="Beam vector"
    )
    beamVectorY: Mapped[float | None] = mapped_column(
        mysql.FLOAT(), nullable=True, comment="Beam vector"
    )
    beamVectorZ: Mapped[float | None] = mapped_column(
        mysql.FLOAT(), nullable=True, comment="Beam vector"
    )
    cell_a: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True, comment="Unit cell")
    cell_b: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True, comment="Unit cell")
    cell_c: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True, comment="Unit cell")
    cell_alpha: Mapped[float | None] = mapped_column(
        mysql.FLOAT(), nullable=True, comment="Unit cell"
    )
    cell_beta: Mapped[float | None] = mapped_column(
        mysql.FLOAT(), nullable=True, comment="Unit cell"
    )
    cell_gamma: Mapped[float | None] = mapped_column(
        mysql.FLOAT(), nullable=True, comment="Unit cell"
    )
    recordTimeStamp: Mapped[datetime | None] = mapped_column(
        mysql.DATETIME(), nullable=True, comment="Creation or last update date/time"
    )
    anomalous: Mapped[int | None] = mapped_column(
        TINYINT(1),
        nullable=True,
        server_default=text("0"),
        comment="boolean type:0 noanoum - 1 anoum",
    )


class AutoProc(Base):
    __tablename__ = "AutoProc"
    __table_args__ = (Index("ix_AutoProc_autoProcProgramId", "autoProcProgramId"),)

    autoProcId: Mapped[int] = mapped_column(
        PK_INT(10), primary_key=True, comment="Primary key (auto-incremented)"
    )
    autoProcProgramId: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10), nullable=True, comment="Related program item"
    )
    spaceGroup: Mapped[str | None] = mapped_column(
        mysql.VARCHAR(45), nullable=True, comment="Space group"
    )
    refinedCell_a: Mapped[float | None] = mapped_column(
        mysql.FLOAT(), nullable=True, comment="Refined cell"
    )
    refinedCell_b: Mapped[float | None] = mapped_column(
        mysql.FLOAT(), nullable=True, comment="Refined cell"
    )
    refinedCell_c: Mapped[float | None] = mapped_column(
        mysql.FLOAT(), nullable=True, comment="Refined cell"
    )
    refinedCell_alpha: Mapped[float | None] = mapped_column(
        mysql.FLOAT(), nullable=True, comment="Refined cell"
    )
    refinedCell_beta: Mapped[float | None] = mapped_column(
        mysql.FLOAT(), nullable=True, comment="Refined cell"
    )
    refinedCell_gamma: Mapped[float | None] = mapped_column(
        mysql.FLOAT(), nullable=True, comment="Refined cell"
    )
    recordTimeStamp: Mapped[datetime | None] = mapped_column(
        mysql.DATETIME(), nullable=True, comment="Creation or last update date/time"
    )


class AutoProcScaling(Base):
    __tablename__ = "AutoProcScaling"
    __table_args__ = (
        Index("AutoProcScalingIdx1", "autoProcScalingId", "autoProcId"),
        Index("ix_AutoProcScaling_autoProcId", "autoProcId"),
    )

    autoProcScalingId: Mapped[int] = mapped_column(
        PK_INT(10), primary_key=True, comment="Primary key (auto-incremented)"
    )
    autoProcId: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10),
        ForeignKey("AutoProc.autoProcId", ondelete="CASCADE", onupdate="CASCADE"),
        nullable=True,
        comment="Related autoProc item (used by foreign key)",
    )
    recordTimeStamp: Mapped[datetime | None] = mapped_column(
        mysql.DATETIME(), nullable=True, comment="Creation or last update date/time"
    )
    resolutionEllipsoidAxis11: Mapped[float | None] = mapped_column(
        mysql.FLOAT(), nullable=True, comment="Eigenvector for first diffraction limit, coord 1"
    )
    resolutionEllipsoidAxis12: Mapped[float | None] = mapped_column(
        mysql.FLOAT(), nullable=True, comment="Eigenvector for first diffraction limit, coord 2"
    )
    resolutionEllipsoidAxis13: Mapped[float | None] = mapped_column(
        mysql.FLOAT(), nullable=True, comment="Eigenvector for first diffraction limit, coord 3"
    )
    resolutionEllipsoidAxis21: Mapped[float | None] = mapped_column(
        mysql.FLOAT(), nullable=True, comment="Eigenvector for second diffraction limit, coord 1"
    )
    resolutionEllipsoidAxis22: Mapped[float | None] = mapped_column(
        mysql.FLOAT(), nullable=True, comment="Eigenvector for second diffraction limit, coord 2"
    )
    resolutionEllipsoidAxis23: Mapped[float | None] = mapped_column(
        mysql.FLOAT(), nullable=True, comment="Eigenvector for second diffraction limit, coord 3"
    )
    resolutionEllipsoidAxis31: Mapped[float | None] = mapped_column(
        mysql.FLOAT(), nullable=True, comment="Eigenvector for third diffraction limit, coord 1"
    )
    resolutionEllipsoidAxis32: Mapped[float | None] = mapped_column(
        mysql.FLOAT(), nullable=True, comment="Eigenvector for third diffraction limit, coord 2"
    )
    resolutionEllipsoidAxis33: Mapped[float | None] = mapped_column(
        mysql.FLOAT(), nullable=True, comment="Eigenvector for third diffraction limit, coord 3"
    )
    resolutionEllipsoidValue1: Mapped[float | None] = mapped_column(
        mysql.FLOAT(), nullable=True, comment="First (anisotropic) diffraction limit"
    )
    resolutionEllipsoidValue2: Mapped[float | None] = mapped_column(
        mysql.FLOAT(), nullable=True, comment="Second (anisotropic) diffraction limit"
    )
    resolutionEllipsoidValue3: Mapped[float | None] = mapped_column(
        mysql.FLOAT(), nullable=True, comment="Third (anisotropic) diffraction limit"
    )


class AutoProcScalingStatistics(Base):
    __tablename__ = "AutoProcScalingStatistics"
    __table_args__ = (
        Index("ix_AutoProcScalingStatistics_autoProcScalingId", "autoProcScalingId"),
        Index("ix_AutoProcScalingStatistics_scalingStatisticsType", "scalingStatisticsType"),
    )

    autoProcScalingStatisticsId: Mapped[int] = mapped_column(
        PK_INT(10), primary_key=True, comment="Primary key (auto-incremented)"
    )
    autoProcScalingId: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10),
        ForeignKey("AutoProcScaling.autoProcScalingId", ondelete="CASCADE", onupdate="CASCADE"),
        nullable=True,
        comment="Related autoProcScaling item (used by foreign key)",
    )
    scalingStatisticsType: Mapped[str] = mapped_column(
        Enum("overall", "innerShell", "outerShell"),
        nullable=False,
        server_default=text("'overall'"),
        comment="Scaling statistics type",
    )
    comments: Mapped[str | None] = mapped_column(
        mysql.VARCHAR(255), nullable=True, comment="Comments..."
    )
    resolutionLimitLow: Mapped[float | None] = mapped_column(
        mysql.FLOAT(), nullable=True, comment="Low resolution limit"
    )
    resolutionLimitHigh: Mapped[float | None] = mapped_column(
        mysql.FLOAT(), nullable=True, comment="High resolution limit"
    )
    rMerge: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True, comment="Rmerge")
    rMeasWithinIPlusIMinus: Mapped[float | None] = mapped_column(
        mysql.FLOAT(), nullable=True, comment="Rmeas (within I+/I-)"
    )
    rMeasAllIPlusIMinus: Mapped[float | None] = mapped_column(
        mysql.FLOAT(), nullable=True, comment="Rmeas (all I+ & I-)"
    )
    rPimWithinIPlusIMinus: Mapped[float | None] = mapped_column(
        mysql.FLOAT(), nullable=True, comment="Rpim (within I+/I-) "
    )
    rPimAllIPlusIMinus: Mapped[float | None] = mapped_column(
        mysql.FLOAT(), nullable=True, comment="Rpim (all I+ & I-)"
    )
    fractionalPartialBias: Mapped[float | None] = mapped_column(
        mysql.FLOAT(), nullable=True, comment="Fractional partial bias"
    )
    nTotalObservations: Mapped[int | None] = mapped_column(
        mysql.INTEGER(11), nullable=True, comment="Total number of observations"
    )
    nTotalUniqueObservations: Mapped[int | None] = mapped_column(
        mysql.INTEGER(11), nullable=True, comment="Total number unique"
    )
    meanIOverSigI: Mapped[float | None] = mapped_column(
        mysql.FLOAT(), nullable=True, comment="Mean((I)/sd(I))"
    )
    completeness: Mapped[float | None] = mapped_column(
        mysql.FLOAT(), nullable=True, comment="Completeness"
    )
    multiplicity: Mapped[float | None] = mapped_column(
        mysql.FLOAT(), nullable=True, comment="Multiplicity"
    )
    anomalousCompleteness: Mapped[float | None] = mapped_column(
        mysql.FLOAT(), nullable=True, comment="Anomalous completeness"
    )
    anomalousMultiplicity: Mapped[float | None] = mapped_column(
        mysql.FLOAT(), nullable=True, comment="Anomalous multiplicity"
    )
    recordTimeStamp: Mapped[datetime | None] = mapped_column(
        mysql.DATETIME(), nullable=True, comment="Creation or last update date/time"
    )
    anomalous: Mapped[int | None] = mapped_column(
        TINYINT(1),
        nullable=True,
        server_default=text("0"),
        comment="boolean type:0 noanoum - 1 anoum",
    )
    ccHalf: Mapped[float | None] = mapped_column(
        mysql.FLOAT(), nullable=True, comment="information from XDS"
    )
    ccAno: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    sigAno: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    isa: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    completenessSpherical: Mapped[float | None] = mapped_column(
        mysql.FLOAT(),
        nullable=True,
        comment="Completeness calculated assuming isotropic diffraction",
    )
    completenessEllipsoidal: Mapped[float | None] = mapped_column(
        mysql.FLOAT(),
        nullable=True,
        comment="Completeness calculated allowing for anisotropic diffraction",
    )
    anomalousCompletenessSpherical: Mapped[float | None] = mapped_column(
        mysql.FLOAT(),
        nullable=True,
        comment="Anomalous completeness calculated assuming isotropic diffraction",
    )
    anomalousCompletenessEllipsoidal: Mapped[float | None] = mapped_column(
        mysql.FLOAT(),
        nullable=True,
        comment="Anisotropic completeness calculated allowing for anisotropic diffraction",
    )


class AutoProcScalingHasInt(Base):
    __tablename__ = "AutoProcScaling_has_Int"
    __table_args__ = (
        Index("AutoProcScalingHasInt_FKIndex3", "autoProcScalingId", "autoProcIntegrationId"),
        Index("ix_AutoProcScaling_has_Int_autoProcIntegrationId", "autoProcIntegrationId"),
        Index("ix_AutoProcScaling_has_Int_autoProcScalingId", "autoProcScalingId"),
    )

    autoProcScaling_has_IntId: Mapped[int] = mapped_column(
        PK_INT(10), primary_key=True, comment="Primary key (auto-incremented)"
    )
    autoProcScalingId: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10),
        ForeignKey("AutoProcScaling.autoProcScalingId", ondelete="CASCADE", onupdate="CASCADE"),
        nullable=True,
        comment="AutoProcScaling item",
    )
    autoProcIntegrationId: Mapped[int] = mapped_column(
        mysql.INTEGER(10),
        ForeignKey(
            "AutoProcIntegration.autoProcIntegrationId", ondelete="CASCADE", onupdate="CASCADE"
        ),
        nullable=False,
        comment="AutoProcIntegration item",
    )
    recordTimeStamp: Mapped[datetime | None] = mapped_column(
        mysql.DATETIME(), nullable=True, comment="Creation or last update date/time"
    )
