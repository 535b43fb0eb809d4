"""In-process fan-out: one replica's subscribers, and the local half of the Redis broker.

Each subscriber has a bounded queue. A subscriber too slow to keep up loses the
oldest messages, never blocks publishers, and is told: the next message it gets
is `{"event": "overflow"}`. Job messages announce state, so a consumer that
sees an overflow re-reads the current state instead of replaying a log.
"""

from __future__ import annotations

from collections import OrderedDict, defaultdict
from collections.abc import Callable, Sequence

from gateway.events.broker import Message
from gateway.events.mailbox import Mailbox

OVERFLOW: Message = {"event": "overflow"}
RESYNC: Message = {"event": "resync"}


class Subscription:
    """Registered when created (not on first read), so nothing published after is missed.

    `direct`, if set, is offered each message while the consumer waits with nothing
    queued (it has handled everything before): True means it took the message itself
    (gateway.graphql.fanout writes a shared event to the socket without waking the
    consumer); False, or a consumer still busy, queues it as usual, so the consumer
    sees its messages in order either way."""

    __slots__ = ("_channel", "_registry", "direct", "overflowed", "queue")

    def __init__(
        self, registry: defaultdict[str, set[Subscription]], channel: str, size: int
    ) -> None:
        self.queue: Mailbox[Message] = Mailbox(size)
        self.overflowed = False
        self.direct: Callable[[Message], bool] | None = None
        self._registry = registry
        self._channel = channel
        registry[channel].add(self)

    def offer(self, message: Message) -> None:
        direct = self.direct
        if direct is not None and not self.overflowed and self.queue.idle() and direct(message):
            return
        if not self.queue.put_nowait(message):
            self.overflowed = True

    def __aiter__(self) -> Subscription:
        return self

    async def __anext__(self) -> Message:
        if self.overflowed:
            self.overflowed = False
            return OVERFLOW
        return await self.queue.get()

    async def aclose(self) -> None:
        subscribers = self._registry.get(self._channel)
        if subscribers is not None:
            subscribers.discard(self)
            if not subscribers:
                del self._registry[self._channel]


class InMemoryBroker:
    name = "in-process"

    def __init__(self, queue_size: int = 100, remembered: int = 100_000) -> None:
        self._subscribers: defaultdict[str, set[Subscription]] = defaultdict(set)
        self._queue_size = queue_size
        # The last change announced per key, the least recently announced forgotten first.
        self._announced: OrderedDict[str, int] = OrderedDict()
        self._remembered = remembered

    def deliver(self, channel: str, message: Message) -> None:
        for subscriber in list(self._subscribers.get(channel, ())):
            subscriber.offer(message)

    def deliver_everywhere(self, message: Message) -> None:
        for subscribers in list(self._subscribers.values()):
            for subscriber in list(subscribers):
                subscriber.offer(message)

    @property
    def channels(self) -> int:
        return len(self._subscribers)

    async def publish(self, channel: str, message: Message) -> None:
        self.deliver(channel, message)

    async def announce(
        self, key: str, number: int, channels: Sequence[str], message: Message
    ) -> bool:
        last = self._announced.get(key)
        if last is not None and last >= number:
            return False
        self._announced[key] = number
        self._announced.move_to_end(key)
        if len(self._announced) > self._remembered:
            self._announced.popitem(last=False)
        for channel in channels:
            self.deliver(channel, message)
        return True

    async def announced(self, keys: Sequence[str]) -> list[int | None]:
        return [self._announced.get(key) for key in keys]

    def subscribe(self, channel: str) -> Subscription:
        return Subscription(self._subscribers, channel, self._queue_size)

    async def ping(self) -> None:
        return None

    async def close(self) -> None:
        self._subscribers.clear()
