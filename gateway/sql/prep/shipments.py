"""Shipments, dewars and containers: create, change, delete, status, sample-changer place.

Each function is one transaction, validated first (`core.Problems`), checked for
who may write (`core.writable`), logged (`core.audit`), and returns the rows it
changed, so a UI needs no second query.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from gateway.errors import BadUserInput, Conflict
from gateway.sql import models as m
from gateway.sql.access import Who
from gateway.sql.prep.core import (
    Problems,
    audit,
    new_id,
    now,
    proposal_for_create,
    row_of,
    writable,
)
from gateway.sql.reads import Database, Row

_S, _L, _D, _C, _B = m.Shipping, m.ShippingHasSession, m.Dewar, m.Container, m.BLSample
Naming = Callable[[str], str]

OPENED = "opened"  # a new shipment's status, as the Java server sets it


async def _lab_contacts_of(
    conn: AsyncConnection, proposal_id: int, values: Mapping[str, Any], problems: Problems
) -> None:
    for key in ("sendingLabContactId", "returnLabContactId"):
        contact = values.get(key)
        if contact is None:
            continue
        found = await conn.execute(
            select(m.LabContact.labContactId).where(
                m.LabContact.labContactId == contact, m.LabContact.proposalId == proposal_id
            )
        )
        if found.first() is None:
            problems.add(f"input.{key}", f"no lab contact {contact} in proposal {proposal_id}")


async def _sessions_of(
    conn: AsyncConnection, proposal_id: int, session_ids: Sequence[int], problems: Problems
) -> None:
    found = await conn.execute(
        select(m.BLSession.sessionId).where(
            m.BLSession.sessionId.in_(session_ids), m.BLSession.proposalId == proposal_id
        )
    )
    missing = set(session_ids) - {r[0] for r in found}
    for sid in sorted(missing):
        problems.add("input.sessionIds", f"no session {sid} in proposal {proposal_id}")


async def save_shipment(
    db: Database,
    who: Who,
    shipping_id: int | None,
    proposal_id: int | None,
    values: Mapping[str, Any],
    session_ids: Sequence[int] | None,
    name: Naming = str,
) -> Row:
    """Create (with `proposal_id`) or change a shipment; `session_ids` replaces the sessions
    it is meant for (None: unchanged). New shipments are `opened` and dated now."""
    problems = Problems(name)
    if (shipping_id is None) == (proposal_id is None):
        raise BadUserInput(
            "give `shippingId` to change a shipment or `proposalId` to create one",
            argument="input",
        )
    problems.check(db, _S, values, "input")
    if shipping_id is None and not values.get("shippingName"):
        problems.add("input.shippingName", "a new shipment needs a name")
    async with db.begin() as conn:
        if shipping_id is not None:
            proposal = await writable(conn, who, _S, shipping_id, what="Shipment")
        else:
            assert proposal_id is not None
            await proposal_for_create(conn, who, proposal_id)
            proposal = proposal_id
        await _lab_contacts_of(conn, proposal, values, problems)
        if session_ids:
            await _sessions_of(conn, proposal, session_ids, problems)
        problems.raise_if_any()
        if shipping_id is None:
            stamp = now()
            result = await conn.execute(
                insert(_S).values(
                    {
                        "shippingStatus": OPENED,
                        **values,
                        "proposalId": proposal,
                        "creationDate": stamp,
                        "bltimeStamp": stamp,
                    }
                )
            )
            shipping_id = new_id(result)
        elif values:
            await conn.execute(
                update(_S)
                .where(_S.shippingId == shipping_id)
                .values({**values, "bltimeStamp": now()})
            )
        if session_ids is not None:
            await conn.execute(delete(_L).where(_L.shippingId == shipping_id))
            if session_ids:
                await conn.execute(
                    insert(_L), [{"shippingId": shipping_id, "sessionId": s} for s in session_ids]
                )
        row = await row_of(conn, _S, shipping_id)
    audit(who, "saveShipment", shippingId=shipping_id, fields=sorted(values))
    return row


async def _refuse_collected(conn: AsyncConnection, samples: Any, what: str) -> None:
    """Deleting a sample deletes its data collections (the official keys cascade): refused."""
    g = m.DataCollectionGroup
    found = await conn.execute(select(g.blSampleId).where(g.blSampleId.in_(samples)).limit(1))
    hit = found.first()
    if hit is not None:
        raise Conflict(
            f"{what} holds sample {hit[0]}, which has data collections: it cannot be deleted"
        )


def _containers_of_shipment(shipping_id: int) -> Any:
    return (
        select(_C.containerId)
        .join(_D, _D.dewarId == _C.dewarId)
        .where(_D.shippingId == shipping_id)
    )


async def _delete_containers(conn: AsyncConnection, containers: Any, what: str) -> None:
    samples = select(_B.blSampleId).where(_B.containerId.in_(containers))
    await _refuse_collected(conn, samples, what)
    await conn.execute(delete(_B).where(_B.containerId.in_(containers)))
    await conn.execute(delete(_C).where(_C.containerId.in_(containers)))


async def delete_shipment(db: Database, who: Who, shipping_id: int) -> int:
    """Delete a shipment with its dewars, containers and samples; refused (CONFLICT) when one
    of its samples has data collections."""
    async with db.begin() as conn:
        await writable(conn, who, _S, shipping_id, what="Shipment")
        await _delete_containers(
            conn, _containers_of_shipment(shipping_id), f"shipment {shipping_id}"
        )
        await conn.execute(delete(_D).where(_D.shippingId == shipping_id))
        await conn.execute(delete(_L).where(_L.shippingId == shipping_id))
        await conn.execute(delete(_S).where(_S.shippingId == shipping_id))
    audit(who, "deleteShipment", shippingId=shipping_id)
    return shipping_id


@dataclass(frozen=True)
class StatusChange:
    shipment: Row
    dewars: list[Row]
    containers: list[Row]


async def set_shipment_status(
    db: Database, who: Who, shipping_id: int, status: str, name: Naming = str
) -> StatusChange:
    """Set a shipment's status and cascade it to its dewars and containers (the Java
    server's `…/status/{s}/update`; the prepare-experiment page toggles `processing`)."""
    problems = Problems(name)
    for model, key in ((_S, "shippingStatus"), (_D, "dewarStatus"), (_C, "containerStatus")):
        problems.check(db, model, {key: status}, "status")
    problems.found = problems.found[:1]  # one message for one argument
    if problems.found:
        problems.found[0]["path"] = "status"
    problems.raise_if_any()
    async with db.begin() as conn:
        await writable(conn, who, _S, shipping_id, what="Shipment")
        await conn.execute(
            update(_S).where(_S.shippingId == shipping_id).values(shippingStatus=status)
        )
        await conn.execute(
            update(_D).where(_D.shippingId == shipping_id).values(dewarStatus=status)
        )
        await conn.execute(
            update(_C)
            .where(_C.containerId.in_(_containers_of_shipment(shipping_id)))
            .values(containerStatus=status)
        )
        shipment = await row_of(conn, _S, shipping_id)
        dewars = await _rows(conn, select(_D.__table__).where(_D.shippingId == shipping_id))
        containers = await _rows(
            conn,
            select(_C.__table__).where(_C.containerId.in_(_containers_of_shipment(shipping_id))),
        )
    audit(who, "setShipmentStatus", shippingId=shipping_id, status=status)
    return StatusChange(shipment, dewars, containers)


