"""Contract: files (streaming in, checksums, ranges, size limit) and retention purge."""

from __future__ import annotations

import hashlib
import os
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from bson import ObjectId

from gateway.jobs.errors import (
    FileNotFound,
    FileTooLarge,
    InvalidRange,
    JobNotFound,
    StaleState,
)
from gateway.jobs.files import CHUNK_SIZE
from gateway.jobs.model import FileRole
from gateway.jobs.mongo_store import MongoJobStore
from gateway.jobs.states import JobStatus
from gateway.jobs.store import JobStore
from tests.jobs.conftest import FakeClock
from tests.jobs.helpers import chunks, drive, read_all

P, R, H = JobStatus.PENDING, JobStatus.RUNNING, JobStatus.ONHOLD
F, X, C = JobStatus.FINISHED, JobStatus.FAILED, JobStatus.CANCELLED

DATA = os.urandom(CHUNK_SIZE * 2 + 12_345)  # three GridFS chunks, the last one short


async def _gridfs_counts(store: JobStore) -> tuple[int, int] | None:
    if not isinstance(store, MongoJobStore):
        return None
    return (
        await store.files.files.count_documents({}),
        await store.files.chunks.count_documents({}),
    )


async def test_put_and_get_a_file(store: JobStore, clock: FakeClock) -> None:
    d = await drive(store, R)
    info = await store.put_file(d.job.id, "aimless.log", "text/plain", chunks(DATA), 10**7)
    assert info.size == len(DATA)
    assert info.sha256 == hashlib.sha256(DATA).hexdigest()
    assert (info.job_id, info.filename, info.content_type) == (
        d.job.id,
        "aimless.log",
        "text/plain",
    )
    assert info.role is FileRole.OUTPUT
    assert info.uploaded_at == clock() or isinstance(store, MongoJobStore)
    assert await store.file_info(info.id) == info
    assert await store.list_files(d.job.id) == [info]

    opened, stream = await store.open_file(info.id)
    assert opened == info
    assert await read_all(stream) == DATA
    if isinstance(store, MongoJobStore):
        assert await _gridfs_counts(store) == (1, 3)


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (0, 10),
        (CHUNK_SIZE - 5, CHUNK_SIZE + 5),  # across a chunk boundary
        (CHUNK_SIZE, CHUNK_SIZE * 2 + 1),
        (len(DATA) - 7, None),
        (None, 3),
        (100, 100),  # empty
        (0, len(DATA)),
    ],
)
async def test_range_reads(store: JobStore, start: int | None, end: int | None) -> None:
    d = await drive(store, R)
    info = await store.put_file(d.job.id, "f.bin", "application/octet-stream", chunks(DATA), 10**7)
    _, stream = await store.open_file(info.id, start, end)
    assert await read_all(stream) == DATA[start:end]


async def test_bad_ranges_and_unknown_files(store: JobStore) -> None:
    d = await drive(store, R)
    info = await store.put_file(d.job.id, "f", "text/plain", chunks(b"0123456789"), 100)
    for start, end in [(-1, 5), (5, 4), (0, 11), (11, None)]:
        with pytest.raises(InvalidRange):
            await store.open_file(info.id, start, end)
    for file_id in (str(ObjectId()), "nonsense"):
        with pytest.raises(FileNotFound):
            await store.open_file(file_id)
        with pytest.raises(FileNotFound):
            await store.file_info(file_id)


async def test_empty_file(store: JobStore) -> None:
    d = await drive(store, R)
    info = await store.put_file(d.job.id, "empty", "text/plain", chunks(b""), 100)
    assert info.size == 0 and info.sha256 == hashlib.sha256(b"").hexdigest()
    _, stream = await store.open_file(info.id)
    assert await read_all(stream) == b""


async def test_file_over_the_limit_leaves_nothing(store: JobStore) -> None:
    d = await drive(store, R)
    limit = CHUNK_SIZE + 1000  # one whole chunk is written before the limit is hit
    with pytest.raises(FileTooLarge):
        await store.put_file(d.job.id, "big", "text/plain", chunks(DATA, 50_000), limit)
    assert await store.list_files(d.job.id) == []
    if isinstance(store, MongoJobStore):
        assert await _gridfs_counts(store) == (0, 0)
    exact = await store.put_file(d.job.id, "ok", "text/plain", chunks(DATA[:limit]), limit)
    assert exact.size == limit


