"""JobService: validation, descriptions, and one event per change on the broker."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from gateway.events.broker import Message
from gateway.events.memory import InMemoryBroker
from gateway.jobs.catalogue import Catalogue, JobType, load_catalogue
from gateway.jobs.description import ItemSummary, describe
from gateway.jobs.errors import (
    InvalidInput,
    InvalidItems,
    InvalidParameters,
    InvalidSchema,
    JobTypeRestricted,
    LeaseLost,
    StaleState,
    UnknownJobType,
)
from gateway.jobs.events import job_from_event
from gateway.jobs.memory_store import InMemoryJobStore
from gateway.jobs.model import ItemKind, Owner
from gateway.jobs.service import JobService
from gateway.jobs.states import JobStatus
from gateway.jobs.store import JobStore
from tests.jobs.conftest import FakeClock
from tests.jobs.helpers import INPUT_SCHEMA, chunks, read_all

SHIPPED = Path(__file__).resolve().parents[2] / "schema" / "catalogue"
DC = ItemKind.DATA_COLLECTION
ALICE = Owner(7, "alice")
P, R, H = JobStatus.PENDING, JobStatus.RUNNING, JobStatus.ONHOLD
F, X, C = JobStatus.FINISHED, JobStatus.FAILED, JobStatus.CANCELLED


def dc(id: int, images: int | None = 880, **kw: Any) -> ItemSummary:
    fields: dict[str, Any] = {
        "label": "GCSH-x8",
        "proposal_id": 10,
        "session_id": 100,
        "beamline": "id30a1",
    }
    fields.update(kw)
    return ItemSummary(id=id, kind=DC, images=images, **fields)


class Recorder:
    """Everything published on one channel, in order."""

    def __init__(self, broker: InMemoryBroker, channel: str) -> None:
        self.messages: list[Message] = []
        self._stream: AsyncIterator[Message] = broker.subscribe(channel)
        self._task = asyncio.ensure_future(self._run())

    async def _run(self) -> None:
        async for message in self._stream:
            self.messages.append(message)

    async def settle(self) -> list[Message]:
        for _ in range(5):
            await asyncio.sleep(0)
        return self.messages

    async def close(self) -> None:
        self._task.cancel()
        await asyncio.gather(self._task, return_exceptions=True)

    def transitions(self) -> list[tuple[str | None, str, str]]:
        return [(m["from"], m["to"], m["event"]) for m in self.messages]


@pytest.fixture
def broker() -> InMemoryBroker:
    return InMemoryBroker()


@pytest.fixture
async def all_jobs(broker: InMemoryBroker) -> AsyncIterator[Recorder]:
    recorder = Recorder(broker, "jobs")
    await recorder.settle()
    yield recorder
    await recorder.close()


@pytest.fixture
def service(store: JobStore, broker: InMemoryBroker, clock: FakeClock) -> JobService:
    return JobService(
        store,
        load_catalogue(SHIPPED),
        broker,
        lease_seconds=60,
        max_attempts=2,
        onhold_timeout=timedelta(days=2),
        max_file_bytes=1000,
        clock=clock,
    )


def test_description_format() -> None:
    items = [dc(1, 880), dc(2, 430)]
    assert describe("Merge", items) == "[Merge] 1 GCSH-x8 (880 images), 2 GCSH-x8 (430 images)"
    assert describe("Reprocess", [dc(5, None, label="thau-1")]) == "[Reprocess] 1 thau-1"


async def test_submit_builds_the_job_and_publishes(
    service: JobService, broker: InMemoryBroker, all_jobs: Recorder
) -> None:
    items = [dc(11, 880), dc(12, 430)]
    job = await service.submit("merge", items, {"anomalous": True}, ALICE)
    one = Recorder(broker, f"job:{job.id}")
    await one.settle()
    assert job.description == "[Merge] 1 GCSH-x8 (880 images), 2 GCSH-x8 (430 images)"
    assert [(i.kind, i.id) for i in job.items] == [(DC, 11), (DC, 12)]
    assert (job.proposal_id, job.session_id, job.beamline) == (10, 100, "id30a1")
    assert job.owner == ALICE and job.status is P
    messages = await all_jobs.settle()
    assert [job_from_event(m) for m in messages] == [job]  # the job travels with the event
    assert all(datetime.fromisoformat(m["publishedAt"]).tzinfo for m in messages)
    assert [{k: v for k, v in m.items() if k not in ("job", "publishedAt")} for m in messages] == [
        {
            "event": "created",
            "jobId": job.id,
            "from": None,
            "to": "PENDING",
            "at": job.updated.isoformat(),
            "proposalId": 10,
            "sessionId": 100,
            "ownerLogin": "alice",
            "type": "merge",
            "beamline": "id30a1",
        }
    ]
    json.dumps(messages)
    await service.cancel(job.id, "alice")
    assert [m["to"] for m in await one.settle()] == ["CANCELLED"]
    await one.close()


async def test_items_from_several_sessions(service: JobService) -> None:
    job = await service.submit(
        "merge", [dc(1), dc(2, session_id=101, beamline="id23eh1")], {}, ALICE
    )
    assert (job.session_id, job.beamline) == (None, None)


async def test_invalid_parameters_all_at_once(service: JobService, all_jobs: Recorder) -> None:
    with pytest.raises(InvalidParameters) as caught:
        await service.submit(
            "reprocess", [dc(1)], {"pipeline": "x", "startImage": 0, "extra": 1}, ALICE
        )
    assert [p.path for p in caught.value.problems] == ["$.extra", "$.pipeline", "$.startImage"]
    assert await service.store.count() == 0
    assert await all_jobs.settle() == []


@pytest.mark.parametrize(
    ("type_name", "items", "error", "match"),
    [
        ("reprocess", [], InvalidItems, "exactly 1"),
        ("reprocess", [dc(1), dc(2)], InvalidItems, "exactly 1"),
        ("merge", [dc(1)], InvalidItems, "at least 2"),
        ("merge", [dc(1), dc(1)], InvalidItems, "twice"),
        ("merge", [dc(1), dc(2, proposal_id=99)], InvalidItems, "same proposal"),
        (
            "reprocess",
            [ItemSummary(1, ItemKind.DATA_COLLECTION_GROUP, "g", 10, 10)],
            InvalidItems,
            "dataCollection only",
        ),
        ("nope", [dc(1)], UnknownJobType, "nope"),
    ],
)
async def test_item_checks(
    service: JobService,
    type_name: str,
    items: list[ItemSummary],
    error: type[Exception],
    match: str,
) -> None:
    params = {"pipeline": "autoPROC"} if type_name == "reprocess" else {}
    with pytest.raises(error, match=match):
        await service.submit(type_name, items, params, ALICE)


async def test_restrictions(store: JobStore, broker: InMemoryBroker) -> None:
    restricted = JobType(
        name="calibrate",
        title="Calibrate",
        description="Staff tool.",
        entity=DC,
        min_items=1,
        max_items=1,
        parameters={"type": "object"},
        staff_only=True,
        beamlines=("id30a1",),
    )
    service = JobService(store, Catalogue([restricted]), broker)
    with pytest.raises(JobTypeRestricted, match="staff only"):
        await service.submit("calibrate", [dc(1)], {}, ALICE)
    with pytest.raises(JobTypeRestricted, match="id23eh1"):
        await service.submit("calibrate", [dc(1, beamline="id23eh1")], {}, ALICE, is_staff=True)
    job = await service.submit("calibrate", [dc(1)], {}, ALICE, is_staff=True)
    assert job.type == "calibrate"


async def test_lifecycle_publishes_every_change(
    service: JobService, broker: InMemoryBroker, clock: FakeClock
) -> None:
    job = await service.submit("reprocess", [dc(1)], {"pipeline": "autoPROC"}, ALICE)
    events = Recorder(broker, f"job:{job.id}")
    await events.settle()

    running = await service.claim("w1", ["reprocess"])
    assert running is not None and running.lease is not None
    token = running.lease.token
    await service.add_output(job.id, token, "stats", {"rMerge": 0.1})
    await service.heartbeat(job.id, token)  # no status change, no event
    with pytest.raises(InvalidSchema):
        await service.request_input(job.id, token, "?", {"type": "nonsense"})
    onhold = await service.request_input(job.id, token, "Space group?", INPUT_SCHEMA)
    assert onhold.status is H

    with pytest.raises(InvalidInput) as caught:
        await service.submit_input(job.id, {"spaceGroup": ""}, actor="alice")
    assert [p.path for p in caught.value.problems] == ["$.spaceGroup"]
    with pytest.raises(InvalidInput) as caught:
        await service.submit_input(job.id, {}, actor="alice")
    assert caught.value.problems[0].path == "$.spaceGroup"

    await service.submit_input(job.id, {"spaceGroup": "P21"}, actor="alice")
    again = await service.claim("w2")
    assert again is not None and again.lease is not None
    info, with_file = await service.put_output_file(
        job.id, again.lease.token, "summary.html", "text/html", chunks(b"<p>ok</p>")
    )
    assert with_file.outputs[-1].file_id == info.id
    _, stream = await service.open_file(info.id)
    assert await read_all(stream) == b"<p>ok</p>"
    done = await service.finish(job.id, again.lease.token, actor="w2")
    assert done.status is F

    await events.settle()
    assert events.transitions() == [
        ("PENDING", "RUNNING", "status"),
        ("RUNNING", "RUNNING", "output"),
        ("RUNNING", "ONHOLD", "status"),
        ("ONHOLD", "PENDING", "status"),
        ("PENDING", "RUNNING", "status"),
        ("RUNNING", "RUNNING", "output"),
        ("RUNNING", "FINISHED", "status"),
    ]
    assert all(m["jobId"] == job.id for m in events.messages)
    json.dumps(events.messages)
    await events.close()


async def test_cancel_reaches_the_worker(service: JobService, all_jobs: Recorder) -> None:
    job = await service.submit("reprocess", [dc(1)], {"pipeline": "EDNA_proc"}, ALICE)
    running = await service.claim("w1")
    assert running is not None and running.lease is not None
    cancelled = await service.cancel(job.id, "alice", "wrong crystal")
    assert cancelled.history[-1].message == "wrong crystal"
    seen = await service.heartbeat(job.id, running.lease.token)
    assert seen.status is C
    with pytest.raises(LeaseLost):
        await service.finish(job.id, running.lease.token, actor="w1")
    with pytest.raises(StaleState):
        await service.cancel(job.id, "alice")
    assert [m["to"] for m in await all_jobs.settle()] == ["PENDING", "RUNNING", "CANCELLED"]


async def test_worker_failure_and_release(service: JobService) -> None:
    job = await service.submit("reprocess", [dc(1)], {"pipeline": "EDNA_proc"}, ALICE)
    first = await service.claim("w1")
    assert first is not None and first.lease is not None
    released = await service.release(job.id, first.lease.token, actor="w1", message="shutdown")
    assert released.status is P
    second = await service.claim("w2")
    assert second is not None and second.lease is not None
    failed = await service.fail(job.id, second.lease.token, actor="w2", message="no spots")
    assert failed.status is X and failed.history[-1].message == "no spots"


async def test_sweep_expires_leases_and_long_waits(
    service: JobService, clock: FakeClock, all_jobs: Recorder
) -> None:
    waiting = await service.submit("reprocess", [dc(1)], {"pipeline": "autoPROC"}, ALICE)
    w = await service.claim("w1")
    assert w is not None and w.lease is not None
    await service.request_input(waiting.id, w.lease.token, "?", INPUT_SCHEMA)
    crashed = await service.submit("reprocess", [dc(2)], {"pipeline": "autoPROC"}, ALICE)
    c = await service.claim("w2")
    assert c is not None and c.id == crashed.id

    assert await service.sweep() == []
    clock.advance(seconds=61)
    retried = await service.sweep()
    assert [(j.id, j.status) for j in retried] == [(crashed.id, P)]
    again = await service.claim("w3")
    assert again is not None and again.id == crashed.id
    clock.advance(days=2, seconds=1)
    swept = {j.id: j for j in await service.sweep()}
    assert swept[crashed.id].status is X  # second attempt of max 2
    assert swept[waiting.id].status is C
    assert "no input within 2 days" in swept[waiting.id].history[-1].message
    assert swept[waiting.id].history[-1].by == "system"
    tail = [(m["jobId"], m["to"]) for m in (await all_jobs.settle())[-2:]]
    assert sorted(tail) == sorted([(crashed.id, "FAILED"), (waiting.id, "CANCELLED")])


async def test_input_file_upload_needs_onhold_and_respects_the_limit(
    service: JobService,
) -> None:
    job = await service.submit("reprocess", [dc(1)], {"pipeline": "autoPROC"}, ALICE)
    with pytest.raises(StaleState):
        await service.upload_input_file(job.id, "a", "text/plain", chunks(b"x"))
    running = await service.claim("w")
    assert running is not None and running.lease is not None
    await service.request_input(job.id, running.lease.token, "?", INPUT_SCHEMA)
    info = await service.upload_input_file(job.id, "ref.pdb", "text/plain", chunks(b"ATOM"))
    assert info.role.value == "input"
    from gateway.jobs.errors import FileTooLarge

    with pytest.raises(FileTooLarge):
        await service.upload_input_file(job.id, "big", "text/plain", chunks(b"x" * 1001))


async def test_purge_by_type_retention(service: JobService, clock: FakeClock) -> None:
    old = await service.submit("merge", [dc(1), dc(2)], {}, ALICE)
    await service.cancel(old.id, "alice")
    kept = await service.submit("reprocess", [dc(3)], {"pipeline": "autoPROC"}, ALICE)
    await service.cancel(kept.id, "alice")
    clock.advance(days=40)
    dry = await service.purge({"merge": timedelta(days=30)}, dry_run=True)
    assert dry.job_ids == [old.id] and dry.dry_run
    report = await service.purge({"merge": timedelta(days=30), "reprocess": timedelta(days=90)})
    assert report.job_ids == [old.id]
    assert await service.store.count() == 1
    assert (await service.purge(timedelta(days=1))).job_ids == [kept.id]


async def test_a_failing_broker_does_not_fail_the_change(clock: FakeClock) -> None:
    class Broken(InMemoryBroker):
        async def announce(
            self, key: str, number: int, channels: Sequence[str], message: Message
        ) -> bool:
            raise ConnectionError("redis down")

    service = JobService(InMemoryJobStore(clock=clock), load_catalogue(SHIPPED), Broken())
    job = await service.submit("reprocess", [dc(1)], {"pipeline": "autoPROC"}, ALICE)
    assert (await service.cancel(job.id, "alice")).status is C


async def test_the_sweep_announces_what_a_dead_replica_did_not(
    service: JobService, store: JobStore, clock: FakeClock, all_jobs: Recorder
) -> None:
    """Changes written to the store whose event never went out (their replica died in
    between: here, written straight to the store) are announced by any replica's sweep:
    once, the latest state only, as the live event would have said it."""
    job = await service.submit("reprocess", [dc(1)], {"pipeline": "autoPROC"}, ALICE)
    clock.advance(seconds=1)
    claimed = await store.claim(None, "w1", 60)  # the dead replica's writes
    assert claimed is not None and claimed.lease is not None
    clock.advance(seconds=1)
    await store.add_output(job.id, claimed.lease.token, "stats", {"rMerge": 0.1})
    await store.heartbeat(job.id, claimed.lease.token, 60)  # a write, but no announced change
    assert [m["to"] for m in await all_jobs.settle()] == ["PENDING"]

    assert await service.announce_missed() == 0  # younger than the grace: its replica's to do
    clock.advance(seconds=3)
    assert await service.announce_missed() == 1
    assert await service.announce_missed() == 0  # announced once, whoever asks again
    caught_up = (await all_jobs.settle())[-1]
    assert (caught_up["from"], caught_up["to"], caught_up["event"]) == (
        "RUNNING",
        "RUNNING",
        "output",
    )
    announced = job_from_event(caught_up)
    assert announced is not None and [o.name for o in announced.outputs] == ["stats"]

    # A later change goes out live and is not repeated by the sweep.
    await service.finish(job.id, claimed.lease.token, actor="w1")
    clock.advance(seconds=3)
    assert await service.announce_missed() == 0
    await all_jobs.settle()
    assert all_jobs.transitions()[-1] == ("RUNNING", "FINISHED", "status")
    assert len(all_jobs.messages) == 3

    # A transition nobody announced, then nothing searched beyond the look-back.
    other = await service.submit("reprocess", [dc(2)], {"pipeline": "autoPROC"}, ALICE)
    await store.transition(other.id, P, C, actor="alice", message="dead replica")
    clock.advance(seconds=3)
    assert await service.announce_missed() == 1
    await all_jobs.settle()
    assert all_jobs.transitions()[-1] == ("PENDING", "CANCELLED", "status")
    lost = await service.submit("reprocess", [dc(3)], {"pipeline": "autoPROC"}, ALICE)
    await store.transition(lost.id, P, C, actor="alice", message="long ago")
    clock.advance(seconds=service.announce_lookback.total_seconds() + 1)
    assert await service.announce_missed() == 0


async def test_an_older_change_is_never_announced_after_a_newer_one(
    service: JobService, store: JobStore, clock: FakeClock, all_jobs: Recorder
) -> None:
    """A sweep that read the newer state first wins; the live event of the older one,
    arriving late, is dropped rather than sent after it."""
    job = await service.submit("reprocess", [dc(1)], {"pipeline": "autoPROC"}, ALICE)
    running = await store.claim(None, "w1", 60)
    assert running is not None and running.lease is not None
    await store.transition(job.id, R, C, actor="alice", message="stop")
    clock.advance(seconds=3)
    assert await service.announce_missed() == 1  # CANCELLED
    late = JobService(store, service.catalogue, service.broker)
    await late._publish(running)  # the claim's replica, publishing late
    assert [m["to"] for m in await all_jobs.settle()] == ["PENDING", "CANCELLED"]
