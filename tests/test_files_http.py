"""Job files over HTTP on the real servers: worker upload, ranges, permissions, size limit."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote

import httpx
import pytest_asyncio

from tests.stack import Gateway, gateways

CREATE = """mutation { createJob(type: "reprocess", itemIds: [1], parameters: {pipeline: "autoPROC"}) { jobId } }"""
CLAIM = 'mutation { claimJob(types: ["reprocess"]) { leaseToken job { jobId } } }'


@dataclass
class Stack:
    """One gateway and an HTTP client on it; requests name who makes them."""

    gateway: Gateway
    http: httpx.AsyncClient

    def auth(self, login: str, *roles: str) -> dict[str, str]:
        return self.gateway.auth(login, *roles)

    async def gql(self, who: dict[str, str], query: str) -> dict[str, Any]:
        r = await self.http.post("/graphql", json={"query": query}, headers=who)
        body = r.json()
        assert "errors" not in body, body
        return body["data"]  # type: ignore[no-any-return]


@pytest_asyncio.fixture
async def stack(ispyb_url: str, mongo_url: str, mongo_database: str) -> AsyncIterator[Stack]:
    async with (
        gateways(
            1,
            sql_url=ispyb_url,
            mongo_url=mongo_url,
            mongo_database=mongo_database,
            max_upload_bytes=1_000_000,
        ) as (gw,),
        httpx.AsyncClient(base_url=gw.base, timeout=30) as http,
    ):
        yield Stack(gw, http)


async def test_worker_uploads_and_people_download_by_range(stack: Stack) -> None:
    alice, dave, worker = (
        stack.auth("alice"),
        stack.auth("dave"),
        stack.auth("edna", "ispyb-processing"),
    )
    job_id = (await stack.gql(alice, CREATE))["createJob"]["jobId"]  # type: ignore[index]
    lease = (await stack.gql(worker, CLAIM))["claimJob"]["leaseToken"]  # type: ignore[index]
    log = b"".join(f"line {i}: integrating\n".encode() for i in range(20_000))

    async def chunks() -> AsyncIterator[bytes]:
        for i in range(0, len(log), 65536):
            yield log[i : i + 65536]

    up = await stack.http.post(
        f"/jobs/{job_id}/outputs/xia2.log?leaseToken={lease}&name=log",
        content=chunks(),
        headers={**worker, "content-type": "text/plain"},
    )
    assert up.status_code == 201, up.text
    info = up.json()
    assert info["size"] == len(log) and info["sha256"] == hashlib.sha256(log).hexdigest()

    whole = await stack.http.get(info["url"], headers=alice)
    assert whole.status_code == 200 and whole.content == log
    assert whole.headers["accept-ranges"] == "bytes"
    part = await stack.http.get(info["url"], headers={**alice, "range": "bytes=100-199"})
    assert part.status_code == 206 and part.content == log[100:200]
    assert part.headers["content-range"] == f"bytes 100-199/{len(log)}"
    tail = await stack.http.get(info["url"], headers={**alice, "range": "bytes=-10"})
    assert tail.content == log[-10:]
    bad = await stack.http.get(info["url"], headers={**alice, "range": f"bytes={len(log)}-"})
    assert bad.status_code == 416

    # The outsider and the anonymous get the same answer as for a file that does not exist.
    for who in (dave, {}):
        assert (await stack.http.get(info["url"], headers=who)).status_code == 404
    assert (
        await stack.http.get("/files/000000000000000000000000", headers=alice)
    ).status_code == 404

    # Only processing accounts upload outputs, only with the lease.
    assert (
        await stack.http.post(
            f"/jobs/{job_id}/outputs/x.log?leaseToken={lease}", content=b"x", headers=alice
        )
    ).status_code == 403
    assert (
        await stack.http.post(
            f"/jobs/{job_id}/outputs/x.log?leaseToken=forged", content=b"x", headers=worker
        )
    ).status_code == 409
    outputs = await stack.gql(
        alice, f'{{ job(jobId: "{job_id}") {{ outputs {{ name fileId downloadUrl }} }} }}'
    )
    assert outputs["job"]["outputs"] == [  # type: ignore[index]
        {"name": "log", "fileId": info["fileId"], "downloadUrl": info["url"]}
    ]


async def test_too_large_is_refused_and_leaves_nothing(stack: Stack) -> None:
    alice, worker = stack.auth("alice"), stack.auth("edna", "ispyb-processing")
    job_id = (await stack.gql(alice, CREATE))["createJob"]["jobId"]  # type: ignore[index]
    lease = (await stack.gql(worker, CLAIM))["claimJob"]["leaseToken"]  # type: ignore[index]
    r = await stack.http.post(
        f"/jobs/{job_id}/outputs/big.bin?leaseToken={lease}",
        content=b"0" * 1_500_000,
        headers=worker,
    )
    assert r.status_code == 413
    job = await stack.gql(alice, f'{{ job(jobId: "{job_id}") {{ outputs {{ name }} }} }}')
    assert job["job"]["outputs"] == []  # type: ignore[index]


async def test_owner_uploads_an_input_file_while_asked(stack: Stack) -> None:
    alice, dave, worker = (
        stack.auth("alice"),
        stack.auth("dave"),
        stack.auth("edna", "ispyb-processing"),
    )
    job_id = (await stack.gql(alice, CREATE))["createJob"]["jobId"]  # type: ignore[index]
    url = f"/jobs/{job_id}/inputs/mask.txt"
    assert (await stack.http.post(url, content=b"too early", headers=alice)).status_code == 409
    lease = (await stack.gql(worker, CLAIM))["claimJob"]["leaseToken"]  # type: ignore[index]
    await stack.gql(
        worker,
        f'mutation {{ requestJobInput(jobId: "{job_id}", leaseToken: "{lease}", '
        'message: "Upload a mask", schema: {type: "object"}) { status } }',
    )
    for who in (dave, worker):
        assert (await stack.http.post(url, content=b"x", headers=who)).status_code == 404
    up = await stack.http.post(
        url, content=b"0 0 1 1\n", headers={**alice, "content-type": "text/plain"}
    )
    assert up.status_code == 201 and up.json()["size"] == 8
    assert (await stack.http.get(up.json()["url"], headers=alice)).content == b"0 0 1 1\n"


HOSTILE_NAMES = {
    # sent as (the path segment, percent-encoded) -> the name stored and served back
    'report "final".html': 'report "final".html',
    "λ-scan.h5": "λ-scan.h5",
    "a\r\nSet-Cookie: x=1.txt": "aSet-Cookie: x=1.txt",
    "nul\x00byte.txt": "nulbyte.txt",
    "\u202eexe.txt": "exe.txt",  # right-to-left override: shown reversed in a file list
    "..\\..\\etc\\passwd": "passwd",
    ".hidden": "hidden",
}


async def test_hostile_file_names_are_cleaned_and_served_safely(stack: Stack) -> None:
    alice, worker = stack.auth("alice"), stack.auth("edna", "ispyb-processing")
    job_id = (await stack.gql(alice, CREATE))["createJob"]["jobId"]  # type: ignore[index]
    lease = (await stack.gql(worker, CLAIM))["claimJob"]["leaseToken"]  # type: ignore[index]
    for sent, stored in HOSTILE_NAMES.items():
        up = await stack.http.post(
            f"/jobs/{job_id}/outputs/{quote(sent, safe='')}?leaseToken={lease}",
            content=b"<script>alert(1)</script>",
            headers={**worker, "content-type": "text/html"},
        )
        assert up.status_code == 201, (sent, up.text)
        assert up.json()["filename"] == stored
        down = await stack.http.get(up.json()["url"], headers=alice)
        assert down.status_code == 200
        # Never the uploader's type, never sniffed into one.
        assert down.headers["content-type"] == "application/octet-stream"
        assert down.headers["x-content-type-options"] == "nosniff"
        disposition = down.headers["content-disposition"]
        assert disposition.count("filename=") == 1 and disposition.count("filename*=") == 1
        exact = disposition.split("filename*=UTF-8''", 1)[1]
        assert unquote(exact) == stored
        fallback = disposition.split('filename="', 1)[1].split('"', 1)[0]
        assert fallback.isascii() and "\\" not in fallback

    for unusable in ("..", "/", "\x00\x01"):
        up = await stack.http.post(
            f"/jobs/{job_id}/outputs/{quote(unusable, safe='')}?leaseToken={lease}",
            content=b"x",
            headers=worker,
        )
        assert up.status_code in (400, 404), (unusable, up.text)
        if up.status_code == 400:
            assert up.json()["error"]["code"] == "INVALID_FILENAME" or "INVALID_FILENAME" in up.text
