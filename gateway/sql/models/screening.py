"""Screening (characterisation) tables, in the official schema's shape."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, text
from sqlalchemy.dialects import mysql
from sqlalchemy.orm import Mapped, mapped_column

from gateway.sql.base import Base
from gateway.sql.types import LONGBLOB, PK_INT, TINYINT


class Screening(Base):
    __tablename__ = "Screening"
    __table_args__ = (
        Index("ix_Screening_dataCollectionGroupId", "dataCollectionGroupId"),
        Index("ix_Screening_diffractionPlanId", "diffractionPlanId"),
    )

    screeningId: Mapped[int] = mapped_column(PK_INT(10), primary_key=True)
    diffractionPlanId: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10), nullable=True, comment="references DiffractionPlan"
    )
    dataCollectionGroupId: Mapped[int | None] = mapped_column(
        mysql.INTEGER(11),
        ForeignKey("DataCollectionGroup.dataCollectionGroupId", ondelete="CASCADE"),
        nullable=True,
    )
    dataCollectionId: Mapped[int | None] = mapped_column(mysql.INTEGER(10), nullable=True)
    bltimeStamp: Mapped[datetime] = mapped_column(
        mysql.TIMESTAMP(), nullable=False, server_default=text("CURRENT_TIMESTAMP")
    )
    programVersion: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    comments: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    shortComments: Mapped[str | None] = mapped_column(mysql.VARCHAR(20), nullable=True)
    xmlSampleInformation: Mapped[bytes | None] = mapped_column(LONGBLOB(), nullable=True)


class ScreeningInput(Base):
    __tablename__ = "ScreeningInput"
    __table_args__ = (Index("ix_ScreeningInput_screeningId", "screeningId"),)

    screeningInputId: Mapped[int] = mapped_column(PK_INT(10), primary_key=True)
    screeningId: Mapped[int] = mapped_column(
        mysql.INTEGER(10),
        ForeignKey("Screening.screeningId", ondelete="CASCADE", onupdate="CASCADE"),
        nullable=False,
        server_default=text("0"),
    )
    diffractionPlanId: Mapped[int | None] = mapped_column(
        mysql.INTEGER(11), nullable=True, comment="references DiffractionPlan table"
    )
    beamX: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    beamY: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    rmsErrorLimits: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    minimumFractionIndexed: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    maximumFractionRejected: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    minimumSignalToNoise: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    xmlSampleInformation: Mapped[bytes | None] = mapped_column(LONGBLOB(), nullable=True)


class ScreeningOutput(Base):
    __tablename__ = "ScreeningOutput"
    __table_args__ = (Index("ix_ScreeningOutput_screeningId", "screeningId"),)

    screeningOutputId: Mapped[int] = mapped_column(PK_INT(10), primary_key=True)
    screeningId: Mapped[int] = mapped_column(
        mysql.INTEGER(10),
        ForeignKey("Screening.screeningId", ondelete="CASCADE", onupdate="CASCADE"),
        nullable=False,
        server_default=text("0"),
    )
    statusDescription: Mapped[str | None] = mapped_column(mysql.VARCHAR(1024), nullable=True)
    rejectedReflections: Mapped[int | None] = mapped_column(mysql.INTEGER(10), nullable=True)
    resolutionObtained: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    spotDeviationR: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    spotDeviationTheta: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    beamShiftX: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    beamShiftY: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    numSpotsFound: Mapped[int | None] = mapped_column(mysql.INTEGER(10), nullable=True)
    numSpotsUsed: Mapped[int | None] = mapped_column(mysql.INTEGER(10), nullable=True)
    numSpotsRejected: Mapped[int | None] = mapped_column(mysql.INTEGER(10), nullable=True)
    mosaicity: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    iOverSigma: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    diffractionRings: Mapped[int | None] = mapped_column(TINYINT(1), nullable=True)
    strategySuccess: Mapped[int] = mapped_column(
        TINYINT(1), nullable=False, server_default=text("0")
    )
    mosaicityEstimated: Mapped[int] = mapped_column(
        TINYINT(1), nullable=False, server_default=text("0")
    )
    rankingResolution: Mapped[float | None] = mapped_column(
        mysql.DOUBLE(asdecimal=False), nullable=True
    )
    program: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    doseTotal: Mapped[float | None] = mapped_column(mysql.DOUBLE(asdecimal=False), nullable=True)
    totalExposureTime: Mapped[float | None] = mapped_column(
        mysql.DOUBLE(asdecimal=False), nullable=True
    )
    totalRotationRange: Mapped[float | None] = mapped_column(
        mysql.DOUBLE(asdecimal=False), nullable=True
    )
    totalNumberOfImages: Mapped[int | None] = mapped_column(mysql.INTEGER(11), nullable=True)
    rFriedel: Mapped[float | None] = mapped_column(mysql.DOUBLE(asdecimal=False), nullable=True)
    indexingSuccess: Mapped[int] = mapped_column(
        TINYINT(1), nullable=False, server_default=text("0")
    )
    screeningSuccess: Mapped[int | None] = mapped_column(
        TINYINT(1), nullable=True, server_default=text("0")
    )


class ScreeningOutputLattice(Base):
    __tablename__ = "ScreeningOutputLattice"
    __table_args__ = (Index("ix_ScreeningOutputLattice_screeningOutputId", "screeningOutputId"),)

    screeningOutputLatticeId: Mapped[int] = mapped_column(PK_INT(10), primary_key=True)
    screeningOutputId: Mapped[int] = mapped_column(
        mysql.INTEGER(10),
        ForeignKey("ScreeningOutput.screeningOutputId", ondelete="CASCADE", onupdate="CASCADE"),
        nullable=False,
        server_default=text("0"),
    )
    spaceGroup: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    pointGroup: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    bravaisLattice: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    rawOrientationMatrix_a_x: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    rawOrientationMatrix_a_y: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    rawOrientationMatrix_a_z: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    rawOrientationMatrix_b_x: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    rawOrientationMatrix_b_y: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    rawOrientationMatrix_b_z: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    rawOrientationMatrix_c_x: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    rawOrientationMatrix_c_y: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    rawOrientationMatrix_c_z: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    unitCell_a: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    unitCell_b: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    unitCell_c: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    unitCell_alpha: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    unitCell_beta: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    unitCell_gamma: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    bltimeStamp: Mapped[datetime | None] = mapped_column(
        mysql.TIMESTAMP(), nullable=True, server_default=text("CURRENT_TIMESTAMP")
    )
    labelitIndexing: Mapped[int | None] = mapped_column(
        TINYINT(1), nullable=True, server_default=text("0")
    )


class ScreeningStrategy(Base):
    __tablename__ = "ScreeningStrategy"
    __table_args__ = (Index("ix_ScreeningStrategy_screeningOutputId", "screeningOutputId"),)

    screeningStrategyId: Mapped[int] = mapped_column(PK_INT(10), primary_key=True)
    screeningOutputId: Mapped[int] = mapped_column(
        mysql.INTEGER(10),
        ForeignKey("ScreeningOutput.screeningOutputId", ondelete="CASCADE", onupdate="CASCADE"),
        nullable=False,
        server_default=text("0"),
    )
    phiStart: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    phiEnd: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    rotation: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    exposureTime: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    resolution: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    completeness: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    multiplicity: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    anomalous: Mapped[int] = mapped_column(TINYINT(1), nullable=False, server_default=text("0"))
    program: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    rankingResolution: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    transmission: Mapped[float | None] = mapped_column(
        mysql.FLOAT(),
        nullable=True,
        comment="Transmission for the strategy as given by the strategy program.",
    )


class ScreeningStrategyWedge(Base):
    __tablename__ = "ScreeningStrategyWedge"
    __table_args__ = (
        Index("ix_ScreeningStrategyWedge_screeningStrategyId", "screeningStrategyId"),
    )

    screeningStrategyWedgeId: Mapped[int] = mapped_column(
        PK_INT(10), primary_key=True, comment="Primary key"
    )
    screeningStrategyId: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10),
        ForeignKey("ScreeningStrategy.screeningStrategyId", ondelete="CASCADE", onupdate="CASCADE"),
        nullable=True,
        comment="Foreign key to parent table",
    )
    wedgeNumber: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10), nullable=True, comment="The number of this wedge within the strategy"
    )
    resolution: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    completeness: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    multiplicity: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    doseTotal: Mapped[float | None] = mapped_column(
        mysql.FLOAT(), nullable=True, comment="Total dose for this wedge"
    )
    numberOfImages: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10), nullable=True, comment="Number of images for this wedge"
    )
    phi: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    kappa: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    chi: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    comments: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    wavelength: Mapped[float | None] = mapped_column(mysql.DOUBLE(asdecimal=False), nullable=True)


class ScreeningStrategySubWedge(Base):
    __tablename__ = "ScreeningStrategySubWedge"
    __table_args__ = (
        Index("ix_ScreeningStrategySubWedge_screeningStrategyWedgeId", "screeningStrategyWedgeId"),
    )

    screeningStrategySubWedgeId: Mapped[int] = mapped_column(
        PK_INT(10), primary_key=True, comment="Primary key"
    )
    screeningStrategyWedgeId: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10),
        ForeignKey(
            "ScreeningStrategyWedge.screeningStrategyWedgeId",
            ondelete="CASCADE",
            onupdate="CASCADE",
        ),
        nullable=True,
        comment="Foreign key to parent table",
    )
    subWedgeNumber: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10), nullable=True, comment="The number of this subwedge within the wedge"
    )
    rotationAxis: Mapped[str | None] = mapped_column(
        mysql.VARCHAR(45), nullable=True, comment="Angle where subwedge starts"
    )
    axisStart: Mapped[float | None] = mapped_column(
        mysql.FLOAT(), nullable=True, comment="Angle where subwedge ends"
    )
    axisEnd: Mapped[float | None] = mapped_column(
        mysql.FLOAT(), nullable=True, comment="Exposure time for subwedge"
    )
    exposureTime: Mapped[float | None] = mapped_column(
        mysql.FLOAT(), nullable=True, comment="Transmission for subwedge"
    )
    transmission: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    oscillationRange: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    completeness: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    multiplicity: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    doseTotal: Mapped[float | None] = mapped_column(
        mysql.FLOAT(), nullable=True, comment="Total dose for this subwedge"
    )
    numberOfImages: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10), nullable=True, comment="Number of images for this subwedge"
    )
    comments: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    resolution: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)


class ScreeningRankSet(Base):
    __tablename__ = "ScreeningRankSet"

    screeningRankSetId: Mapped[int] = mapped_column(PK_INT(10), primary_key=True)
    rankEngine: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    rankingProjectFileName: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    rankingSummaryFileName: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)


class ScreeningRank(Base):
    __tablename__ = "ScreeningRank"
    __table_args__ = (
        Index("ix_ScreeningRank_screeningId", "screeningId"),
        Index("ix_ScreeningRank_screeningRankSetId", "screeningRankSetId"),
    )

    screeningRankId: Mapped[int] = mapped_column(PK_INT(10), primary_key=True)
    screeningRankSetId: Mapped[int] = mapped_column(
        mysql.INTEGER(10),
        ForeignKey("ScreeningRankSet.screeningRankSetId", ondelete="CASCADE", onupdate="CASCADE"),
        nullable=False,
        server_default=text("0"),
    )
    screeningId: Mapped[int] = mapped_column(
        mysql.INTEGER(10),
        ForeignKey("Screening.screeningId", ondelete="CASCADE", onupdate="CASCADE"),
        nullable=False,
        server_default=text("0"),
    )
    rankValue: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    rankInformation: Mapped[str | None] = mapped_column(mysql.VARCHAR(1024), nullable=True)
