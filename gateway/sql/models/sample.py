"""Proteins, crystals and the samples put on the beamline."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Enum, ForeignKey, Index, text
from sqlalchemy.dialects import mysql
from sqlalchemy.orm import Mapped, mapped_column

from gateway.sql.base import Base
from gateway.sql.types import PK_INT, TINYINT


class Protein(Base):
    __tablename__ = "Protein"
    __table_args__ = (
        Index("ProteinAcronym_Index", "proposalId", "acronym"),
        Index("ix_Protein_acronym", "acronym"),
        Index("ix_Protein_componentTypeId", "componentTypeId"),
        Index("ix_Protein_personId", "personId"),
        Index("ix_Protein_proposalId", "proposalId"),
    )

    proteinId: Mapped[int] = mapped_column(PK_INT(10), primary_key=True)
    proposalId: Mapped[int] = mapped_column(
        mysql.INTEGER(10),
        ForeignKey("Proposal.proposalId", ondelete="CASCADE", onupdate="CASCADE"),
        nullable=False,
        server_default=text("0"),
    )
    name: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    acronym: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    description: Mapped[str | None] = mapped_column(
        mysql.TEXT(), nullable=True, comment="A description/summary using words and sentences"
    )
    hazardGroup: Mapped[int] = mapped_column(
        TINYINT(3), nullable=False, server_default=text("1"), comment="A.k.a. risk group"
    )
    containmentLevel: Mapped[int] = mapped_column(
        TINYINT(3),
        nullable=False,
        server_default=text("1"),
        comment="A.k.a. biosafety level, which indicates the level of containment required",
    )
    safetyLevel: Mapped[str | None] = mapped_column(Enum("GREEN", "YELLOW", "RED"), nullable=True)
    molecularMass: Mapped[float | None] = mapped_column(
        mysql.DOUBLE(asdecimal=False), nullable=True
    )
    proteinType: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    sequence: Mapped[str | None] = mapped_column(mysql.TEXT(), nullable=True)
    personId: Mapped[int | None] = mapped_column(mysql.INTEGER(10), nullable=True)
    bltimeStamp: Mapped[datetime] = mapped_column(
        mysql.TIMESTAMP(), nullable=False, server_default=text("CURRENT_TIMESTAMP")
    )
    isCreatedBySampleSheet: Mapped[int | None] = mapped_column(
        TINYINT(1), nullable=True, server_default=text("0")
    )
    externalId: Mapped[bytes | None] = mapped_column(mysql.BINARY(16), nullable=True)
    componentTypeId: Mapped[int | None] = mapped_column(mysql.INTEGER(10), nullable=True)
    modId: Mapped[str | None] = mapped_column(mysql.VARCHAR(20), nullable=True)
    concentrationTypeId: Mapped[int | None] = mapped_column(mysql.INTEGER(10), nullable=True)
    global_: Mapped[int | None] = mapped_column(
        "global", TINYINT(1), nullable=True, server_default=text("0")
    )


class Crystal(Base):
    __tablename__ = "Crystal"
    __table_args__ = (
        Index("ix_Crystal_diffractionPlanId", "diffractionPlanId"),
        Index("ix_Crystal_proteinId", "proteinId"),
    )

    crystalId: Mapped[int] = mapped_column(PK_INT(10), primary_key=True)
    diffractionPlanId: Mapped[int | None] = mapped_column(mysql.INTEGER(10), nullable=True)
    proteinId: Mapped[int] = mapped_column(
        mysql.INTEGER(10),
        ForeignKey("Protein.proteinId", ondelete="CASCADE", onupdate="CASCADE"),
        nullable=False,
        server_default=text("0"),
    )
    crystalUUID: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    name: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    spaceGroup: Mapped[str | None] = mapped_column(mysql.VARCHAR(20), nullable=True)
    morphology: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    color: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    size_X: Mapped[float | None] = mapped_column(mysql.DOUBLE(asdecimal=False), nullable=True)
    size_Y: Mapped[float | None] = mapped_column(mysql.DOUBLE(asdecimal=False), nullable=True)
    size_Z: Mapped[float | None] = mapped_column(mysql.DOUBLE(asdecimal=False), nullable=True)
    cell_a: Mapped[float | None] = mapped_column(mysql.DOUBLE(asdecimal=False), nullable=True)
    cell_b: Mapped[float | None] = mapped_column(mysql.DOUBLE(asdecimal=False), nullable=True)
    cell_c: Mapped[float | None] = mapped_column(mysql.DOUBLE(asdecimal=False), nullable=True)
    cell_alpha: Mapped[float | None] = mapped_column(mysql.DOUBLE(asdecimal=False), nullable=True)
    cell_beta: Mapped[float | None] = mapped_column(mysql.DOUBLE(asdecimal=False), nullable=True)
    cell_gamma: Mapped[float | None] = mapped_column(mysql.DOUBLE(asdecimal=False), nullable=True)
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


class BLSample(Base):
    __tablename__ = "BLSample"
    __table_args__ = (
        Index("crystalId", "crystalId", "containerId"),
        Index("ix_BLSample_blSampleStatus", "blSampleStatus"),
        Index("ix_BLSample_containerId", "containerId"),
        Index("ix_BLSample_crystalId", "crystalId"),
        Index("ix_BLSample_diffractionPlanId", "diffractionPlanId"),
        Index("ix_BLSample_name", "name"),
        Index("ix_BLSample_screenComponentGroupId", "screenComponentGroupId"),
    )

    blSampleId: Mapped[int] = mapped_column(PK_INT(10), primary_key=True)
    diffractionPlanId: Mapped[int | None] = mapped_column(mysql.INTEGER(10), nullable=True)
    crystalId: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10),
        ForeignKey("Crystal.crystalId", ondelete="CASCADE", onupdate="CASCADE"),
        nullable=True,
    )
    containerId: Mapped[int | None] = mapped_column(mysql.INTEGER(10), nullable=True)
    name: Mapped[str | None] = mapped_column(mysql.VARCHAR(100), nullable=True)
    code: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    location: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    holderLength: Mapped[float | None] = mapped_column(mysql.DOUBLE(asdecimal=False), nullable=True)
    loopLength: Mapped[float | None] = mapped_column(mysql.DOUBLE(asdecimal=False), nullable=True)
    loopType: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    wireWidth: Mapped[float | None] = mapped_column(mysql.DOUBLE(asdecimal=False), nullable=True)
    comments: Mapped[str | None] = mapped_column(mysql.VARCHAR(1024), nullable=True)
    completionStage: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    structureStage: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    publicationStage: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    publicationComments: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    blSampleStatus: Mapped[str | None] = mapped_column(mysql.VARCHAR(20), nullable=True)
    isInSampleChanger: Mapped[int | None] = mapped_column(TINYINT(1), nullable=True)
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
    positionId: Mapped[int | None] = mapped_column(mysql.INTEGER(10), nullable=True)
    blSubSampleId: Mapped[int | None] = mapped_column(mysql.INTEGER(10), nullable=True)
    screenComponentGroupId: Mapped[int | None] = mapped_column(mysql.INTEGER(10), nullable=True)
    volume: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    dimension1: Mapped[float | None] = mapped_column(mysql.DOUBLE(asdecimal=False), nullable=True)
    dimension2: Mapped[float | None] = mapped_column(mysql.DOUBLE(asdecimal=False), nullable=True)
    dimension3: Mapped[float | None] = mapped_column(mysql.DOUBLE(asdecimal=False), nullable=True)
    shape: Mapped[str | None] = mapped_column(mysql.VARCHAR(15), nullable=True)
    subLocation: Mapped[int | None] = mapped_column(
        mysql.SMALLINT(5),
        nullable=True,
        comment="Indicates the sample's location on a multi-sample pin, where 1 is closest to the pin base",
    )
