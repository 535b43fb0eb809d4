"""Contract: pagination, filters, counts, and the per-item batches DataLoaders use."""

from __future__ import annotations

from datetime import timedelta

import pytest
from bson import ObjectId

from gateway.jobs.errors import InvalidCursor
from gateway.jobs.model import ItemRef, Job, JobFilter, Visibility
from gateway.jobs.mongo_store import MongoJobStore
from gateway.jobs.states import JobStatus
from gateway.jobs.store import JobStore
from tests.jobs.conftest import CommandLog, FakeClock
from tests.jobs.helpers import DC, DCG, drive

P, R, H = JobStatus.PENDING, JobStatus.RUNNING, JobStatus.ONHOLD
F, X, C = JobStatus.FINISHED, JobStatus.FAILED, JobStatus.CANCELLED


async def _collection(store: JobStore, clock: FakeClock) -> dict[str, Job]:
    """Seven jobs; some share a `created` millisecond so ids must break the tie."""
    jobs: dict[str, Job] = {}
    # "a" has a type of its own: the claims below (oldest PENDING first) must not pick it.
    jobs["a"] = (await drive(store, P, type="other", items=[ItemRef(DC, 1)])).job
    jobs["b"] = (await drive(store, R, type="merge", items=[ItemRef(DC, 1), ItemRef(DC, 2)])).job
    clock.advance(hours=1)
    jobs["c"] = (
        await drive(
            store,
            F,
            type="reprocess",
            items=[ItemRef(DC, 2)],
            login="bob",
            proposal_id=11,
            session_id=110,
            beamline="id23eh1",
        )
    ).job
    jobs["d"] = (await drive(store, C, type="reprocess", items=[ItemRef(DCG, 1)])).job
    jobs["e"] = (
        await drive(
            store, H, type="reprocess", items=[ItemRef(DC, 3)], session_id=None, beamline=None
        )
    ).job
    clock.advance(days=1)
    jobs["f"] = (
        await drive(
            store,
            P,
            type="reprocess",
            items=[ItemRef(DC, 4)],
            login="bob",
            proposal_id=12,
            session_id=120,
        )
    ).job
    jobs["g"] = (await drive(store, X, type="merge", items=[ItemRef(DC, 4), ItemRef(DC, 5)])).job
    return {k: await store.get(v.id) for k, v in jobs.items()}


def _newest_first(jobs: list[Job]) -> list[str]:
    return [j.id for j in sorted(jobs, key=lambda j: (j.created, j.id), reverse=True)]


async def test_pagination_walks_every_job_once_newest_first(
    store: JobStore, clock: FakeClock
) -> None:
    jobs = await _collection(store, clock)
    seen: list[str] = []
    after: str | None = None
    pages = 0
    while True:
        page = await store.find(first=3, after=after)
        pages += 1
        seen.extend(j.id for j in page.jobs)
        assert page.end_cursor == (None if not page.jobs else page.end_cursor)
        if not page.has_next_page:
            break
        after = page.end_cursor
    assert pages == 3
    assert seen == _newest_first(list(jobs.values()))
    whole = await store.find(first=100)
    assert [j.id for j in whole.jobs] == seen and not whole.has_next_page
    assert whole.jobs == [next(j for j in jobs.values() if j.id == i) for i in seen]


async def test_page_boundaries(store: JobStore, clock: FakeClock) -> None:
    jobs = await _collection(store, clock)
    exact = await store.find(first=len(jobs))
    assert len(exact.jobs) == len(jobs) and not exact.has_next_page
    last = await store.find(first=2, after=exact.end_cursor)
    assert last.jobs == [] and last.end_cursor is None and not last.has_next_page
    nothing = await store.find(JobFilter(statuses=[]), first=5)
    assert nothing.jobs == [] and not nothing.has_next_page
    for bad in ("garbage", "bm90LWEtY3Vyc29y"):
        with pytest.raises(InvalidCursor):
            await store.find(first=2, after=bad)


