"""Proposals, beamline sessions and who belongs to them."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Enum, ForeignKey, Index, text
from sqlalchemy.dialects import mysql
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gateway.sql.base import Base
from gateway.sql.models._types import key_int, tinyint

if TYPE_CHECKING:
    from gateway.sql.models.collection import DataCollectionGroup
    from gateway.sql.models.people import Person
    from gateway.sql.models.sample import Protein


class Proposal(Base):
    """A proposal (e.g. mx2112): the unit of access to data."""

    __tablename__ = "Proposal"
    __table_args__ = (
        Index("Proposal_FKIndex1", "personId"),
        Index("Proposal_FKIndexCodeNumber", "proposalCode", "proposalNumber"),
        {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4"},
    )

    proposalId: Mapped[int] = mapped_column(key_int(10), primary_key=True)
    personId: Mapped[int] = mapped_column(
        mysql.INTEGER(10, unsigned=True),
        ForeignKey(
            "Person.personId", name="Proposal_ibfk_1", ondelete="CASCADE", onupdate="CASCADE"
        ),
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

    person: Mapped[Person] = relationship(back_populates="proposals", lazy="raise")
    sessions: Mapped[list[BLSession]] = relationship(
        back_populates="proposal", passive_deletes=True, lazy="raise"
    )
    personLinks: Mapped[list[ProposalHasPerson]] = relationship(
        back_populates="proposal", passive_deletes=True, lazy="raise"
    )
    proteins: Mapped[list[Protein]] = relationship(
        back_populates="proposal", passive_deletes=True, lazy="raise"
    )


class ProposalHasPerson(Base):
    """A person who is a member of a proposal."""

    __tablename__ = "ProposalHasPerson"
    __table_args__ = (
        Index("fk_ProposalHasPerson_Proposal", "proposalId"),
        Index("fk_ProposalHasPerson_Personal", "personId"),
        {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4"},
    )

    proposalHasPersonId: Mapped[int] = mapped_column(key_int(10), primary_key=True)
    proposalId: Mapped[int] = mapped_column(
        mysql.INTEGER(10, unsigned=True),
        ForeignKey("Proposal.proposalId", name="fk_ProposalHasPerson_Proposal", ondelete="CASCADE"),
        nullable=False,
    )
    personId: Mapped[int] = mapped_column(
        mysql.INTEGER(10, unsigned=True),
        ForeignKey("Person.personId", name="fk_ProposalHasPerson_Personal", ondelete="CASCADE"),
        nullable=False,
    )

    proposal: Mapped[Proposal] = relationship(back_populates="personLinks", lazy="raise")
    person: Mapped[Person] = relationship(back_populates="proposalLinks", lazy="raise")


class BLSession(Base):
    """A beamline session (visit) of a proposal."""

    __tablename__ = "BLSession"
    __table_args__ = (
        Index("Session_FKIndex1", "proposalId"),
        Index("Session_FKIndex2", "beamLineSetupId"),
        Index("Session_FKIndexStartDate", "startDate"),
        Index("Session_FKIndexEndDate", "endDate"),
        Index("Session_FKIndexBeamLineName", "beamLineName"),
        Index("BLSession_FKIndexOperatorSiteNumber", "operatorSiteNumber"),
        Index("nbShifts", "nbShifts"),
        {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4"},
    )

    sessionId: Mapped[int] = mapped_column(key_int(10), primary_key=True)
    expSessionPk: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10, unsigned=True), nullable=True, comment="smis session Pk "
    )
    beamLineSetupId: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10, unsigned=True),
        ForeignKey(
            "BeamLineSetup.beamLineSetupId",
            name="BLSession_ibfk_2",
            ondelete="CASCADE",
            onupdate="CASCADE",
        ),
        nullable=True,
    )
    proposalId: Mapped[int] = mapped_column(
        mysql.INTEGER(10, unsigned=True),
        ForeignKey(
            "Proposal.proposalId", name="BLSession_ibfk_1", ondelete="CASCADE", onupdate="CASCADE"
        ),
        nullable=False,
        server_default=text("0"),
    )
    projectCode: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    startDate: Mapped[datetime | None] = mapped_column(mysql.DATETIME(), nullable=True)
    endDate: Mapped[datetime | None] = mapped_column(mysql.DATETIME(), nullable=True)
    beamLineName: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    scheduled: Mapped[int | None] = mapped_column(tinyint(1), nullable=True)
    nbShifts: Mapped[int | None] = mapped_column(mysql.INTEGER(10, unsigned=True), nullable=True)
    comments: Mapped[str | None] = mapped_column(mysql.VARCHAR(2000), nullable=True)
    beamLineOperator: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    visit_number: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10, unsigned=True), nullable=True, server_default=text("0")
    )
    bltimeStamp: Mapped[datetime] = mapped_column(
        mysql.TIMESTAMP(), nullable=False, server_default=text("CURRENT_TIMESTAMP")
    )
    usedFlag: Mapped[int | None] = mapped_column(
        tinyint(1),
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

    proposal: Mapped[Proposal] = relationship(back_populates="sessions", lazy="raise")
    personLinks: Mapped[list[SessionHasPerson]] = relationship(
        back_populates="session", passive_deletes=True, lazy="raise"
    )
    dataCollectionGroups: Mapped[list[DataCollectionGroup]] = relationship(
        back_populates="session", passive_deletes=True, lazy="raise"
    )


class SessionHasPerson(Base):
    """A person taking part in a session, with a role."""

    __tablename__ = "Session_has_Person"
    __table_args__ = (
        Index("Session_has_Person_FKIndex1", "sessionId"),
        Index("Session_has_Person_FKIndex2", "personId"),
        {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4"},
    )

    sessionId: Mapped[int] = mapped_column(
        mysql.INTEGER(10, unsigned=True),
        ForeignKey(
            "BLSession.sessionId",
            name="Session_has_Person_ibfk_1",
            ondelete="CASCADE",
            onupdate="CASCADE",
        ),
        primary_key=True,
        autoincrement=False,
        server_default=text("0"),
    )
    personId: Mapped[int] = mapped_column(
        mysql.INTEGER(10, unsigned=True),
        ForeignKey(
            "Person.personId",
            name="Session_has_Person_ibfk_2",
            ondelete="CASCADE",
            onupdate="CASCADE",
        ),
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
    remote: Mapped[int | None] = mapped_column(tinyint(1), nullable=True, server_default=text("0"))

    session: Mapped[BLSession] = relationship(back_populates="personLinks", lazy="raise")
    person: Mapped[Person] = relationship(back_populates="sessionLinks", lazy="raise")
