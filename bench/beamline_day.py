"""A beamline day: MXCuBE's calls through the graph, watched live, against the bare SQL.

A simulated MXCuBE (a beamline service account, client-credentials token) plays
the day's sequence of the ISPyB clients inventory (section 1.4) on demo session 2
(beamline id30a-3), for each of N samples: mount (robot action), group, then per
collection: create, update after centring and snapshots, first and last image,
update at the end; a mesh workflow with a step and the quality plot on every
third sample, an energy scan (with the sample link) and an XRF spectrum on every
fourth; the group closed. Creates carry idempotency keys, as MXCuBE's retries
need. Meanwhile alice (a member of the proposal) follows the session with
`sessionUpdated` and bob (its local contact) loads the session page in a loop.
The sample synchronisation step (issue 13's `sampleChanger` query) is left out.

Measured, in the same run, against the same MariaDB:

* each write's time as MXCuBE sees it (HTTP, GraphQL, token, checks, transaction,
  publish), p50/p99 per operation, against the same INSERT/UPDATE statements sent
  by hand over the same driver (SQLAlchemy and the URL's driver, one transaction per call);
* writes per second with K MXCuBE clients writing at once, and their p99;
* the delay from the commit (`publishedAt`, stamped right after it) to alice
  holding the event, p50/p99.

Checked: every group, collection, robot action, energy scan and XRF spectrum
written arrived on alice's subscription and is visible to her in the graph;
dave (another proposal) cannot follow the session.

    python -m bench.beamline_day [--samples 40] [--collections 2] [--clients 1,4,8]

The gateway runs as its own process (`bench.gateway_server`, Redis broker), the
clients and the bare-SQL baseline in this one.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx
import websockets
from sqlalchemy import insert, update
from websockets.typing import Subprotocol

from bench.ready import wait_ready
from gateway.sql import models as m
from gateway.sql.engine import create_engine
from tests.oidc import TestIssuer, running_issuer
from tests.server import free_port

SESSION = 2  # demo data: proposal 1 (alice), local contact bob, beamline id30a-3
SAMPLES = (1, 2, 3)  # demo samples of proposal 1

WATCH = """subscription($s: Int!) { sessionUpdated(sessionId: $s) {
  event kind id publishedAt missedUpdates } }"""
PAGE = """query($s: Int!) { session(sessionId: $s) { sessionId
  dataCollectionGroups(first: 50) { totalCount edges { node { dataCollectionGroupId
    experimentType comments dataCollections(first: 10) { totalCount
      edges { node { dataCollectionId runStatus numberOfImages } } } } } } } }"""

OPS: dict[str, str] = {
    "recordRobotAction": """mutation($i: RobotActionInput!, $k: String) {
      recordRobotAction(input: $i, idempotencyKey: $k) { robotActionId } }""",
    "createDataCollectionGroup": """mutation($i: DataCollectionGroupInput!, $k: String) {
      createDataCollectionGroup(input: $i, idempotencyKey: $k) { dataCollectionGroupId } }""",
    "updateDataCollectionGroup": """mutation($id: Int!, $i: DataCollectionGroupUpdate!) {
      updateDataCollectionGroup(dataCollectionGroupId: $id, input: $i) { dataCollectionGroupId } }""",
    "createDataCollection": """mutation($i: DataCollectionInput!, $k: String) {
      createDataCollection(input: $i, idempotencyKey: $k) { dataCollectionId } }""",
    "updateDataCollection": """mutation($id: Int!, $i: DataCollectionUpdate!) {
      updateDataCollection(dataCollectionId: $id, input: $i) { dataCollectionId } }""",
    "addImage": """mutation($i: ImageInput!, $k: String) {
      addImage(input: $i, idempotencyKey: $k) { imageId } }""",
    "saveMeshWorkflow": """mutation($g: Int!, $w: WorkflowInput!, $m: WorkflowMeshInput,
      $gi: GridInfoInput, $k: String) { saveMeshWorkflow(dataCollectionGroupId: $g, workflow: $w,
      mesh: $m, gridInfo: $gi, idempotencyKey: $k) { workflowId } }""",
    "addWorkflowStep": """mutation($i: WorkflowStepInput!, $k: String) {
      addWorkflowStep(input: $i, idempotencyKey: $k) { workflowStepId } }""",
    "setImageQualityIndicatorsPlot": """mutation($id: Int!, $p: String, $c: String) {
      setImageQualityIndicatorsPlot(dataCollectionId: $id, plotPath: $p, csvPath: $c) {
        dataCollectionId } }""",
    "createEnergyScan": """mutation($i: EnergyScanInput!, $k: String) {
      createEnergyScan(input: $i, idempotencyKey: $k) { energyScanId } }""",
    "createXfeSpectrum": """mutation($i: XfeSpectrumInput!, $k: String) {
      createXfeSpectrum(input: $i, idempotencyKey: $k) { xfeFluorescenceSpectrumId } }""",
}
# Which created ids the subscriber must receive, by the kind it names them with.
WATCHED = {
    "recordRobotAction": "ROBOT_ACTION",
    "createDataCollectionGroup": "DATA_COLLECTION_GROUP",
    "createDataCollection": "DATA_COLLECTION",
    "createEnergyScan": "ENERGY_SCAN",
    "createXfeSpectrum": "XFE_SPECTRUM",
}


def pct(values: list[float], q: int) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


@dataclass
class Writes:
    """Milliseconds per write, by operation."""

    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    created: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))

    def all(self) -> list[float]:
        return [t for ts in self.times.values() for t in ts]


# --- the day, as MXCuBE calls it through the graph ---------------------------------------


class Mxcube:
    """One MXCuBE instance: the token, a kept-alive HTTP client, the times of its writes."""

    def __init__(self, base: str, token: str, name: str, writes: Writes) -> None:
        self.http = httpx.AsyncClient(
            base_url=base, timeout=30, headers={"authorization": f"Bearer {token}"}
        )
        self.name = name
        self.writes = writes
        self.calls = 0

    async def call(self, op: str, **variables: Any) -> Any:
        self.calls += 1
        if "k" in OPS[op] and "k" not in variables:
            variables["k"] = f"{self.name}-{self.calls}"
        t = time.perf_counter()
        r = await self.http.post("/graphql", json={"query": OPS[op], "variables": variables})
        self.writes.times[op].append((time.perf_counter() - t) * 1000)
        body = r.json()
        if "errors" in body:
            raise AssertionError(f"{op}: {body['errors']}")
        value = next(iter(body["data"][op].values()))
        if op in WATCHED:
            self.writes.created[op].append(value)
        return value

    async def day(self, samples: int, collections: int) -> None:
        now = datetime.now().replace(microsecond=0).isoformat()
        for n in range(samples):
            sample = SAMPLES[n % len(SAMPLES)]
            await self.call(
                "recordRobotAction",
                i={
                    "blsessionId": SESSION,
                    "blsampleId": sample,
                    "actionType": "LOAD",
                    "status": "SUCCESS",
                    "containerLocation": 1 + n % 5,
                    "dewarLocation": 1,
                    "sampleBarcode": f"S{n}",
                },
            )
            group = await self.call(
                "createDataCollectionGroup",
                i={
                    "sessionId": SESSION,
                    "experimentType": "OSC",
                    "blSampleId": sample,
                    "actualContainerSlotInSC": 1 + n % 5,
                    "actualSampleSlotInContainer": 1 + n % 16,
                },
            )
            workflow = None
            if n % 3 == 0:
                workflow = await self.call(
                    "saveMeshWorkflow",
                    g=group,
                    w={"workflowType": "MeshScan", "workflowTitle": "mesh", "status": "Running"},
                    m={"value1": 1.0, "cartographyPath": f"/data/{self.name}/cart{n}.png"},
                    gi={"dxMm": 0.01, "dyMm": 0.01, "stepsX": 10, "stepsY": 10, "meshAngle": 0},
                )
                await self.call(
                    "addWorkflowStep",
                    i={"workflowId": workflow, "workflowStepType": "Mesh", "status": "Success"},
                )
            for c in range(collections):
                dc = await self.call(
                    "createDataCollection",
                    i={
                        "dataCollectionGroupId": group,
                        "numberOfImages": 1800,
                        "startImageNumber": 1,
                        "axisStart": 0.0,
                        "axisRange": 0.1,
                        "exposureTime": 0.01,
                        "wavelength": 0.9677,
                        "imageDirectory": f"/data/id30a3/{self.name}/s{n}",
                        "imagePrefix": f"s{n}",
                        "fileTemplate": f"s{n}_{c + 1}_%05d.cbf",
                        "dataCollectionNumber": c + 1,
                        "runStatus": "Data collection started",
                        "startTime": now,
                    },
                )
                await self.call(
                    "updateDataCollection",
                    id=dc,
                    i={
                        "xtalSnapshotFullPath1": f"/data/snap/{dc}_1.png",
                        "xtalSnapshotFullPath2": f"/data/snap/{dc}_2.png",
                        "centeringMethod": "xray",
                        "actualCenteringPosition": "phi=0 phiy=0.1",
                        "flux": 2.1e12,
                        "transmission": 10.0,
                        "undulatorGap1": 6.5,
                    },
                )
                for image in (1, 1800):
                    await self.call(
                        "addImage",
                        i={
                            "dataCollectionId": dc,
                            "imageNumber": image,
                            "fileName": f"s{n}_{c + 1}_{image:05d}.cbf",
                            "fileLocation": f"/data/id30a3/{self.name}/s{n}",
                            "synchrotronCurrent": 200.0,
                        },
                    )
                await self.call(
                    "updateDataCollection",
                    id=dc,
                    i={"runStatus": "Data collection successful", "fluxEnd": 2.0e12},
                )
                if workflow is not None:
                    await self.call(
                        "setImageQualityIndicatorsPlot",
                        id=dc,
                        p=f"/data/plot/{dc}.png",
                        c=f"/data/plot/{dc}.csv",
                    )
            await self.call(
                "updateDataCollectionGroup", id=group, i={"comments": "done", "endTime": now}
            )
            if n % 4 == 1:
                await self.call(
                    "createEnergyScan",
                    i={
                        "sessionId": SESSION,
                        "blSampleId": sample,
                        "element": "Se",
                        "edgeEnergy": "K",
                    },
                )
                await self.call(
                    "createXfeSpectrum", i={"sessionId": SESSION, "energy": 13.0, "filename": "x"}
                )

    async def aclose(self) -> None:
        await self.http.aclose()


# --- the same statements, by hand -------------------------------------------------------


async def bare_day(url: str, samples: int, collections: int) -> Writes:
    """The INSERT/UPDATE statements the gateway sends for the day, one transaction per call."""
    engine = create_engine(url)
    writes = Writes()
    now = datetime.now().replace(microsecond=0)

    async def tx(op: str, *statements: Any) -> int:
        t = time.perf_counter()
        async with engine.begin() as conn:
            first = None
            for stmt in statements:
                result = await conn.execute(stmt(first) if callable(stmt) else stmt)
                key = result.inserted_primary_key if result.is_insert else None
                if first is None and key is not None:
                    first = key[0]
        writes.times[op].append((time.perf_counter() - t) * 1000)
        return int(first or 0)

    try:
        for n in range(samples):
            sample = SAMPLES[n % len(SAMPLES)]
            await tx(
                "recordRobotAction",
                insert(m.RobotAction).values(
                    blsessionId=SESSION,
                    blsampleId=sample,
                    actionType="LOAD",
                    status="SUCCESS",
                    startTimestamp=now,
                    endTimestamp=now,
                ),
            )
            group = await tx(
                "createDataCollectionGroup",
                insert(m.DataCollectionGroup).values(
                    sessionId=SESSION, experimentType="OSC", blSampleId=sample, startTime=now
                ),
            )
            g = m.DataCollectionGroup
            if n % 3 == 0:
                workflow_id = await tx(
                    "saveMeshWorkflow",
                    insert(m.Workflow).values(workflowType="MeshScan", recordTimeStamp=now),
                    lambda w: insert(m.WorkflowMesh).values(workflowId=w, value1=1.0),
                    lambda w, group=group: insert(m.GridInfo).values(
                        dx_mm=0.01, dataCollectionGroupId=group
                    ),
                    lambda w, group=group: (
                        update(m.DataCollectionGroup)
                        .where(m.DataCollectionGroup.dataCollectionGroupId == group)
                        .values(workflowId=w)
                    ),
                )
                await tx(
                    "addWorkflowStep",
                    insert(m.WorkflowStep).values(
                        workflowId=workflow_id, workflowStepType="Mesh", recordTimeStamp=now
                    ),
                )
            for c in range(collections):
                dc = await tx(
                    "createDataCollection",
                    insert(m.DataCollection).values(
                        dataCollectionGroupId=group,
                        numberOfImages=1800,
                        wavelength=0.9677,
                        imagePrefix=f"s{n}",
                        dataCollectionNumber=c + 1,
                        startTime=now,
                    ),
                )
                d = m.DataCollection
                await tx(
                    "updateDataCollection",
                    update(d)
                    .where(d.dataCollectionId == dc)
                    .values(xtalSnapshotFullPath1="/data/snap.png", flux=2.1e12),
                )
                for image in (1, 1800):
                    await tx(
                        "addImage",
                        insert(m.Image).values(dataCollectionId=dc, imageNumber=image),
                    )
                if n % 3 == 0:
                    await tx(
                        "setImageQualityIndicatorsPlot",
                        update(d)
                        .where(d.dataCollectionId == dc)
                        .values(
                            imageQualityIndicatorsPlotPath="/data/plot.png",
                            imageQualityIndicatorsCSVPath="/data/plot.csv",
                        ),
                    )
                await tx(
                    "updateDataCollection",
                    update(d)
                    .where(d.dataCollectionId == dc)
                    .values(runStatus="Data collection successful", flux_end=2.0e12),
                )
            await tx(
                "updateDataCollectionGroup",
                update(g).where(g.dataCollectionGroupId == group).values(comments="done"),
            )
            if n % 4 == 1:
                await tx(
                    "createEnergyScan",
                    insert(m.EnergyScan).values(sessionId=SESSION, element="Se", startTime=now),
                    lambda e, sample=sample: insert(m.BLSampleHasEnergyScan).values(
                        blSampleId=sample, energyScanId=e
                    ),
                )
                await tx(
                    "createXfeSpectrum",
                    insert(m.XFEFluorescenceSpectrum).values(
                        sessionId=SESSION, energy=13.0, startTime=now, endTime=now
                    ),
                )
    finally:
        await engine.dispose()
    return writes


# --- watchers ---------------------------------------------------------------------------


@asynccontextmanager
async def subscribed(
    base: str, token: str, query: str, variables: dict[str, Any]
) -> AsyncIterator[websockets.ClientConnection]:
    """A graphql-transport-ws connection, signed in, with one subscription started."""
    url = base.replace("http", "ws") + "/graphql"
    async with websockets.connect(url, subprotocols=[Subprotocol("graphql-transport-ws")]) as ws:
        init = {"type": "connection_init", "payload": {"authorization": f"Bearer {token}"}}
        await ws.send(json.dumps(init))
        assert json.loads(await ws.recv())["type"] == "connection_ack"
        start = {"query": query, "variables": variables}
        await ws.send(json.dumps({"type": "subscribe", "id": "1", "payload": start}))
        yield ws


class Watcher:
    """Alice's session page subscription: what arrived, and how long after the commit."""

    def __init__(self) -> None:
        self.received: dict[str, set[int]] = defaultdict(set)
        self.delays: list[float] = []
        self.events = 0
        self.ready = asyncio.Event()
        self.arrived = asyncio.Condition()

    async def wait_for(self, kind: str, wanted: set[int], seconds: float) -> None:
        """Until every id in `wanted` arrived as created, or `seconds` passed."""
        async with self.arrived:
            with suppress(TimeoutError):
                await asyncio.wait_for(
                    self.arrived.wait_for(lambda: wanted <= self.received[kind]), seconds
                )

    async def follow(self, base: str, token: str, session: int) -> None:
        async with subscribed(base, token, WATCH, {"s": session}) as ws:
            self.ready.set()
            async for raw in ws:
                message = json.loads(raw)
                if message["type"] == "ping":
                    await ws.send(json.dumps({"type": "pong"}))
                    continue
                if message["type"] != "next":
                    raise AssertionError(f"subscription ended: {message}")
                held = datetime.now(UTC)
                event = message["payload"]["data"]["sessionUpdated"]
                self.events += 1
                if event["event"] == "created":
                    async with self.arrived:
                        self.received[event["kind"]].add(event["id"])
                        self.arrived.notify_all()
                if event["publishedAt"]:
                    published = datetime.fromisoformat(event["publishedAt"])
                    self.delays.append((held - published).total_seconds() * 1000)


