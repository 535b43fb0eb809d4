"""Shipments, dewars, containers and lab contacts: how samples reach the beamline."""

from __future__ import annotations

from typing import Any

import strawberry

from gateway.graphql.columns import column_fields, from_row
from gateway.graphql.context import Info
from gateway.graphql.loaders import Loaders
from gateway.graphql.lookahead import each, maybe, settle, starts
from gateway.graphql.node import IspybNode
from gateway.graphql.types.proposal import Person, Proposal, Session
from gateway.graphql.types.sample import Sample
from gateway.sql import models as m

_S, _L, _D, _C, _B = m.Shipping, m.ShippingHasSession, m.Dewar, m.Container, m.BLSample


@starts("Shipment", "proposal", child="Proposal")
def _shipment_proposal(loaders: Loaders, shipment: Any) -> Any:
    return loaders.by_key(m.Proposal.proposalId).load(shipment.proposalId)


@starts("Shipment", "dewars")  # no child: Dewar.shipment (types/sample.py)
def _shipment_dewars(loaders: Loaders, shipment: Any) -> Any:
    return loaders.children(_D.shippingId, (_D.dewarId,)).load(shipment.shippingId)


@starts("Shipment", "sessions", child="ShipmentSession")
def _shipment_sessions(loaders: Loaders, shipment: Any) -> Any:
    return loaders.children(_L.shippingId, (_L.sessionId,)).load(shipment.shippingId)


@starts("Shipment", "sendingLabContact", child="LabContact")
def _shipment_sender(loaders: Loaders, shipment: Any) -> Any:
    if shipment.sendingLabContactId is None:
        return None
    return loaders.by_key(m.LabContact.labContactId).load(shipment.sendingLabContactId)


@starts("Shipment", "returnLabContact", child="LabContact")
def _shipment_return(loaders: Loaders, shipment: Any) -> Any:
    if shipment.returnLabContactId is None:
        return None
    return loaders.by_key(m.LabContact.labContactId).load(shipment.returnLabContactId)


@starts("ShipmentSession", "session", child="Session")
def _link_session(loaders: Loaders, link: Any) -> Any:
    return loaders.by_key(m.BLSession.sessionId).load(link.sessionId)


@starts("Dewar", "shipment", child="Shipment")
def _dewar_shipment(loaders: Loaders, dewar: Any) -> Any:
    if dewar.shippingId is None:
        return None
    return loaders.by_key(_S.shippingId).load(dewar.shippingId)


@starts("Dewar", "containers")  # no child: Container.dewar
def _dewar_containers(loaders: Loaders, dewar: Any) -> Any:
    return loaders.children(_C.dewarId, (_C.containerId,)).load(dewar.dewarId)


@starts("Dewar", "sampleCount")
def _dewar_sample_count(loaders: Loaders, dewar: Any) -> Any:
    return loaders.count(
        "dewar.sampleCount",
        lambda: loaders.under(_B.containerId).join(_C, _C.containerId == _B.containerId),
        _C.dewarId,
    ).load(dewar.dewarId)


@starts("Container", "dewar", child="Dewar")
def _container_dewar(loaders: Loaders, container: Any) -> Any:
    if container.dewarId is None:
        return None
    return loaders.by_key(_D.dewarId).load(container.dewarId)


@starts("Container", "samples")  # no child: Sample.container
def _container_samples(loaders: Loaders, container: Any) -> Any:
    return loaders.children(_B.containerId, (_B.location, _B.blSampleId)).load(
        container.containerId
    )


@starts("Container", "sampleCount")
def _container_sample_count(loaders: Loaders, container: Any) -> Any:
    return loaders.count(
        "container.sampleCount", lambda: loaders.under(_B.containerId), _B.containerId
    ).load(container.containerId)


@starts("LabContact", "person", child="Person")
def _contact_person(loaders: Loaders, contact: Any) -> Any:
    return loaders.by_key(m.Person.personId).load(contact.personId)


