"""Screening (characterisation): inputs, outputs, lattices, strategies, wedges, ranks."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, text
from sqlalchemy.dialects import mysql
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gateway.sql.base import Base
from gateway.sql.models._types import double, key_int, longblob, tinyint

if TYPE_CHECKING:
    from gateway.sql.models.collection import DataCollection, DataCollectionGroup


class Screening(Base):
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

    dataCollectionGroup: Mapped[DataCollectionGroup | None] = relationship(
        back_populates="screenings", lazy="raise"
    )
    dataCollection: Mapped[DataCollection | None] = relationship(
        back_populates="screenings",
        primaryjoin="DataCollection.dataCollectionId == foreign(Screening.dataCollectionId)",
        lazy="raise",
    )
    inputs: Mapped[list[ScreeningInput]] = relationship(
        back_populates="screening", passive_deletes=True, lazy="raise"
    )
    outputs: Mapped[list[ScreeningOutput]] = relationship(
        back_populates="screening", passive_deletes=True, lazy="raise"
    )
    ranks: Mapped[list[ScreeningRank]] = relationship(
        back_populates="screening", passive_deletes=True, lazy="raise"
    )


class ScreeningInput(Base):
    """Parameters a screening was run with."""

    __tablename__ = "ScreeningInput"
    __table_args__ = (
        Index("ScreeningInput_FKIndex1", "screeningId"),
        {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4"},
    )

    screeningInputId: Mapped[int] = mapped_column(key_int(10), primary_key=True)
    screeningId: Mapped[int] = mapped_column(
        mysql.INTEGER(10, unsigned=True),
        ForeignKey(
            "Screening.screeningId",
            name="ScreeningInput_ibfk_1",
            ondelete="CASCADE",
            onupdate="CASCADE",
        ),
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
    xmlSampleInformation: Mapped[bytes | None] = mapped_column(longblob(), nullable=True)

    screening: Mapped[Screening] = relationship(back_populates="inputs", lazy="raise")


class ScreeningOutput(Base):
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

    screening: Mapped[Screening] = relationship(back_populates="outputs", lazy="raise")
    lattices: Mapped[list[ScreeningOutputLattice]] = relationship(
        back_populates="screeningOutput", passive_deletes=True, lazy="raise"
    )
    strategies: Mapped[list[ScreeningStrategy]] = relationship(
        back_populates="screeningOutput", passive_deletes=True, lazy="raise"
    )


class ScreeningOutputLattice(Base):
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

    screeningOutput: Mapped[ScreeningOutput] = relationship(back_populates="lattices", lazy="raise")


class ScreeningStrategy(Base):
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

    screeningOutput: Mapped[ScreeningOutput] = relationship(
        back_populates="strategies", lazy="raise"
    )
    wedges: Mapped[list[ScreeningStrategyWedge]] = relationship(
        back_populates="screeningStrategy", passive_deletes=True, lazy="raise"
    )


class ScreeningStrategyWedge(Base):
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

    screeningStrategy: Mapped[ScreeningStrategy | None] = relationship(
        back_populates="wedges", lazy="raise"
    )
    subWedges: Mapped[list[ScreeningStrategySubWedge]] = relationship(
        back_populates="screeningStrategyWedge", passive_deletes=True, lazy="raise"
    )


class ScreeningStrategySubWedge(Base):
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

    screeningStrategyWedge: Mapped[ScreeningStrategyWedge | None] = relationship(
        back_populates="subWedges", lazy="raise"
    )
    dataCollections: Mapped[list[DataCollection]] = relationship(
        back_populates="strategySubWedgeOrig", passive_deletes=True, lazy="raise"
    )


class ScreeningRankSet(Base):
    """A set of ranked screenings."""

    __tablename__ = "ScreeningRankSet"
    __table_args__ = {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4"}

    screeningRankSetId: Mapped[int] = mapped_column(key_int(10), primary_key=True)
    rankEngine: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    rankingProjectFileName: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    rankingSummaryFileName: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)

    ranks: Mapped[list[ScreeningRank]] = relationship(
        back_populates="rankSet", passive_deletes=True, lazy="raise"
    )


class ScreeningRank(Base):
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

    rankSet: Mapped[ScreeningRankSet] = relationship(back_populates="ranks", lazy="raise")
    screening: Mapped[Screening] = relationship(back_populates="ranks", lazy="raise")
