"""Workers racing for jobs: the gateway's claim+finish rate against the server's own.

For each worker count, one database gets `--existing` finished jobs and
`--jobs` pending ones, twice over: in the gateway's `jobs` collection and in a
`baseline` collection, with the same documents (the gateway's shape: history,
parameters, items). Then

* the baseline: N tasks loop on a bare `find_one_and_update({status: PENDING},
  sort by creation)` and an `update_one` by `_id` to finish -- what the server
  gives with nothing around it;
* the gateway: N tasks loop on `JobService.claim` and `JobService.finish` over
  the MongoDB store (markers, events on the in-process broker included).

Same process, same server, same client, same sizes; the ratio is the figure.
The pending jobs are claimed in `--rounds` rounds, the two sides taking turns
(baseline first, then the gateway first, ...) with each round's jobs launched
before it: a server whose speed drifts during the run (PostgreSQL vacuuming
what the fill inserted, another process's load) slows both sides alike. One
unmeasured query per collection first reads it once through.
Every gateway job must have run exactly once (checked); the baseline's doubles
are counted, not refused (FerretDB v1 does not isolate `findAndModify`).
Round trips are counted with PyMongo command monitoring.

    python -m bench.claims --workers 1,8 --existing 1000 --jobs 100 [--rounds 4]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bson import ObjectId
from pymongo import AsyncMongoClient, ReturnDocument, monitoring
from pymongo.asynchronous.collection import AsyncCollection

from gateway.events.memory import InMemoryBroker
from gateway.jobs import rules
from gateway.jobs.catalogue import load_catalogue
from gateway.jobs.clock import utc_now
from gateway.jobs.description import ItemSummary
from gateway.jobs.model import ItemKind, ItemRef, Job, NewJob, Owner
from gateway.jobs.mongo_codec import encode_job
from gateway.jobs.mongo_store import MongoJobStore
from gateway.jobs.service import JobService, Quotas
from gateway.jobs.states import JobStatus
from gateway.settings import REPO_ROOT

Document = dict[str, Any]
ITEM = ItemSummary(id=1, kind=ItemKind.DATA_COLLECTION, label="x", images=100, proposal_id=1)
PARAMETERS = {"pipeline": "autoPROC"}


class RoundTrips(monitoring.CommandListener):
    """Commands sent to the server, by name, and the time the server took to answer them."""

    def __init__(self) -> None:
        self.sent: Counter[str] = Counter()
        self.micros: Counter[str] = Counter()

    def clear(self) -> None:
        self.sent.clear()
        self.micros.clear()

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        self.sent[event.command_name] += 1

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        self.micros[event.command_name] += event.duration_micros

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        self.micros[event.command_name] += event.duration_micros


@dataclass
class Result:
    seconds: float
    runs: Counter[str]
    round_trips: Counter[str]
    micros: Counter[str]  # the server's time, by command

    def per_job(self, jobs: int) -> str:
        """Each command: how many per job, and the milliseconds they took per job."""
        return ", ".join(
            f"{name} {n / jobs:.2f} ({self.micros[name] / jobs / 1000:.0f} ms)"
            for name, n in sorted(self.round_trips.items())
        )

    def rate(self, jobs: int) -> float:
        return jobs / self.seconds

    def __add__(self, other: Result) -> Result:
        return Result(
            self.seconds + other.seconds,
            self.runs + other.runs,
            self.round_trips + other.round_trips,
            self.micros + other.micros,
        )


def _job(status: JobStatus, now: datetime) -> Job:
    job = rules.create(
        NewJob(
            "reprocess",
            (ItemRef(ItemKind.DATA_COLLECTION, 1),),
            PARAMETERS,
            "[Reprocess] x",
            Owner(1, "bench"),
            1,
            1,
            "id30a1",
        ),
        str(ObjectId()),
        now,
    )
    if status is JobStatus.PENDING:
        return job
    job = rules.claim(job, "w", 60, now)
    assert job.lease is not None
    return rules.transition(
        job,
        frozenset({JobStatus.RUNNING}),
        status,
        actor="w",
        message="ok",
        now=now,
        lease_token=job.lease.token,
    )


async def fill(collection: AsyncCollection[Document], count: int, status: JobStatus) -> None:
    """`count` jobs in the gateway's document shape, inserted in batches."""
    for start in range(0, count, 1000):
        now = utc_now()
        docs = [encode_job(_job(status, now)) for _ in range(min(1000, count - start))]
        await collection.insert_many(docs)


async def baseline(
    collection: AsyncCollection[Document], workers: int, trips: RoundTrips
) -> Result:
    """The bare claim loop: findAndModify on the status, then an update by key."""
    runs: Counter[str] = Counter()

    async def worker(name: str) -> None:
        while True:
            now = utc_now()
            doc = await collection.find_one_and_update(
                {"status": "PENDING"},
                {
                    "$set": {
                        "status": "RUNNING",
                        "updated": now,
                        "lease": {"token": uuid.uuid4().hex, "worker": name, "expires_at": now},
                    },
                    "$inc": {"attempts": 1, "version": 1},
                    "$push": {
                        "history": {
                            "from": "PENDING",
                            "to": "RUNNING",
                            "at": now,
                            "by": name,
                            "message": "claimed",
                        }
                    },
                },
                sort=[("created", 1), ("_id", 1)],
                return_document=ReturnDocument.AFTER,
            )
            if doc is None:
                return
            runs[str(doc["_id"])] += 1
            await collection.update_one(
                {"_id": doc["_id"]},
                {
                    "$set": {"status": "FINISHED", "updated": now},
                    "$inc": {"version": 1},
                    "$push": {
                        "history": {
                            "from": "RUNNING",
                            "to": "FINISHED",
                            "at": now,
                            "by": name,
                            "message": "finished",
                        }
                    },
                },
            )

    trips.clear()
    started = time.perf_counter()
    await asyncio.gather(*(worker(f"w{i}") for i in range(workers)))
    return Result(time.perf_counter() - started, runs, Counter(trips.sent), Counter(trips.micros))


