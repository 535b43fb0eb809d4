"""The IS4A compatibility REST API end to end: real gateway, issuer, MariaDB and FerretDB.

Each endpoint's happy path, and what it refuses: invisible looks like unknown,
invalid bodies list every problem, illegal status changes leave the job as it
was, the lease fences worker writes, uploads stop at the size limit. The
OpenAPI document and the routes served must describe each other exactly, and
what REST creates is what GraphQL reads.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest_asyncio
from jsonschema import Draft202012Validator  # type: ignore[import-untyped, unused-ignore]
from pymongo import AsyncMongoClient
from starlette.routing import Mount, Route, Router

from gateway.app import create_app
from gateway.jobs.mongo_store import MongoJobStore
from gateway.settings import REPO_ROOT, Settings
from tests.stack import WORKER_ROLE, Gateway, gateways

P = "/is4a"
CLAIM = 'mutation { claimJob(types: ["reprocess"]) { leaseToken job { jobId } } }'
JOB_FIELDS = """jobId type status description items { entity itemId } parameters ownerLogin
  proposalId sessionId beamline attempts created updated history { from to at by message }
  inputRequest { message schema at } outputs { name value fileId downloadUrl at }"""
UNKNOWN_ID = "0123456789abcdef01234567"

# Two group types next to the real catalogue: one for staff, one for a single beamline.
EXTRA_TYPES = {
    "characterise": {"restrictions": {"staffOnly": True}},
    "groupcheck": {"restrictions": {"beamlines": ["id23-1"]}},
}


@dataclass
class Api:
    """One gateway; every request names who makes it (a login, or None: no token)."""

    gateway: Gateway
    http: httpx.AsyncClient
    mongo: MongoJobStore

    def who(self, login: str | None) -> dict[str, str]:
        if login is None:
            return {}
        if login == "edna":
            return self.gateway.auth("edna", WORKER_ROLE)
        return self.gateway.auth(login)

    async def get(self, login: str | None, path: str, **params: Any) -> httpx.Response:
        return await self.http.get(P + path, params=params, headers=self.who(login))

    async def post(
        self, login: str | None, path: str, body: Any = None, **params: Any
    ) -> httpx.Response:
        return await self.http.post(P + path, json=body, params=params, headers=self.who(login))

    async def gql(self, login: str, query: str, **variables: Any) -> dict[str, Any]:
        return await self.gateway.gql(
            login, query, *((WORKER_ROLE,) if login == "edna" else ()), **variables
        )

    async def create(self, login: str, dc: int, **parameters: Any) -> dict[str, Any]:
        r = await self.post(
            login,
            "/jobs",
            {
                "type": "reprocess",
                "dataCollectionIds": [dc],
                "parameters": {"pipeline": "autoPROC", **parameters},
            },
        )
        assert r.status_code == 201, r.text
        return r.json()  # type: ignore[no-any-return]

    async def graph_job(self, login: str, job_id: str) -> dict[str, Any]:
        data = await self.gql(login, f'{{ job(jobId: "{job_id}") {{ {JOB_FIELDS} }} }}')
        return data["job"]  # type: ignore[no-any-return]

    async def claim(self) -> str:
        data = await self.gql("edna", CLAIM)
        return data["claimJob"]["leaseToken"]  # type: ignore[no-any-return]


def _catalogue(directory: Path) -> Path:
    for source in (REPO_ROOT / "schema" / "catalogue").iterdir():
        shutil.copy(source, directory / source.name)
    for name, extra in EXTRA_TYPES.items():
        body = {
            "name": name,
            "title": name.title(),
            "description": f"The {name} test type.",
            "entity": "dataCollectionGroup",
            "items": {"min": 1, "max": 1},
            "parameters": {"$schema": "http://json-schema.org/draft-07/schema#", "type": "object"},
            **extra,
        }
        (directory / f"{name}.json").write_text(json.dumps(body))
    return directory


@pytest_asyncio.fixture
async def api(
    ispyb_url: str, mongo_url: str, mongo_database: str, tmp_path: Path
) -> AsyncIterator[Api]:
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(mongo_url, tz_aware=True)
    async with (
        gateways(
            1,
            sql_url=ispyb_url,
            mongo_url=mongo_url,
            mongo_database=mongo_database,
            max_upload_bytes=1_000_000,
            catalogue_dir=_catalogue(tmp_path),
        ) as (gw,),
        httpx.AsyncClient(base_url=gw.base, timeout=30) as http,
    ):
        yield Api(gw, http, MongoJobStore(client, mongo_database))
    await client.close()


def _error(r: httpx.Response, status: int, code: str) -> dict[str, Any]:
    """The error body, after checking its status, code and request id."""
    assert r.status_code == status, r.text
    error: dict[str, Any] = r.json()["error"]
    assert error["code"] == code, error
    assert error["requestId"] == r.headers["x-request-id"]
    return error


def _without_request_id(r: httpx.Response) -> tuple[int, dict[str, Any]]:
    body = r.json()
    body["error"].pop("requestId")
    return r.status_code, body


def _as_graphql(job: dict[str, Any]) -> dict[str, Any]:
    """A REST job with the GraphQL spelling of entities and without the REST-only keys."""
    out = {k: v for k, v in job.items() if k not in ("id", "dataCollectionIds")}
    out.pop("dataCollectionGroupIds")
    out["items"] = [
        {"entity": re.sub(r"(?<!^)([A-Z])", r"_\1", i["entity"]).upper(), "itemId": i["itemId"]}
        for i in job["items"]
    ]
    return out


# OpenAPI -----------------------------------------------------------------------------------
def _served(prefix: str) -> set[tuple[str, str]]:
    app = create_app(Settings(is4a_prefix=prefix))
    mounts = [r for r in app.routes if isinstance(r, Mount) and r.path == prefix.rstrip("/")]
    if not mounts:
        return set()
    router = mounts[0].app.app  # type: ignore[attr-defined]
    assert isinstance(router, Router)
    return {
        (route.path, method)
        for route in router.routes
        if isinstance(route, Route)
        for method in route.methods or ()
        if method != "HEAD"
    }


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


async def test_openapi_describes_exactly_the_routes_served(api: Api) -> None:
    r = await api.get(None, "/openapi.json")
    assert r.status_code == 200
    doc = r.json()
    assert doc["openapi"] == "3.1.0" and doc["info"]["title"] and doc["info"]["version"]
    assert doc["servers"] == [{"url": P}]
    documented = {(path, method.upper()) for path, item in doc["paths"].items() for method in item}
    assert documented == _served(P)
    operation_ids = []
    for path, item in doc["paths"].items():
        for operation in item.values():
            operation_ids.append(operation["operationId"])
            assert "200" in operation["responses"] or "201" in operation["responses"]
            declared = {p["name"] for p in operation.get("parameters", ()) if p["in"] == "path"}
            assert declared == set(re.findall(r"{(\w+)}", path)), path
    assert len(operation_ids) == len(set(operation_ids))
    for ref in _refs(doc):
        node = doc
        for part in ref.removeprefix("#/").split("/"):
            node = node[part]
    for schema in doc["components"]["schemas"].values():
        Draft202012Validator.check_schema(schema)
    # The prefix is a setting: elsewhere, or not served at all.
    assert _served("/legacy") == _served("/") == _served(P)
    assert _served("") == set()


async def test_unknown_paths_and_methods_answer_json(api: Api) -> None:
    _error(await api.get("alice", "/nothing/here"), 404, "NOT_FOUND")
    r = await api.http.delete(f"{P}/jobs", headers=api.who("alice"))
    _error(r, 405, "METHOD_NOT_ALLOWED")


async def test_tokens_are_required_and_checked(api: Api) -> None:
    r = await api.get(None, "/jobs")
    _error(r, 401, "UNAUTHENTICATED")
    assert r.headers["www-authenticate"].startswith("Bearer")
    r = await api.http.get(f"{P}/jobs", headers={"authorization": "Bearer not-a-token"})
    _error(r, 401, "UNAUTHENTICATED")
    assert 'error="invalid_token"' in r.headers["www-authenticate"]


# Creating jobs -----------------------------------------------------------------------------
async def test_rest_and_graphql_create_the_same_job(api: Api) -> None:
    made = await api.create("alice", 1, anomalous=True)
    assert made["status"] == "PENDING" and made["dataCollectionIds"] == [1]
    assert made["description"] == "[Reprocess] 1 GCSH-x8 (880 images)"
    assert _as_graphql(made) == await api.graph_job("alice", made["id"])

    data = await api.gql(
        "alice",
        'mutation { createJob(type: "reprocess", itemIds: [1], '
        'parameters: {pipeline: "autoPROC", anomalous: true}) { jobId } }',
    )
    graph_id = data["createJob"]["jobId"]
    listed = {j["id"]: j for j in (await api.get("alice", "/jobs")).json()["jobs"]}
    volatile = ("id", "jobId", "created", "updated")
    strip = lambda j: {k: v for k, v in j.items() if k not in volatile}  # noqa: E731
    assert strip(listed[graph_id]) == strip(listed[made["id"]]) == strip(made)


async def test_invisible_items_are_refused_like_unknown_ones(api: Api) -> None:
    body = {"type": "reprocess", "parameters": {"pipeline": "autoPROC"}}
    invisible = await api.post("dave", "/jobs", {**body, "dataCollectionIds": [1]})
    unknown = await api.post("dave", "/jobs", {**body, "dataCollectionIds": [99999]})
    _error(invisible, 404, "NOT_FOUND")
    status, shown = _without_request_id(invisible)
    assert (status, json.loads(json.dumps(shown).replace("1", "99999"))) == _without_request_id(
        unknown
    )
    assert (await api.get("dave", "/jobs")).json()["totalCount"] == 0


async def test_invalid_requests_list_every_problem(api: Api) -> None:
    r = await api.post(
        "alice", "/jobs", {"dataCollectionIds": [0], "itemIds": [1], "parameters": []}
    )
    problems = {p["path"] for p in _error(r, 400, "INVALID_BODY")["problems"]}
    assert problems == {"$", "$.type", "$.dataCollectionIds[0]", "$.parameters"}

    r = await api.post(
        "alice",
        "/jobs",
        {
            "type": "reprocess",
            "itemIds": [1],
            "parameters": {"pipeline": "nope", "startImage": 0, "bogus": 1},
        },
    )
    error = _error(r, 400, "INVALID_PARAMETERS")
    assert [p["path"] for p in error["problems"]] == ["$.bogus", "$.pipeline", "$.startImage"]

    _error(
        await api.post("alice", "/jobs", {"type": "nope", "itemIds": [1]}), 400, "UNKNOWN_JOB_TYPE"
    )
    wrong_kind = {"type": "reprocess", "dataCollectionGroupIds": [1]}
    _error(await api.post("alice", "/jobs", wrong_kind), 400, "INVALID_ITEMS")
    staff_only = {"type": "characterise", "dataCollectionGroupIds": [1]}
    _error(await api.post("alice", "/jobs", staff_only), 403, "JOB_TYPE_RESTRICTED")
    assert (await api.post("carol", "/jobs", staff_only)).status_code == 201
    _error(await api.post("edna", "/jobs", wrong_kind), 403, "NOT_A_PERSON")
    r = await api.http.post(f"{P}/jobs", content=b"{nope", headers=api.who("alice"))
    _error(r, 400, "INVALID_JSON")
    owners = [j["ownerLogin"] for j in (await api.get("alice", "/jobs")).json()["jobs"]]
    assert owners == ["carol"]  # on alice's proposal; none of hers was created


# Job types -----------------------------------------------------------------------------------
async def test_job_types_follow_the_callers_rights(api: Api) -> None:
    async def names(login: str, entity: str, **params: Any) -> list[str]:
        r = await api.get(login, f"/jobs/type/{entity}", **params)
        assert r.status_code == 200, r.text
        return [t["name"] for t in r.json()]

    assert await names("alice", "datacollection") == ["merge", "reprocess"]
    assert await names("alice", "datacollectiongroup") == ["groupcheck"]
    assert await names("carol", "datacollectiongroup") == ["characterise", "groupcheck"]
    assert await names("alice", "datacollectiongroup", beamline="id30b") == []
    graph = await api.gql(
        "alice", "{ jobTypes(entity: DATA_COLLECTION) { name parameters minItems maxItems } }"
    )
    rest = (await api.get("alice", "/jobs/type/datacollection")).json()
    assert [
        {k: t[k] for k in ("name", "parameters", "minItems", "maxItems")} for t in rest
    ] == graph["jobTypes"]


# Listing -------------------------------------------------------------------------------------
async def test_listing_filters_pages_and_per_user(api: Api) -> None:
    first = await api.create("alice", 1)
    second = await api.create("alice", 5)  # session 2, where bob is the local contact
    daves = await api.create("dave", 7)

    async def ids(login: str, path: str = "/jobs", **params: Any) -> list[str]:
        r = await api.get(login, path, **params)
        assert r.status_code == 200, r.text
        return [j["id"] for j in r.json()["jobs"]]

    assert await ids("alice") == [second["id"], first["id"]]
    assert await ids("dave") == [daves["id"]]
    assert await ids("bob") == [second["id"]]
    assert await ids("carol") == [daves["id"], second["id"], first["id"]]
    assert await ids("edna") == [daves["id"], second["id"], first["id"]]

    assert await ids("carol", sessionId="2,3") == [daves["id"], second["id"]]
    assert await ids("carol", proposal="MX2112") == [second["id"], first["id"]]
    assert await ids("alice", proposal="mx2532") == []
    assert await ids("carol", proposalId=[2]) == [daves["id"]]
    assert await ids("alice", status="pending", type="reprocess") == [second["id"], first["id"]]
    assert await ids("alice", status="FINISHED") == []
    today = dt.datetime.now(dt.UTC).date()
    assert await ids("alice", to=today.isoformat()) == [second["id"], first["id"]]
    assert await ids("alice", **{"from": (today + dt.timedelta(days=1)).isoformat()}) == []

    page = (await api.get("alice", "/jobs", limit=1)).json()
    assert [j["id"] for j in page["jobs"]] == [second["id"]]
    assert page["hasNextPage"] and page["totalCount"] == 2
    assert await ids("alice", limit=1, after=page["endCursor"]) == [first["id"]]

    _error(await api.get("alice", "/jobs", status="BOGUS"), 400, "INVALID_QUERY")
    _error(await api.get("alice", "/jobs", limit=100_000), 400, "INVALID_QUERY")
    _error(await api.get("alice", "/jobs", sessionId="x"), 400, "INVALID_QUERY")
    _error(await api.get("alice", "/jobs", proposalId=str(2**70)), 400, "INVALID_QUERY")
    _error(await api.get("alice", "/jobs", after="garbage"), 400, "INVALID_CURSOR")
    inverted = {"from": "2024-02-01", "to": "2024-01-01"}
    _error(await api.get("alice", "/jobs", **inverted), 400, "INVALID_QUERY")

    # Per user: yourself, or anyone for staff; anyone else looks like nobody.
    assert await ids("alice", "/jobs/alice") == [second["id"], first["id"]]
    assert await ids("carol", "/jobs/alice") == [second["id"], first["id"]]
    assert await ids("alice", "/jobs/alice", sessionId=1) == [first["id"]]
    assert await ids("carol", "/jobs/upload") == await ids("carol", "/jobs/type") == []
    other = await api.get("bob", "/jobs/alice")
    nobody = await api.get("bob", "/jobs/nobody-at-all")
    assert other.status_code == nobody.status_code == 200
    assert (
        other.json()
        == nobody.json()
        == {
            "jobs": [],
            "totalCount": 0,
            "hasNextPage": False,
            "endCursor": None,
        }
    )


# Status changes and outputs ----------------------------------------------------------------
async def test_worker_status_outputs_and_lease_fencing(api: Api) -> None:
    job = await api.create("alice", 1)
    job_id = job["id"]
    lease = await api.claim()
    running = await api.graph_job("alice", job_id)
    assert running["status"] == "RUNNING"

    # Refusals change nothing.
    forged = await api.get("edna", f"/jobs/{job_id}/status/FINISHED", leaseToken="forged")
    assert _error(forged, 409, "LEASE_LOST")["currentStatus"] == "RUNNING"
    _error(await api.get("edna", f"/jobs/{job_id}/status/FINISHED"), 400, "LEASE_TOKEN_REQUIRED")
    _error(
        await api.get("alice", f"/jobs/{job_id}/status/FINISHED", leaseToken=lease),
        403,
        "FORBIDDEN",
    )
    _error(await api.get("edna", f"/jobs/{job_id}/status/bogus"), 400, "INVALID_STATUS")
    _error(
        await api.get("edna", f"/jobs/{job_id}/status/ONHOLD", leaseToken=lease),
        400,
        "UNSUPPORTED_STATUS",
    )
    assert await api.graph_job("alice", job_id) == running

    # Someone who may not see the job gets the answer for a job that does not exist.
    hidden = await api.get("dave", f"/jobs/{job_id}/status/CANCELLED")
    missing = await api.get("dave", f"/jobs/{UNKNOWN_ID}/status/CANCELLED")
    _error(hidden, 404, "NOT_FOUND")
    assert _without_request_id(hidden) == _without_request_id(missing)
    _error(await api.get("dave", "/jobs/not-an-id/status/CANCELLED"), 404, "NOT_FOUND")
    hidden = await api.post("dave", f"/jobs/{job_id}/output", {"name": "x"}, leaseToken=lease)
    assert _without_request_id(hidden) == _without_request_id(missing)

    # Heartbeat, outputs, finish.
    beat = await api.get("edna", f"/jobs/{job_id}/status/running", leaseToken=lease)
    assert beat.status_code == 200 and beat.json()["status"] == "RUNNING"
    r = await api.post(
        "edna",
        f"/jobs/{job_id}/output",
        {"name": "stats", "value": {"rMerge": 0.05}},
        leaseToken=lease,
    )
    assert r.status_code == 200, r.text
    r = await api.post(
        "edna", f"/jobs/{job_id}/output", {"outputs": {"a": 1, "b": [2]}}, leaseToken=lease
    )
    assert {o["name"]: o["value"] for o in r.json()["outputs"]} == {
        "stats": {"rMerge": 0.05},
        "a": 1,
        "b": [2],
    }
    out = "/jobs/" + job_id + "/output"
    _error(await api.post("edna", out, {"name": "c"}, leaseToken="forged"), 409, "LEASE_LOST")
    _error(await api.post("alice", out, {"name": "c"}, leaseToken=lease), 403, "FORBIDDEN")
    both = await api.post("edna", out, {"name": "c", "outputs": {"d": 1}, "x": 1}, leaseToken=lease)
    assert {p["path"] for p in _error(both, 400, "INVALID_BODY")["problems"]} == {"$", "$.x"}
    _error(await api.post("edna", out, {"name": "c"}), 400, "LEASE_TOKEN_REQUIRED")

    done = await api.get("edna", f"/jobs/{job_id}/status/FINISHED", leaseToken=lease, message="ok")
    assert done.status_code == 200 and done.json()["status"] == "FINISHED"
    assert done.json()["history"][-1] == {
        **done.json()["history"][-1],
        "message": "ok",
        "by": "edna",
    }
    finished = await api.graph_job("alice", job_id)
    assert _as_graphql(done.json()) == finished

    # Nothing leaves a terminal status, with or without the lease.
    late = await api.get("edna", f"/jobs/{job_id}/status/FAILED", leaseToken=lease)
    assert _error(late, 409, "ILLEGAL_TRANSITION")["currentStatus"] == "FINISHED"
    _error(await api.get("alice", f"/jobs/{job_id}/status/CANCELLED"), 409, "ILLEGAL_TRANSITION")
    _error(await api.post("edna", out, {"name": "z"}, leaseToken=lease), 409, "LEASE_LOST")
    assert await api.graph_job("alice", job_id) == finished


async def test_owner_cancels_and_worker_gives_back(api: Api) -> None:
    cancelled = await api.create("alice", 1)
    _error(await api.get("edna", f"/jobs/{cancelled['id']}/status/CANCELLED"), 403, "FORBIDDEN")
    _error(
        await api.get("bob", f"/jobs/{(await api.create('alice', 5))['id']}/status/CANCELLED"),
        403,
        "FORBIDDEN",
    )
    r = await api.get("alice", f"/jobs/{cancelled['id']}/status/cancelled")
    assert r.status_code == 200 and r.json()["status"] == "CANCELLED"
    assert r.json()["history"][-1]["by"] == "alice"

    lease = await api.claim()  # the job on collection 5, the only one pending
    held = (await api.get("carol", "/jobs", status="RUNNING")).json()["jobs"][0]["id"]
    _error(
        await api.get("edna", f"/jobs/{cancelled['id']}/status/PENDING", leaseToken=lease),
        409,
        "ILLEGAL_TRANSITION",
    )
    back = await api.get("edna", f"/jobs/{held}/status/PENDING", leaseToken=lease)
    assert back.status_code == 200 and back.json()["status"] == "PENDING"
    assert back.json()["attempts"] == 1


# Uploads -------------------------------------------------------------------------------------
async def test_owner_uploads_inputs_within_the_limit(api: Api) -> None:
    job_id = (await api.create("alice", 1))["id"]
    raw = {"jobId": job_id, "filename": "mask.txt"}
    early = await api.http.post(
        f"{P}/jobs/upload", params=raw, content=b"x", headers=api.who("alice")
    )
    _error(early, 409, "CONFLICT")
    lease = await api.claim()
    await api.gql(
        "edna",
        f'mutation {{ requestJobInput(jobId: "{job_id}", leaseToken: "{lease}", '
        'message: "Upload a mask", schema: {type: "object"}) { status } }',
    )

    up = await api.http.post(
        f"{P}/jobs/upload",
        params=raw,
        content=b"0 0 1 1\n",
        headers={**api.who("alice"), "content-type": "text/plain"},
    )
    assert up.status_code == 201, up.text
    assert up.json()["filename"] == "mask.txt" and up.json()["size"] == 8
    assert (await api.http.get(up.json()["url"], headers=api.who("alice"))).content == b"0 0 1 1\n"

    model = b"ATOM  1 N ALA\n" * 1000
    multi = await api.http.post(
        f"{P}/jobs/upload",
        params={"jobId": job_id},
        data={"comment": "before the file"},
        files={"file": ("C:\\models\\model.pdb", model, "chemical/x-pdb")},
        headers=api.who("alice"),
    )
    assert multi.status_code == 201, multi.text
    assert multi.json()["filename"] == "model.pdb" and multi.json()["size"] == len(model)
    download = await api.http.get(multi.json()["url"], headers=api.who("alice"))
    assert download.content == model

    # Past the limit: refused early (raw) or while streaming (multipart); nothing kept.
    big = b"0" * 1_500_000
    r = await api.http.post(f"{P}/jobs/upload", params=raw, content=big, headers=api.who("alice"))
    _error(r, 413, "PAYLOAD_TOO_LARGE")
    r = await api.http.post(
        f"{P}/jobs/upload",
        params={"jobId": job_id},
        files={"file": ("big.bin", big)},
        headers=api.who("alice"),
    )
    _error(r, 413, "PAYLOAD_TOO_LARGE")

    async def streamed() -> AsyncIterator[bytes]:
        for _ in range(15):
            yield b"0" * 100_000

    r = await api.http.post(
        f"{P}/jobs/upload", params=raw, content=streamed(), headers=api.who("alice")
    )
    _error(r, 413, "PAYLOAD_TOO_LARGE")
    stored = await api.mongo.list_files(job_id)
    assert sorted(f.filename for f in stored) == ["mask.txt", "model.pdb"]

    # Who may not: outsiders and workers as for a missing job; bad requests say why.
    for login in ("dave", "edna"):
        r = await api.http.post(
            f"{P}/jobs/upload", params=raw, content=b"x", headers=api.who(login)
        )
        _error(r, 404, "NOT_FOUND")
    no_name = await api.http.post(
        f"{P}/jobs/upload", params={"jobId": job_id}, content=b"x", headers=api.who("alice")
    )
    _error(no_name, 400, "FILENAME_REQUIRED")
    no_job = await api.http.post(
        f"{P}/jobs/upload", params={"filename": "a"}, content=b"x", headers=api.who("alice")
    )
    _error(no_job, 400, "INVALID_QUERY")
    bad_name = await api.http.post(
        f"{P}/jobs/upload",
        params={"jobId": job_id, "filename": "../"},  # nothing left once cleaned
        content=b"x",
        headers=api.who("alice"),
    )
    _error(bad_name, 400, "INVALID_FILENAME")
    no_file = await api.http.post(
        f"{P}/jobs/upload",
        params={"jobId": job_id},
        headers={**api.who("alice"), "content-type": "multipart/form-data; boundary=xyz"},
        content=b"--xyz\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--xyz--\r\n",
    )
    _error(no_file, 400, "INVALID_MULTIPART")
