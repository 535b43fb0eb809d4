"""From validated token claims to a Viewer: the ISPyB person and their staff status.

The person is the ISPyB Person whose `login` equals the configured claim.
Staff status comes from a token role, or from ISPyB's own permission tables
(Person → UserGroup_has_Person → UserGroup → UserGroup_has_Permission →
Permission.type = 'all_proposals'). Lookups are cached briefly per login so a
burst of requests costs one query.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from gateway.auth.viewer import Viewer
from gateway.sql import models as m

STAFF_PERMISSION = "all_proposals"


class ClaimsLike(Protocol):
    @property
    def roles(self) -> frozenset[str]: ...

    @property
    def expires_at(self) -> float | None: ...

    @property
    def client_id(self) -> str | None: ...

    def login(self, claim: str) -> str | None: ...

    def names(self, claim: str) -> frozenset[str]: ...


class UnknownPerson(Exception):
    """A valid token for a login ISPyB does not know, when such tokens are refused."""


@dataclass(frozen=True)
class _Person:
    person_id: int | None
    staff: bool


class IdentityResolver:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        *,
        login_claim: str,
        staff_role: str,
        worker_role: str,
        beamline_role: str = "ispyb-beamline",
        beamlines_claim: str = "beamlines",
        refuse_unknown: bool = False,
        cache_seconds: float = 30.0,
    ) -> None:
        self.sessions = sessions
        self.login_claim = login_claim
        self.staff_role = staff_role
        self.worker_role = worker_role
        self.beamline_role = beamline_role
        self.beamlines_claim = beamlines_claim
        self.refuse_unknown = refuse_unknown
        self.cache_seconds = cache_seconds
        self._cache: dict[str, tuple[float, _Person]] = {}

    async def _person(self, login: str) -> _Person:
        now = time.monotonic()
        hit = self._cache.get(login)
        if hit is not None and hit[0] > now:
            return hit[1]
        async with self.sessions() as session:
            person_id = (
                await session.execute(
                    select(m.Person.personId)
                    .where(m.Person.login == login)
                    .order_by(m.Person.personId)
                    .limit(1)
                )
            ).scalar_one_or_none()
            staff = False
            if person_id is not None:
                staff = (
                    await session.execute(
                        select(m.Permission.permissionId)
                        .join(
                            m.UserGroupHasPermission,
                            m.UserGroupHasPermission.permissionId == m.Permission.permissionId,
                        )
                        .join(
                            m.UserGroupHasPerson,
                            m.UserGroupHasPerson.userGroupId
                            == m.UserGroupHasPermission.userGroupId,
                        )
                        .where(
                            m.UserGroupHasPerson.personId == person_id,
                            m.Permission.type == STAFF_PERMISSION,
                        )
                        .limit(1)
                    )
                ).first() is not None
        found = _Person(person_id, staff)
        if len(self._cache) > 10_000:
            self._cache.clear()
        self._cache[login] = (now + self.cache_seconds, found)
        return found

    async def viewer(self, claims: ClaimsLike) -> Viewer:
        roles = claims.roles
        if self.worker_role in roles:
            # Service accounts act for processing software, never as an ISPyB person.
            return Viewer(
                login=claims.client_id or claims.login(self.login_claim),
                person_id=None,
                is_staff=False,
                is_worker=True,
                roles=roles,
                expires_at=claims.expires_at,
            )
        if self.beamline_role in roles:
            # MXCuBE's account: writes acquisition data for its beamlines, reads nothing else.
            return Viewer(
                login=claims.client_id or claims.login(self.login_claim),
                person_id=None,
                is_staff=False,
                is_worker=False,
                roles=roles,
                expires_at=claims.expires_at,
                is_beamline=True,
                beamlines=frozenset(b.lower() for b in claims.names(self.beamlines_claim)),
            )
        login = claims.login(self.login_claim)
        person = await self._person(login) if login else _Person(None, False)
        if person.person_id is None and self.refuse_unknown:
            raise UnknownPerson(login or "")
        return Viewer(
            login=login,
            person_id=person.person_id,
            is_staff=self.staff_role in roles or person.staff,
            is_worker=False,
            roles=roles,
            expires_at=claims.expires_at,
        )
