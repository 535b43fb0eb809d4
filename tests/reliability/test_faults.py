"""Faults under load: with queries, launches, claims and subscribers running against two
`ispyb-gateway serve` replicas, stop and restart a private MariaDB, FerretDB and Redis in
turn, then SIGKILL one replica and a worker process holding a lease.

Afterwards: every job is in a legal state with a consistent history, none was finished
on a stale lease, the killed worker's job was reclaimed after its lease and finished
once, every subscriber (those of the killed replica reconnected to the other) saw every
job's final status, the surviving replica serves again without a restart, /readyz named
the service down during its outage and up after, and every request during an outage was
answered (SERVICE_UNAVAILABLE, never an internal error) within the request deadline
instead of hanging."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import signal
import sys
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
import websockets
from pymongo import AsyncMongoClient

from gateway.jobs.states import TERMINAL, JobStatus
from tests.conftest import migrate_with_demo_data
from tests.mariadb_instance import PrivateMariaDB
from tests.oidc import running_issuer
from tests.reliability.private_servers import PrivateFerretDB, PrivateRedis, stable_port
from tests.reliability.process import Served, served

DEADLINE = 10  # GATEWAY_REQUEST_TIMEOUT_SECONDS of the gateway under test
OUTAGE = 6.0
LEASE = 3  # GATEWAY_JOB_LEASE_SECONDS: a dead worker's job is reclaimed this soon
READ = "{ proposals(first: 5) { totalCount } }"
CREATE = 'mutation { createJob(type: "reprocess", itemIds: [1], parameters: {pipeline: "autoPROC"}) { jobId } }'
CLAIM = 'mutation { claimJob(types: ["reprocess"]) { leaseToken job { jobId } } }'
FINISH = "mutation($id: String!, $lease: String!) { setJobStatus(jobId: $id, leaseToken: $lease, status: FINISHED) { status } }"
FOLLOW = "subscription($id: String!) { jobUpdated(jobId: $id) { event to job { status } } }"

pytestmark = pytest.mark.skipif(
    not (PrivateMariaDB.available() and PrivateRedis.available() and PrivateFerretDB.available()),
    reason="needs mariadbd, redis-server and the FerretDB launcher on this machine",
)


@dataclass
class Outcome:
    kind: str
    started: float
    seconds: float
    status: int
    code: str | None  # None: success


@dataclass
class Watcher:
    """One subscriber: the last status it saw of each job, and why it had to reconnect."""

    first: int  # the replica it connects to first
    seen: dict[str, str] = field(default_factory=dict)
    reconnects: list[tuple[float, str]] = field(default_factory=list)  # when, why
    connected: list[int] = field(default_factory=list)  # the replica of each connection
    # What it heard of each job (when, on which replica, the event, the status): for a failure.
    heard: dict[str, list[tuple[float, int, str, str]]] = field(default_factory=dict)


@dataclass
class Record:
    outcomes: list[Outcome] = field(default_factory=list)
    created: set[str] = field(default_factory=set)
    finished: Counter[str] = field(default_factory=Counter)
    # When each probe started, and each service's state: "up", or "down" and why.
    ready: list[tuple[float, dict[str, str]]] = field(default_factory=list)
    watchers: list[Watcher] = field(default_factory=list)
    windows: dict[str, tuple[float, float]] = field(default_factory=dict)
    finished_at: dict[str, float] = field(default_factory=dict)
    retried: int = 0  # requests sent again to the other replica after a lost connection
    # Jobs the killed replica finished without answering. It may have died between the
    # write and the publish: the survivor's sweep announces that change (the outbox).
    unanswered: set[str] = field(default_factory=set)
    snapshots: dict[str, str] = field(default_factory=dict)  # their status, subscribed anew


class Replicas:
    """The mix's way to the gateways, as behind a load balancer: round robin, and a request
    whose connection was refused or lost before its answer goes to the next replica."""

    def __init__(self, clients: list[httpx.AsyncClient]) -> None:
        self.clients = clients
        self.turn = itertools.count()

    async def post(
        self, record: Record, payload: dict[str, Any], headers: dict[str, str]
    ) -> tuple[httpx.Response, bool]:
        first = next(self.turn)
        for attempt in range(len(self.clients)):
            http = self.clients[(first + attempt) % len(self.clients)]
            try:
                return await http.post("/graphql", json=payload, headers=headers), attempt > 0
            except (httpx.ConnectError, httpx.RemoteProtocolError, httpx.ReadError):
                if attempt == len(self.clients) - 1:
                    raise
                record.retried += 1
        raise AssertionError("unreachable")


async def _gql(
    http: Replicas,
    record: Record,
    kind: str,
    query: str,
    headers: dict[str, str],
    **v: Any,
) -> dict[str, Any] | None:
    started = time.monotonic()
    try:
        r, retried = await http.post(record, {"query": query, "variables": v}, headers)
    except httpx.TimeoutException:
        record.outcomes.append(Outcome(kind, started, time.monotonic() - started, 0, "HANG"))
        return None
    body = r.json()
    code = body["errors"][0]["extensions"]["code"] if body.get("errors") else None
    if retried and kind == "finish" and code == "CONFLICT":
        # The killed replica finished it and died before answering: the lease is spent.
        code = "FINISHED_UNANSWERED"
        record.unanswered.add(v["id"])
    record.outcomes.append(Outcome(kind, started, time.monotonic() - started, r.status_code, code))
    return None if code else body["data"]


async def _loop(stop: asyncio.Event, pause: float, step: Callable[[], Awaitable[None]]) -> None:
    while not stop.is_set():
        await step()
        await asyncio.sleep(pause)


TERMINAL_NAMES = {s.value for s in TERMINAL}


def done(watcher: Watcher) -> list[str]:
    return [k for k, v in watcher.seen.items() if v in TERMINAL_NAMES]


async def _watch(
    replicas: list[Served], watcher: Watcher, record: Record, stop: asyncio.Event
) -> None:
    """The launcher's client following each of her jobs (`jobUpdated`, one subscription per
    job on one socket), reconnecting and resubscribing as a real client would: to the next
    replica when its own is gone."""
    turn = itertools.count(watcher.first)
    while not stop.is_set():
        index = next(turn) % len(replicas)
        gw = replicas[index]
        url = gw.base.replace("http", "ws") + "/graphql"
        following: set[str] = set()
        try:
            async with websockets.connect(url, subprotocols=["graphql-transport-ws"]) as ws:
                await ws.send(json.dumps({"type": "connection_init", "payload": gw.auth("alice")}))
                assert json.loads(await ws.recv())["type"] == "connection_ack"
                watcher.connected.append(index)
                while not stop.is_set():
                    for job_id in sorted(record.created - following - set(done(watcher))):
                        payload = {"query": FOLLOW, "variables": {"id": job_id}}
                        await ws.send(
                            json.dumps({"type": "subscribe", "id": job_id, "payload": payload})
                        )
                        following.add(job_id)
                    try:
                        message = json.loads(await asyncio.wait_for(ws.recv(), 0.2))
                    except TimeoutError:
                        continue
                    if message["type"] == "next" and message["payload"].get("data"):
                        event = message["payload"]["data"]["jobUpdated"]
                        watcher.seen[message["id"]] = event["job"]["status"]
                        watcher.heard.setdefault(message["id"], []).append(
                            (time.monotonic(), index, event["event"], event["job"]["status"])
                        )
                        if event["job"]["status"] in TERMINAL_NAMES:  # done with it: free the slot
                            await ws.send(json.dumps({"type": "complete", "id": message["id"]}))
                    elif (
                        message["type"] in ("next", "error", "complete")
                        and watcher.seen.get(message["id"]) not in TERMINAL_NAMES
                    ):
                        # Refused (the job store away while reading the snapshot) or ended
                        # early: subscribe again on a later turn, as a client would.
                        watcher.reconnects.append((time.monotonic(), json.dumps(message)[:300]))
                        following.discard(message["id"])
        except (OSError, websockets.WebSocketException) as exc:
            watcher.reconnects.append((time.monotonic(), repr(exc)[:300]))
        await asyncio.sleep(0.2)


async def test_faults_under_load(mongo_database: str) -> None:
    mariadb, ferret, redis = PrivateMariaDB(), PrivateFerretDB(), PrivateRedis()
    mariadb.port = stable_port()  # restarted below: see stable_port
    await asyncio.to_thread(mariadb.install)
    for server in (mariadb, ferret, redis):
        await asyncio.to_thread(server.start)
    try:
        sql_url = mariadb.url.replace("/mysql", "/ispyb")
        engine_url = mariadb.url
        from sqlalchemy import text
        from sqlalchemy.ext.asyncio import create_async_engine

        admin = create_async_engine(engine_url)
        async with admin.begin() as conn:
            await conn.execute(text("CREATE DATABASE ispyb CHARACTER SET utf8mb4"))
        await admin.dispose()
        await asyncio.to_thread(migrate_with_demo_data, sql_url)
        await _run(mariadb, ferret, redis, sql_url, mongo_database)
    finally:
        for server in (mariadb, ferret, redis):
            await asyncio.to_thread(server.remove)


async def _run(
    mariadb: PrivateMariaDB,
    ferret: PrivateFerretDB,
    redis: PrivateRedis,
    sql_url: str,
    jobs_db: str,
) -> None:
    record = Record()
    settings: dict[str, object] = {
        "redis_url": redis.url,
        "request_timeout_seconds": DEADLINE,
        "job_quota_per_minute": 100_000,
        "job_quota_pending": 100_000,
        "job_lease_seconds": LEASE,
        "job_sweep_seconds": 1,
    }
    async with (
        running_issuer() as issuer,
        served(sql_url, ferret.url, jobs_db, issuer, **settings) as gw,
        served(sql_url, ferret.url, jobs_db, issuer, **settings) as doomed,
    ):
        pid = gw.process.pid
        alice, worker = gw.auth("alice"), gw.auth("edna", "ispyb-processing")
        stop, watcher_stop = asyncio.Event(), asyncio.Event()
        async with (
            httpx.AsyncClient(base_url=gw.base, timeout=DEADLINE + 10) as http,
            httpx.AsyncClient(base_url=doomed.base, timeout=DEADLINE + 10) as other,
        ):
            both = Replicas([http, other])

            async def read() -> None:
                await _gql(both, record, "read", READ, alice)

            async def launch() -> None:
                data = await _gql(both, record, "launch", CREATE, alice)
                if data:
                    record.created.add(data["createJob"]["jobId"])

            async def work() -> None:
                data = await _gql(both, record, "claim", CLAIM, worker)
                claimed = data and data["claimJob"]
                if claimed:
                    job_id = claimed["job"]["jobId"]
                    done = await _gql(
                        both,
                        record,
                        "finish",
                        FINISH,
                        worker,
                        id=job_id,
                        lease=claimed["leaseToken"],
                    )
                    if done:
                        record.finished[job_id] += 1
                        record.finished_at[job_id] = time.monotonic()

            async def probe() -> None:
                started = time.monotonic()
                try:
                    r = await http.get("/readyz", timeout=5)
                    states = {
                        s["name"]: "up" if s["state"] == "up" else f"down: {s['error']}"
                        for s in r.json()["services"]
                    }
                except httpx.TransportError:
                    states = {}
                record.ready.append((started, states))

            # A subscriber on each replica: the doomed one's must carry on on the other.
            record.watchers = [Watcher(first=0), Watcher(first=1)]
            tasks = [
                asyncio.create_task(_loop(stop, 0.05, read)),
                asyncio.create_task(_loop(stop, 0.1, launch)),
                asyncio.create_task(_loop(stop, 0.1, work)),
                asyncio.create_task(_loop(stop, 0.2, probe)),
                *(
                    asyncio.create_task(_watch([gw, doomed], w, record, watcher_stop))
                    for w in record.watchers
                ),
            ]
            await asyncio.sleep(3)
            for name, server in (("ispyb-sql", mariadb), ("jobs", ferret), ("events", redis)):
                await asyncio.to_thread(server.stop)
                stopped = time.monotonic()
                await asyncio.sleep(OUTAGE)
                await asyncio.to_thread(server.start)
                # Up once it accepts connections (starting takes seconds on a loaded machine).
                record.windows[name] = (stopped, time.monotonic())
                await asyncio.sleep(8)  # recovery, under load

            # A worker process takes a job and dies holding its lease; so does a replica.
            killed = await _kill_worker_mid_job(gw, ferret, jobs_db)
            doomed.process.kill()
            await doomed.process.wait()
            await asyncio.sleep(LEASE + 5)  # the lease expires, the job is claimed again
            stop.set()
            await asyncio.gather(*tasks[:4])

            # Drain: every job launched gets run to the end, by the same process.
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                await work()
                waiting = await _active_jobs(ferret.url, jobs_db)
                if not waiting:
                    break
                await asyncio.sleep(0.2)
            # The last events reach the subscribers (bounded wait, measured).
            settled = time.monotonic()
            final = {str(d["_id"]): d["status"] for d in await _jobs(ferret, jobs_db)}
            for _ in range(100):
                if all(w.seen.get(k) == final[k] for w in record.watchers for k in record.created):
                    break
                await asyncio.sleep(0.1)
            print(f"subscribers caught up {time.monotonic() - settled:.2f} s after the drain")
            watcher_stop.set()
            await asyncio.gather(*tasks[4:])
            for job_id in record.unanswered:
                record.snapshots[job_id] = await _snapshot(gw, job_id)
            # The killed worker's lease is dead: its late write is refused.
            r = await http.post(
                "/graphql",
                json={"query": FINISH, "variables": {"id": killed.job_id, "lease": killed.lease}},
                headers=worker,
            )
            assert r.json()["errors"][0]["extensions"]["code"] == "CONFLICT", r.text
            # The same process, serving again.
            assert gw.process.pid == pid and gw.process.returncode is None
            r = await http.post("/graphql", json={"query": READ}, headers=alice)
            assert r.json()["data"]["proposals"]["totalCount"] > 0
            assert (await http.get("/readyz")).status_code == 200
        log = gw.output()

    _check_answers(record)
    _check_readiness(record)
    jobs = await _jobs(ferret, jobs_db)
    _check_jobs(record, jobs)
    _check_reclaimed(killed, jobs)
    assert "Traceback" not in log, log[-5000:]


@dataclass
class KilledWorker:
    job_id: str
    lease: str
    worker: str
    expires_at: datetime  # its lease's end (naive UTC, as the store keeps it)


async def _kill_worker_mid_job(gw: Served, ferret: PrivateFerretDB, jobs_db: str) -> KilledWorker:
    """`ispyb-gateway worker` running a long command; SIGKILLed once it holds a lease."""
    token = gw.auth("grenades", "ispyb-processing")["authorization"].removeprefix("Bearer ")
    log = gw.log.with_name("worker.log")
    with log.open("wb") as out:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "gateway.cli",
            "worker",
            "--url",
            gw.base,
            "--types",
            "reprocess",
            "--command",
            "sleep 60",
            "--token",
            token,
            "--poll",
            "0.2",
            "--heartbeat",
            "1",
            stdout=out,
            stderr=asyncio.subprocess.STDOUT,
        )
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(ferret.url)
    try:
        doc = None
        for _ in range(150):
            doc = await client[jobs_db]["jobs"].find_one(
                {"status": JobStatus.RUNNING.value, "lease.worker": {"$ne": "edna"}}
            )
            if doc:
                break
            await asyncio.sleep(0.1)
        assert doc, f"the worker claimed nothing:\n{log.read_text(errors='replace')}"
        await asyncio.sleep(1.5)  # mid-job: it has heartbeated at least once
        commands = _children(process.pid)
        process.kill()
        await process.wait()
        for pid in commands:  # the command it ran (own session) would outlive it
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        await asyncio.sleep(0.5)  # a heartbeat it sent before dying has landed
        # Still RUNNING on the dead worker's lease, which nothing extends any more.
        now = await client[jobs_db]["jobs"].find_one({"_id": doc["_id"]})
        assert now and now["status"] == JobStatus.RUNNING.value
        assert now["lease"]["token"] == doc["lease"]["token"]
    finally:
        await client.close()
    lease = now["lease"]
    return KilledWorker(str(doc["_id"]), lease["token"], lease["worker"], lease["expires_at"])


async def _snapshot(gw: Served, job_id: str) -> str:
    """The status a new `jobUpdated` subscription starts with."""
    url = gw.base.replace("http", "ws") + "/graphql"
    async with websockets.connect(url, subprotocols=["graphql-transport-ws"]) as ws:
        await ws.send(json.dumps({"type": "connection_init", "payload": gw.auth("alice")}))
        assert json.loads(await ws.recv())["type"] == "connection_ack"
        payload = {"query": FOLLOW, "variables": {"id": job_id}}
        await ws.send(json.dumps({"type": "subscribe", "id": "1", "payload": payload}))
        message = json.loads(await asyncio.wait_for(ws.recv(), 10))
    return str(message["payload"]["data"]["jobUpdated"]["job"]["status"])


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _check_reclaimed(killed: KilledWorker, jobs: list[dict[str, Any]]) -> None:
    """The dead worker's job: its lease ran out, then another claim finished it, once."""
    doc = next(d for d in jobs if str(d["_id"]) == killed.job_id)
    history = doc["history"]
    claims = [i for i, h in enumerate(history) if h["to"] == JobStatus.RUNNING.value]
    first = claims[[history[i]["by"] for i in claims].index(killed.worker)]
    expiry = history[first + 1]
    assert expiry["from"] == JobStatus.RUNNING.value and killed.worker in expiry["message"], history
    # Taken back only once the lease had ended (never two live leases), claimed again,
    # and finished exactly once.
    assert expiry["at"] >= killed.expires_at, (expiry, killed.expires_at)
    assert any(i > first + 1 for i in claims), history
    assert doc["status"] == JobStatus.FINISHED.value
    assert sum(h["to"] == JobStatus.FINISHED.value for h in history) == 1
    print(f"the killed worker's job: {[(h['to'], h['by']) for h in history]}")