async def load_pages(base: str, token: str, stop: asyncio.Event, times: list[float]) -> None:
    """Bob reloads the session page while the beamline writes."""
    async with httpx.AsyncClient(
        base_url=base, timeout=30, headers={"authorization": f"Bearer {token}"}
    ) as http:
        while not stop.is_set():
            t = time.perf_counter()
            r = await http.post("/graphql", json={"query": PAGE, "variables": {"s": SESSION}})
            times.append((time.perf_counter() - t) * 1000)
            assert "errors" not in r.json(), r.json()
            await asyncio.sleep(0.2)


# --- the gateway process ----------------------------------------------------------------


@asynccontextmanager
async def gateway(url: str, redis: str) -> AsyncIterator[tuple[str, TestIssuer]]:
    async with running_issuer() as issuer:
        port = free_port()
        env = {
            **os.environ,
            "GATEWAY_SQL_URL": url,
            "GATEWAY_REDIS_URL": redis,
            "GATEWAY_OIDC_ISSUER": issuer.url,
            "GATEWAY_OIDC_AUDIENCE": "ispyb-gateway",
            "GATEWAY_LOG_LEVEL": "warning",
        }
        env.pop("GATEWAY_MONGO_URL", None)
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bench.gateway_server", str(port), env=env
        )
        base = f"http://127.0.0.1:{port}"
        try:
            await wait_ready(base)
            yield base, issuer
        finally:
            process.terminate()
            await process.wait()


