"""Queries over many jobs: a person's list, a session page's counts, the sweeper's pass.

`--jobs` jobs (default 100,000) over 500 proposals, 2,000 sessions, 300 people
and 20,000 data collections, mostly finished, some pending, running (a few with
expired leases) and on hold, are loaded into the in-process store or (`--store
mongo`) the MongoDB-protocol server with the gateway's indexes; then, each
`--repeat` times with a different person or session:

* `jobs(filter:)` for one person: the first page of what they may see plus the
  total count (what the GraphQL field runs);
* job counts for a session page of 100 collections, with the person's scope;
* one sweeper pass (`JobService.sweep`, then `announce_missed`, as the app's sweeper runs
  them: the last two minutes' jobs are checked for changes nobody announced).

    python -m bench.job_queries [--jobs 100000] [--store memory|mongo] [--repeat 50]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

from bson import ObjectId
from pymongo import AsyncMongoClient

from gateway.events.memory import InMemoryBroker
from gateway.jobs import rules
from gateway.jobs.catalogue import load_catalogue
from gateway.jobs.clock import utc_now
from gateway.jobs.memory_store import InMemoryJobStore
from gateway.jobs.model import ItemKind, ItemRef, Job, JobFilter, NewJob, Owner, Visibility
from gateway.jobs.mongo_codec import encode_job
from gateway.jobs.mongo_store import MongoJobStore
from gateway.jobs.service import JobService, Quotas
from gateway.jobs.states import JobStatus
from gateway.jobs.store import JobStore
from gateway.settings import REPO_ROOT

PROPOSALS, SESSIONS, PEOPLE, COLLECTIONS = 500, 2000, 300, 20_000
DC = ItemKind.DATA_COLLECTION


def generate(count: int, seed: int = 17) -> list[Job]:
    """Jobs as the stores keep them, built by the same rules the stores apply."""
    rng = random.Random(seed)
    now = utc_now()
    jobs = []
    for n in range(count):
        session = rng.randrange(SESSIONS)
        collection = session * (COLLECTIONS // SESSIONS) + rng.randrange(COLLECTIONS // SESSIONS)
        created = now - timedelta(seconds=count - n)
        job = rules.create(
            NewJob(
                "reprocess",
                (ItemRef(DC, collection),),
                {"pipeline": "autoPROC"},
                "[Reprocess] x",
                Owner(rng.randrange(PEOPLE), f"p{rng.randrange(PEOPLE)}"),
                session % PROPOSALS,
                session,
                "id30a1",
            ),
            str(ObjectId()),
            created,
        )
        roll = rng.random()
        if roll < 0.02:
            jobs.append(job)  # PENDING
            continue
        lease = 60 if roll > 0.021 else -60  # one in a thousand: a lease that has expired
        job = rules.claim(job, "w", lease, created)
        assert job.lease is not None
        if roll < 0.03:
            jobs.append(job)  # RUNNING
        elif roll < 0.035:
            jobs.append(rules.request_input(job, job.lease.token, "?", {}, created))
        else:
            jobs.append(
                rules.transition(
                    job,
                    frozenset({JobStatus.RUNNING}),
                    JobStatus.FINISHED,
                    actor="w",
                    message="ok",
                    now=created,
                    lease_token=job.lease.token,
                )
            )
    return jobs


async def load(store: JobStore, jobs: list[Job]) -> None:
    if isinstance(store, InMemoryJobStore):
        for job in jobs:
            store._put(job)
        return
    assert isinstance(store, MongoJobStore)
    for start in range(0, len(jobs), 1000):
        await store.jobs.insert_many([encode_job(j) for j in jobs[start : start + 1000]])


Timing = tuple[float, float, float]


async def p95(repeat: int, action: Callable[[int], Awaitable[object]]) -> Timing:
    """(p50, p95) of the wall time, and p95 of this process's CPU time: on a shared machine
    the wall time includes waiting for a core, the CPU time does not."""
    wall, cpu = [], []
    for n in range(repeat):
        started, used = time.perf_counter(), time.process_time()
        await action(n)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - used) * 1000)
    high = statistics.quantiles(wall, n=20)[18]
    return statistics.median(wall), high, statistics.quantiles(cpu, n=20)[18]


def scope(n: int) -> Visibility:
    """A person with three proposals and their own jobs."""
    return Visibility(
        proposal_ids={n % PROPOSALS, (n + 7) % PROPOSALS, (n + 11) % PROPOSALS},
        login=f"p{n % PEOPLE}",
    )


async def measure(store: JobStore, jobs: int, repeat: int) -> dict[str, Timing]:
    started = time.perf_counter()
    await load(store, generate(jobs))
    await store.ensure_indexes()
    print(f"{store.name}: {jobs} jobs loaded in {time.perf_counter() - started:.1f} s")
    service = JobService(
        store,
        load_catalogue(REPO_ROOT / "schema" / "catalogue"),
        InMemoryBroker(),
        quotas=Quotas.unlimited(),
    )

    async def person_list(n: int) -> None:
        where = JobFilter(visible_to=scope(n))
        page = await store.find(where, first=50)
        await store.count(where)
        assert page.jobs

    async def session_counts(n: int) -> None:
        session = (n * 37) % SESSIONS
        first = session * (COLLECTIONS // SESSIONS)
        ids = list(range(first, first + 100))
        counts = await store.count_by_status_for_items(DC, ids, scope(session % PROPOSALS))
        assert len(counts) == 100

    async def sweep(n: int) -> None:
        await service.sweep()
        await service.announce_missed()  # as the app's sweeper: the outbox's pass too

    return {
        "jobs(filter:) for one person": await p95(repeat, person_list),
        "counts for 100 collections": await p95(repeat, session_counts),
        "sweeper pass": await p95(repeat, sweep),
    }


async def main(args: argparse.Namespace) -> None:
    client: AsyncMongoClient[dict[str, Any]] | None = None
    database = f"bench_queries_{uuid.uuid4().hex[:8]}"
    if args.store == "mongo":
        url = os.environ.get("GATEWAY_TEST_MONGO_URL", "mongodb://127.0.0.1:27017/")
        client = AsyncMongoClient(url, tz_aware=True)
        store: JobStore = MongoJobStore(client, database)
    else:
        store = InMemoryJobStore()
    try:
        results = await measure(store, args.jobs, args.repeat)
    finally:
        if client is not None:
            await client.drop_database(database)
            await client.close()
    for name, (median, high, cpu) in results.items():
        print(
            f"  {name:30s} p50 {median:7.1f} ms   p95 {high:7.1f} ms   (goal < 50 ms)"
            f"   CPU p95 {cpu:7.1f} ms"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--jobs", type=int, default=100_000)
    parser.add_argument("--store", choices=("memory", "mongo"), default="memory")
    parser.add_argument("--repeat", type=int, default=50)
    asyncio.run(main(parser.parse_args()))