async def _active_jobs(url: str, database: str) -> int:
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(url)
    try:
        return await client[database]["jobs"].count_documents(
            {"status": {"$nin": [s.value for s in TERMINAL]}}
        )
    finally:
        await client.close()


async def _jobs(ferret: PrivateFerretDB, database: str) -> list[dict[str, Any]]:
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(ferret.url)
    try:
        return [doc async for doc in client[database]["jobs"].find({})]
    finally:
        await client.close()


def _check_answers(record: Record) -> None:
    kinds = Counter(o.kind for o in record.outcomes)
    codes = Counter((o.kind, o.code) for o in record.outcomes)
    print(
        f"{len(record.outcomes)} requests {dict(kinds)}; outcomes {dict(codes)}; "
        f"{record.retried} sent again to the other replica"
    )
    assert kinds["read"] > 100 and kinds["launch"] > 50 and kinds["claim"] > 50
    slowest = max(o.seconds for o in record.outcomes)
    assert slowest < DEADLINE + 2, f"a request took {slowest:.1f} s"
    bad = [
        o
        for o in record.outcomes
        if o.code not in (None, "SERVICE_UNAVAILABLE", "FINISHED_UNANSWERED")
    ]
    assert not bad, bad[:10]
    assert not [o for o in record.outcomes if o.status >= 500 and o.code != "SERVICE_UNAVAILABLE"]
    # Each outage was felt by what needs the service: by a request in flight during it (one
    # that started just before the stop and waited on the server counts as much as one that
    # started after it; with one launcher and one claimer, either may be the one).
    for name, hit in (("ispyb-sql", {"read", "launch"}), ("jobs", {"launch", "claim"})):
        down, up = record.windows[name]
        during = [o for o in record.outcomes if o.started <= up and o.started + o.seconds >= down]
        assert any(o.kind in hit and o.code for o in during), (name, during[:20])
    # Recovered: the last seconds of load succeeded for every kind.
    last = max(o.started for o in record.outcomes if o.kind == "read")
    tail = [o for o in record.outcomes if o.started > last - 3 and o.kind != "finish"]
    assert tail and all(o.code is None for o in tail), tail[:5]


