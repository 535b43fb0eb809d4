"""Screening (characterisation) results, in the merged shape of revisions 0002-0004.

`Screening` carries what `ScreeningOutput` held (one output per screening), and
`ScreeningStrategy` what its wedge and sub-wedge held (one of each per strategy).
The ids of the former rows stay in `screeningOutputId`,
`screeningStrategyWedgeId` and `screeningStrategySubWedgeId`: downgrade restores
them, and programs that stored them can still find their row. The baseline
(official) shape lives in `gateway.sql.legacy`.
"""

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

_FORMER = "Id of the former {} row (kept so that downgrade restores it)"


class Screening(Base):
    """A characterisation (e.g. EDNA) of a data collection, with its output."""

    __tablename__ = "Screening"
    __table_args__ = (
        Index("Screening_FKIndexDiffractionPlanId", "diffractionPlanId"),
        Index("dcgroupId", "dataCollectionGroupId"),
        Index("Screening_screeningOutputId", "screeningOutputId", unique=True),
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
    screeningOutputId: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10, unsigned=True),
        nullable=True,
        comment=_FORMER.format("ScreeningOutput"),
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
    strategySuccess: Mapped[int | None] = mapped_column(tinyint(1), nullable=True)
    mosaicityEstimated: Mapped[int | None] = mapped_column(tinyint(1), nullable=True)
    rankingResolution: Mapped[float | None] = mapped_column(double(), nullable=True)
    program: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    doseTotal: Mapped[float | None] = mapped_column(double(), nullable=True)
    totalExposureTime: Mapped[float | None] = mapped_column(double(), nullable=True)
    totalRotationRange: Mapped[float | None] = mapped_column(double(), nullable=True)
    totalNumberOfImages: Mapped[int | None] = mapped_column(mysql.INTEGER(11), nullable=True)
    rFriedel: Mapped[float | None] = mapped_column(double(), nullable=True)
    indexingSuccess: Mapped[int | None] = mapped_column(tinyint(1), nullable=True)
    screeningSuccess: Mapped[int | None] = mapped_column(tinyint(1), nullable=True)

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
    lattices: Mapped[list[ScreeningOutputLattice]] = relationship(
        back_populates="screening", passive_deletes=True, lazy="raise"
    )
    strategies: Mapped[list[ScreeningStrategy]] = relationship(
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


class ScreeningOutputLattice(Base):
    """A lattice found by indexing."""

    __tablename__ = "ScreeningOutputLattice"
    __table_args__ = (
        Index("ScreeningOutputLattice_FKIndex1", "screeningId"),
        {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4"},
    )

    screeningOutputLatticeId: Mapped[int] = mapped_column(key_int(10), primary_key=True)
    screeningId: Mapped[int] = mapped_column(
        mysql.INTEGER(10, unsigned=True),
        ForeignKey(
            "Screening.screeningId",
            name="ScreeningOutputLattice_ibfk_1",
            ondelete="CASCADE",
            onupdate="CASCADE",
        ),
        nullable=False,
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

    screening: Mapped[Screening] = relationship(back_populates="lattices", lazy="raise")


class ScreeningStrategy(Base):
    """A data collection strategy proposed by a screening, with its wedge and sub-wedge."""

    __tablename__ = "ScreeningStrategy"
    __table_args__ = (
        Index("ScreeningStrategy_FKIndex1", "screeningId"),
        Index(
            "ScreeningStrategy_screeningStrategyWedgeId", "screeningStrategyWedgeId", unique=True
        ),
        Index(
            "ScreeningStrategy_screeningStrategySubWedgeId",
            "screeningStrategySubWedgeId",
            unique=True,
        ),
        {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4"},
    )

    screeningStrategyId: Mapped[int] = mapped_column(key_int(10), primary_key=True)
    screeningId: Mapped[int] = mapped_column(
        mysql.INTEGER(10, unsigned=True),
        ForeignKey(
            "Screening.screeningId",
            name="ScreeningStrategy_ibfk_1",
            ondelete="CASCADE",
            onupdate="CASCADE",
        ),
        nullable=False,
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
    screeningStrategyWedgeId: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10, unsigned=True),
        nullable=True,
        comment=_FORMER.format("ScreeningStrategyWedge"),
    )
    wedgeNumber: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10, unsigned=True),
        nullable=True,
        comment="The number of this wedge within the strategy",
    )
    doseTotal: Mapped[float | None] = mapped_column(
        mysql.FLOAT(), nullable=True, comment="Total dose"
    )
    numberOfImages: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10, unsigned=True), nullable=True, comment="Number of images"
    )
    phi: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    kappa: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    chi: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    wedgeComments: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    wavelength: Mapped[float | None] = mapped_column(double(), nullable=True)
    screeningStrategySubWedgeId: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10, unsigned=True),
        nullable=True,
        comment=_FORMER.format("ScreeningStrategySubWedge"),
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
    oscillationRange: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    subWedgeComments: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)

    screening: Mapped[Screening] = relationship(back_populates="strategies", lazy="raise")
    dataCollections: Mapped[list[DataCollection]] = relationship(
        back_populates="strategySubWedgeOrig", passive_deletes=True, lazy="raise"
    )
