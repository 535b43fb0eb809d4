"""The job benchmarks, run small: they must find a lost or doubled job, and the
in-process store's indexes must answer what MongoDB answers."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from pymongo import AsyncMongoClient

from bench import claims, job_queries
from gateway.jobs.memory_store import InMemoryJobStore
from gateway.jobs.model import JobFilter, Visibility
from gateway.jobs.mongo_store import MongoJobStore
from gateway.jobs.states import JobStatus
from tests.jobs.helpers import drive


@pytest.fixture
async def counted(mongo_url: str) -> Any:
    trips = claims.RoundTrips()
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(
        mongo_url, tz_aware=True, event_listeners=[trips]
    )
    yield client, trips
    await client.close()


async def test_racing_workers_run_every_job_once(counted: Any) -> None:
    client, trips = counted
    # Three turns (3, 3 and 2 jobs): the sides alternate, and the totals add up.
    base, ours = await claims.race(client, trips, workers=4, existing=10, jobs=8, rounds=3)
    assert sum(ours.runs.values()) == 8  # race() checked: all finished, none twice
    assert sum(base.runs.values()) >= 8
    assert len(base.runs) == 8


def test_rounds_split_the_jobs_evenly() -> None:
    assert claims._rounds(8, 3) == [3, 3, 2]
    assert claims._rounds(2, 4) == [1, 1]
    assert claims._rounds(5, 0) == [5]


async def test_one_worker_claims_and_finishes_in_five_round_trips(counted: Any) -> None:
    client, trips = counted
    _, ours = await claims.race(client, trips, workers=1, existing=0, jobs=4)
    # Per job: candidates, marker + findAndModify to claim, marker + findAndModify to
    # finish (from the copy written at the claim); one more find sees no job left.
    assert ours.round_trips == Counter({"find": 5, "insert": 8, "findAndModify": 8})


async def test_the_check_refuses_a_doubled_or_lost_job(
    mongo_client: AsyncMongoClient[dict[str, Any]], mongo_database: str
) -> None:
    store = MongoJobStore(mongo_client, mongo_database)
    job = (await drive(store, JobStatus.FINISHED)).job
    await claims.check(store, Counter({job.id: 1}), [job.id])
    with pytest.raises(AssertionError, match="twice"):
        await claims.check(store, Counter({job.id: 2}), [job.id])
    with pytest.raises(AssertionError, match="never ran"):
        await claims.check(store, Counter(), [job.id])


async def test_query_bench_runs_small() -> None:
    results = await job_queries.measure(InMemoryJobStore(), 2000, 3)
    assert set(results) == {
        "jobs(filter:) for one person",
        "counts for 100 collections",
        "sweeper pass",
    }


async def test_indexed_memory_store_answers_like_mongodb(
    mongo_client: AsyncMongoClient[dict[str, Any]], mongo_database: str
) -> None:
    jobs = job_queries.generate(600, seed=3)
    memory, mongo = InMemoryJobStore(), MongoJobStore(mongo_client, mongo_database)
    for store in (memory, mongo):
        await job_queries.load(store, jobs)
    filters = [
        JobFilter(visible_to=job_queries.scope(5)),
        JobFilter(statuses={JobStatus.RUNNING, JobStatus.ONHOLD}),
        JobFilter(owner_login="p7", statuses={JobStatus.FINISHED}),
        JobFilter(
            session_ids={jobs[0].session_id or 0},
            visible_to=Visibility(proposal_ids={jobs[0].proposal_id}),
        ),
        JobFilter(items={jobs[1].items[0]}),
        # Counted from the indexes alone (every condition is an index's), then with a
        # condition checked job by job, as a launch's quotas count them.
        JobFilter(owner_login="p7", statuses={JobStatus.PENDING}),
        JobFilter(statuses={JobStatus.PENDING}, visible_to=job_queries.scope(5)),
        JobFilter(ids=[j.id for j in jobs[:50]], statuses={JobStatus.FINISHED}),
        JobFilter(owner_login="p7", created_from=sorted(j.created for j in jobs)[300]),
        JobFilter(
            created_from=sorted(j.created for j in jobs)[100],
            created_to=sorted(j.created for j in jobs)[400],
        ),
        JobFilter(created_to=sorted(j.created for j in jobs)[250], types={"reprocess"}),
    ]
    for where in filters:
        a, b = await memory.find(where, first=20), await mongo.find(where, first=20)
        assert [j.id for j in a.jobs] == [j.id for j in b.jobs], where
        assert await memory.count(where) == await mongo.count(where), where
    ids = [jobs[n].items[0].id for n in range(0, 600, 7)]
    kind = jobs[0].items[0].kind
    for scope in (None, job_queries.scope(9)):
        assert await memory.count_by_status_for_items(
            kind, ids, scope
        ) == await mongo.count_by_status_for_items(kind, ids, scope)