async def _rows(conn: AsyncConnection, stmt: Any) -> list[Row]:
    return [dict(r) for r in (await conn.execute(stmt)).mappings().all()]


async def save_dewar(
    db: Database,
    who: Who,
    dewar_id: int | None,
    shipping_id: int | None,
    values: Mapping[str, Any],
    name: Naming = str,
) -> Row:
    """Create a dewar in a shipment (`shipping_id`) or change one (`dewar_id`)."""
    if (dewar_id is None) == (shipping_id is None):
        raise BadUserInput(
            "give `dewarId` to change a dewar or `shippingId` to add one", argument="input"
        )
    problems = Problems(name)
    problems.check(db, _D, values, "input")
    problems.raise_if_any()
    async with db.begin() as conn:
        if dewar_id is not None:
            await writable(conn, who, _D, dewar_id)
            if values:
                await conn.execute(update(_D).where(_D.dewarId == dewar_id).values(values))
        else:
            assert shipping_id is not None
            await writable(conn, who, _S, shipping_id, what="Shipment")
            shipment = await row_of(conn, _S, shipping_id)
            result = await conn.execute(
                insert(_D).values(
                    {"dewarStatus": shipment["shippingStatus"], **values, "shippingId": shipping_id}
                )
            )
            dewar_id = new_id(result)
        row = await row_of(conn, _D, dewar_id)
    audit(who, "saveDewar", dewarId=dewar_id, fields=sorted(values))
    return row