async def gateway(service: JobService, workers: int, trips: RoundTrips) -> Result:
    runs: Counter[str] = Counter()

    async def worker(name: str) -> None:
        while (job := await service.claim(name, ["reprocess"])) is not None:
            runs[job.id] += 1
            assert job.lease is not None
            await service.finish(job.id, job.lease.token, actor=name)

    trips.clear()
    started = time.perf_counter()
    await asyncio.gather(*(worker(f"w{i}") for i in range(workers)))
    return Result(time.perf_counter() - started, runs, Counter(trips.sent), Counter(trips.micros))


async def check(store: MongoJobStore, runs: Counter[str], submitted: list[str]) -> None:
    """Every submitted job finished, and ran exactly once."""
    query = {"_id": {"$in": [ObjectId(i) for i in submitted]}}
    statuses = {str(d["_id"]): d["status"] async for d in store.jobs.find(query, {"status": 1})}
    assert set(statuses.values()) == {"FINISHED"}, f"not all finished: {Counter(statuses.values())}"
    assert set(runs) == set(submitted), f"{len(set(submitted) - set(runs))} job(s) never ran"
    assert set(runs.values()) == {1}, f"{sum(n > 1 for n in runs.values())} job(s) ran twice"


def _rounds(jobs: int, rounds: int) -> list[int]:
    """`jobs` split into `rounds` nearly equal parts (none empty)."""
    rounds = max(1, min(rounds, jobs))
    return [jobs // rounds + (i < jobs % rounds) for i in range(rounds)]


async def race(
    client: AsyncMongoClient[Document],
    trips: RoundTrips,
    workers: int,
    existing: int,
    jobs: int,
    rounds: int = 1,
) -> tuple[Result, Result]:
    """One database, both contestants taking turns; returns (baseline, gateway)."""
    database = f"bench_claims_{uuid.uuid4().hex[:8]}"
    catalogue = load_catalogue(REPO_ROOT / "schema" / "catalogue")
    try:
        store = MongoJobStore(client, database)
        await store.ensure_indexes()
        bare = client[database]["baseline"]
        await bare.create_index([("status", 1), ("created", 1)])
        for collection in (store.jobs, bare):
            await fill(collection, existing, JobStatus.FINISHED)
            # Read once through, unmeasured: on PostgreSQL the first scan after a bulk
            # insert also writes every page (hint bits), which neither side should pay.
            await collection.find_one({"status": "none"})
        service = JobService(store, catalogue, InMemoryBroker(), quotas=Quotas.unlimited())
        base = ours = Result(0.0, Counter(), Counter(), Counter())
        submitted: list[str] = []
        for turn, count in enumerate(_rounds(jobs, rounds)):
            await fill(bare, count, JobStatus.PENDING)
            submitted += [
                (await service.submit("reprocess", [ITEM], PARAMETERS, Owner(1, "bench"))).id
                for _ in range(count)
            ]
            if turn % 2 == 0:
                base += await baseline(bare, workers, trips)
                ours += await gateway(service, workers, trips)
            else:
                ours += await gateway(service, workers, trips)
                base += await baseline(bare, workers, trips)
        await check(store, ours.runs, submitted)
        return base, ours
    finally:
        await client.drop_database(database)


async def main(args: argparse.Namespace) -> None:
    url = os.environ.get("GATEWAY_TEST_MONGO_URL", "mongodb://127.0.0.1:27017/")
    trips = RoundTrips()
    client: AsyncMongoClient[Document] = AsyncMongoClient(
        url, tz_aware=True, event_listeners=[trips]
    )
    try:
        for workers in (int(w) for w in args.workers.split(",")):
            base, ours = await race(client, trips, workers, args.existing, args.jobs, args.rounds)
            doubles = sum(n > 1 for n in base.runs.values())
            print(
                f"{workers} worker(s), {args.existing} jobs in the store, {args.jobs} claimed "
                f"in {len(_rounds(args.jobs, args.rounds))} rounds:\n"
                f"  baseline {base.rate(args.jobs):8.2f} claim+finish/s "
                f"({doubles} job(s) claimed twice)\n"
                f"  gateway  {ours.rate(args.jobs):8.2f} claim+finish/s, every job exactly once\n"
                f"  ratio    {ours.rate(args.jobs) / base.rate(args.jobs):8.2f} (goal >= 0.5)\n"
                f"  round trips per claim+finish (server time per claim+finish):\n"
                f"    baseline {base.per_job(args.jobs)}\n"
                f"    gateway  {ours.per_job(args.jobs)}"
            )
    finally:
        await client.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--workers", default="1,8", help="comma-separated worker counts")
    parser.add_argument("--existing", type=int, default=1000, help="finished jobs already stored")
    parser.add_argument("--jobs", type=int, default=100, help="pending jobs to claim")
    parser.add_argument(
        "--rounds", type=int, default=4, help="turns the two sides take (jobs split evenly)"
    )
    asyncio.run(main(parser.parse_args()))
