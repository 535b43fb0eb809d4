"""Who may write acquisition data where.

A beamline service account writes into sessions on the beamlines its token names;
staff write anywhere; anyone else writes nothing. Beamline names compare without
case (`ID30A-3` in a token is the session's `id30a-3`).
"""

from __future__ import annotations

from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from gateway.errors import Forbidden
from gateway.sql import models as m
from gateway.sql.writes import NotFound


class Writer(Protocol):
    """What the rules need to know about the caller (the auth Viewer satisfies it)."""

    @property
    def login(self) -> str | None: ...

    @property
    def is_staff(self) -> bool: ...

    @property
    def is_beamline(self) -> bool: ...

    @property
    def beamlines(self) -> frozenset[str]: ...


def may_write_at_all(who: Writer) -> None:
    if not (who.is_staff or who.is_beamline):
        raise Forbidden(
            "acquisition data is written by beamline service accounts and staff only",
            reason="NOT_A_BEAMLINE_ACCOUNT",
        )


def may_write_on(who: Writer, beamline: str | None) -> None:
    """Refuse a beamline account acting for a beamline its token does not name."""
    may_write_at_all(who)
    if who.is_staff:
        return
    if beamline is None or beamline.lower() not in who.beamlines:
        raise Forbidden(
            f"this account writes for {', '.join(sorted(who.beamlines)) or 'no beamline'}, "
            f"not for {beamline or 'a session without beamline'}",
            reason="OTHER_BEAMLINE",
        )


async def session_for_write(conn: AsyncConnection, who: Writer, session_id: int) -> Any:
    """The session row, locked against concurrent deletion, once the caller may write into it."""
    may_write_at_all(who)
    s = m.BLSession
    row = (
        await conn.execute(
            select(s.sessionId, s.beamLineName, s.proposalId, s.beamLineSetupId)
            .where(s.sessionId == session_id)
            .with_for_update(read=True)
        )
    ).first()
    if row is None:
        raise NotFound(f"no session with id {session_id}")
    may_write_on(who, row.beamLineName)
    return row


async def session_of(conn: AsyncConnection, who: Writer, stmt: Any, what: str) -> int:
    """The session id `stmt` finds for a child row (group, collection, workflow), checked."""
    may_write_at_all(who)
    session_id = (await conn.execute(stmt)).scalar_one_or_none()
    if session_id is None:
        raise NotFound(f"no {what}")
    await session_for_write(conn, who, session_id)
    return int(session_id)