async def delete_dewar(db: Database, who: Who, dewar_id: int) -> int:
    async with db.begin() as conn:
        await writable(conn, who, _D, dewar_id)
        containers = select(_C.containerId).where(_C.dewarId == dewar_id)
        await _delete_containers(conn, containers, f"dewar {dewar_id}")
        await conn.execute(delete(_D).where(_D.dewarId == dewar_id))
    audit(who, "deleteDewar", dewarId=dewar_id)
    return dewar_id


async def add_container(
    db: Database, who: Who, dewar_id: int, values: Mapping[str, Any], name: Naming = str
) -> Row:
    """An empty container in a dewar, with the dewar's status."""
    problems = Problems(name)
    problems.check(db, _C, values, "input")
    problems.raise_if_any()
    async with db.begin() as conn:
        await writable(conn, who, _D, dewar_id)
        dewar = await row_of(conn, _D, dewar_id)
        result = await conn.execute(
            insert(_C).values(
                {
                    "containerStatus": dewar["dewarStatus"],
                    **values,
                    "dewarId": dewar_id,
                    "bltimeStamp": now(),
                }
            )
        )
        container_id = new_id(result)
        row = await row_of(conn, _C, container_id)
    audit(who, "addContainer", dewarId=dewar_id, containerId=container_id)
    return row


async def delete_container(db: Database, who: Who, container_id: int) -> int:
    async with db.begin() as conn:
        await writable(conn, who, _C, container_id)
        await _delete_containers(conn, [container_id], f"container {container_id}")
    audit(who, "deleteContainer", containerId=container_id)
    return container_id


@dataclass(frozen=True)
class Placement:
    container_id: int
    beamline_location: str
    sample_changer_location: str


async def set_sample_changer_locations(
    db: Database, who: Who, placements: Sequence[Placement], name: Naming = str
) -> list[Row]:
    """Place containers in a beamline's sample changer (the prepare-experiment page).

    Two containers of one call may not take the same position of one beamline."""
    problems = Problems(name)
    taken: dict[tuple[str, str], int] = {}
    for i, p in enumerate(placements):
        path = f"items[{i}]"
        problems.check(
            db,
            _C,
            {
                "beamlineLocation": p.beamline_location,
                "sampleChangerLocation": p.sample_changer_location,
            },
            path,
        )
        if not p.beamline_location.strip():
            problems.add(f"{path}.beamlineLocation", "is empty")
        if not p.sample_changer_location.strip():
            problems.add(f"{path}.sampleChangerLocation", "is empty")
        spot = (p.beamline_location, p.sample_changer_location)
        if spot in taken:
            problems.add(
                f"{path}.sampleChangerLocation",
                f"position {spot[1]} of {spot[0]} is also given to items[{taken[spot]}]",
            )
        taken.setdefault(spot, i)
    if not placements:
        problems.add("items", "is empty")
    problems.raise_if_any()
    stamp = now()
    async with db.begin() as conn:
        for p in placements:
            await writable(conn, who, _C, p.container_id)
        for p in placements:
            await conn.execute(
                update(_C)
                .where(_C.containerId == p.container_id)
                .values(
                    beamlineLocation=p.beamline_location,
                    sampleChangerLocation=p.sample_changer_location,
                    scLocationUpdated=stamp,
                )
            )
        ids = [p.container_id for p in placements]
        rows = await _rows(conn, select(_C.__table__).where(_C.containerId.in_(ids)))
    audit(who, "setSampleChangerLocations", containerIds=ids)
    return rows


async def clear_sample_changer_locations(
    db: Database, who: Who, container_ids: Sequence[int]
) -> list[Row]:
    """Take containers out of any sample changer (beamline and position emptied)."""
    if not container_ids:
        raise BadUserInput("`containerIds` is empty", argument="containerIds")
    async with db.begin() as conn:
        for cid in container_ids:
            await writable(conn, who, _C, cid)
        await conn.execute(
            update(_C)
            .where(_C.containerId.in_(container_ids))
            .values(beamlineLocation=None, sampleChangerLocation=None, scLocationUpdated=now())
        )
        rows = await _rows(conn, select(_C.__table__).where(_C.containerId.in_(container_ids)))
    audit(who, "clearSampleChangerLocations", containerIds=list(container_ids))
    return rows