def user_token(issuer: TestIssuer, login: str) -> str:
    return issuer.mint({"preferred_username": login, "exp": int(time.time()) + 7200})


async def beamline_token(issuer: TestIssuer) -> str:
    async with httpx.AsyncClient() as http:
        r = await http.post(
            f"{issuer.url}/token",
            data={"grant_type": "client_credentials", "client_id": "mxcube-id30a-3"},
        )
    r.raise_for_status()
    return str(r.json()["access_token"])


# --- the run ----------------------------------------------------------------------------


@dataclass
class Report:
    graph: Writes
    bare: Writes
    delays: list[float]
    pages: list[float]
    throughput: list[tuple[int, int, float, float]]  # clients, writes, writes/s, p99 ms
    events: int


async def _verify(base: str, issuer: TestIssuer, watcher: Watcher, writes: Writes) -> None:
    """Everything written arrived on alice's subscription and is visible to her in the graph."""
    for op, kind in WATCHED.items():
        wanted = set(writes.created[op])
        await watcher.wait_for(kind, wanted, 15)
        missing = wanted - watcher.received[kind]
        assert not missing, f"{kind}: {len(missing)} never arrived"
        extra = watcher.received[kind] - wanted
        assert not extra, f"{kind}: {len(extra)} arrived that nobody wrote"
    alice = {"authorization": f"Bearer {user_token(issuer, 'alice')}"}
    async with httpx.AsyncClient(base_url=base, timeout=30, headers=alice) as http:
        page = (
            await http.post("/graphql", json={"query": PAGE, "variables": {"s": SESSION}})
        ).json()
        groups = page["data"]["session"]["dataCollectionGroups"]["totalCount"]
        assert groups >= len(writes.created["createDataCollectionGroup"]), groups
        for op, type_name in (
            ("recordRobotAction", "RobotAction"),
            ("createEnergyScan", "EnergyScan"),
            ("createXfeSpectrum", "XfeSpectrum"),
            ("createDataCollection", "DataCollection"),
        ):
            for object_id in writes.created[op]:
                node = base64.b64encode(f"{type_name}:{object_id}".encode()).decode()
                body = (
                    await http.post(
                        "/graphql",
                        json={
                            "query": "query($id: ID!) { node(id: $id) { id } }",
                            "variables": {"id": node},
                        },
                    )
                ).json()
                assert body["data"]["node"] == {"id": node}, (op, object_id, body)
    dave = user_token(issuer, "dave")
    async with subscribed(base, dave, WATCH, {"s": SESSION}) as ws:
        refused = json.loads(await asyncio.wait_for(ws.recv(), 10))
        payload = refused["payload"]
        errors = payload["errors"] if isinstance(payload, dict) else payload
        assert [e["extensions"]["code"] for e in errors] == ["NOT_FOUND"], refused


