"""What a beamline's sample changer holds for a proposal: MXCuBE's "synchronise with LIMS".

Two selection rules are in use in the ISPyB world, and they disagree:

* `PLACED` (the default; py-ispyb's `/samples?beamLineName=`): the sample's
  container is placed on *this* beamline (`Container.beamlineLocation`) at a
  sample-changer position (`Container.sampleChangerLocation` not empty), and its
  dewar is being processed (`Dewar.dewarStatus = 'processing'`). That is exactly
  what the prepare-experiment page sets (shipment status `processing`, cascaded
  to dewars and containers; container beamline and position), and MXCuBE matches
  the answer to the physical changer by that position, so a sample without one
  could never be matched.
* `JAVA_SERVER` (the ISPyB Java server's `findSampleInfoLightForProposal`, what
  MXCuBE's SOAP client gets today): the container *or* the sample is
  `processing`, and the container is on this beamline *or on none*. Offered for
  sites whose habits rely on it: a puck being processed with no beamline shows
  on every beamline's changer, and a processing sample in a stored container too.

Both restrict to the proposal's samples (through their protein, as the Java
server does) and to what the caller may see.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from sqlalchemy import Integer, Select, cast, func, or_

from gateway.sql import models as m

PROCESSING = "processing"


class SelectionRule(Enum):
    PLACED = "placed"
    JAVA_SERVER = "java_server"


def sample_changer(
    stmt: Select[Any], beamline: str, proposal_id: int, rule: SelectionRule
) -> Select[Any]:
    """`stmt` (a SELECT of BLSample under the caller's rule) narrowed to the changer's
    samples, ordered by position in the changer, then in the container."""
    b, c, d, x, p = m.BLSample, m.Container, m.Dewar, m.Crystal, m.Protein
    stmt = (
        stmt.join(c, c.containerId == b.containerId)
        .join(d, d.dewarId == c.dewarId)
        .join(x, x.crystalId == b.crystalId)
        .join(p, p.proteinId == x.proteinId)
        .where(p.proposalId == proposal_id)
    )
    if rule is SelectionRule.PLACED:
        stmt = stmt.where(
            c.beamlineLocation == beamline,
            func.coalesce(c.sampleChangerLocation, "") != "",
            d.dewarStatus == PROCESSING,
        )
    else:
        stmt = stmt.where(
            or_(c.containerStatus == PROCESSING, b.blSampleStatus == PROCESSING),
            or_(
                c.beamlineLocation == beamline,
                func.coalesce(c.beamlineLocation, "") == "",
            ),
        )
    return stmt.order_by(
        cast(c.sampleChangerLocation, Integer),
        c.sampleChangerLocation,
        cast(b.location, Integer),
        b.blSampleId,
    )
