"""A session page, live: what the beamline writes arrives as it is committed.

Messages on the session's channel only name the object that changed
(gateway.sql.acquisition.changes); each one is re-read for the subscriber under
its visibility rule, as job events are, so an object the subscriber may not see
is never sent, and the object sent is the committed one. After a broker outage or
a queue overflow the subscriber gets a `resync` event (`missedUpdates: true`):
changes may have been dropped on the way, and the page reloads what it shows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncGenerator
from typing import Any

import strawberry

from gateway.errors import GatewayError
from gateway.events.broker import Message, Subscription
from gateway.graphql.context import Info
from gateway.graphql.types.acquisition import EnergyScan, RobotAction, XfeSpectrum
from gateway.graphql.types.collection import DataCollection, DataCollectionGroup
from gateway.sql import models as m
from gateway.sql import reads
from gateway.sql.access import rule_for
from gateway.sql.acquisition.changes import Kind, change_from, session_channel


class SessionNotFound(GatewayError):
    code = "NOT_FOUND"


SessionObjectKind = strawberry.enum(
    Kind, name="SessionObjectKind", description="What kind of object a session event carries."
)


@strawberry.type(description="A new or changed object of a session, as the subscriber sees it.")
class SessionEvent:
    event: str = strawberry.field(description="created, updated or resync.")
    kind: Kind | None
    id: int | None = strawberry.field(description="The object's ISPyB id.")
    data_collection_group: DataCollectionGroup | None = None
    data_collection: DataCollection | None = None
    robot_action: RobotAction | None = None
    energy_scan: EnergyScan | None = None
    xfe_spectrum: XfeSpectrum | None = None
    missed_updates: bool = strawberry.field(
        default=False,
        description="Changes may have been dropped (slow client, broker outage): reload the page.",
    )
    published_at: dt.datetime | None = strawberry.field(
        default=None, description="When the writing gateway published the change (after commit)."
    )


# Kind -> (key of the table it is read from, the GraphQL type, the SessionEvent field).
_OBJECTS: dict[Kind, tuple[Any, Any, str]] = {
    Kind.DATA_COLLECTION_GROUP: (
        m.DataCollectionGroup.dataCollectionGroupId,
        DataCollectionGroup,
        "data_collection_group",
    ),
    Kind.DATA_COLLECTION: (m.DataCollection.dataCollectionId, DataCollection, "data_collection"),
    Kind.ROBOT_ACTION: (m.RobotAction.robotActionId, RobotAction, "robot_action"),
    Kind.ENERGY_SCAN: (m.EnergyScan.energyScanId, EnergyScan, "energy_scan"),
    Kind.XFE_SPECTRUM: (
        m.XFEFluorescenceSpectrum.xfeFluorescenceSpectrumId,
        XfeSpectrum,
        "xfe_spectrum",
    ),
}


async def _visible_row(info: Info, key: Any, key_value: int) -> dict[str, Any] | None:
    """The row as committed now, if the subscriber may see it (no request cache: fresh)."""
    rule = rule_for(key.class_, info.context.viewer)
    found = await reads.by_keys(info.context.services.engine, key, [key_value], rule)
    return found[0]


async def _event(info: Info, message: Message) -> SessionEvent | None:
    change = change_from(message)
    if change is None:
        return None
    kind, object_id = change
    key, type_, field = _OBJECTS[kind]
    row = await _visible_row(info, key, object_id)
    if row is None:
        return None  # not visible to this subscriber (or gone)
    published = message.get("publishedAt")
    return SessionEvent(
        event=str(message.get("event")),
        kind=kind,
        id=object_id,
        published_at=dt.datetime.fromisoformat(published) if published else None,
        **{field: type_.from_row(row)},
    )


async def _follow(info: Info, subscription: Subscription) -> AsyncGenerator[SessionEvent, None]:
    try:
        async for message in subscription:
            if message.get("event") in ("overflow", "resync"):
                yield SessionEvent(event="resync", kind=None, id=None, missed_updates=True)
                continue
            event = await _event(info, message)
            if event is not None:
                yield event
    finally:
        await subscription.aclose()


@strawberry.type
class SessionSubscription:
    @strawberry.subscription(
        description="A session's new and changed groups, collections, robot actions, energy "
        "scans and XRF spectra, as they are committed."
    )
    async def session_updated(
        self, info: Info, session_id: int
    ) -> AsyncGenerator[SessionEvent, None]:
        # Subscribe before checking, so nothing committed in between is missed.
        subscription = info.context.services.broker.subscribe(session_channel(session_id))
        if await _visible_row(info, m.BLSession.sessionId, session_id) is None:
            await subscription.aclose()
            raise SessionNotFound(f"no session with id {session_id}")
        async for event in _follow(info, subscription):
            yield event
