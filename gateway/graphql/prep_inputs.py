"""Filter inputs of the sample-preparation lists, converted to `gateway.sql.prep.filters`."""

from __future__ import annotations

from enum import Enum

import strawberry

from gateway.graphql.pagination import Direction
from gateway.sql.prep import filters


def _many(values: list[int] | list[str] | None) -> tuple[object, ...] | None:
    return tuple(values) if values else None


@strawberry.input
class ShipmentFilter:
    proposal_id: list[int] | None = None
    status: list[str] | None = strawberry.field(default=None, description="Shipping.shippingStatus")
    session_id: int | None = strawberry.field(
        default=None, description="Shipments meant for this session (ShippingHasSession)."
    )
    text: str | None = strawberry.field(default=None, description="In name or comments.")

    def to_domain(self) -> filters.ShipmentFilter:
        return filters.ShipmentFilter(
            _many(self.proposal_id),  # type: ignore[arg-type]
            _many(self.status),  # type: ignore[arg-type]
            self.session_id,
            self.text,
        )


@strawberry.enum
class ShipmentOrderField(Enum):
    SHIPPING_ID = "shippingId"
    CREATION_DATE = "creationDate"
    NAME = "shippingName"


@strawberry.input
class ShipmentOrder:
    field: ShipmentOrderField = ShipmentOrderField.CREATION_DATE
    direction: Direction = Direction.DESC


@strawberry.input
class DewarFilter:
    proposal_id: list[int] | None = None
    shipping_id: list[int] | None = None
    status: list[str] | None = strawberry.field(default=None, description="Dewar.dewarStatus")

    def to_domain(self) -> filters.DewarFilter:
        return filters.DewarFilter(
            _many(self.proposal_id),  # type: ignore[arg-type]
            _many(self.shipping_id),  # type: ignore[arg-type]
            _many(self.status),  # type: ignore[arg-type]
        )


@strawberry.input
class SampleFilter:
    proposal_id: list[int] | None = strawberry.field(
        default=None, description="Samples whose protein belongs to these proposals."
    )
    container_id: list[int] | None = None
    dewar_id: list[int] | None = None
    shipping_id: list[int] | None = None
    session_id: int | None = strawberry.field(
        default=None,
        description="Samples collected in this session or shipped for it (ShippingHasSession).",
    )
    crystal_id: list[int] | None = None
    protein_id: list[int] | None = None
    text: str | None = strawberry.field(default=None, description="In name, code or comments.")

    def to_domain(self) -> filters.SampleFilter:
        return filters.SampleFilter(
            _many(self.proposal_id),  # type: ignore[arg-type]
            _many(self.container_id),  # type: ignore[arg-type]
            _many(self.dewar_id),  # type: ignore[arg-type]
            _many(self.shipping_id),  # type: ignore[arg-type]
            self.session_id,
            _many(self.crystal_id),  # type: ignore[arg-type]
            _many(self.protein_id),  # type: ignore[arg-type]
            self.text,
        )


@strawberry.input
class ProteinFilter:
    proposal_id: list[int] | None = None
    text: str | None = strawberry.field(default=None, description="In acronym or name.")

    def to_domain(self) -> filters.ProteinFilter:
        return filters.ProteinFilter(_many(self.proposal_id), self.text)  # type: ignore[arg-type]


@strawberry.input
class CrystalFilter:
    proposal_id: list[int] | None = None
    protein_id: list[int] | None = None

    def to_domain(self) -> filters.CrystalFilter:
        return filters.CrystalFilter(_many(self.proposal_id), _many(self.protein_id))  # type: ignore[arg-type]


@strawberry.input
class LabContactFilter:
    proposal_id: list[int] | None = None

    def to_domain(self) -> filters.LabContactFilter:
        return filters.LabContactFilter(_many(self.proposal_id))  # type: ignore[arg-type]
