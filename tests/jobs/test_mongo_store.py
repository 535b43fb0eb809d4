"""What only the MongoDB store has: write markers, indexes, the stored document shape."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest
from bson import ObjectId
from pymongo import AsyncMongoClient

from gateway.jobs import mongo_store
from gateway.jobs.errors import Contention, LeaseLost
from gateway.jobs.mongo_store import MongoJobStore
from gateway.jobs.states import JobStatus
from tests.jobs.conftest import FakeClock
from tests.jobs.helpers import drive, new_job


@pytest.fixture
async def mongo(
    mongo_client: AsyncMongoClient[dict[str, Any]], mongo_database: str, clock: FakeClock
) -> MongoJobStore:
    store = MongoJobStore(mongo_client, mongo_database, clock=clock)
    await store.ensure_indexes()
    return store


async def _marker(store: MongoJobStore, job_id: str, version: int, age: timedelta) -> None:
    at = store._clock() - age
    await store.markers.insert_one(
        {"_id": f"{job_id}:{version}", "job_id": job_id, "nonce": "crashed", "at": at}
    )


async def test_abandoned_marker_is_cleared(mongo: MongoJobStore) -> None:
    job = await mongo.create(new_job())
    await _marker(mongo, job.id, job.version + 1, timedelta(minutes=5))
    cancelled = await mongo.transition(
        job.id, JobStatus.PENDING, JobStatus.CANCELLED, actor="a", message="m"
    )
    assert cancelled.status is JobStatus.CANCELLED
    marker = await mongo.markers.find_one({"_id": f"{job.id}:1"})
    assert marker is not None and marker.get("nonce") != "crashed"  # the live writer's


async def test_old_marker_of_a_written_version_is_kept(mongo: MongoJobStore) -> None:
    """An old marker whose version was written is no crash: removing it would let a
    late writer through (the write filter is the bare `_id` on FerretDB)."""
    job = await mongo.create(new_job())
    late = await mongo.get(job.id)
    await mongo.transition(job.id, JobStatus.PENDING, JobStatus.CANCELLED, actor="a", message="m")
    await mongo.markers.update_one(
        {"_id": f"{job.id}:1"}, {"$set": {"at": mongo._clock() - timedelta(hours=1)}}
    )
    claimed = mongo_store.rules.claim(late, "w", 60, mongo._clock())
    assert await mongo._guard.swap(late, claimed) is None
    assert await mongo.markers.count_documents({"_id": f"{job.id}:1"}) == 1
    assert (await mongo.get(job.id)).status is JobStatus.CANCELLED


async def test_live_marker_means_someone_else_is_writing(
    mongo: MongoJobStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(mongo_store, "MAX_RETRIES", 3)
    job = await mongo.create(new_job())
    await _marker(mongo, job.id, job.version + 1, timedelta(seconds=1))
    with pytest.raises(Contention):
        await mongo.transition(
            job.id, JobStatus.PENDING, JobStatus.CANCELLED, actor="a", message="m"
        )
    assert await mongo.get(job.id) == job
    assert await mongo.claim([job.type], "w", 60) is None


async def test_one_marker_per_version_until_purge(mongo: MongoJobStore) -> None:
    d = await drive(mongo, JobStatus.RUNNING)
    assert d.token is not None
    for i in range(5):
        await mongo.heartbeat(d.job.id, d.token, 60)
        await mongo.add_output(d.job.id, d.token, f"o{i}", i)
    assert (await mongo.get(d.job.id)).version == 11
    assert await mongo.markers.count_documents({"job_id": d.job.id}) == 11


async def test_a_replica_with_a_stale_copy_reads_again(
    mongo_client: AsyncMongoClient[dict[str, Any]], mongo_database: str, clock: FakeClock
) -> None:
    """Two replicas, each starting from the copy it wrote last: neither loses an update."""
    one, two = (MongoJobStore(mongo_client, mongo_database, clock=clock) for _ in range(2))
    await one.ensure_indexes()
    await two.ensure_indexes()
    job = await one.create(new_job())
    claimed = await one.claim([job.type], "w", 60)
    assert claimed is not None and claimed.lease is not None
    await two.add_output(job.id, claimed.lease.token, "from-two", 2)
    await one.add_output(job.id, claimed.lease.token, "from-one", 1)  # its copy is stale
    await two.transition(job.id, JobStatus.RUNNING, JobStatus.CANCELLED, actor="a", message="m")
    with pytest.raises(LeaseLost):  # one's copy says RUNNING; the store says otherwise
        await one.transition(
            job.id,
            JobStatus.RUNNING,
            JobStatus.FINISHED,
            actor="w",
            message="ok",
            lease_token=claimed.lease.token,
        )
    stored = await one.get(job.id)
    assert stored.status is JobStatus.CANCELLED
    assert sorted(o.name for o in stored.outputs) == ["from-one", "from-two"]


@pytest.mark.parametrize("preconditions", [True, False], ids=["mongodb-filter", "bare-id"])
async def test_concurrent_claims_exactly_one_wins_with_either_filter(
    mongo: MongoJobStore, preconditions: bool
) -> None:
    """The claim with `{_id, version, status}` in the findAndModify filter (what MongoDB
    runs) and with the bare `_id` (FerretDB): one winner either way."""
    mongo._guard.preconditions = preconditions
    for _ in range(3):
        job = await mongo.create(new_job())
        results = await asyncio.gather(*[mongo.claim([job.type], f"w{i}", 60) for i in range(8)])
        assert len([r for r in results if r is not None]) == 1
        stored = await mongo.get(job.id)
        assert stored.status is JobStatus.RUNNING and len(stored.history) == 1
        assert stored.lease is not None and stored.lease.token in {
            r.lease.token for r in results if r is not None and r.lease is not None
        }


async def test_the_server_decides_the_filter(mongo: MongoJobStore) -> None:
    info = await mongo._db.command("buildInfo")
    assert mongo._guard.preconditions is ("ferretdbVersion" not in info)


async def test_indexes_and_ping(mongo: MongoJobStore) -> None:
    await mongo.ensure_indexes()  # idempotent
    await mongo.ping()
    names = set(await mongo.jobs.index_information())
    assert {"item_keys_1", "created_-1__id_-1", "status_1_lease.expires_at_1"} <= names
    assert "metadata.job_id_1" in set(await mongo.files.files.index_information())


async def test_stored_shape(mongo: MongoJobStore) -> None:
    job = await mongo.create(new_job())
    doc = await mongo.jobs.find_one({"_id": ObjectId(job.id)})
    assert doc is not None
    assert doc["status"] == "PENDING" and doc["item_keys"] == ["dataCollection:1"]
    assert isinstance(doc["parameters"], str)  # user JSON as text: `$` and `.` in keys
    assert doc["version"] == 0 and doc["lease"] is None
