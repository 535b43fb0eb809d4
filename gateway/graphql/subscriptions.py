"""Live job status: subscriptions over WebSocket, checked against the viewer on every event.

Each subscription first sends the job's current state, then one message per
change. Messages on the broker carry the job; it is sent only if the subscriber may
still see it, and only if it is a later change than the subscriber has (changes are
numbered, `Job.event_number`), so a late or repeated message never takes a subscriber
back. After a queue overflow or a Redis outage the job is re-read, so the latest
state always arrives even when intermediate ones were dropped (`missedUpdates`).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import OrderedDict
from collections.abc import AsyncGenerator, Callable

import strawberry

from gateway.errors import BadUserInput
from gateway.events.broker import Message, Subscription
from gateway.graphql.context import Info
from gateway.graphql.fanout import Outlet, outlet
from gateway.graphql.jobs_access import may_see
from gateway.graphql.shared_results import share
from gateway.graphql.types.jobs import Job
from gateway.jobs import model as jm
from gateway.jobs.errors import JobNotFound
from gateway.jobs.events import ALL_JOBS, job_channel, job_from_event
from gateway.jobs.states import JobStatus
from gateway.sql import models as m

log = logging.getLogger(__name__)


@strawberry.type(description="A job's new state, and what changed.")
class JobEvent:
    job: Job
    event: str = strawberry.field(description="snapshot, created, status, output or resync.")
    from_: JobStatus | None = strawberry.field(name="from")
    to: JobStatus
    missed_updates: bool = strawberry.field(
        description="Intermediate states were dropped (slow client or broker outage); "
        "this is the latest state."
    )
    published_at: dt.datetime | None = strawberry.field(
        description="When the gateway published the change (absent on snapshots)."
    )


@strawberry.input(description="Which jobs to follow; staff may follow other people's.")
class JobEventFilter:
    proposal_id: list[int] | None = None
    session_id: list[int] | None = None
    beamline: list[str] | None = None
    type: list[str] | None = None
    mine: bool = False


# The last messages' jobs, decoded once, and their events as sent to subscribers: a message
# reaches every subscriber of its job (a thousand watchers of one job), and the same JobEvent
# object for all of them lets their executions be one (gateway.graphql.shared_results). The
# message is kept with its job, so a recycled id() can never match.
_decoded: OrderedDict[int, tuple[Message, jm.Job | None, dict[bool, JobEvent]]] = OrderedDict()
_DECODED_KEPT = 64
_latest: tuple[Message, jm.Job | None, dict[bool, JobEvent]] = ({}, None, {})


def _decoded_entry(message: Message) -> tuple[Message, jm.Job | None, dict[bool, JobEvent]]:
    global _latest
    if _latest[0] is message:  # a delivery pass asks for its message once per subscriber
        return _latest
    hit = _decoded.get(id(message))
    if hit is not None and hit[0] is message:
        _latest = hit
        return hit
    entry: tuple[Message, jm.Job | None, dict[bool, JobEvent]] = (
        message,
        job_from_event(message),
        {},
    )
    _decoded[id(message)] = entry
    if len(_decoded) > _DECODED_KEPT:
        _decoded.popitem(last=False)
    _latest = entry
    return entry


def carried_job(message: Message) -> jm.Job | None:
    """The job a message carries, decoded once per message object for every consumer in the
    process (the Redis broker hands one object to all the channels a message was sent to)."""
    return _decoded_entry(message)[1]


def _shared_event(message: Message, missed: bool) -> JobEvent:
    """The event of a message carrying its job, one object for every subscriber who may see it."""
    _, job, events = _decoded_entry(message)
    assert job is not None
    event = events.get(missed)
    if event is None:
        kind, source = str(message.get("event")), message.get("from")
        event = share(_event(job, kind, source, missed, message.get("publishedAt")))
        events[missed] = event
    return event


async def _current(info: Info, job_id: str) -> jm.Job | None:
    try:
        job = await info.context.services.jobs.get(job_id)
    except JobNotFound:
        return None
    return job if await may_see(info, job) else None


def _event(
    job: jm.Job, kind: str, source: str | None, missed: bool, published: str | None = None
) -> JobEvent:
    return JobEvent(
        job=Job.from_domain(job),
        event=kind,
        from_=JobStatus(source) if source else None,
        to=job.status,
        missed_updates=missed,
        published_at=dt.datetime.fromisoformat(published) if published else None,
    )


class _Follower:
    """What a job subscription's generator knows between events (`_follow`), shared with its
    direct path (`offer`): a shared event written to the socket from the broker's delivery
    pass, without waking the subscription's task (gateway.graphql.fanout)."""

    __slots__ = ("accept", "info", "missed", "outlet", "scope", "sent", "wanted")

    def __init__(
        self,
        info: Info,
        wanted: set[str] | None,
        accept: Callable[[jm.Job], bool] | None,
        sent: dict[str, int],
    ) -> None:
        self.info = info
        self.wanted = wanted
        self.accept = accept
        self.sent = sent
        self.missed = False
        self.outlet: Outlet | None = None
        # The viewer's job scope once loaded (`loaders.job_scope_known`): `offer` cannot wait.
        self.scope: tuple[jm.Visibility | None] | None = None

    def offer(self, message: Message) -> bool:
        """What `_follow` does with a message carrying its job, done here if it need not wait
        (the viewer's job scope already known): True if taken (sent or rightly dropped),
        False to queue it for the generator."""
        try:
            return self._offer(message)
        except Exception:  # never break the broker's pass over the other subscribers
            log.exception("direct delivery failed; queueing the message instead")
            return False

    def _offer(self, message: Message) -> bool:
        outlet = self.outlet
        if outlet is None or self.missed or message.get("event") in ("overflow", "resync"):
            return False
        job_id = message.get("jobId")
        if not isinstance(job_id, str) or (self.wanted is not None and job_id not in self.wanted):
            return True  # the generator skips it too
        _, job, _ = _decoded_entry(message)
        known = self.scope
        if job is None or known is None:
            return False
        scope = known[0]
        number = job.event_number
        if (
            (scope is not None and not scope.admits(job))
            or (self.accept is not None and not self.accept(job))
            or self.sent.get(job.id, -1) >= number
        ):
            return True  # the generator drops it too
        if not outlet.send(_shared_event(message, False)):
            return False
        _now_at(self.sent, job.id, number)
        return True


