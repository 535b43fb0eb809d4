"""An event executed once for all its watchers (gateway.graphql.shared_results), seen from real
WebSocket clients: nobody gets a job they may not see, each selection and each set of variables
gets its own answer under its own operation id, and every event arrives exactly once."""

from __future__ import annotations

import asyncio
import json
from contextlib import AsyncExitStack
from typing import Any

import pytest
import websockets

from tests.test_subscriptions import CLAIM, CREATE, Live, live

FINISH = (
    "mutation($id: String!, $lease: String!) { setJobStatus(jobId: $id, leaseToken: $lease, "
    "status: FINISHED) { status } }"
)
CANCEL = "mutation($id: String!) { cancelJob(jobId: $id) { status } }"
SEEN_BY = "query($id: String!) { job(jobId: $id) { jobId proposalId } }"


async def _messages(ws: websockets.ClientConnection, count: int) -> list[dict[str, Any]]:
    """The next `count` result messages (whole, with their id); then none may follow."""
    got: list[dict[str, Any]] = []
    async with asyncio.timeout(20):
        while len(got) < count:
            message = json.loads(await ws.recv())
            if message["type"] in ("next", "data", "error", "complete"):
                got.append(message)
    with pytest.raises(TimeoutError):
        async with asyncio.timeout(0.5):
            while True:  # keep-alives may come; a result may not
                extra = json.loads(await ws.recv())
                if extra["type"] in ("next", "data", "error", "complete"):
                    got.append(extra)
                    break
    return got


async def _finish(gw: Live, job_id: str) -> None:
    """PENDING -> RUNNING -> FINISHED: two events."""
    claimed = (await gw.gql("w", CLAIM, "ispyb-processing"))["claimJob"]
    assert claimed["job"]["jobId"] == job_id
    await gw.gql("w", FINISH, "ispyb-processing", id=job_id, lease=claimed["leaseToken"])


async def test_a_shared_event_reaches_only_viewers_who_may_see_its_job(
    ispyb_url: str, mongo_url: str, mongo_database: str
) -> None:
    """Viewers who may and may not see a job, on one document with the same variables: the
    event is executed once; it must reach only the first ones."""
    watch = (
        "subscription($p: [Int!]) { jobsUpdated(filter: {proposalId: $p}) "
        "{ event to job { jobId status proposalId } } }"
    )
    logins = ["alice", "dave", "carol", "bob"]
    async with live(ispyb_url, mongo_url, mongo_database, 1, None) as (gw,):
        first = (await gw.gql("alice", CREATE))["createJob"]["jobId"]
        proposal = (await gw.gql("alice", SEEN_BY, id=first))["job"]["proposalId"]
        async with AsyncExitStack() as stack:
            sockets = [
                (login, await stack.enter_async_context(gw.subscribe(login, watch, p=[proposal])))
                for _ in range(3)
                for login in logins  # interleaved: either kind may be first to execute
            ]
            await asyncio.sleep(0.3)
            job_id = (await gw.gql("alice", CREATE))["createJob"]["jobId"]
            await gw.gql("alice", CANCEL, id=job_id)
            # Who may see it, asked the ordinary way.
            sees = {
                login: (await gw.gql(login, SEEN_BY, id=job_id))["job"] is not None
                for login in logins
            }
            assert sees["alice"] and sees["carol"] and not sees["dave"]
            for login, ws in sockets:
                got = await _messages(ws, 2 if sees[login] else 0)
                events = [m["payload"]["data"]["jobsUpdated"] for m in got]
                assert [(e["event"], e["to"], e["job"]["jobId"]) for e in events] == (
                    [("created", "PENDING", job_id), ("status", "CANCELLED", job_id)]
                    if sees[login]
                    else []
                ), login


