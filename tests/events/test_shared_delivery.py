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
