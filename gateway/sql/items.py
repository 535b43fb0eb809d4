"""What a job runs on, read from ISPyB under the caller's visibility rules.

The job domain never touches ISPyB: the GraphQL layer asks this module for
item summaries (label, image count, proposal, session, beamline) and for the
caller's scope, then hands plain values to the job service.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import and_, false, func, or_, select

from gateway.errors import BadUserInput
from gateway.jobs.description import ItemSummary
from gateway.jobs.model import ItemKind, Visibility
from gateway.sql import models as m
from gateway.sql.access import Who, member_proposals, rule_for
from gateway.sql.reads import Database, rows


async def summaries(
    db: Database, who: Who, kind: ItemKind, ids: Sequence[int]
) -> list[ItemSummary]:
    """Summaries in the order of `ids`; any id the caller cannot see is refused (unknown alike)."""
    dc, dcg, s, b = m.DataCollection, m.DataCollectionGroup, m.BLSession, m.BLSample
    if kind is ItemKind.DATA_COLLECTION:
        stmt: Any = (
            select(
                dc.dataCollectionId.label("id"),
                dc.imagePrefix.label("label"),
                dc.numberOfImages.label("images"),
                s.proposalId,
                s.sessionId,
                s.beamLineName,
            )
            .join(dcg, dcg.dataCollectionGroupId == dc.dataCollectionGroupId)
            .join(s, s.sessionId == dcg.sessionId)
            .where(dc.dataCollectionId.in_(set(ids)), rule_for(dc, who))
        )
    else:
        images = (
            select(func.sum(dc.numberOfImages))
            .where(dc.dataCollectionGroupId == dcg.dataCollectionGroupId)
            .scalar_subquery()
        )
        stmt = (
            select(
                dcg.dataCollectionGroupId.label("id"),
                func.coalesce(b.name, dcg.experimentType).label("label"),
                images.label("images"),
                s.proposalId,
                s.sessionId,
                s.beamLineName,
            )
            .join(s, s.sessionId == dcg.sessionId)
            .outerjoin(b, b.blSampleId == dcg.blSampleId)
            .where(dcg.dataCollectionGroupId.in_(set(ids)), rule_for(dcg, who))
        )
    found = {r["id"]: r for r in await rows(db, stmt)}
    missing = [i for i in ids if i not in found]
    if missing:
        raise BadUserInput(
            f"no {kind.value} with id {', '.join(map(str, missing))}", argument="itemIds"
        )
    return [
        ItemSummary(
            id=i,
            kind=kind,
            label=str(found[i]["label"] or f"{kind.value} {i}"),
            images=None if found[i]["images"] is None else int(found[i]["images"]),
            proposal_id=found[i]["proposalId"],
            session_id=found[i]["sessionId"],
            beamline=found[i]["beamLineName"],
        )
        for i in ids
    ]


async def job_visibility(db: Database, who: Who, login: str | None) -> Visibility | None:
    """The jobs a person may see: their proposals', their sessions', and their own. None: all."""
    if who.is_staff:
        return None
    if who.person_id is None:
        return Visibility(login=login)
    # Whole proposals by membership; single sessions only through Session_has_Person
    # (the sessions of member proposals are already covered by their proposal).
    own_sessions = select(m.SessionHasPerson.sessionId).where(
        m.SessionHasPerson.personId == who.person_id
    )
    async with db.connect() as conn:
        proposals = set((await conn.execute(member_proposals(who))).scalars())
        sessions = set((await conn.execute(own_sessions)).scalars())
    return Visibility(
        proposal_ids=frozenset(proposals), session_ids=frozenset(sessions), login=login
    )


_PROPOSAL_NAME = re.compile(r"^([A-Za-z_-]+)(\d\w*)$")


async def proposal_ids_by_name(db: Database, names: Collection[str]) -> set[int]:
    """Ids of the proposals named like `mx2112` (code then number, case-insensitive).

    No visibility rule: callers only narrow a query that applies one (a job filter)."""
    wanted = [m_.groups() for m_ in map(_PROPOSAL_NAME.match, names) if m_ is not None]
    p = m.Proposal
    stmt = select(p.proposalId).where(
        or_(
            false(),
            *(
                and_(func.lower(p.proposalCode) == code.lower(), p.proposalNumber == number)
                for code, number in wanted
            ),
        )
    )
    return {r["proposalId"] for r in await rows(db, stmt)}