@pytest.mark.parametrize("protocol", ["graphql-transport-ws", "graphql-ws"])
async def test_each_selection_gets_its_own_payload(
    ispyb_url: str, mongo_url: str, mongo_database: str, protocol: str
) -> None:
    """Watchers of one job with different documents, operations and variables, and one
    selection that is executed per viewer (a field with its own resolver), side by side."""
    a = "subscription($id: String!) { jobUpdated(jobId: $id) { event to job { jobId status } } }"
    b = "subscription($id: String!) { jobUpdated(jobId: $id) { to job { attempts type } } }"
    two = (
        "subscription One($id: String!) { jobUpdated(jobId: $id) { event } } "
        "subscription Two($id: String!) { jobUpdated(jobId: $id) { to } }"
    )
    maybe = (
        "subscription($id: String!, $s: Boolean!) "
        "{ jobUpdated(jobId: $id) { to job { jobId status @include(if: $s) } } }"
    )
    own = (
        "subscription($id: String!) { jobUpdated(jobId: $id) "
        "{ to job { jobId dataCollections { dataCollectionId } } } }"
    )
    async with live(ispyb_url, mongo_url, mongo_database, 1, None) as (gw,):
        job_id = (await gw.gql("alice", CREATE))["createJob"]["jobId"]
        # (label, document, operation name, extra variables), three sockets each.
        kinds: list[tuple[str, str, str | None, dict[str, Any]]] = [
            ("a", a, None, {}),
            ("b", b, None, {}),
            ("one", two, "One", {}),
            ("two", two, "Two", {}),
            ("with", maybe, None, {"s": True}),
            ("without", maybe, None, {"s": False}),
            ("own", own, None, {}),
        ]
        async with AsyncExitStack() as stack:
            sockets = []
            for n in range(3):
                for label, query, name, extra in kinds:
                    operation_id = f"{label}-{n}"
                    ws = await stack.enter_async_context(
                        gw.subscribe(
                            "alice", query, protocol, name, operation_id, id=job_id, **extra
                        )
                    )
                    sockets.append((label, operation_id, ws))
            await asyncio.sleep(0.3)
            await _finish(gw, job_id)
            statuses = ["PENDING", "RUNNING", "FINISHED"]
            for label, operation_id, ws in sockets:
                got = await _messages(ws, 3)
                assert {m["id"] for m in got} == {operation_id}
                events = [m["payload"]["data"]["jobUpdated"] for m in got]
                assert all("errors" not in m["payload"] for m in got), got
                if label == "a":
                    assert events == [
                        {"event": e, "to": s, "job": {"jobId": job_id, "status": s}}
                        for e, s in zip(["snapshot", "status", "status"], statuses, strict=True)
                    ]
                elif label == "b":
                    assert [set(e) for e in events] == [{"to", "job"}] * 3
                    assert [e["to"] for e in events] == statuses
                    assert [e["job"]["type"] for e in events] == ["reprocess"] * 3
                    assert [e["job"]["attempts"] for e in events] == [0, 1, 1]
                elif label == "one":
                    assert events == [{"event": e} for e in ("snapshot", "status", "status")]
                elif label == "two":
                    assert events == [{"to": s} for s in statuses]
                elif label in ("with", "without"):
                    job = {"jobId": job_id}
                    assert events == [
                        {"to": s, "job": {**job, "status": s} if label == "with" else job}
                        for s in statuses
                    ]
                else:
                    dcs = [e["job"]["dataCollections"] for e in events]
                    assert dcs == [[{"dataCollectionId": 1}]] * 3
                    assert [e["to"] for e in events] == statuses


@pytest.mark.parametrize("replicas", [1, 2])
async def test_every_watcher_gets_every_event_once(
    ispyb_url: str, mongo_url: str, mongo_database: str, redis_url: str, replicas: int
) -> None:
    """Many watchers of one job on two selections (with two replicas: watchers on one, the
    changes made through the other, the events through Redis)."""
    follow = "subscription($id: String!) { jobUpdated(jobId: $id) { to job { jobId } } }"
    brief = "subscription($id: String!) { jobUpdated(jobId: $id) { event } }"
    redis = redis_url if replicas == 2 else None
    async with live(ispyb_url, mongo_url, mongo_database, replicas, redis) as started:
        watched, writer = started[0], started[-1]
        job_id = (await writer.gql("alice", CREATE))["createJob"]["jobId"]
        async with AsyncExitStack() as stack:
            sockets = [
                (
                    query,
                    await stack.enter_async_context(watched.subscribe("alice", query, id=job_id)),
                )
                for query in [follow] * 30 + [brief] * 10
            ]
            await asyncio.sleep(0.5)  # Redis: the reader is subscribed
            await _finish(writer, job_id)
            got = await asyncio.gather(*(_messages(ws, 3) for _, ws in sockets))
            for (query, _), messages in zip(sockets, got, strict=True):
                events = [m["payload"]["data"]["jobUpdated"] for m in messages]
                if query is follow:
                    assert [e["to"] for e in events] == ["PENDING", "RUNNING", "FINISHED"]
                    assert {e["job"]["jobId"] for e in events} == {job_id}
                else:
                    assert events == [{"event": e} for e in ("snapshot", "status", "status")]


