"""The broker interface: publish a message on a channel, iterate a channel's messages.

Two implementations share it: in-process (one replica, the default and the
demo) and Redis pub/sub (several replicas). Messages are JSON-able dicts.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from typing import Any, Protocol

Message = dict[str, Any]


class Subscription(Protocol):
    """Messages of one channel; registered on creation, released by `aclose()`.

    `direct`: offered a message while the consumer is idle; True if it took it
    (see `gateway.events.memory.Subscription`)."""

    direct: Callable[[Message], bool] | None

    def __aiter__(self) -> AsyncIterator[Message]: ...

    async def __anext__(self) -> Message: ...

    async def aclose(self) -> None: ...


class Broker(Protocol):
    name: str

    async def publish(self, channel: str, message: Message) -> None: ...

    async def announce(
        self, key: str, number: int, channels: Sequence[str], message: Message
    ) -> bool:
        """Publish `message` on `channels` unless change `number` of `key`, or a later one,
        was announced already; True if this call published it.

        The outbox's guard: the replica that made a change announces it, and any
        replica's sweeper announces what a replica that died in between could not.
        Exactly one of them publishes, and never an older change after a newer one."""
        ...

    async def announced(self, keys: Sequence[str]) -> list[int | None]:
        """The last change announced for each key (None: none remembered)."""
        ...

    def subscribe(self, channel: str) -> Subscription:
        """Messages published on `channel` after this call returns, until closed with aclose()."""
        ...

    async def ping(self) -> None:
        """Raise if the broker cannot deliver messages right now."""
        ...

    async def close(self) -> None: ...
