"""Proposals, beamline sessions and who belongs to them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Enum, ForeignKey, Index, text
from sqlalchemy.dialects import mysql
from sqlalchemy.orm import Mapped, mapped_column

from gateway.sql.base import Base
from gateway.sql.types import PK_INT, TINYINT


class Proposal(Base):
    __tablename__ = "Proposal"
    __table_args__ = (
        Index("Proposal_FKIndexCodeNumber", "proposalCode", "proposalNumber"),
        Index("ix_Proposal_personId", "personId"),
    )

    proposalId: Mapped[int] = mapped_column(PK_INT(10), primary_key=True)
    personId: Mapped[int] = mapped_column(
        mysql.INTEGER(10),
        ForeignKey("Person.personId", ondelete="CASCADE", onupdate="CASCADE"),
        nullable=False,
        server_default=text("0"),
    )
    title: Mapped[str | None] = mapped_column(mysql.VARCHAR(2000), nullable=True)
    proposalCode: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    proposalNumber: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    proposalType: Mapped[str | None] = mapped_column(
        mysql.VARCHAR(2), nullable=True, comment="Proposal type: MX, BX"
    )
    bltimeStamp: Mapped[datetime] = mapped_column(
        mysql.TIMESTAMP(), nullable=False, server_default=text("CURRENT_TIMESTAMP")
    )
    externalId: Mapped[bytes | None] = mapped_column(mysql.BINARY(16), nullable=True)
    state: Mapped[str | None] = mapped_column(
        Enum("Open", "Closed", "Cancelled"), nullable=True, server_default=text("'Open'")
    )


class ProposalHasPerson(Base):
    __tablename__ = "ProposalHasPerson"
    __table_args__ = (
        Index("ix_ProposalHasPerson_personId", "personId"),
        Index("ix_ProposalHasPerson_proposalId", "proposalId"),
    )

    proposalHasPersonId: Mapped[int] = mapped_column(PK_INT(10), primary_key=True)
    proposalId: Mapped[int] = mapped_column(
        mysql.INTEGER(10), ForeignKey("Proposal.proposalId", ondelete="CASCADE"), nullable=False
    )
    personId: Mapped[int] = mapped_column(
        mysql.INTEGER(10), ForeignKey("Person.personId", ondelete="CASCADE"), nullable=False
    )


class BLSession(Base):
    __tablename__ = "BLSession"
    __table_args__ = (
        Index("ix_BLSession_beamLineName", "beamLineName"),
        Index("ix_BLSession_beamLineSetupId", "beamLineSetupId"),
        Index("ix_BLSession_endDate", "endDate"),
        Index("ix_BLSession_nbShifts", "nbShifts"),
        Index("ix_BLSession_operatorSiteNumber", "operatorSiteNumber"),
        Index("ix_BLSession_proposalId", "proposalId"),
        Index("ix_BLSession_startDate", "startDate"),
    )

    sessionId: Mapped[int] = mapped_column(PK_INT(10), primary_key=True)
    expSessionPk: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10), nullable=True, comment="smis session Pk "
    )
    beamLineSetupId: Mapped[int | None] = mapped_column(mysql.INTEGER(10), nullable=True)
    proposalId: Mapped[int] = mapped_column(
        mysql.INTEGER(10),
        ForeignKey("Proposal.proposalId", ondelete="CASCADE", onupdate="CASCADE"),
        nullable=False,
        server_default=text("0"),
    )
    projectCode: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    startDate: Mapped[datetime | None] = mapped_column(mysql.DATETIME(), nullable=True)
    endDate: Mapped[datetime | None] = mapped_column(mysql.DATETIME(), nullable=True)
    beamLineName: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    scheduled: Mapped[int | None] = mapped_column(TINYINT(1), nullable=True)
    nbShifts: Mapped[int | None] = mapped_column(mysql.INTEGER(10), nullable=True)
    comments: Mapped[str | None] = mapped_column(mysql.VARCHAR(2000), nullable=True)
    beamLineOperator: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    visit_number: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10), nullable=True, server_default=text("0")
    )
    bltimeStamp: Mapped[datetime] = mapped_column(
        mysql.TIMESTAMP(), nullable=False, server_default=text("CURRENT_TIMESTAMP")
    )
    usedFlag: Mapped[int | None] = mapped_column(
        TINYINT(1),
        nullable=True,
        comment="indicates if session has Datacollections or XFE or EnergyScans attached",
    )
    sessionTitle: Mapped[str | None] = mapped_column(
        mysql.VARCHAR(255), nullable=True, comment="fx accounts only"
    )
    structureDeterminations: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    dewarTransport: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)
    databackupFrance: Mapped[float | None] = mapped_column(
        mysql.FLOAT(), nullable=True, comment="data backup and express delivery France"
    )
    databackupEurope: Mapped[float | None] = mapped_column(
        mysql.FLOAT(), nullable=True, comment="data backup and express delivery Europe"
    )
    operatorSiteNumber: Mapped[str | None] = mapped_column(
        mysql.VARCHAR(10), nullable=True, comment="matricule site"
    )
    lastUpdate: Mapped[datetime] = mapped_column(
        mysql.TIMESTAMP(),
        nullable=False,
        server_default=text("'0000-00-00 00:00:00'"),
        comment="last update timestamp: by default the end of the session, the last collect...",
    )
    protectedData: Mapped[str | None] = mapped_column(
        mysql.VARCHAR(1024), nullable=True, comment="indicates if the data are protected or not"
    )
    externalId: Mapped[bytes | None] = mapped_column(mysql.BINARY(16), nullable=True)
    nbReimbDewars: Mapped[int | None] = mapped_column(mysql.INTEGER(11), nullable=True)


class SessionHasPerson(Base):
    __tablename__ = "Session_has_Person"
    __table_args__ = (
        Index("ix_Session_has_Person_personId", "personId"),
        Index("ix_Session_has_Person_sessionId", "sessionId"),
    )

    sessionId: Mapped[int] = mapped_column(
        mysql.INTEGER(10),
        ForeignKey("BLSession.sessionId", ondelete="CASCADE", onupdate="CASCADE"),
        primary_key=True,
        autoincrement=False,
        server_default=text("0"),
    )
    personId: Mapped[int] = mapped_column(
        mysql.INTEGER(10),
        ForeignKey("Person.personId", ondelete="CASCADE", onupdate="CASCADE"),
        primary_key=True,
        autoincrement=False,
        server_default=text("0"),
    )
    role: Mapped[str | None] = mapped_column(
        Enum(
            "Local Contact",
            "Local Contact 2",
            "Staff",
            "Team Leader",
            "Co-Investigator",
            "Principal Investigator",
            "Alternate Contact",
        ),
        nullable=True,
    )
    remote: Mapped[int | None] = mapped_column(TINYINT(1), nullable=True, server_default=text("0"))