@pytest.mark.parametrize(
    ("selection", "free"),
    [
        ("{ event to missedUpdates publishedAt job { jobId status history { to at } } }", True),
        (
            "{ __typename job { id outputs { name downloadUrl } ...F } } } fragment F on Job { type",
            True,
        ),
        ("{ ... on JobEvent { to } job { ... on Job { jobId } } }", True),
        ("{ to job { jobId dataCollections { dataCollectionId } } }", False),
        ("{ job { ... on Node { id } } }", False),
        ("{ job { ...G } } } fragment G on Node { id", False),
    ],
)
def test_only_selections_that_cannot_depend_on_the_viewer_are_shared(
    selection: str, free: bool
) -> None:
    """The schema's own resolvers decide: a field with a resolver of its own (it may read the
    viewer or the database), or an interface on the way, keeps the execution per subscriber."""
    from graphql import FragmentDefinitionNode, OperationDefinitionNode, parse, validate

    from gateway.graphql.schema import build_schema
    from gateway.graphql.shared_results import context_free
    from gateway.settings import Settings

    schema = build_schema(Settings())._schema
    document = parse(f'subscription {{ jobUpdated(jobId: "x") {selection} }}')
    assert validate(schema, document) == []
    operation = next(d for d in document.definitions if isinstance(d, OperationDefinitionNode))
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    assert context_free(schema, operation, fragments) is free


async def _direct(gw: Live) -> tuple[float, float]:
    """How many shared events the gateway wrote from the broker's pass, and queued instead."""
    import httpx

    async with httpx.AsyncClient(base_url=gw.base) as http:
        text = (await http.get("/metrics")).text
    counts = {"written": 0.0, "queued": 0.0}
    for line in text.splitlines():
        if line.startswith("gateway_subscription_direct_messages_total{"):
            outcome = line.split('outcome="', 1)[1].split('"', 1)[0]
            counts[outcome] = float(line.rsplit(" ", 1)[1])
    return counts["written"], counts["queued"]


@pytest.mark.parametrize("protocol", ["graphql-transport-ws", "graphql-ws"])
@pytest.mark.parametrize(
    ("replicas", "deflate"), [(1, False), (1, True), (2, False)], ids=["1", "1-deflate", "2"]
)
async def test_shared_events_are_written_from_the_brokers_pass(
    ispyb_url: str,
    mongo_url: str,
    mongo_database: str,
    redis_url: str,
    protocol: str,
    replicas: int,
    deflate: bool,
) -> None:
    """Watchers of one job with a shareable selection get its changes written to their sockets
    without their subscription's task (gateway.graphql.fanout), each under its own operation
    id, in either subprotocol, with per-message-deflate off (the default) or on; one watcher
    with a per-viewer field on the same job goes strawberry's way and gets the same events."""
    follow = "subscription($id: String!) { jobUpdated(jobId: $id) { event to job { jobId } } }"
    own = (
        "subscription($id: String!) { jobUpdated(jobId: $id) "
        "{ event to job { jobId dataCollections { dataCollectionId } } } }"
    )
    redis = redis_url if replicas == 2 else None
    settings = {"ws_per_message_deflate": deflate}
    async with live(ispyb_url, mongo_url, mongo_database, replicas, redis, **settings) as started:
        watched, writer = started[0], started[-1]
        job_id = (await writer.gql("alice", CREATE))["createJob"]["jobId"]
        async with AsyncExitStack() as stack:
            sockets = [
                (
                    query,
                    f"op-{n}",
                    await stack.enter_async_context(
                        watched.subscribe("alice", query, protocol, None, f"op-{n}", id=job_id)
                    ),
                )
                for n, query in enumerate([follow] * 20 + [own])
            ]
            await asyncio.sleep(0.5)  # subscribed (Redis: the reader too)
            before = await _direct(watched)
            await _finish(writer, job_id)
            got = await asyncio.gather(*(_messages(ws, 3) for _, _, ws in sockets))
            written, queued = await _direct(watched)
        for (query, operation_id, _), messages in zip(sockets, got, strict=True):
            assert [(m["type"], m["id"]) for m in messages] == [
                ("next" if protocol == "graphql-transport-ws" else "data", operation_id)
            ] * 3
            assert [set(m["payload"]) for m in messages] == [{"data"}] * 3
            events = [m["payload"]["data"]["jobUpdated"] for m in messages]
            assert [(e["event"], e["to"], e["job"]["jobId"]) for e in events] == [
                ("snapshot", "PENDING", job_id),
                ("status", "RUNNING", job_id),
                ("status", "FINISHED", job_id),
            ]
            if query is own:
                assert [e["job"]["dataCollections"] for e in events] == [
                    [{"dataCollectionId": 1}]
                ] * 3
        # Two changes to 20 watchers: all written directly (none queued: nobody reads slowly).
        assert (written - before[0], queued - before[1]) == (40, 0)


