"""What every sample-preparation write shares: validation, who may write, and the log.

A write is checked whole before it touches the database: every problem is
collected with the input path it concerns (`input.samples[2].crystal.cellA`) and
all are refused together (BAD_USER_INPUT, `extensions.problems`). An item the
caller may not see answers as an unknown id (NOT_FOUND); one they may see but not
change (a local contact's view of a shipment) is FORBIDDEN. A proposal's items are
written by its members; staff write everything.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from gateway.errors import BadUserInput, Forbidden
from gateway.sql import models as m
from gateway.sql.access import Who, member_proposals, rule_for
from gateway.sql.reads import Database
from gateway.sql.writes import NotFound, check_value

log = logging.getLogger("gateway.prep")


@dataclass
class Problems:
    """Every problem of one input, with its path; raised together."""

    # Column key -> the name the caller wrote (the GraphQL skin passes its own naming).
    name: Callable[[str], str] = str
    found: list[dict[str, str]] = field(default_factory=list)

    def add(self, path: str, message: str) -> None:
        self.found.append({"path": path, "message": message})

    def check(self, db: Database, model: type[Any], values: Mapping[str, Any], path: str) -> None:
        """Each value against its live column (width, ENUM, type): `writes.check_value`."""
        for key, value in values.items():
            try:
                check_value(db, getattr(model, key), value)
            except BadUserInput as exc:
                self.add(f"{path}.{self.name(key)}", exc.message)

    def raise_if_any(self) -> None:
        if self.found:
            first = self.found[0]
            more = f" (and {len(self.found) - 1} more)" if len(self.found) > 1 else ""
            raise BadUserInput(
                f"`{first['path']}`: {first['message']}{more}",
                argument=first["path"].split(".")[0].split("[")[0],
                problems=self.found,
            )


def now() -> dt.datetime:
    """Server time for the timestamps ISPyB keeps (the database's own clock is the site's)."""
    return dt.datetime.now().replace(microsecond=0)


# How each item reaches its proposal: a statement selecting (key, proposalId).
def _proposal_of(model: type[Any]) -> tuple[Any, Any]:
    s, d, c, b, x, p = m.Shipping, m.Dewar, m.Container, m.BLSample, m.Crystal, m.Protein
    if model is m.Shipping:
        return s.shippingId, select(s.shippingId, s.proposalId)
    if model is m.Dewar:
        return d.dewarId, select(d.dewarId, s.proposalId).join(s, s.shippingId == d.shippingId)
    if model is m.Container:
        return c.containerId, (
            select(c.containerId, s.proposalId)
            .join(d, d.dewarId == c.dewarId)
            .join(s, s.shippingId == d.shippingId)
        )
    if model is m.BLSample:
        # Through its crystal's protein, as the Java server and `sampleChanger` read it.
        return b.blSampleId, (
            select(b.blSampleId, p.proposalId)
            .join(x, x.crystalId == b.crystalId)
            .join(p, p.proteinId == x.proteinId)
        )
    if model is m.Crystal:
        return x.crystalId, select(x.crystalId, p.proposalId).join(p, p.proteinId == x.proteinId)
    if model is m.Protein:
        return p.proteinId, select(p.proteinId, p.proposalId)
    if model is m.LabContact:
        return m.LabContact.labContactId, select(m.LabContact.labContactId, m.LabContact.proposalId)
    raise LookupError(f"no proposal path for {model.__name__}")


async def is_member(conn: AsyncConnection, who: Who, proposal_id: int) -> bool:
    if who.is_staff:
        return True
    if who.person_id is None:
        return False
    found = await conn.execute(
        select(m.Proposal.proposalId).where(
            m.Proposal.proposalId == proposal_id, m.Proposal.proposalId.in_(member_proposals(who))
        )
    )
    return found.first() is not None


async def writable(
    conn: AsyncConnection, who: Who, model: type[Any], key_value: int, *, what: str | None = None
) -> int:
    """The proposal of a row the caller may change; NotFound when they cannot see it,
    Forbidden when they see it but are not a member of its proposal."""
    key, stmt = _proposal_of(model)
    name = what or model.__name__
    row = (await conn.execute(stmt.where(key == key_value, rule_for(model, who)))).first()
    if row is None:
        raise NotFound(f"no {name} with id {key_value}")
    proposal_id = cast(int, row[1])
    if not await is_member(conn, who, proposal_id):
        raise Forbidden(f"only members of its proposal may change {name} {key_value}")
    return proposal_id


async def proposal_for_create(conn: AsyncConnection, who: Who, proposal_id: int) -> None:
    """Creating under a proposal: it must be visible (else unknown) and yours (else refused)."""
    seen = await conn.execute(
        select(m.Proposal.proposalId).where(
            m.Proposal.proposalId == proposal_id, rule_for(m.Proposal, who)
        )
    )
    if seen.first() is None:
        raise NotFound(f"no Proposal with id {proposal_id}")
    if not await is_member(conn, who, proposal_id):
        raise Forbidden(f"only members of proposal {proposal_id} may add to it")


async def row_of(conn: AsyncConnection, model: type[Any], key_value: int) -> dict[str, Any]:
    """The whole row after a write, for the response (same transaction)."""
    key = cast(Any, model).__mapper__.primary_key[0]
    result = await conn.execute(select(model.__table__).where(key == key_value))
    return dict(result.mappings().one())


def new_id(result: Any) -> int:
    """The primary key an INSERT created."""
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def audit(who: Who, operation: str, **ids: Any) -> None:
    """Who changed what, in the log (ISPyB has no table for these changes)."""
    login = getattr(who, "login", None)
    detail = " ".join(f"{k}={v}" for k, v in ids.items())
    log.info(
        "%s by %s (person %s): %s",
        operation,
        login,
        who.person_id,
        detail,
        extra={"operation": operation, "login": login, "person_id": who.person_id, **ids},
    )
