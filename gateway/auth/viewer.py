"""Who is asking: the result of authentication, the input of every permission rule."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Viewer:
    login: str | None
    person_id: int | None
    is_staff: bool
    is_worker: bool
    roles: frozenset[str] = field(default_factory=frozenset)
    expires_at: float | None = None
    # A beamline service account (MXCuBE) and the beamlines its token names, lower-case.
    is_beamline: bool = False
    beamlines: frozenset[str] = field(default_factory=frozenset)

    @property
    def is_authenticated(self) -> bool:
        return self.login is not None


ANONYMOUS = Viewer(login=None, person_id=None, is_staff=False, is_worker=False)
