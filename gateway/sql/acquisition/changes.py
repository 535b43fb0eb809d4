"""What a session page hears: one message per created or updated object, after the commit.

Messages name the object (kind and id), never carry its columns: each subscriber
re-reads it under its own visibility rule, as job events are. They are published
only once the transaction committed, so nobody sees a row that was rolled back.
When the broker is down the Redis broker keeps them and replays them, in order,
when it is back (`gateway.events.redis`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

from gateway.events.broker import Broker, Message


class Kind(Enum):
    """The objects a session page shows live, with the table and key each is read back from."""

    DATA_COLLECTION_GROUP = "dataCollectionGroup"
    DATA_COLLECTION = "dataCollection"
    ROBOT_ACTION = "robotAction"
    ENERGY_SCAN = "energyScan"
    XFE_SPECTRUM = "xfeSpectrum"


@dataclass(frozen=True)
class Change:
    kind: Kind
    id: int
    session_id: int
    created: bool

    def message(self) -> Message:
        return {
            "event": "created" if self.created else "updated",
            "kind": self.kind.value,
            "id": self.id,
            "sessionId": self.session_id,
            "publishedAt": dt.datetime.now(dt.UTC).isoformat(),
        }


def session_channel(session_id: int) -> str:
    return f"session:{session_id}"


def change_from(message: Message) -> tuple[Kind, int] | None:
    """(kind, id) of a change message, None for anything else (resync, overflow, junk)."""
    try:
        return Kind(message.get("kind")), int(message["id"])
    except (ValueError, KeyError, TypeError):
        return None


async def publish(broker: Broker, changes: list[Change]) -> None:
    """Announce committed changes; call only after the transaction committed."""
    for change in changes:
        await broker.publish(session_channel(change.session_id), change.message())
