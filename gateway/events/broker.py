"""The broker interface: publish a message on a channel, iterate a channel's messages.

Two implementations share it: in-process (one replica, the default and the
demo) and Redis pub/sub (several replicas). Messages are JSON-able dicts.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any, Protocol

Message = dict[str, Any]


class Broker(Protocol):
    name: str

    async def publish(self, channel: str, message: Message) -> None: ...

    def subscribe(self, channel: str) -> AsyncIterator[Message]:
        """Messages published on `channel` after the call, until the iterator is closed."""
        ...

    async def ping(self) -> None:
        """Raise if the broker cannot deliver messages right now."""
        ...

    async def close(self) -> None: ...
