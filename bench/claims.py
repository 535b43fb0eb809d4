"""Workers racing for jobs: claims per second, and proof every job ran exactly once.

N workers (asyncio tasks, each its own MongoDB client) claim and finish M jobs
through the job service against the MongoDB-protocol server; nobody dies, so
every job must be claimed exactly once and finish. The same run on the
in-process store gives the baseline the MongoDB figure is read against.

    python -m bench.claims --workers 8 --jobs 400
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time
import uuid
from collections import Counter
from typing import Any

from pymongo import AsyncMongoClient

from gateway.events.memory import InMemoryBroker
from gateway.jobs.catalogue import load_catalogue
from gateway.jobs.description import ItemSummary
from gateway.jobs.memory_store import InMemoryJobStore
from gateway.jobs.model import ItemKind, Owner
from gateway.jobs.mongo_store import MongoJobStore
from gateway.jobs.service import JobService
from gateway.jobs.states import JobStatus
from gateway.settings import REPO_ROOT


async def race(service: JobService, workers: int, jobs: int) -> tuple[float, Counter[str]]:
    item = ItemSummary(id=1, kind=ItemKind.DATA_COLLECTION, label="x", images=100, proposal_id=1)
    for _ in range(jobs):
        await service.submit("reprocess", [item], {"pipeline": "autoPROC"}, Owner(1, "bench"))
    runs: Counter[str] = Counter()

    async def worker(name: str) -> None:
        while (job := await service.claim(name, ["reprocess"])) is not None:
            runs[job.id] += 1
            assert job.lease is not None
            await service.finish(job.id, job.lease.token, actor=name)

    started = time.perf_counter()
    await asyncio.gather(*(worker(f"w{i}") for i in range(workers)))
    return time.perf_counter() - started, runs


async def check(service: JobService, runs: Counter[str], jobs: int) -> None:
    page = await service.store.find(first=jobs + 1)
    assert len(page.jobs) == jobs
    assert all(j.status is JobStatus.FINISHED for j in page.jobs), "a job did not finish"
    assert set(runs) == {j.id for j in page.jobs} and set(runs.values()) == {1}, "a job ran twice"


async def main(args: argparse.Namespace) -> None:
    catalogue = load_catalogue(REPO_ROOT / "schema" / "catalogue")
    url = os.environ.get("GATEWAY_TEST_MONGO_URL", "mongodb://127.0.0.1:27017/")
    database = f"bench_claims_{uuid.uuid4().hex[:8]}"
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(url, tz_aware=True)
    results = {}
    try:
        for name, store in (
            ("in-process", InMemoryJobStore()),
            ("mongodb", MongoJobStore(client, database)),
        ):
            await store.ensure_indexes()
            service = JobService(store, catalogue, InMemoryBroker())
            seconds, runs = await race(service, args.workers, args.jobs)
            await check(service, runs, args.jobs)
            results[name] = args.jobs / seconds
            print(
                f"{name:11s} {args.workers} workers, {args.jobs} jobs: {seconds:6.2f} s, "
                f"{results[name]:8.1f} claim+finish per second, every job ran exactly once"
            )
    finally:
        await client.drop_database(database)
        await client.close()
    print(f"mongodb / in-process throughput: {results['mongodb'] / results['in-process']:.3f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--jobs", type=int, default=400)
    asyncio.run(main(parser.parse_args()))
