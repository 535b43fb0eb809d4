"""Live status delivery: subscribers on their own jobs plus some on a shared one.

Latency is measured from the status write (the moment the gateway publishes the
change, right after the store acknowledged it: `publishedAt`; same machine,
same clock) to the moment the subscriber holds the message: when this process read
its frame off the socket (`Stamped`). When its handler got to it (the JSON parsed,
after the other connections' frames read in the same pass) is printed too: that
part is the load generator's own pace, one Python process reading for 11,000
clients. One gateway process with the in-process broker, or (`--replicas 2`) two
processes sharing Redis with the subscribers on one and the writes sent to the
other. Every subscriber must get each of its events exactly once (1 per own job,
2 on the shared one), or the run fails.

    python -m bench.subscriptions [--subscribers 1000] [--shared 100] [--replicas 2]
        [--store memory] [--rate 200 | --rates 50,100,200] [--sources 4] [--tracemalloc]
        [--no-client-gc]

`--store memory` runs the gateways with the in-process job store (the store
out of the way; with two replicas each copies the other's jobs from the
events, see bench/gateway_server.py); `--rate` paces the status changes (per
second; default: as fast as ten concurrent requests go) to find the rate
delivery keeps up with, `--rates` runs once per rate until p99 reaches
100 ms. The load generator is this process; it raises its
open-file limit to the hard limit (the gateway inherits it) and, with
`--sources N`, spreads connections over 127.0.0.2..N+1 so that one source
address does not run out of ephemeral ports. `--tracemalloc` prints what the
connections added to the gateway's memory, by source line (`--frames` deep).
`--no-client-gc` keeps this process's garbage collector off while the changes
are measured (its full collections walk every connection and stop it for
seconds); how many full collections it had is printed either way.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import resource
import signal
import statistics
import sys
import tempfile
import time
import tracemalloc
import uuid
from collections import deque
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import uvloop
import websockets
from websockets.frames import DATA_OPCODES, Frame

from bench.session_page import data_options, prepared
from tests.oidc import running_issuer
from tests.server import free_port

FOLLOW = (
    "subscription($id: String!) { jobUpdated(jobId: $id) { event to publishedAt job { jobId } } }"
)


class Stamped(websockets.ClientConnection):
    """A client connection that notes when each message's bytes were read off the socket
    (before websockets parses them: the parsing is the load generator's own cost)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.arrivals: deque[float] = deque()
        self._read_at = 0.0

    def data_received(self, data: bytes) -> None:
        self._read_at = time.time()
        super().data_received(data)

    def process_event(self, event: Any) -> None:
        if isinstance(event, Frame) and event.opcode in DATA_OPCODES:
            self.arrivals.append(self._read_at)  # messages are single frames: one each
        super().process_event(event)


def rss_kib(pid: int) -> int:
    with open(f"/proc/{pid}/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))


async def snapshot(pid: int, directory: Path, n: int) -> tracemalloc.Snapshot:
    """The gateway's allocations now (it writes snapshot `n` on SIGUSR1)."""
    os.kill(pid, signal.SIGUSR1)
    target = directory / f"{n}.snapshot"
    for _ in range(3000):  # a snapshot of a traced process takes seconds
        if target.exists():
            break
        await asyncio.sleep(0.2)
    return tracemalloc.Snapshot.load(str(target))


def print_breakdown(
    before: tracemalloc.Snapshot, after: tracemalloc.Snapshot, connections: int, top: int = 30
) -> None:
    """What N connections added, by source line, in bytes per connection."""
    frames = after.traceback_limit
    diff = after.compare_to(before, "traceback" if frames > 1 else "lineno")
    total = sum(d.size_diff for d in diff)
    print(f"traced allocations: {total / connections / 1024:.1f} KiB per connection; largest:")
    for d in diff[:top]:
        where = " <- ".join(
            f"{f.filename.split('site-packages/')[-1]}:{f.lineno}" for f in d.traceback
        )
        print(
            f"  {d.size_diff / connections:8.0f} B  {d.count_diff / connections:6.2f} blocks  {where}"
        )


async def mirrored(port: int, token: str, last: str) -> None:
    """Wait until the subscribers' replica holds the last job launched on the other."""
    query = {
        "query": "query($id: String!) { job(jobId: $id) { jobId } }",
        "variables": {"id": last},
    }
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=30) as http:
        for _ in range(300):
            r = await http.post(
                "/graphql", json=query, headers={"authorization": f"Bearer {token}"}
            )
            if (r.json().get("data") or {}).get("job"):
                return
            await asyncio.sleep(0.1)
    raise SystemExit("the subscribers' replica never saw the jobs launched on the other")


class Poster:
    """GraphQL POSTs over a few kept-alive HTTP/1.1 connections, written and read by hand.

    The load generator shares the machine's two cores with the gateways and measures the
    latency in its own event loop. Sending the changes through httpx took about half of its
    CPU in the 10,000 + 1,000 run (py-spy), a fifth of that httpcore looking on disk for
    sniffio (not installed) at every request: a client that busy read its subscribers'
    messages late."""

    def __init__(self, port: int, connections: int) -> None:
        self.port = port
        self.idle: asyncio.LifoQueue[tuple[asyncio.StreamReader, asyncio.StreamWriter] | None]
        self.idle = asyncio.LifoQueue()
        for _ in range(connections):
            self.idle.put_nowait(None)  # opened on first use

    async def post(self, token: str, query: str, **variables: Any) -> dict[str, Any]:
        body = json.dumps({"query": query, "variables": variables}).encode()
        request = (
            b"POST /graphql HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n"
            b"authorization: Bearer " + token.encode() + b"\r\n"
            b"content-length: " + str(len(body)).encode() + b"\r\n\r\n" + body
        )
        conn = await self.idle.get()
        try:
            if conn is not None:
                try:
                    head, answer = await self._exchange(conn, request)
                except (asyncio.IncompleteReadError, ConnectionError):
                    # The server closed it while it was idle (its keep-alive timeout): the
                    # request was not read; send it on a new connection.
                    conn[1].close()
                    conn = None
            if conn is None:
                conn = await asyncio.open_connection("127.0.0.1", self.port)
                head, answer = await self._exchange(conn, request)
            if "connection: close" in head:
                conn[1].close()
                conn = None
        except BaseException:
            if conn is not None:
                conn[1].close()
            self.idle.put_nowait(None)
            raise
        self.idle.put_nowait(conn)
        assert head.startswith("http/1.1 200"), head
        assert "errors" not in answer, answer
        return answer["data"]  # type: ignore[no-any-return]

    @staticmethod
    async def _exchange(
        conn: tuple[asyncio.StreamReader, asyncio.StreamWriter], request: bytes
    ) -> tuple[str, dict[str, Any]]:
        reader, writer = conn
        writer.write(request)
        head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").lower()
        length = next(
            int(line.split(":", 1)[1])
            for line in head.split("\r\n")
            if line.startswith("content-length:")
        )
        return head, json.loads(await reader.readexactly(length))

    async def aclose(self) -> None:
        while not self.idle.empty():
            conn = self.idle.get_nowait()
            if conn is not None:
                conn[1].close()


class FullCollections:
    """This process's full garbage collections (generation 2) and how long each held it."""

    def __init__(self) -> None:
        self.ms: list[float] = []
        self._started = 0.0

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if info["generation"] != 2:
            return
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.ms.append((time.perf_counter() - self._started) * 1000)

    def summary(self) -> str:
        longest = f", longest {max(self.ms):.1f} ms" if self.ms else ""
        return f"{len(self.ms)} full collections{longest}"


def check_deliveries(per_subscriber: list[int], own: int, shared: int) -> None:
    """Each own-job subscriber got 1 event, each watcher of the shared job 2: none lost or doubled."""
    wanted = [1] * own + [2] * shared
    wrong = [
        n for n, (got, want) in enumerate(zip(per_subscriber, wanted, strict=True)) if got != want
    ]
    if wrong:
        detail = ", ".join(f"#{n}: {per_subscriber[n]} of {wanted[n]}" for n in wrong[:5])
        raise SystemExit(
            f"{len(wrong)} subscribers did not get their events exactly once ({detail})"
        )


def raise_open_files() -> int:
    """Soft open-file limit up to the hard one (a socket is a file); returns it."""
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return hard


async def start_gateway(
    env: dict[str, str], port: int, memory: bool = False
) -> asyncio.subprocess.Process:
    command = (
        ["-m", "bench.gateway_server", str(port)]
        if memory
        else ["-m", "gateway.cli", "serve", "--port", str(port)]
    )
    process = await asyncio.create_subprocess_exec(sys.executable, *command, env=env)
    async with httpx.AsyncClient() as http:
        for _ in range(3000):  # 300 s: tracing allocations slows the start (75 s)
            try:
                if (await http.get(f"http://127.0.0.1:{port}/readyz")).status_code == 200:
                    return process
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)
    process.terminate()
    await process.wait()
    raise SystemExit("gateway did not start")


