"""The screening tables as the official schema (and the baseline revision) define them.

The gateway's models follow the head revision, where the screening chain is
merged (migrations 0002-0004). These definitions keep the baseline shape for
what must still know it: `db adopt`, which stamps the baseline on an existing
ISPyB database, and the conformance test against the official schema. They
live in their own metadata so nothing can query them by mistake.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, text
from sqlalchemy.dialects import mysql
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from gateway.sql.models._types import double, key_int, longblob, tinyint


class LegacyBase(DeclarativeBase):
    """Tables of the baseline that later revisions replace."""


class Screening(LegacyBase):
    """A characterisation (e.g. EDNA) of a data collection group."""

    __tablename__ = "Screening"
    __table_args__ = (
        Index("Screening_FKIndexDiffractionPlanId", "diffractionPlanId"),
        Index("dcgroupId", "dataCollectionGroupId"),
        {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4"},
    )

    screeningId: Mapped[int] = mapped_column(key_int(10), primary_key=True)
    diffractionPlanId: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10, unsigned=True), nullable=True, comment="references DiffractionPlan"
    )
    dataCollectionGroupId: Mapped[int | None] = mapped_column(
        mysql.INTEGER(11),
        ForeignKey(
            "DataCollectionGroup.dataCollectionGroupId", name="Screening_ibfk_1", ondelete="CASCADE"
        ),
        nullable=True,
    )
    dataCollectionId: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10, unsigned=True), nullable=True
    )
    bltimeStamp: Mapped[datetime] = mapped_column(
        mysql.TIMESTAMP(), nullable=False, server_default=text("CURRENT_TIMESTAMP")
    )
    programVersion: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    comments: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    shortComments: Mapped[str | None] = mapped_column(mysql.VARCHAR(20), nullable=True)
    xmlSampleInformation: Mapped[bytes | None] = mapped_column(longblob(), nullable=True)


class ScreeningOutput(LegacyBase):
    """The outcome of a screening: indexing and strategy success, mosaicity, ..."""

    __tablename__ = "ScreeningOutput"
    __table_args__ = (
        Index("ScreeningOutput_FKIndex1", "screeningId"),
        {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4"},
    )

    screeningOutputId: Mapped[int] = mapped_column(key_int(10), primary_key=True)
    screeningId: Mapped[int] = mapped_column(
        mysql.INTEGER(10, unsigned=True),
        ForeignKey(
            "Screening.screeningId",
            name="ScreeningOutput_ibfk_1",
            ondelete="CASCADE",
            onupdate="CASCADE",
        ),
        nullable=False,
        server_default=text("0"),
    )
    statusDescription: Mapped[str | None] = mapped_column(mysql.VARCHAR(1024), nullable=True)
    rejectedReflections: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10, unsigned=True), nullable=True
    )
    resolutionObtained: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    spotDeviationR: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    spotDeviationTheta: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    beamShiftX: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    beamShiftY: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    numSpotsFound: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10, unsigned=True), nullable=True
    )
    numSpotsUsed: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10, unsigned=True), nullable=True
    )
    numSpotsRejected: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10, unsigned=True), nullable=True
    )
    mosaicity: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    iOverSigma: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    diffractionRings: Mapped[int | None] = mapped_column(tinyint(1), nullable=True)
    strategySuccess: Mapped[int] = mapped_column(
        tinyint(1), nullable=False, server_default=text("0")
    )
    mosaicityEstimated: Mapped[int] = mapped_column(
        tinyint(1), nullable=False, server_default=text("0")
    )
    rankingResolution: Mapped[float | None] = mapped_column(double(), nullable=True)
    program: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    doseTotal: Mapped[float | None] = mapped_column(double(), nullable=True)
    totalExposureTime: Mapped[float | None] = mapped_column(double(), nullable=True)
    totalRotationRange: Mapped[float | None] = mapped_column(double(), nullable=True)
    totalNumberOfImages: Mapped[int | None] = mapped_column(mysql.INTEGER(11), nullable=True)
    rFriedel: Mapped[float | None] = mapped_column(double(), nullable=True)
    indexingSuccess: Mapped[int] = mapped_column(
        tinyint(1), nullable=False, server_default=text("0")
    )
    screeningSuccess: Mapped[int | None] = mapped_column(
        tinyint(1), nullable=True, server_default=text("0")
    )


class ScreeningOutputLattice(LegacyBase):
    """A lattice found by indexing."""

    __tablename__ = "ScreeningOutputLattice"
    __table_args__ = (
        Index("ScreeningOutputLattice_FKIndex1", "screeningOutputId"),
        {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4"},
    )

    screeningOutputLatticeId: Mapped[int] = mapped_column(key_int(10), primary_key=True)
    screeningOutputId: Mapped[int] = mapped_column(
        mysql.INTEGER(10, unsigned=True),
        ForeignKey(
            "ScreeningOutput.screeningOutputId",
            name="ScreeningOutputLattice_ibfk_1",
            ondelete="CASCADE",
            onupdate="CASCADE",
        ),
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
        tinyint(1), nullable=True, server_default=text("0")
    )


class ScreeningStrategy(LegacyBase):
    """A data collection strategy proposed by a screening."""

    __tablename__ = "ScreeningStrategy"
    __table_args__ = (
        Index("ScreeningStrategy_FKIndex1", "screeningOutputId"),
        {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4"},
    )

    screeningStrategyId: Mapped[int] = mapped_column(key_int(10), primary_key=True)
    screeningOutputId: Mapped[int] = mapped_column(
        mysql.INTEGER(10, unsigned=True),
        ForeignKey(
            "ScreeningOutput.screeningOutputId",
            name="ScreeningStrategy_ibfk_1",
            ondelete="CASCADE",
            onupdate="CASCADE",
        ),
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
    anomalous: Mapped[int] = mapped_column(tinyint(1), nullable=False, server_default=text("0"))
    program: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    rankingResolution: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    transmission: Mapped[float | None] = mapped_column(
        mysql.FLOAT(),
        nullable=True,
        comment="Transmission for the strategy as given by the strategy program.",
    )


class ScreeningStrategyWedge(LegacyBase):
    """A wedge of a strategy."""

    __tablename__ = "ScreeningStrategyWedge"
    __table_args__ = (
        Index("ScreeningStrategyWedge_IBFK_1", "screeningStrategyId"),
        {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4"},
    )

    screeningStrategyWedgeId: Mapped[int] = mapped_column(
        key_int(10), primary_key=True, comment="Primary key"
    )
    screeningStrategyId: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10, unsigned=True),
        ForeignKey(
            "ScreeningStrategy.screeningStrategyId",
            name="ScreeningStrategyWedge_IBFK_1",
            ondelete="CASCADE",
            onupdate="CASCADE",
        ),
        nullable=True,
        comment="Foreign key to parent table",
    )
    wedgeNumber: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10, unsigned=True),
        nullable=True,
        comment="The number of this wedge within the strategy",
    )
    resolution: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    completeness: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    multiplicity: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    doseTotal: Mapped[float | None] = mapped_column(
        mysql.FLOAT(), nullable=True, comment="Total dose for this wedge"
    )
    numberOfImages: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10, unsigned=True), nullable=True, comment="Number of images for this wedge"
    )
    phi: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    kappa: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    chi: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    comments: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    wavelength: Mapped[float | None] = mapped_column(double(), nullable=True)


class ScreeningStrategySubWedge(LegacyBase):
    """A sub-wedge of a strategy wedge."""

    __tablename__ = "ScreeningStrategySubWedge"
    __table_args__ = (
        Index("ScreeningStrategySubWedge_FK1", "screeningStrategyWedgeId"),
        {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4"},
    )

    screeningStrategySubWedgeId: Mapped[int] = mapped_column(
        key_int(10), primary_key=True, comment="Primary key"
    )
    screeningStrategyWedgeId: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10, unsigned=True),
        ForeignKey(
            "ScreeningStrategyWedge.screeningStrategyWedgeId",
            name="ScreeningStrategySubWedge_FK1",
            ondelete="CASCADE",
            onupdate="CASCADE",
        ),
        nullable=True,
        comment="Foreign key to parent table",
    )
    subWedgeNumber: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10, unsigned=True),
        nullable=True,
        comment="The number of this subwedge within the wedge",
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
        mysql.INTEGER(10, unsigned=True),
        nullable=True,
        comment="Number of images for this subwedge",
    )
    comments: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    resolution: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)


class ScreeningRankSet(LegacyBase):
    """A set of ranked screenings."""

    __tablename__ = "ScreeningRankSet"
    __table_args__ = {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4"}

    screeningRankSetId: Mapped[int] = mapped_column(key_int(10), primary_key=True)
    rankEngine: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    rankingProjectFileName: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    rankingSummaryFileName: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)


class ScreeningRank(LegacyBase):
    """The rank of a screening within a rank set."""

    __tablename__ = "ScreeningRank"
    __table_args__ = (
        Index("ScreeningRank_FKIndex1", "screeningId"),
        Index("ScreeningRank_FKIndex2", "screeningRankSetId"),
        {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4"},
    )

    screeningRankId: Mapped[int] = mapped_column(key_int(10), primary_key=True)
    screeningRankSetId: Mapped[int] = mapped_column(
        mysql.INTEGER(10, unsigned=True),
        ForeignKey(
            "ScreeningRankSet.screeningRankSetId",
            name="ScreeningRank_ibfk_2",
            ondelete="CASCADE",
            onupdate="CASCADE",
        ),
        nullable=False,
        server_default=text("0"),
    )
    screeningId: Mapped[int] = mapped_column(
        mysql.INTEGER(10, unsigned=True),
        ForeignKey(
            "Screening.screeningId",
            name="ScreeningRank_ibfk_1",
            ondelete="CASCADE",
            onupdate="CASCADE",
        ),
        nullable=False,
        server_default=text("0"),
    )
    rankValue: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    rankInformation: Mapped[str | None] = mapped_column(mysql.VARCHAR(1024), nullable=True)