async def _follow(
    info: Info,
    subscription: Subscription,
    wanted: set[str] | None,
    accept: Callable[[jm.Job], bool] | None = None,
    sent: dict[str, int] | None = None,
) -> AsyncGenerator[JobEvent, None]:
    """Events for the jobs in `wanted` (None: any job `accept` admits); closes the subscription.

    `sent` holds, per job, the last change the subscriber has (`Job.event_number`; the
    snapshots' to start with). A message about that change or an earlier one is dropped:
    one published before the snapshot was read, or replayed late after a broker outage
    (a replica's backlog, another replica's sweep) once a resync had sent a later state.

    One generator, not one wrapped in another for the closing: each layer is a hop per
    event and per subscriber. Shared events may bypass it (`_Follower.offer`) while it
    waits with nothing queued; both keep `sent` and `missed` in the follower."""
    state = _Follower(info, wanted, accept, {} if sent is None else sent)
    sent = state.sent
    state.outlet = outlet(info.context)
    if state.outlet is not None:
        subscription.direct = state.offer
    try:
        if state.outlet is not None:
            await info.context.loaders.job_scope()  # known from now on: `offer` cannot wait
            state.scope = info.context.loaders.job_scope_known()
        async for message in subscription:
            kind = message.get("event")
            if kind in ("overflow", "resync"):
                state.missed = True
                if wanted is None:
                    continue  # no fixed set to re-read: the next event carries the latest state
                for wanted_id in sorted(wanted):
                    current = await _current(info, wanted_id)
                    if current is not None:  # the store's state: never older than what was sent
                        _newer(sent, current)
                        yield _event(current, "resync", None, True)
                state.missed = False
                continue
            job_id = message.get("jobId")
            if not isinstance(job_id, str) or (wanted is not None and job_id not in wanted):
                continue
            carried = carried_job(message)
            job = carried or await _current(info, job_id)
            if (
                job is None
                or not await may_see(info, job)
                or (accept is not None and not accept(job))
                or not _newer(sent, job)
            ):
                continue
            if carried is not None:
                yield _shared_event(message, state.missed)
            else:
                published = message.get("publishedAt")
                yield _event(job, str(kind), message.get("from"), state.missed, published)
            state.missed = False
    finally:
        subscription.direct = None
        state.outlet = None
        await subscription.aclose()


