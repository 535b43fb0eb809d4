"""The caller as the gateway sees them: lets a UI decide what to show."""

from __future__ import annotations

import strawberry

from gateway.graphql.context import Info


@strawberry.type(description="The signed-in caller, as the gateway resolved them.")
class ViewerInfo:
    login: str | None = strawberry.field(description="ISPyB Person.login, when signed in.")
    person_id: int | None = strawberry.field(description="ISPyB Person.personId, when known.")
    is_staff: bool = strawberry.field(description="Staff see every proposal.")
    is_worker: bool = strawberry.field(description="A processing service account.")


def resolve_viewer(info: Info) -> ViewerInfo:
    v = info.context.viewer
    return ViewerInfo(
        login=v.login, person_id=v.person_id, is_staff=v.is_staff, is_worker=v.is_worker
    )
