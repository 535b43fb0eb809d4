"""Filters of the sample-preparation lists, as plain values (gateway.sql.filters' pattern)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, select

from gateway.sql import models as m
from gateway.sql.filters import text_search


def _in(column: Any, values: tuple[Any, ...] | None) -> list[Any]:
    return [column.in_(values)] if values else []


@dataclass(frozen=True)
class ShipmentFilter:
    proposal_id: tuple[int, ...] | None = None
    status: tuple[str, ...] | None = None
    session_id: int | None = None
    text: str | None = None

    def apply(self, stmt: Select[Any]) -> Select[Any]:
        s = m.Shipping
        conditions = [*_in(s.proposalId, self.proposal_id), *_in(s.shippingStatus, self.status)]
        if self.session_id is not None:
            link = m.ShippingHasSession
            conditions.append(
                s.shippingId.in_(select(link.shippingId).where(link.sessionId == self.session_id))
            )
        conditions += text_search(self.text, s.shippingName, s.comments)
        return stmt.where(*conditions)


@dataclass(frozen=True)
class DewarFilter:
    proposal_id: tuple[int, ...] | None = None
    shipping_id: tuple[int, ...] | None = None
    status: tuple[str, ...] | None = None

    def apply(self, stmt: Select[Any]) -> Select[Any]:
        d = m.Dewar
        conditions = [*_in(d.shippingId, self.shipping_id), *_in(d.dewarStatus, self.status)]
        if self.proposal_id:
            conditions.append(
                d.shippingId.in_(
                    select(m.Shipping.shippingId).where(m.Shipping.proposalId.in_(self.proposal_id))
                )
            )
        return stmt.where(*conditions)


@dataclass(frozen=True)
class SampleFilter:
    """The `samples` list: by proposal (the protein's), container, dewar, shipment, session
    (collected in it, or in a shipment meant for it), crystal, protein, or text."""

    proposal_id: tuple[int, ...] | None = None
    container_id: tuple[int, ...] | None = None
    dewar_id: tuple[int, ...] | None = None
    shipping_id: tuple[int, ...] | None = None
    session_id: int | None = None
    crystal_id: tuple[int, ...] | None = None
    protein_id: tuple[int, ...] | None = None
    text: str | None = None

    def apply(self, stmt: Select[Any]) -> Select[Any]:
        b, c, d, x, p = m.BLSample, m.Container, m.Dewar, m.Crystal, m.Protein
        conditions = [*_in(b.containerId, self.container_id), *_in(b.crystalId, self.crystal_id)]
        if self.protein_id:
            conditions.append(
                b.crystalId.in_(select(x.crystalId).where(x.proteinId.in_(self.protein_id)))
            )
        if self.proposal_id:
            conditions.append(
                b.crystalId.in_(
                    select(x.crystalId)
                    .join(p, p.proteinId == x.proteinId)
                    .where(p.proposalId.in_(self.proposal_id))
                )
            )
        if self.dewar_id:
            conditions.append(
                b.containerId.in_(select(c.containerId).where(c.dewarId.in_(self.dewar_id)))
            )
        if self.shipping_id:
            conditions.append(
                b.containerId.in_(
                    select(c.containerId)
                    .join(d, d.dewarId == c.dewarId)
                    .where(d.shippingId.in_(self.shipping_id))
                )
            )
        if self.session_id is not None:
            g, link = m.DataCollectionGroup, m.ShippingHasSession
            shipped = (
                select(c.containerId)
                .join(d, d.dewarId == c.dewarId)
                .join(link, link.shippingId == d.shippingId)
                .where(link.sessionId == self.session_id)
            )
            collected = select(g.blSampleId).where(g.sessionId == self.session_id)
            conditions.append(b.blSampleId.in_(collected) | b.containerId.in_(shipped))
        conditions += text_search(self.text, b.name, b.code, b.comments)
        return stmt.where(*conditions)


@dataclass(frozen=True)
class ProteinFilter:
    proposal_id: tuple[int, ...] | None = None
    text: str | None = None

    def apply(self, stmt: Select[Any]) -> Select[Any]:
        p = m.Protein
        return stmt.where(
            *_in(p.proposalId, self.proposal_id), *text_search(self.text, p.acronym, p.name)
        )


@dataclass(frozen=True)
class CrystalFilter:
    proposal_id: tuple[int, ...] | None = None
    protein_id: tuple[int, ...] | None = None

    def apply(self, stmt: Select[Any]) -> Select[Any]:
        x, p = m.Crystal, m.Protein
        conditions = _in(x.proteinId, self.protein_id)
        if self.proposal_id:
            conditions.append(
                x.proteinId.in_(select(p.proteinId).where(p.proposalId.in_(self.proposal_id)))
            )
        return stmt.where(*conditions)


@dataclass(frozen=True)
class LabContactFilter:
    proposal_id: tuple[int, ...] | None = None

    def apply(self, stmt: Select[Any]) -> Select[Any]:
        return stmt.where(*_in(m.LabContact.proposalId, self.proposal_id))