@pytest.mark.parametrize("protocol", ["graphql-transport-ws", "graphql-ws"])
async def test_shared_and_own_messages_on_one_socket_keep_their_order(
    ispyb_url: str, mongo_url: str, mongo_database: str, protocol: str
) -> None:
    """One socket carrying two shareable subscriptions and one executed per viewer, on the
    same job: each operation gets its snapshot first, then each change once, in order, under
    its own id; after the client stops one, nothing more arrives for it."""
    shared = "subscription($id: String!) { jobUpdated(jobId: $id) { to } }"
    own = (
        "subscription($id: String!) { jobUpdated(jobId: $id) "
        "{ to job { dataCollections { dataCollectionId } } } }"
    )
    everything = "subscription { jobsUpdated { event to job { jobId } } }"
    start, stop = (
        ("subscribe", "complete") if protocol == "graphql-transport-ws" else ("start", "stop")
    )
    async with live(ispyb_url, mongo_url, mongo_database, 1, None) as (gw,):
        for _ in range(3):
            job_id = (await gw.gql("alice", CREATE))["createJob"]["jobId"]
            async with gw.subscribe("alice", shared, protocol, None, "shared", id=job_id) as ws:
                payload = {"query": own, "variables": {"id": job_id}}
                await ws.send(json.dumps({"type": start, "id": "own", "payload": payload}))
                payload = {"query": everything, "variables": {}}
                await ws.send(json.dumps({"type": start, "id": "all", "payload": payload}))
                await asyncio.sleep(0.2)
                await _finish(gw, job_id)
                got = await _messages(ws, 8)
                by_id: dict[str, list[dict[str, Any]]] = {}
                for m in got:
                    assert m["type"] in ("next", "data"), m
                    by_id.setdefault(m["id"], []).append(m["payload"]["data"])
                statuses = ["PENDING", "RUNNING", "FINISHED"]
                assert [d["jobUpdated"]["to"] for d in by_id["shared"]] == statuses
                assert [d["jobUpdated"]["to"] for d in by_id["own"]] == statuses
                assert [d["jobsUpdated"]["to"] for d in by_id["all"]] == statuses[1:]
                # Stopped: a later change of one of alice's jobs reaches only the others.
                await ws.send(json.dumps({"type": stop, "id": "all"}))
                later = (await gw.gql("alice", CREATE))["createJob"]["jobId"]
                await gw.gql("alice", CANCEL, id=later)
                rest = await _messages(ws, 1 if protocol == "graphql-ws" else 0)
                assert [m["type"] for m in rest] == (["complete"] if rest else [])