async def test_filters_and_counts(store: JobStore, clock: FakeClock) -> None:
    jobs = await _collection(store, clock)
    by_id = {j.id: k for k, j in jobs.items()}
    start = jobs["a"].created
    cases: list[tuple[JobFilter, str]] = [
        (JobFilter(), "abcdefg"),
        (JobFilter(statuses=[P, H]), "aef"),
        (JobFilter(statuses=[]), ""),
        (JobFilter(types=["merge"]), "bg"),
        (JobFilter(owner_login="bob"), "cf"),
        (JobFilter(proposal_ids=[11, 12]), "cf"),
        (JobFilter(session_ids=[110]), "c"),
        (JobFilter(beamlines=["id23eh1"]), "c"),
        (JobFilter(items=[ItemRef(DC, 1)]), "ab"),
        (JobFilter(items=[ItemRef(DCG, 1)]), "d"),
        (JobFilter(items=[ItemRef(DC, 2), ItemRef(DC, 5)]), "bcg"),
        (JobFilter(ids=[jobs["a"].id, jobs["g"].id, "junk"]), "ag"),
        (JobFilter(created_from=start + timedelta(minutes=30)), "cdefg"),
        (JobFilter(created_to=start + timedelta(minutes=30)), "ab"),
        (
            JobFilter(
                created_from=start + timedelta(minutes=30),
                created_to=start + timedelta(hours=2),
            ),
            "cde",
        ),
        (JobFilter(updated_before=start + timedelta(minutes=30)), "ab"),
        (JobFilter(types=["other", "merge"], statuses=[P, X], owner_login="alice"), "ag"),
        (JobFilter(visible_to=Visibility(proposal_ids=[11])), "c"),
        (JobFilter(visible_to=Visibility(session_ids=[120])), "f"),
        (JobFilter(visible_to=Visibility(proposal_ids=[11], login="alice")), "abcdeg"),
        (JobFilter(visible_to=Visibility()), ""),
        (JobFilter(visible_to=Visibility(login="bob"), types=["reprocess"]), "cf"),
    ]
    for where, expected in cases:
        page = await store.find(where, first=100)
        got = "".join(sorted(by_id[j.id] for j in page.jobs))
        assert got == expected, where
        assert await store.count(where) == len(expected), where


async def test_filtered_pagination(store: JobStore, clock: FakeClock) -> None:
    jobs = await _collection(store, clock)
    where = JobFilter(types=["reprocess"])
    expected = _newest_first([j for j in jobs.values() if j.type == "reprocess"])
    assert len(expected) == 4
    first = await store.find(where, first=3)
    second = await store.find(where, first=3, after=first.end_cursor)
    assert [j.id for j in [*first.jobs, *second.jobs]] == expected
    assert (first.has_next_page, second.has_next_page) == (True, False)


async def test_new_jobs_do_not_disturb_a_walk(store: JobStore, clock: FakeClock) -> None:
    await _collection(store, clock)
    page = await store.find(first=3)
    clock.advance(seconds=5)
    await drive(store, P)
    rest = await store.find(first=100, after=page.end_cursor)
    assert len(page.jobs) + len(rest.jobs) == 7


async def test_count_by_status_for_items(
    store: JobStore, clock: FakeClock, command_log: CommandLog
) -> None:
    await _collection(store, clock)
    command_log.commands.clear()
    counts = await store.count_by_status_for_items(DC, [1, 2, 3, 4, 5, 6])
    assert counts == {
        1: {P: 1, R: 1},
        2: {R: 1, F: 1},
        3: {H: 1},
        4: {P: 1, X: 1},
        5: {X: 1},
        6: {},
    }
    assert await store.count_by_status_for_items(DCG, [1]) == {1: {C: 1}}
    assert await store.count_by_status_for_items(DC, []) == {}
    # only what the viewer may see: bob owns "c" (proposal 11); proposal 10 holds the rest
    bob = Visibility(login="bob")
    assert await store.count_by_status_for_items(DC, [1, 2], bob) == {1: {}, 2: {F: 1}}
    member = Visibility(proposal_ids={10})
    assert await store.count_by_status_for_items(DC, [1, 2], member) == {1: {P: 1, R: 1}, 2: {R: 1}}
    if isinstance(store, MongoJobStore):
        reads = [c for c in command_log.reads() if c[1] == "jobs"]
        assert len(reads) == 4  # one per call with item ids (none for the empty call)


async def test_jobs_for_items(store: JobStore, clock: FakeClock, command_log: CommandLog) -> None:
    jobs = await _collection(store, clock)
    command_log.commands.clear()
    found = await store.jobs_for_items(DC, [1, 4, 9])
    assert {k: [j.id for j in v] for k, v in found.items()} == {
        1: _newest_first([jobs["a"], jobs["b"]]),
        4: _newest_first([jobs["f"], jobs["g"]]),
        9: [],
    }
    assert found[1][0] == next(j for j in jobs.values() if j.id == found[1][0].id)
    if isinstance(store, MongoJobStore):
        assert len([c for c in command_log.reads() if c[1] == "jobs"]) == 1


async def test_unknown_id_in_filter_is_ignored(store: JobStore) -> None:
    assert await store.count(JobFilter(ids=[str(ObjectId())])) == 0