async def test_failing_upload_stream_leaves_nothing(store: JobStore) -> None:
    d = await drive(store, R)

    async def broken() -> AsyncIterator[bytes]:
        yield DATA[: CHUNK_SIZE + 10]
        raise ConnectionResetError("client went away")

    with pytest.raises(ConnectionResetError):
        await store.put_file(d.job.id, "x", "text/plain", broken(), 10**7)
    assert await store.list_files(d.job.id) == []
    if isinstance(store, MongoJobStore):
        assert await _gridfs_counts(store) == (0, 0)


async def test_input_files_and_refusals(store: JobStore) -> None:
    d = await drive(store, H)
    info = await store.put_file(
        d.job.id, "ref.mtz", "application/octet-stream", chunks(b"mtz"), 100, role=FileRole.INPUT
    )
    assert info.role is FileRole.INPUT
    with pytest.raises(JobNotFound):
        await store.put_file(str(ObjectId()), "x", "text/plain", chunks(b"x"), 100)
    done = await drive(store, F)
    with pytest.raises(StaleState):
        await store.put_file(done.job.id, "x", "text/plain", chunks(b"x"), 100)


async def _old_and_new(store: JobStore, clock: FakeClock) -> dict[str, str]:
    """Jobs of two ages and all statuses; returns name -> id."""
    ids: dict[str, str] = {}
    for status in (F, X, C, R):
        d = await drive(store, status, type="reprocess")
        ids[f"old-{status}"] = d.job.id
    # Another type, so the claims made while building the others never pick it.
    ids["old-PENDING"] = (await drive(store, P, type="other")).job.id
    with_files = await drive(store, R, type="merge")
    assert with_files.token is not None
    for name in ("a.log", "b.mtz"):
        await store.put_file(with_files.job.id, name, "text/plain", chunks(DATA), 10**7)
    await store.transition(
        with_files.job.id, R, F, actor="w", message="ok", lease_token=with_files.token
    )
    ids["old-merge-files"] = with_files.job.id
    clock.advance(days=30)
    for status in (F, C):
        ids[f"new-{status}"] = (await drive(store, status, type="reprocess")).job.id
    return ids


async def test_purge_dry_run_then_real(store: JobStore, clock: FakeClock) -> None:
    ids = await _old_and_new(store, clock)
    expected = sorted(
        ids[k] for k in ("old-FINISHED", "old-FAILED", "old-CANCELLED", "old-merge-files")
    )
    cutoff = clock() - timedelta(days=10)
    before = await _gridfs_counts(store)

    dry = await store.purge(cutoff, batch_size=2, dry_run=True)
    assert dry.dry_run and sorted(dry.job_ids) == expected
    assert dry.files == 2 and dry.bytes == 2 * len(DATA)
    for job_id in ids.values():
        await store.get(job_id)
    assert len(await store.list_files(ids["old-merge-files"])) == 2
    assert await _gridfs_counts(store) == before

    real = await store.purge(cutoff, batch_size=2)
    assert not real.dry_run and sorted(real.job_ids) == expected
    assert (real.files, real.bytes) == (2, 2 * len(DATA))
    for job_id in expected:
        with pytest.raises(JobNotFound):
            await store.get(job_id)
    for name in ("old-PENDING", "old-RUNNING", "new-FINISHED", "new-CANCELLED"):
        await store.get(ids[name])
    assert await store.list_files(ids["old-merge-files"]) == []
    if isinstance(store, MongoJobStore):
        assert await _gridfs_counts(store) == (0, 0)
        assert await store.markers.count_documents({"job_id": {"$in": expected}}) == 0

    again = await store.purge(cutoff)
    assert again.job_ids == []


async def test_purge_per_type(store: JobStore, clock: FakeClock) -> None:
    ids = await _old_and_new(store, clock)
    report = await store.purge({"merge": clock() - timedelta(days=10)})
    assert report.job_ids == [ids["old-merge-files"]]
    assert report.files == 2
    await store.get(ids["old-FINISHED"])  # reprocess: not in the mapping, kept
    everything = await store.purge({"merge": clock(), "reprocess": clock() + timedelta(days=1)})
    assert sorted(everything.job_ids) == sorted(
        ids[k]
        for k in ("old-FINISHED", "old-FAILED", "old-CANCELLED", "new-FINISHED", "new-CANCELLED")
    )
