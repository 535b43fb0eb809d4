"""Shipments, dewars and containers (pucks), lab contacts and diffraction plans.

The official ISPyB tables (ispyb-database, schema/1_tables.sql) that sample
preparation writes and MXCuBE's "synchronise with LIMS" reads: a proposal ships
dewars, each holding containers of samples; a container is placed in a
beamline's sample changer (`beamlineLocation`, `sampleChangerLocation`).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Enum, ForeignKey, Index, Integer, Text, text
from sqlalchemy.dialects import mysql
from sqlalchemy.orm import Mapped, mapped_column

from gateway.sql.base import Base
from gateway.sql.models._types import double, key_int, tinyint

_MYSQL = ("mysql", "mariadb")  # the rest (SQLite, the demo) gets the generic type
_TABLE = {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4"}


class LabContact(Base):
    """A proposal's contact card: who ships and receives dewars, and how they are billed."""

    __tablename__ = "LabContact"
    __table_args__ = (
        Index("personAndProposal", "personId", "proposalId", unique=True),
        Index("cardNameAndProposal", "cardName", "proposalId", unique=True),
        Index("LabContact_FKIndex1", "proposalId"),
        _TABLE,
    )

    labContactId: Mapped[int] = mapped_column(key_int(10), primary_key=True)
    personId: Mapped[int] = mapped_column(
        mysql.INTEGER(10, unsigned=True),
        ForeignKey("Person.personId", name="LabContact_ibfk_1", ondelete="CASCADE"),
        nullable=False,
    )
    cardName: Mapped[str] = mapped_column(mysql.VARCHAR(40), nullable=False)
    proposalId: Mapped[int] = mapped_column(
        mysql.INTEGER(10, unsigned=True),
        ForeignKey("Proposal.proposalId", name="LabContact_ibfk_2", ondelete="CASCADE"),
        nullable=False,
    )
    defaultCourrierCompany: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    courierAccount: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    billingReference: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    dewarAvgCustomsValue: Mapped[int] = mapped_column(
        mysql.INTEGER(10, unsigned=True), nullable=False, server_default=text("0")
    )
    dewarAvgTransportValue: Mapped[int] = mapped_column(
        mysql.INTEGER(10, unsigned=True), nullable=False, server_default=text("0")
    )
    recordTimeStamp: Mapped[datetime] = mapped_column(
        mysql.TIMESTAMP(),
        nullable=False,
        server_default=text("CURRENT_TIMESTAMP"),
        comment="Creation or last update date/time",
    )


class Shipping(Base):
    """A shipment of dewars from a proposal's lab to the facility."""

    __tablename__ = "Shipping"
    __table_args__ = (
        Index("Shipping_FKIndex1", "proposalId"),
        Index("laboratoryId", "laboratoryId"),
        Index("Shipping_FKIndex2", "sendingLabContactId"),
        Index("Shipping_FKIndex3", "returnLabContactId"),
        Index("Shipping_FKIndexCreationDate", "creationDate"),
        Index("Shipping_FKIndexName", "shippingName"),
        Index("Shipping_FKIndexStatus", "shippingStatus"),
        _TABLE,
    )

    shippingId: Mapped[int] = mapped_column(key_int(10), primary_key=True)
    proposalId: Mapped[int] = mapped_column(
        mysql.INTEGER(10, unsigned=True),
        ForeignKey(
            "Proposal.proposalId", name="Shipping_ibfk_1", ondelete="CASCADE", onupdate="CASCADE"
        ),
        nullable=False,
        server_default=text("0"),
    )
    shippingName: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    deliveryAgent_agentName: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    deliveryAgent_shippingDate: Mapped[date | None] = mapped_column(mysql.DATE(), nullable=True)
    deliveryAgent_deliveryDate: Mapped[date | None] = mapped_column(mysql.DATE(), nullable=True)
    deliveryAgent_agentCode: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    deliveryAgent_flightCode: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    shippingStatus: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    bltimeStamp: Mapped[datetime | None] = mapped_column(mysql.DATETIME(), nullable=True)
    laboratoryId: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10, unsigned=True), nullable=True
    )
    isStorageShipping: Mapped[int | None] = mapped_column(
        tinyint(1), nullable=True, server_default=text("0")
    )
    creationDate: Mapped[datetime | None] = mapped_column(mysql.DATETIME(), nullable=True)
    comments: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    sendingLabContactId: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10, unsigned=True),
        ForeignKey("LabContact.labContactId", name="Shipping_ibfk_2", ondelete="CASCADE"),
        nullable=True,
    )
    returnLabContactId: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10, unsigned=True),
        ForeignKey("LabContact.labContactId", name="Shipping_ibfk_3", ondelete="CASCADE"),
        nullable=True,
    )
    returnCourier: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    dateOfShippingToUser: Mapped[datetime | None] = mapped_column(mysql.DATETIME(), nullable=True)
    shippingType: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    safetyLevel: Mapped[str | None] = mapped_column(mysql.VARCHAR(8), nullable=True)