async def measure(
    url: str, redis: str, samples: int, collections: int, clients: list[int]
) -> Report:
    """The day once, watched and checked; then the bare SQL; then K clients at once."""
    async with gateway(url, redis) as (base, issuer):
        token = await beamline_token(issuer)
        watcher = Watcher()
        follow = asyncio.create_task(watcher.follow(base, user_token(issuer, "alice"), SESSION))
        await asyncio.wait_for(watcher.ready.wait(), 10)
        await asyncio.sleep(0.3)
        stop, pages = asyncio.Event(), list[float]()
        loader = asyncio.create_task(load_pages(base, user_token(issuer, "bob"), stop, pages))
        graph = Writes()
        client = Mxcube(base, token, f"day-{time.time_ns()}", graph)
        try:
            await client.day(samples, collections)
            await _verify(base, issuer, watcher, graph)
        finally:
            stop.set()
            await client.aclose()
            await loader
            follow.cancel()
        bare = await bare_day(url, samples, collections)
        throughput = []
        for k in clients:
            load = Writes()
            mxcubes = [Mxcube(base, token, f"k{k}-{i}-{time.time_ns()}", load) for i in range(k)]
            t = time.perf_counter()
            await asyncio.gather(*(c.day(samples, collections) for c in mxcubes))
            seconds = time.perf_counter() - t
            for c in mxcubes:
                await c.aclose()
            count = len(load.all())
            throughput.append((k, count, count / seconds, pct(load.all(), 99)))
    return Report(graph, bare, watcher.delays, pages, throughput, watcher.events)


