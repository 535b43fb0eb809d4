"""Autoprocessing: programs, integrations, results and their scaling statistics."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Enum, ForeignKey, Index, text
from sqlalchemy.dialects import mysql
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gateway.sql.base import Base
from gateway.sql.models._types import key_int, tinyint

if TYPE_CHECKING:
    from gateway.sql.models.collection import DataCollection


class AutoProcProgram(Base):
    """One run of an autoprocessing pipeline."""

    __tablename__ = "AutoProcProgram"
    __table_args__ = (
        Index("fk_AutoProcProgram_1_idx", "dataCollectionId"),
        {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4"},
    )

    autoProcProgramId: Mapped[int] = mapped_column(
        key_int(10), primary_key=True, comment="Primary key (auto-incremented)"
    )
    dataCollectionId: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10, unsigned=True),
        ForeignKey(
            "DataCollection.dataCollectionId", name="AutoProcProgram_FK1", ondelete="CASCADE"
        ),
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

    dataCollection: Mapped[DataCollection | None] = relationship(
        back_populates="autoProcPrograms", lazy="raise"
    )
    autoProcIntegrations: Mapped[list[AutoProcIntegration]] = relationship(
        back_populates="autoProcProgram", passive_deletes=True, lazy="raise"
    )
    autoProcs: Mapped[list[AutoProc]] = relationship(
        back_populates="autoProcProgram",
        primaryjoin="AutoProcProgram.autoProcProgramId == foreign(AutoProc.autoProcProgramId)",
        lazy="raise",
    )


class AutoProcIntegration(Base):
    """Integration of a data collection by an autoprocessing program."""

    __tablename__ = "AutoProcIntegration"
    __table_args__ = (
        Index("AutoProcIntegrationIdx1", "dataCollectionId"),
        Index("AutoProcIntegration_FKIndex1", "autoProcProgramId"),
        {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4"},
    )

    autoProcIntegrationId: Mapped[int] = mapped_column(
        key_int(10), primary_key=True, comment="Primary key (auto-incremented)"
    )
    dataCollectionId: Mapped[int] = mapped_column(
        mysql.INTEGER(10, unsigned=True),
        ForeignKey(
            "DataCollection.dataCollectionId",
            name="AutoProcIntegration_ibfk_1",
            ondelete="CASCADE",
            onupdate="CASCADE",
        ),
        nullable=False,
        comment="DataCollection item",
    )
    autoProcProgramId: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10, unsigned=True),
        ForeignKey(
            "AutoProcProgram.autoProcProgramId",
            name="AutoProcIntegration_ibfk_2",
            ondelete="CASCADE",
            onupdate="CASCADE",
        ),
        nullable=True,
        comment="Related program item",
    )
    startImageNumber: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10, unsigned=True), nullable=True, comment="start image number"
    )
    endImageNumber: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10, unsigned=True), nullable=True, comment="end image number"
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
        tinyint(1),
        nullable=True,
        server_default=text("0"),
        comment="boolean type:0 noanoum - 1 anoum",
    )

    dataCollection: Mapped[DataCollection] = relationship(
        back_populates="autoProcIntegrations", lazy="raise"
    )
    autoProcProgram: Mapped[AutoProcProgram | None] = relationship(
        back_populates="autoProcIntegrations", lazy="raise"
    )
    scalingLinks: Mapped[list[AutoProcScalingHasInt]] = relationship(
        back_populates="autoProcIntegration", passive_deletes=True, lazy="raise"
    )


class AutoProc(Base):
    """The result of an autoprocessing program: space group and refined cell."""

    __tablename__ = "AutoProc"
    __table_args__ = (
        Index("AutoProc_FKIndex1", "autoProcProgramId"),
        {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4"},
    )

    autoProcId: Mapped[int] = mapped_column(
        key_int(10), primary_key=True, comment="Primary key (auto-incremented)"
    )
    autoProcProgramId: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10, unsigned=True), nullable=True, comment="Related program item"
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

    autoProcProgram: Mapped[AutoProcProgram | None] = relationship(
        back_populates="autoProcs",
        primaryjoin="AutoProcProgram.autoProcProgramId == foreign(AutoProc.autoProcProgramId)",
        lazy="raise",
    )
    scalings: Mapped[list[AutoProcScaling]] = relationship(
        back_populates="autoProc", passive_deletes=True, lazy="raise"
    )


class AutoProcScaling(Base):
    """Scaling of an autoprocessing result."""

    __tablename__ = "AutoProcScaling"
    __table_args__ = (
        Index("AutoProcScalingFk1", "autoProcId"),
        Index("AutoProcScalingIdx1", "autoProcScalingId", "autoProcId"),
        {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4"},
    )

    autoProcScalingId: Mapped[int] = mapped_column(
        key_int(10), primary_key=True, comment="Primary key (auto-incremented)"
    )
    autoProcId: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10, unsigned=True),
        ForeignKey(
            "AutoProc.autoProcId", name="AutoProcScalingFk1", ondelete="CASCADE", onupdate="CASCADE"
        ),
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

    autoProc: Mapped[AutoProc | None] = relationship(back_populates="scalings", lazy="raise")
    statistics: Mapped[list[AutoProcScalingStatistics]] = relationship(
        back_populates="autoProcScaling", passive_deletes=True, lazy="raise"
    )
    integrationLinks: Mapped[list[AutoProcScalingHasInt]] = relationship(
        back_populates="autoProcScaling", passive_deletes=True, lazy="raise"
    )


class AutoProcScalingStatistics(Base):
    """Merging statistics of a scaling, overall or per resolution shell."""

    __tablename__ = "AutoProcScalingStatistics"
    __table_args__ = (
        Index("AutoProcScalingStatisticsIdx1", "autoProcScalingId"),
        Index("AutoProcScalingStatistics_FKindexType", "scalingStatisticsType"),
        {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4"},
    )

    autoProcScalingStatisticsId: Mapped[int] = mapped_column(
        key_int(10), primary_key=True, comment="Primary key (auto-incremented)"
    )
    autoProcScalingId: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10, unsigned=True),
        ForeignKey(
            "AutoProcScaling.autoProcScalingId",
            name="AutoProcScalingStatisticsFk1",
            ondelete="CASCADE",
            onupdate="CASCADE",
        ),
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
        tinyint(1),
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

    autoProcScaling: Mapped[AutoProcScaling | None] = relationship(
        back_populates="statistics", lazy="raise"
    )


class AutoProcScalingHasInt(Base):
    """Which integrations a scaling merged."""

    __tablename__ = "AutoProcScaling_has_Int"
    __table_args__ = (
        Index("AutoProcScl_has_IntIdx1", "autoProcScalingId"),
        Index("AutoProcScal_has_IntIdx2", "autoProcIntegrationId"),
        Index("AutoProcScalingHasInt_FKIndex3", "autoProcScalingId", "autoProcIntegrationId"),
        {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4"},
    )

    autoProcScaling_has_IntId: Mapped[int] = mapped_column(
        key_int(10), primary_key=True, comment="Primary key (auto-incremented)"
    )
    autoProcScalingId: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10, unsigned=True),
        ForeignKey(
            "AutoProcScaling.autoProcScalingId",
            name="AutoProcScaling_has_IntFk1",
            ondelete="CASCADE",
            onupdate="CASCADE",
        ),
        nullable=True,
        comment="AutoProcScaling item",
    )
    autoProcIntegrationId: Mapped[int] = mapped_column(
        mysql.INTEGER(10, unsigned=True),
        ForeignKey(
            "AutoProcIntegration.autoProcIntegrationId",
            name="AutoProcScaling_has_IntFk2",
            ondelete="CASCADE",
            onupdate="CASCADE",
        ),
        nullable=False,
        comment="AutoProcIntegration item",
    )
    recordTimeStamp: Mapped[datetime | None] = mapped_column(
        mysql.DATETIME(), nullable=True, comment="Creation or last update date/time"
    )

    autoProcScaling: Mapped[AutoProcScaling | None] = relationship(
        back_populates="integrationLinks", lazy="raise"
    )
    autoProcIntegration: Mapped[AutoProcIntegration] = relationship(
        back_populates="scalingLinks", lazy="raise"
    )