class ShippingHasSession(Base):
    """A shipment meant for a session."""

    __tablename__ = "ShippingHasSession"
    __table_args__ = (
        Index("ShippingHasSession_FKIndex1", "shippingId"),
        Index("ShippingHasSession_FKIndex2", "sessionId"),
        _TABLE,
    )

    shippingId: Mapped[int] = mapped_column(
        mysql.INTEGER(10, unsigned=True),
        ForeignKey("Shipping.shippingId", name="ShippingHasSession_ibfk_1", ondelete="CASCADE"),
        primary_key=True,
        autoincrement=False,
    )
    sessionId: Mapped[int] = mapped_column(
        mysql.INTEGER(10, unsigned=True),
        ForeignKey("BLSession.sessionId", name="ShippingHasSession_ibfk_2", ondelete="CASCADE"),
        primary_key=True,
        autoincrement=False,
    )


class Dewar(Base):
    """A dewar (or toolbox) of a shipment."""

    __tablename__ = "Dewar"
    __table_args__ = (
        Index("barCode", "barCode", unique=True),
        Index("Dewar_FKIndex1", "shippingId"),
        Index("Dewar_FKIndex2", "firstExperimentId"),
        Index("Dewar_FKIndexStatus", "dewarStatus"),
        Index("Dewar_FKIndexCode", "code"),
        _TABLE,
    )

    dewarId: Mapped[int] = mapped_column(key_int(10), primary_key=True)
    shippingId: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10, unsigned=True),
        ForeignKey(
            "Shipping.shippingId", name="Dewar_ibfk_1", ondelete="CASCADE", onupdate="CASCADE"
        ),
        nullable=True,
    )
    code: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    comments: Mapped[str | None] = mapped_column(
        Text().with_variant(mysql.TINYTEXT(), *_MYSQL), nullable=True
    )
    storageLocation: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    dewarStatus: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    bltimeStamp: Mapped[datetime | None] = mapped_column(
        mysql.TIMESTAMP(), nullable=True, server_default=text("CURRENT_TIMESTAMP")
    )
    isStorageDewar: Mapped[int | None] = mapped_column(
        tinyint(1), nullable=True, server_default=text("0")
    )
    barCode: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    firstExperimentId: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10, unsigned=True),
        ForeignKey(
            "BLSession.sessionId", name="Dewar_ibfk_2", ondelete="CASCADE", onupdate="CASCADE"
        ),
        nullable=True,
    )
    customsValue: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10, unsigned=True), nullable=True
    )
    transportValue: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10, unsigned=True), nullable=True
    )
    trackingNumberToSynchrotron: Mapped[str | None] = mapped_column(
        mysql.VARCHAR(30), nullable=True
    )
    trackingNumberFromSynchrotron: Mapped[str | None] = mapped_column(
        mysql.VARCHAR(30), nullable=True
    )
    facilityCode: Mapped[str | None] = mapped_column(
        mysql.VARCHAR(20), nullable=True, comment="Unique barcode assigned to each dewar"
    )
    type: Mapped[str] = mapped_column(
        Enum("Dewar", "Toolbox"), nullable=False, server_default=text("'Dewar'")
    )
    isReimbursed: Mapped[int | None] = mapped_column(
        tinyint(1),
        nullable=True,
        server_default=text("0"),
        comment="set this dewar as reimbursed by the user office",
    )


