"""What only the MongoDB store has: write markers, indexes, the stored document shape."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from bson import ObjectId
from pymongo import AsyncMongoClient

from gateway.jobs import mongo_store
from gateway.jobs.errors import Contention
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
    assert await mongo.markers.count_documents({}) == 0


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


async def test_markers_do_not_accumulate(mongo: MongoJobStore) -> None:
    d = await drive(mongo, JobStatus.RUNNING)
    assert d.token is not None
    for i in range(5):
        await mongo.heartbeat(d.job.id, d.token, 60)
        await mongo.add_output(d.job.id, d.token, f"o{i}", i)
    assert (await mongo.get(d.job.id)).version == 11
    assert await mongo.markers.count_documents({}) == 0


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