async def test_closed_sockets_among_the_watchers(
    ispyb_url: str, mongo_url: str, mongo_database: str
) -> None:
    """Watchers whose connection drops (no closing handshake) just before a change: the others
    still get every event once, and so do watchers who subscribe afterwards."""
    follow = "subscription($id: String!) { jobUpdated(jobId: $id) { to } }"
    async with live(ispyb_url, mongo_url, mongo_database, 1, None) as (gw,):
        job_id = (await gw.gql("alice", CREATE))["createJob"]["jobId"]
        async with AsyncExitStack() as stack:
            sockets = [
                await stack.enter_async_context(gw.subscribe("alice", follow, id=job_id))
                for _ in range(30)
            ]
            await asyncio.sleep(0.3)
            for ws in sockets[::3]:
                ws.transport.abort()
            claimed = (await gw.gql("w", CLAIM, "ispyb-processing"))["claimJob"]
            kept = [ws for n, ws in enumerate(sockets) if n % 3]
            got = await asyncio.gather(*(_messages(ws, 2) for ws in kept))
            assert [[m["payload"]["data"]["jobUpdated"]["to"] for m in g] for g in got] == [
                ["PENDING", "RUNNING"]
            ] * len(kept)
            late = await stack.enter_async_context(gw.subscribe("alice", follow, id=job_id))
            await asyncio.sleep(0.3)
            await gw.gql("w", FINISH, "ispyb-processing", id=job_id, lease=claimed["leaseToken"])
            got = await asyncio.gather(*(_messages(ws, 1) for ws in kept), _messages(late, 2))
            assert [[m["payload"]["data"]["jobUpdated"]["to"] for m in g] for g in got] == [
                ["FINISHED"]
            ] * len(kept) + [["RUNNING", "FINISHED"]]


async def test_a_client_that_stops_reading_gets_everything_in_order_later(
    ispyb_url: str, mongo_url: str, mongo_database: str
) -> None:
    """A client that reads nothing while large events (4,000 aliased fields, ~140 KB each) pile
    up: once its socket's buffers are full the gateway stops writing to it from the broker's
    pass and queues the events for strawberry's path, which waits for the socket; when the
    client reads again it gets every event once and in order, with those published while
    it catches up."""
    import socket
    from urllib.parse import urlsplit

    from tests.stack import gateways

    aliases = " ".join(f"a{n}: jobId" for n in range(4000))
    watch = f"subscription {{ jobsUpdated {{ event job {{ jobId {aliases} }} }} }}"
    settings: dict[str, Any] = {
        "max_aliases": 5000,
        "max_tokens": 40_000,
        "job_quota_per_minute": 1000,
        "job_quota_pending": 1000,
        "ws_per_message_deflate": False,  # the large messages stay large
    }
    async with gateways(
        1, sql_url=ispyb_url, mongo_url=mongo_url, mongo_database=mongo_database, **settings
    ) as (started,):
        gw = Live(started.issuer, started.base)
        where = urlsplit(gw.base)
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # a small receive window
        sock.setblocking(False)
        await asyncio.get_running_loop().sock_connect(sock, (where.hostname, where.port))
        url = gw.base.replace("http", "ws") + "/graphql"
        async with websockets.connect(
            url, sock=sock, subprotocols=["graphql-transport-ws"], max_queue=1, max_size=None
        ) as ws:
            init = {"authorization": f"Bearer {gw.token('alice')}"}
            await ws.send(json.dumps({"type": "connection_init", "payload": init}))
            assert json.loads(await ws.recv())["type"] == "connection_ack"
            payload = {"query": watch, "variables": {}}
            await ws.send(json.dumps({"type": "subscribe", "id": "1", "payload": payload}))
            await asyncio.sleep(0.3)
            created = [(await gw.gql("alice", CREATE))["createJob"]["jobId"] for _ in range(60)]
            await asyncio.sleep(0.3)
            written, queued = await _direct(gw)
            assert written > 0 and queued > 0, (written, queued)  # the socket filled up

            async def read(count: int) -> list[str]:
                got: list[str] = []
                async with asyncio.timeout(60):
                    while len(got) < count:
                        message = json.loads(await ws.recv())
                        if message["type"] == "next":
                            event = message["payload"]["data"]["jobsUpdated"]
                            assert event["event"] == "created"
                            job = event["job"]
                            assert job["a3999"] == job["jobId"]
                            got.append(job["jobId"])
                return got

            reading = asyncio.create_task(read(90))
            created += [(await gw.gql("alice", CREATE))["createJob"]["jobId"] for _ in range(30)]
            assert await reading == created