class Container(Base):
    """A container (puck, plate...) of a dewar; where it sits in a beamline's sample changer."""

    __tablename__ = "Container"
    __table_args__ = (
        Index("Container_UNIndex1", "barcode", unique=True),
        Index("Container_FKIndex1", "dewarId"),
        Index("Container_FKIndex", "beamlineLocation"),
        Index("Container_FKIndexStatus", "containerStatus"),
        Index("Container_ibfk6", "sessionId"),
        Index("Container_ibfk5", "ownerId"),
        _TABLE,
    )

    containerId: Mapped[int] = mapped_column(key_int(10), primary_key=True)
    dewarId: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10, unsigned=True),
        ForeignKey(
            "Dewar.dewarId", name="Container_ibfk_1", ondelete="CASCADE", onupdate="CASCADE"
        ),
        nullable=True,
    )
    code: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    containerType: Mapped[str | None] = mapped_column(mysql.VARCHAR(20), nullable=True)
    capacity: Mapped[int | None] = mapped_column(mysql.INTEGER(10, unsigned=True), nullable=True)
    beamlineLocation: Mapped[str | None] = mapped_column(mysql.VARCHAR(20), nullable=True)
    sampleChangerLocation: Mapped[str | None] = mapped_column(mysql.VARCHAR(20), nullable=True)
    containerStatus: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    bltimeStamp: Mapped[datetime | None] = mapped_column(mysql.DATETIME(), nullable=True)
    barcode: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    sessionId: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10, unsigned=True),
        ForeignKey("BLSession.sessionId", name="Container_ibfk6", ondelete="CASCADE"),
        nullable=True,
    )
    ownerId: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10, unsigned=True),
        ForeignKey("Person.personId", name="Container_ibfk5", ondelete="CASCADE"),
        nullable=True,
    )
    screenId: Mapped[int | None] = mapped_column(mysql.INTEGER(10, unsigned=True), nullable=True)
    scheduleId: Mapped[int | None] = mapped_column(mysql.INTEGER(10, unsigned=True), nullable=True)
    imagerId: Mapped[int | None] = mapped_column(mysql.INTEGER(10, unsigned=True), nullable=True)
    scLocationUpdated: Mapped[datetime | None] = mapped_column(mysql.DATETIME(), nullable=True)
    requestedImagerId: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10, unsigned=True), nullable=True
    )
    requestedReturn: Mapped[int | None] = mapped_column(
        tinyint(1),
        nullable=True,
        server_default=text("0"),
        comment="True for requesting return, False means container will be disposed",
    )
    comments: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    experimentType: Mapped[str | None] = mapped_column(mysql.VARCHAR(20), nullable=True)
    storageTemperature: Mapped[float | None] = mapped_column(mysql.FLOAT(), nullable=True)


EXPERIMENT_KINDS = (
    "Default",
    "MXPressE",
    "MXPressF",
    "MXPressO",
    "MXPressP",
    "MXPressP_SAD",
    "MXPressI",
    "MXPressE_SAD",
    "MXScore",
    "MXPressM",
    "MAD",
    "SAD",
    "Fixed",
    "Ligand binding",
    "Refinement",
    "OSC",
    "MAD - Inverse Beam",
    "SAD - Inverse Beam",
)


def _float(comment: str | None = None) -> Mapped[float | None]:
    return mapped_column(mysql.FLOAT(), nullable=True, comment=comment)


def _double(comment: str | None = None) -> Mapped[float | None]:
    return mapped_column(double(), nullable=True, comment=comment)