# Jobs whose last delivered change a subscription remembers (`jobsUpdated` sees any job).
_SENT_KEPT = 1000


def _newer(sent: dict[str, int], job: jm.Job) -> bool:
    """Whether `job` is a later change than the subscriber has; if so, it has it now."""
    number = job.event_number
    if sent.get(job.id, -1) >= number:
        return False
    _now_at(sent, job.id, number)
    return True


def _now_at(sent: dict[str, int], job_id: str, number: int) -> None:
    sent.pop(job_id, None)
    sent[job_id] = number
    if len(sent) > _SENT_KEPT:
        del sent[next(iter(sent))]  # the job heard of longest ago


@strawberry.type
class JobSubscription:
    @strawberry.subscription(description="One job: its current state now, then every change.")
    async def job_updated(self, info: Info, job_id: str) -> AsyncGenerator[JobEvent, None]:
        # Subscribe before reading the state, so no change can fall between the two.
        subscription = info.context.services.broker.subscribe(job_channel(job_id))
        job = await _current(info, job_id)
        if job is None:
            await subscription.aclose()
            raise JobNotFound(job_id)
        events = _follow(info, subscription, {job_id}, sent={job.id: job.event_number})
        yield _event(job, "snapshot", None, False)
        async for event in events:
            yield event

    @strawberry.subscription(description="Changes of the jobs you may see (your own by default).")
    async def jobs_updated(
        self, info: Info, filter: JobEventFilter | None = None
    ) -> AsyncGenerator[JobEvent, None]:
        f = filter or JobEventFilter()
        viewer = info.context.viewer
        mine = f.mine or (not viewer.is_staff and not (f.proposal_id or f.session_id))

        def accept(job: jm.Job) -> bool:
            return all(
                (
                    not mine or job.owner.login == viewer.login,
                    not f.proposal_id or job.proposal_id in f.proposal_id,
                    not f.session_id or job.session_id in f.session_id,
                    not f.beamline or job.beamline in f.beamline,
                    not f.type or job.type in f.type,
                )
            )

        subscription = info.context.services.broker.subscribe(ALL_JOBS)
        async for event in _follow(info, subscription, None, accept):
            yield event

    @strawberry.subscription(description="Jobs on one data collection: current ones, then changes.")
    async def data_collection_jobs_updated(
        self, info: Info, data_collection_id: int
    ) -> AsyncGenerator[JobEvent, None]:
        loaders = info.context.loaders
        row = await loaders.by_key(m.DataCollection.dataCollectionId).load(data_collection_id)
        if row is None:
            raise BadUserInput(f"no data collection with id {data_collection_id}")
        ref = jm.ItemRef(jm.ItemKind.DATA_COLLECTION, data_collection_id)
        subscription = info.context.services.broker.subscribe(ALL_JOBS)
        current = await loaders.jobs_on(jm.ItemKind.DATA_COLLECTION).load(data_collection_id)
        sent = {job.id: job.event_number for job in current}
        events = _follow(info, subscription, None, lambda job: ref in job.items, sent)
        for job in current:
            yield _event(job, "snapshot", None, False)
        async for event in events:
            yield event