async def run(args: argparse.Namespace) -> dict[str, float]:
    url = await prepared(args)
    mongo = os.environ.get("GATEWAY_TEST_MONGO_URL", "mongodb://127.0.0.1:27017/")
    redis = os.environ.get("GATEWAY_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
    database = f"bench_subs_{uuid.uuid4().hex[:12]}"
    print(f"open files allowed: {raise_open_files()}")
    async with running_issuer() as issuer:
        pi = issuer.mint({"preferred_username": "pi", "exp": int(time.time()) + 7200})
        worker = issuer.mint(
            {
                "preferred_username": "w",
                "azp": "w",
                "exp": int(time.time()) + 7200,
                "realm_access": {"roles": ["ispyb-processing"]},
            }
        )
        env = {
            **os.environ,
            "GATEWAY_SQL_URL": url,
            "GATEWAY_MONGO_DATABASE": database,
            "GATEWAY_OIDC_ISSUER": issuer.url,
            "GATEWAY_OIDC_AUDIENCE": "ispyb-gateway",
            "GATEWAY_LOG_LEVEL": "warning",
            # One person launches every job of the bench: not a quota measurement.
            "GATEWAY_JOB_QUOTA_PER_MINUTE": str(10**9),
            "GATEWAY_JOB_QUOTA_PENDING": str(10**9),
            # Every WebSocket counts against uvicorn's concurrency limit while it is open.
            "GATEWAY_HTTP_MAX_CONCURRENCY": str(args.subscribers + args.shared + 1000),
        }
        memory = args.store == "memory"
        if not memory:
            env["GATEWAY_MONGO_URL"] = mongo
        if args.replicas == 2:
            env["GATEWAY_REDIS_URL"] = redis
            if memory:
                env["BENCH_MIRROR_JOBS"] = "1"  # each replica's store copies the other's jobs
        if memory and args.shared:
            # Each shared burst's delivery pass, timed in the gateway (bench/gateway_server.py).
            env["BENCH_REPORT_FANOUT"] = str(args.shared)
        if args.tracemalloc:
            env["BENCH_TRACEMALLOC"] = args.tracemalloc
            env["BENCH_TRACEMALLOC_FRAMES"] = str(args.frames)
        ports = [free_port() for _ in range(args.replicas)]
        gateways: list[asyncio.subprocess.Process] = []
        read_port, write_port = ports[0], ports[-1]
        try:
            for port in ports:
                gateways.append(await start_gateway(env, port, memory))
            return await bench(args, read_port, write_port, gateways[0].pid, pi, worker)
        finally:
            for g in gateways:
                g.terminate()
                await g.wait()
            from pymongo import AsyncMongoClient

            client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(mongo)
            await client.drop_database(database)
            await client.close()


async def bench(
    args: argparse.Namespace, read_port: int, write_port: int, pid: int, pi: str, worker: str
) -> dict[str, float]:
    write = Poster(write_port, 20)
    gql = write.post

    create = (
        'mutation($dc: Int!) { createJob(type: "reprocess", itemIds: [$dc], '
        'parameters: {pipeline: "autoPROC"}) { jobId } }'
    )
    gate = asyncio.Semaphore(10)

    async def new_job(i: int) -> str:
        async with gate:
            return str((await gql(pi, create, dc=400 - i % 400))["createJob"]["jobId"])

    t = time.perf_counter()
    jobs = await asyncio.gather(*(new_job(i) for i in range(args.subscribers + 1)))
    opening = asyncio.Semaphore(200)  # connections being opened at once
    shared = jobs.pop()
    print(f"created {len(jobs) + 1} jobs in {time.perf_counter() - t:.1f} s", flush=True)
    if read_port != write_port and args.store == "memory":
        await mirrored(read_port, pi, shared)

    traces = Path(args.tracemalloc) if args.tracemalloc else None
    traced = await snapshot(pid, traces, 1) if traces else None
    before = rss_kib(pid)
    latencies: list[float] = []
    handled: list[float] = []  # when the handler had it parsed (the load generator's pace)
    bursts: dict[str, list[float]] = {}
    burst_at: dict[str, str] = {}  # when each shared change was published (UTC)
    own: list[float] = []
    received = 0
    per_subscriber = [0] * (args.subscribers + args.shared)
    ready = 0
    all_ready = asyncio.Event()
    done = asyncio.Event()
    expected = args.subscribers + args.shared * 2

    async def subscriber(n: int, job_id: str) -> None:
        nonlocal received, ready
        uri = f"ws://127.0.0.1:{read_port}/graphql"
        source = {"local_addr": (f"127.0.0.{2 + n % args.sources}", 0)} if args.sources else {}
        await opening.acquire()
        async with websockets.connect(
            uri,
            subprotocols=["graphql-transport-ws"],
            open_timeout=120,
            create_connection=Stamped,
            max_queue=None,  # offers per-message-deflate, as browsers do: the gateway decides
            # Browsers never send WebSocket pings (they answer the gateway's): with websockets'
            # default, 11,000 clients sent 550 a second, each a read and a write on both sides.
            ping_interval=None,
            **source,  # type: ignore[arg-type]
        ) as ws:
            await ws.send(
                json.dumps(
                    {"type": "connection_init", "payload": {"authorization": f"Bearer {pi}"}}
                )
            )
            await ws.recv()
            assert isinstance(ws, Stamped)
            ws.arrivals.popleft()  # the connection_ack's
            await ws.send(
                json.dumps(
                    {
                        "type": "subscribe",
                        "id": "1",
                        "payload": {"query": FOLLOW, "variables": {"id": job_id}},
                    }
                )
            )
            while True:
                message = json.loads(await ws.recv())
                arrived = ws.arrivals.popleft()
                if message["type"] != "next":
                    continue
                now = time.time()
                event = message["payload"]["data"]["jobUpdated"]
                if event["event"] == "snapshot":
                    opening.release()
                    ready += 1
                    if ready == args.subscribers + args.shared:
                        all_ready.set()
                    continue
                published = datetime.fromisoformat(event["publishedAt"]).timestamp()
                latency = (arrived - published) * 1000
                latencies.append(latency)
                handled.append((now - published) * 1000)
                if n >= args.subscribers:  # the shared job's watchers: one list per change
                    bursts.setdefault(event["to"], []).append(latency)
                    burst_at[event["to"]] = event["publishedAt"][11:23]
                else:
                    own.append(latency)
                received += 1
                per_subscriber[n] += 1
                if received == expected:
                    done.set()

    tasks = [asyncio.create_task(subscriber(n, j)) for n, j in enumerate(jobs)]
    tasks += [
        asyncio.create_task(subscriber(args.subscribers + n, shared)) for n in range(args.shared)
    ]
    t = time.perf_counter()
    await asyncio.wait_for(all_ready.wait(), 1200)
    print(f"{len(tasks)} connections subscribed in {time.perf_counter() - t:.1f} s", flush=True)
    per_connection = (rss_kib(pid) - before) / (args.subscribers + args.shared)
    print(f"gateway RSS per subscribed connection: {per_connection:.1f} KiB", flush=True)
    if traces and traced:
        print_breakdown(traced, await snapshot(pid, traces, 2), len(tasks))

    if args.no_client_gc:
        # The load generator's full collections walk its 11,000 connections and held its
        # loop for seconds (gc.freeze alone still left some of over a second): none while
        # the changes are measured.
        gc.collect()
        gc.disable()
    collections = FullCollections()
    gc.callbacks.append(collections)

    cancel = "mutation($id: String!) { cancelJob(jobId: $id) { status } }"

    async def change(n: int, job_id: str) -> None:
        if args.rate:
            await asyncio.sleep(n / args.rate - (time.perf_counter() - t))
        async with gate:
            await gql(pi, cancel, id=job_id)

    t = time.perf_counter()
    claim = 'mutation { claimJob(types: ["reprocess"]) { leaseToken job { jobId } } }'
    cancels = asyncio.gather(*(change(n, j) for n, j in enumerate(jobs)))
    await cancels
    changes_per_second = len(jobs) / (time.perf_counter() - t)
    # The shared job goes PENDING -> RUNNING -> FINISHED: 2 messages to each of its watchers.
    while True:
        claimed = (await gql(worker, claim))["claimJob"]
        if claimed["job"]["jobId"] == shared:
            break
    await gql(
        worker,
        "mutation($id: String!, $l: String!) { setJobStatus(jobId: $id, "
        "leaseToken: $l, status: FINISHED) { status } }",
        id=shared,
        l=claimed["leaseToken"],
    )
    try:
        await asyncio.wait_for(done.wait(), 120)
    except TimeoutError:
        raise SystemExit(f"missing events: {expected - received} of {expected}") from None
    seconds = time.perf_counter() - t
    await asyncio.sleep(1)  # a doubled event would arrive now
    check_deliveries(per_subscriber, args.subscribers, args.shared)
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    await write.aclose()

    q = statistics.quantiles(latencies, n=100)
    mode = "2 replicas + Redis" if read_port != write_port else "1 process, in-process broker"
    mode += f", {args.store} job store" + (f", changes paced at {args.rate}/s" if args.rate else "")
    print(f"{mode}: {args.subscribers} own-job subscribers + {args.shared} on a shared job")
    print(
        f"  delivery latency  p50 {statistics.median(latencies):6.1f} ms   p99 {q[98]:6.1f} ms"
        f"   (goal p99 < 100 ms), {len(latencies)} messages"
    )
    print(
        f"  handled by client p50 {statistics.median(handled):6.1f} ms   p99"
        f" {statistics.quantiles(handled, n=100)[98]:6.1f} ms   (frame read, then parsed)"
    )
    if len(own) > 1:
        print(
            f"  own jobs only     p50 {statistics.median(own):6.1f} ms   p99"
            f" {statistics.quantiles(own, n=100)[98]:6.1f} ms"
        )
    for status, burst in bursts.items():
        print(
            f"  shared job -> {status:9} first {min(burst):6.1f} ms  median"
            f" {statistics.median(burst):6.1f} ms  last {max(burst):6.1f} ms ({len(burst)} watchers,"
            f" published {burst_at[status]})"
        )
    gc.callbacks.remove(collections)
    gc.enable()
    print(f"  load generator    {collections.summary()} while statuses changed")
    print(f"  throughput        {len(latencies) / seconds:6.1f} messages/s while statuses changed")
    print(f"  memory            {per_connection:6.1f} KiB per subscribed connection (gateway RSS)")
    print(f"  status changes    {changes_per_second:6.1f} per second published", flush=True)
    return {
        "rate": args.rate,
        "changes": changes_per_second,
        "p50": statistics.median(latencies),
        "p99": q[98],
        "kib": per_connection,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    data_options(parser)
    parser.add_argument("--subscribers", type=int, default=1000)
    parser.add_argument("--shared", type=int, default=100)
    parser.add_argument("--replicas", type=int, choices=(1, 2), default=1)
    parser.add_argument("--store", choices=("mongo", "memory"), default="mongo")
    parser.add_argument("--rate", type=float, default=0, help="status changes per second")
    parser.add_argument(
        "--rates",
        default="",
        help="a sweep: one run per rate (e.g. 50,100,200), until p99 reaches 100 ms",
    )
    parser.add_argument("--sources", type=int, default=0, help="loopback source addresses")
    parser.add_argument(
        "--tracemalloc",
        action="store_true",
        help="break the gateway's memory per connection down by line (slows it: --store memory)",
    )
    parser.add_argument("--frames", type=int, default=1, help="frames per traced allocation")
    parser.add_argument(
        "--no-client-gc",
        action="store_true",
        help="no garbage collection in the load generator while the changes are measured",
    )
    args = parser.parse_args()
    if args.tracemalloc:
        if args.store != "memory":
            parser.error("--tracemalloc traces the bench gateway: use --store memory")
        args.tracemalloc = tempfile.mkdtemp(prefix="bench-tracemalloc-")
    # uvloop, as the gateway: the load generator reads 11,000 sockets in one process, and
    # its reading was what set the two-process figures once the gateway wrote a burst in
    # 25-30 ms (the last frame read 50 ms after it was written).
    if not args.rates:
        uvloop.run(run(args))
        return
    results = []
    for rate in (float(r) for r in args.rates.split(",")):
        args.rate = rate
        results.append(uvloop.run(run(args)))
        if results[-1]["p99"] >= 100:
            break
    print("\nrate asked  changes/s  p50 ms  p99 ms")
    for r in results:
        print(f"{r['rate']:10.0f} {r['changes']:10.1f} {r['p50']:7.1f} {r['p99']:7.1f}")


if __name__ == "__main__":
    main()