class DiffractionPlan(Base):
    """What a user asks of a sample or crystal: resolution, completeness, experiment kind..."""

    __tablename__ = "DiffractionPlan"
    __table_args__ = (_TABLE,)

    diffractionPlanId: Mapped[int] = mapped_column(key_int(10), primary_key=True)
    xmlDocumentId: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10, unsigned=True), nullable=True
    )
    experimentKind: Mapped[str | None] = mapped_column(Enum(*EXPERIMENT_KINDS), nullable=True)
    observedResolution: Mapped[float | None] = _float()
    minimalResolution: Mapped[float | None] = _float()
    exposureTime: Mapped[float | None] = _float()
    oscillationRange: Mapped[float | None] = _float()
    maximalResolution: Mapped[float | None] = _float()
    screeningResolution: Mapped[float | None] = _float()
    radiationSensitivity: Mapped[float | None] = _float()
    anomalousScatterer: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    preferredBeamSizeX: Mapped[float | None] = _float()
    preferredBeamSizeY: Mapped[float | None] = _float()
    preferredBeamDiameter: Mapped[float | None] = _float()
    comments: Mapped[str | None] = mapped_column(mysql.VARCHAR(1024), nullable=True)
    aimedCompleteness: Mapped[float | None] = _double()
    aimedIOverSigmaAtHighestRes: Mapped[float | None] = _double()
    aimedMultiplicity: Mapped[float | None] = _double()
    aimedResolution: Mapped[float | None] = _double()
    anomalousData: Mapped[int | None] = mapped_column(
        tinyint(1), nullable=True, server_default=text("0")
    )
    complexity: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    estimateRadiationDamage: Mapped[int | None] = mapped_column(
        tinyint(1), nullable=True, server_default=text("0")
    )
    forcedSpaceGroup: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    requiredCompleteness: Mapped[float | None] = _double()
    requiredMultiplicity: Mapped[float | None] = _double()
    requiredResolution: Mapped[float | None] = _double()
    strategyOption: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    kappaStrategyOption: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    numberOfPositions: Mapped[int | None] = mapped_column(mysql.INTEGER(11), nullable=True)
    minDimAccrossSpindleAxis: Mapped[float | None] = _double(
        "minimum dimension accross the spindle axis"
    )
    maxDimAccrossSpindleAxis: Mapped[float | None] = _double(
        "maximum dimension accross the spindle axis"
    )
    radiationSensitivityBeta: Mapped[float | None] = _double()
    radiationSensitivityGamma: Mapped[float | None] = _double()
    minOscWidth: Mapped[float | None] = _float()
    recordTimeStamp: Mapped[datetime] = mapped_column(
        mysql.TIMESTAMP(),
        nullable=False,
        server_default=text("CURRENT_TIMESTAMP"),
        comment="Creation or last update date/time",
    )
    diffractionPlanUUID: Mapped[str | None] = mapped_column(mysql.VARCHAR(1000), nullable=True)
    dataCollectionPlanGroupId: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10, unsigned=True), nullable=True
    )
    detectorId: Mapped[int | None] = mapped_column(mysql.INTEGER(11), nullable=True)
    distance: Mapped[float | None] = _double()
    orientation: Mapped[float | None] = _double()
    monoBandwidth: Mapped[float | None] = _double()
    monochromator: Mapped[str | None] = mapped_column(
        mysql.VARCHAR(8), nullable=True, comment="DMM or DCM"
    )
    energy: Mapped[float | None] = _float("eV")
    transmission: Mapped[float | None] = _float("Decimal fraction in range [0,1]")
    boxSizeX: Mapped[float | None] = _float("microns")
    boxSizeY: Mapped[float | None] = _float("microns")
    kappaStart: Mapped[float | None] = _float("degrees")
    axisStart: Mapped[float | None] = _float("degrees")
    axisRange: Mapped[float | None] = _float("degrees")
    numberOfImages: Mapped[int | None] = mapped_column(
        Integer().with_variant(mysql.MEDIUMINT(9), *_MYSQL),
        nullable=True,
        comment="The number of images requested",
    )
    presetForProposalId: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10, unsigned=True),
        nullable=True,
        comment="Indicates this plan is available to all sessions on given proposal",
    )
    beamLineName: Mapped[str | None] = mapped_column(
        mysql.VARCHAR(45),
        nullable=True,
        comment="Indicates this plan is available to all sessions on given beamline",
    )
    userPath: Mapped[str | None] = mapped_column(
        mysql.VARCHAR(100),
        nullable=True,
        comment='User-specified relative "root" path inside the session directory to be used '
        "for holding collected data",
    )