@strawberry.type(description="A proposal's contact card for shipping (ISPyB LabContact).")
@column_fields(m.LabContact, key=m.LabContact.labContactId)
class LabContact(IspybNode):
    labContactId: int
    personId: int

    @strawberry.field(description="The person on the card.")
    def person(self, info: Info) -> Person | None:
        return settle(_contact_person(info.context.loaders, self), maybe(Person.from_row))  # type: ignore[return-value]


@strawberry.type(description="A session a shipment is meant for (ISPyB ShippingHasSession).")
@column_fields(m.ShippingHasSession, exclude={"shippingId"})
class ShipmentSession:
    sessionId: int

    @strawberry.field
    def session(self, info: Info) -> Session | None:
        return settle(_link_session(info.context.loaders, self), maybe(Session.from_row))  # type: ignore[return-value]


def _link(row: Any) -> ShipmentSession:
    return from_row(ShipmentSession, row)


@strawberry.type(description="A shipment of dewars from a lab to the facility (ISPyB Shipping).")
@column_fields(m.Shipping, key=m.Shipping.shippingId)
class Shipment(IspybNode):
    shippingId: int
    proposalId: int
    sendingLabContactId: int | None
    returnLabContactId: int | None

    @strawberry.field
    def proposal(self, info: Info) -> Proposal | None:
        return settle(_shipment_proposal(info.context.loaders, self), maybe(Proposal.from_row))  # type: ignore[return-value]

    @strawberry.field(description="The dewars of this shipment.")
    def dewars(self, info: Info) -> list[Dewar]:
        return settle(_shipment_dewars(info.context.loaders, self), each(Dewar.from_row))  # type: ignore[return-value]

    @strawberry.field(description="Sessions this shipment is meant for.")
    def sessions(self, info: Info) -> list[ShipmentSession]:
        return settle(  # type: ignore[return-value]
            _shipment_sessions(info.context.loaders, self), each(_link)
        )

    @strawberry.field
    def sending_lab_contact(self, info: Info) -> LabContact | None:
        return settle(_shipment_sender(info.context.loaders, self), maybe(LabContact.from_row))  # type: ignore[return-value]

    @strawberry.field
    def return_lab_contact(self, info: Info) -> LabContact | None:
        return settle(_shipment_return(info.context.loaders, self), maybe(LabContact.from_row))  # type: ignore[return-value]


@strawberry.type(description="A dewar of a shipment (ISPyB Dewar).")
@column_fields(m.Dewar, key=m.Dewar.dewarId)
class Dewar(IspybNode):
    dewarId: int
    shippingId: int | None

    @strawberry.field
    def shipment(self, info: Info) -> Shipment | None:
        return settle(_dewar_shipment(info.context.loaders, self), maybe(Shipment.from_row))  # type: ignore[return-value]

    @strawberry.field(description="The containers (pucks) in this dewar.")
    def containers(self, info: Info) -> list[Container]:
        return settle(_dewar_containers(info.context.loaders, self), each(Container.from_row))  # type: ignore[return-value]

    @strawberry.field(
        description="Samples in this dewar's containers, as v_dewar_summary counts them "
        "(counted in SQL)."
    )
    def sample_count(self, info: Info) -> int:
        return settle(_dewar_sample_count(info.context.loaders, self), int)  # type: ignore[return-value]


@strawberry.type(
    description="A container (puck, plate) of a dewar, and where it sits in a beamline's "
    "sample changer (ISPyB Container)."
)
@column_fields(m.Container, key=m.Container.containerId)
class Container(IspybNode):
    containerId: int
    dewarId: int | None

    @strawberry.field
    def dewar(self, info: Info) -> Dewar | None:
        return settle(_container_dewar(info.context.loaders, self), maybe(Dewar.from_row))  # type: ignore[return-value]

    @strawberry.field(description="The samples in this container, by location.")
    def samples(self, info: Info) -> list[Sample]:
        return settle(_container_samples(info.context.loaders, self), each(Sample.from_row))  # type: ignore[return-value]

    @strawberry.field(description="Number of samples in this container (counted in SQL).")
    def sample_count(self, info: Info) -> int:
        return settle(_container_sample_count(info.context.loaders, self), int)  # type: ignore[return-value]