def _check_readiness(record: Record) -> None:
    for name, (down, up) in record.windows.items():
        # A probe asks with a 2 s deadline: one started well inside the outage ends in it.
        during = [s for t, s in record.ready if down + 0.5 <= t <= up - 2.5]
        # Answered probes only, as during the outage: one that timed out (`{}`, a loaded
        # machine) said nothing false. So for a check that ran out of its own deadline (a
        # stalled process: CI boots Keycloak beside these tests); one that found the
        # service refusing, or not ready, would, and one at least must find it up.
        after = [s[name] for t, s in record.ready if up + 5 <= t <= up + 7 and s]
        assert during and all(s[name].startswith("down") for s in during if s), (name, during)
        assert "up" in after, (name, after)
        assert all(s in ("up", "down: timeout") for s in after), (name, after)


def _check_jobs(record: Record, jobs: list[dict[str, Any]]) -> None:
    by_id = {str(doc["_id"]): doc for doc in jobs}
    assert record.created <= set(by_id), "a launched job is missing"
    for job_id, doc in by_id.items():
        status = JobStatus(doc["status"])
        assert status in TERMINAL, (job_id, status)
        history = doc["history"]
        assert history and history[-1]["to"] == status.value
        for before, after in itertools.pairwise(history):
            assert after["from"] == before["to"], (job_id, history)
        claims = sum(1 for h in history if h["to"] == JobStatus.RUNNING.value)
        assert claims == doc["attempts"], (job_id, history)
        # Never finished twice, never finished on a lease that was not the live one.
        assert record.finished[job_id] <= 1
        if status is JobStatus.FINISHED:
            assert history[-1]["from"] == JobStatus.RUNNING.value
    # A launch answered SERVICE_UNAVAILABLE may still have been stored (the insert
    # reached the server, its reply did not): the client does not know that job.
    unknown = set(by_id) - record.created
    print(f"{len(by_id)} jobs, {len(unknown)} stored although their launch was refused")
    for job_id, snapshot in record.snapshots.items():  # what a client that asks again sees
        assert snapshot == by_id[job_id]["status"], (job_id, snapshot)
    for n, watcher in enumerate(record.watchers):
        missed = {
            job_id: (watcher.seen.get(job_id), by_id[job_id]["status"])
            for job_id in record.created
            if watcher.seen.get(job_id) != by_id[job_id]["status"]
        }
        assert not missed, (
            f"subscriber {n} did not see the final status of {len(missed)} job(s): "
            f"{[(k, v, record.finished_at.get(k), watcher.heard.get(k)) for k, v in list(missed.items())[:5]]}; "
            f"windows {record.windows}; reconnects {watcher.reconnects[-5:]}"
        )
    # The killed replica's subscriber reconnected to the other one.
    assert record.watchers[1].connected[0] == 1 and record.watchers[1].connected[-1] == 0, (
        record.watchers[1].connected
    )
