"""Proteins, crystals and the samples put on the beamline."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Enum, ForeignKey, Index, text
from sqlalchemy.dialects import mysql
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gateway.sql.base import Base
from gateway.sql.models._types import double, key_int, tinyint

if TYPE_CHECKING:
    from gateway.sql.models.collection import DataCollectionGroup
    from gateway.sql.models.proposal import Proposal


class Protein(Base):
    """A macromolecule studied under a proposal."""

    __tablename__ = "Protein"
    __table_args__ = (
        Index("Protein_FKIndex1", "proposalId"),
        Index("ProteinAcronym_Index", "proposalId", "acronym"),
        Index("Protein_FKIndex2", "personId"),
        Index("Protein_Index2", "acronym"),
        Index("protein_fk3", "componentTypeId"),
        {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4"},
    )

    proteinId: Mapped[int] = mapped_column(key_int(10), primary_key=True)
    proposalId: Mapped[int] = mapped_column(
        mysql.INTEGER(10, unsigned=True),
        ForeignKey(
            "Proposal.proposalId", name="Protein_ibfk_1", ondelete="CASCADE", onupdate="CASCADE"
        ),
        nullable=False,
        server_default=text("0"),
    )
    name: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    acronym: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    description: Mapped[str | None] = mapped_column(
        mysql.TEXT(), nullable=True, comment="A description/summary using words and sentences"
    )
    hazardGroup: Mapped[int] = mapped_column(
        tinyint(3, unsigned=True),
        nullable=False,
        server_default=text("1"),
        comment="A.k.a. risk group",
    )
    containmentLevel: Mapped[int] = mapped_column(
        tinyint(3, unsigned=True),
        nullable=False,
        server_default=text("1"),
        comment="A.k.a. biosafety level, which indicates the level of containment required",
    )
    safetyLevel: Mapped[str | None] = mapped_column(Enum("GREEN", "YELLOW", "RED"), nullable=True)
    molecularMass: Mapped[float | None] = mapped_column(double(), nullable=True)
    proteinType: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    sequence: Mapped[str | None] = mapped_column(mysql.TEXT(), nullable=True)
    personId: Mapped[int | None] = mapped_column(mysql.INTEGER(10, unsigned=True), nullable=True)
    bltimeStamp: Mapped[datetime] = mapped_column(
        mysql.TIMESTAMP(), nullable=False, server_default=text("CURRENT_TIMESTAMP")
    )
    isCreatedBySampleSheet: Mapped[int | None] = mapped_column(
        tinyint(1), nullable=True, server_default=text("0")
    )
    externalId: Mapped[bytes | None] = mapped_column(mysql.BINARY(16), nullable=True)
    componentTypeId: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10, unsigned=True), nullable=True
    )
    modId: Mapped[str | None] = mapped_column(mysql.VARCHAR(20), nullable=True)
    concentrationTypeId: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10, unsigned=True), nullable=True
    )
    global_: Mapped[int | None] = mapped_column(
        "global", tinyint(1), nullable=True, server_default=text("0")
    )

    proposal: Mapped[Proposal] = relationship(back_populates="proteins", lazy="raise")
    crystals: Mapped[list[Crystal]] = relationship(
        back_populates="protein", passive_deletes=True, lazy="raise"
    )


class Crystal(Base):
    """A crystal form of a protein."""

    __tablename__ = "Crystal"
    __table_args__ = (
        Index("Crystal_FKIndex1", "proteinId"),
        Index("Crystal_FKIndex2", "diffractionPlanId"),
        {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4"},
    )

    crystalId: Mapped[int] = mapped_column(key_int(10), primary_key=True)
    diffractionPlanId: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10, unsigned=True), nullable=True
    )
    proteinId: Mapped[int] = mapped_column(
        mysql.INTEGER(10, unsigned=True),
        ForeignKey(
            "Protein.proteinId", name="Crystal_ibfk_1", ondelete="CASCADE", onupdate="CASCADE"
        ),
        nullable=False,
        server_default=text("0"),
    )
    crystalUUID: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    name: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    spaceGroup: Mapped[str | None] = mapped_column(mysql.VARCHAR(20), nullable=True)
    morphology: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    color: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    size_X: Mapped[float | None] = mapped_column(double(), nullable=True)
    size_Y: Mapped[float | None] = mapped_column(double(), nullable=True)
    size_Z: Mapped[float | None] = mapped_column(double(), nullable=True)
    cell_a: Mapped[float | None] = mapped_column(double(), nullable=True)
    cell_b: Mapped[float | None] = mapped_column(double(), nullable=True)
    cell_c: Mapped[float | None] = mapped_column(double(), nullable=True)
    cell_alpha: Mapped[float | None] = mapped_column(double(), nullable=True)
    cell_beta: Mapped[float | None] = mapped_column(double(), nullable=True)
    cell_gamma: Mapped[float | None] = mapped_column(double(), nullable=True)
    comments: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    pdbFileName: Mapped[str | None] = mapped_column(
        mysql.VARCHAR(255), nullable=True, comment="pdb file name"
    )
    pdbFilePath: Mapped[str | None] = mapped_column(
        mysql.VARCHAR(1024), nullable=True, comment="pdb file path"
    )
    recordTimeStamp: Mapped[datetime] = mapped_column(
        mysql.TIMESTAMP(),
        nullable=False,
        server_default=text("CURRENT_TIMESTAMP"),
        comment="Creation or last update date/time",
    )
    abundance: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    packingFraction: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)

    protein: Mapped[Protein] = relationship(back_populates="crystals", lazy="raise")
    samples: Mapped[list[BLSample]] = relationship(
        back_populates="crystal", passive_deletes=True, lazy="raise"
    )


class BLSample(Base):
    """A sample mounted on the beamline."""

    __tablename__ = "BLSample"
    __table_args__ = (
        Index("BLSample_FKIndex1", "containerId"),
        Index("BLSample_FKIndex2", "crystalId"),
        Index("BLSample_FKIndex3", "diffractionPlanId"),
        Index("crystalId", "crystalId", "containerId"),
        Index("BLSample_Index1", "name"),
        Index("BLSample_FKIndex_Status", "blSampleStatus"),
        Index("BLSample_fk5", "screenComponentGroupId"),
        {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4"},
    )

    blSampleId: Mapped[int] = mapped_column(key_int(10), primary_key=True)
    diffractionPlanId: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10, unsigned=True), nullable=True
    )
    crystalId: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10, unsigned=True),
        ForeignKey(
            "Crystal.crystalId", name="BLSample_ibfk_2", ondelete="CASCADE", onupdate="CASCADE"
        ),
        nullable=True,
    )
    containerId: Mapped[int | None] = mapped_column(mysql.INTEGER(10, unsigned=True), nullable=True)
    name: Mapped[str | None] = mapped_column(mysql.VARCHAR(100), nullable=True)
    code: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    location: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    holderLength: Mapped[float | None] = mapped_column(double(), nullable=True)
    loopLength: Mapped[float | None] = mapped_column(double(), nullable=True)
    loopType: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    wireWidth: Mapped[float | None] = mapped_column(double(), nullable=True)
    comments: Mapped[str | None] = mapped_column(mysql.VARCHAR(1024), nullable=True)
    completionStage: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    structureStage: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    publicationStage: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    publicationComments: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    blSampleStatus: Mapped[str | None] = mapped_column(mysql.VARCHAR(20), nullable=True)
    isInSampleChanger: Mapped[int | None] = mapped_column(tinyint(1), nullable=True)
    lastKnownCenteringPosition: Mapped[str | None] = mapped_column(
        mysql.VARCHAR(255), nullable=True
    )
    recordTimeStamp: Mapped[datetime] = mapped_column(
        mysql.TIMESTAMP(),
        nullable=False,
        server_default=text("CURRENT_TIMESTAMP"),
        comment="Creation or last update date/time",
    )
    SMILES: Mapped[str | None] = mapped_column(
        mysql.VARCHAR(400),
        nullable=True,
        comment="the symbolic description of the structure of a chemical compound",
    )
    lastImageURL: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    positionId: Mapped[int | None] = mapped_column(mysql.INTEGER(10, unsigned=True), nullable=True)
    blSubSampleId: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10, unsigned=True), nullable=True
    )
    screenComponentGroupId: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10, unsigned=True), nullable=True
    )
    volume: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    dimension1: Mapped[float | None] = mapped_column(double(), nullable=True)
    dimension2: Mapped[float | None] = mapped_column(double(), nullable=True)
    dimension3: Mapped[float | None] = mapped_column(double(), nullable=True)
    shape: Mapped[str | None] = mapped_column(mysql.VARCHAR(15), nullable=True)
    subLocation: Mapped[int | None] = mapped_column(
        mysql.SMALLINT(5, unsigned=True),
        nullable=True,
        comment="Indicates the sample's location on a multi-sample pin, where 1 is closest to the pin base",
    )

    crystal: Mapped[Crystal | None] = relationship(back_populates="samples", lazy="raise")
    dataCollectionGroups: Mapped[list[DataCollectionGroup]] = relationship(
        back_populates="sample", passive_deletes=True, lazy="raise"
    )