def print_report(report: Report) -> None:
    print(
        f"{'write':34} {'n':>5} {'graph p50':>10} {'p99':>8} {'SQL p50':>9} {'p99':>8} {'ratio p50':>9}"
    )
    for op, times in report.graph.times.items():
        bare = report.bare.times.get(op, [])
        ratio = pct(times, 50) / pct(bare, 50) if bare else float("nan")
        print(
            f"{op:34} {len(times):5} {pct(times, 50):10.2f} {pct(times, 99):8.2f} "
            f"{pct(bare, 50) if bare else float('nan'):9.2f} {pct(bare, 99) if bare else float('nan'):8.2f} "
            f"{ratio:9.1f}"
        )
    everything, bare = report.graph.all(), report.bare.all()
    print(
        f"{'all writes':34} {len(everything):5} {pct(everything, 50):10.2f} {pct(everything, 99):8.2f} "
        f"{pct(bare, 50):9.2f} {pct(bare, 99):8.2f} {pct(everything, 50) / pct(bare, 50):9.1f}"
    )
    print(
        f"\ncommit -> subscriber ({len(report.delays)} events): p50 {pct(report.delays, 50):.2f} ms, "
        f"p99 {pct(report.delays, 99):.2f} ms"
    )
    print(
        f"session page loads meanwhile ({len(report.pages)}): p50 {pct(report.pages, 50):.1f} ms, "
        f"p99 {pct(report.pages, 99):.1f} ms"
    )
    print("\nMXCuBE clients at once: writes, writes/s, p99 ms")
    for k, count, rate, p99 in report.throughput:
        print(f"  {k:3} clients: {count:6} writes {rate:8.1f}/s  p99 {p99:7.2f} ms")


async def main_async(args: argparse.Namespace) -> None:
    from tests.conftest import create_database, drop_database, migrate_with_demo_data

    server = os.environ.get(
        "GATEWAY_TEST_MYSQL_URL", "mysql+asyncmy://gateway:gateway@127.0.0.1:3306/"
    )
    redis = os.environ.get("GATEWAY_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
    url = await create_database(server, "gw_bench_beamline_day")
    try:
        await asyncio.to_thread(migrate_with_demo_data, url)
        clients = [int(k) for k in args.clients.split(",") if k]
        report = await measure(url, redis, args.samples, args.collections, clients)
        print_report(report)
    finally:
        await drop_database(server, url)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--samples", type=int, default=40)
    parser.add_argument("--collections", type=int, default=2, help="collections per group")
    parser.add_argument(
        "--clients", default="1,4,8", help="MXCuBE clients at once, comma-separated"
    )
    asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    main()
