"""The reference worker against a real gateway: a job runs; a killed worker's job is re-run."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx
import pytest_asyncio

from gateway.app import create_app
from gateway.settings import Settings
from tests.oidc import TestIssuer, running_issuer
from tests.server import serve

CREATE = 'mutation { createJob(type: "reprocess", itemIds: [2], parameters: {pipeline: "autoPROC"}) { jobId } }'
JOB = "query($id: String!) { job(jobId: $id) { status attempts history { from to by message } outputs { name downloadUrl } } }"


@dataclass
class Stack:
    issuer: TestIssuer
    base: str

    def token(self, login: str, *roles: str) -> str:
        claims: dict[str, object] = {"preferred_username": login, "exp": 4_000_000_000}
        if roles:
            claims.update(realm_access={"roles": list(roles)}, azp=login)
        return self.issuer.mint(claims)

    async def gql(self, login: str, query: str, **variables: object) -> dict[str, object]:
        async with httpx.AsyncClient(base_url=self.base) as http:
            r = await http.post(
                "/graphql",
                json={"query": query, "variables": variables},
                headers={"authorization": f"Bearer {self.token(login)}"},
            )
        body = r.json()
        assert "errors" not in body, body
        return body["data"]  # type: ignore[no-any-return]

    async def worker(self, name: str, command: str, *extra: str) -> asyncio.subprocess.Process:
        env = {**os.environ, "GATEWAY_WORKER_TOKEN": self.token(name, "ispyb-processing")}
        return await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "gateway.cli",
            "worker",
            "--url",
            self.base,
            "--types",
            "reprocess",
            "--command",
            command,
            "--poll",
            "0.2",
            "--heartbeat",
            "0.5",
            *extra,
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )


@pytest_asyncio.fixture
async def stack(ispyb_url: str, mongo_url: str, mongo_database: str) -> AsyncIterator[Stack]:
    async with running_issuer() as issuer:
        settings = Settings(
            sql_url=ispyb_url,
            mongo_url=mongo_url,
            mongo_database=mongo_database,
            oidc_issuer=issuer.url,
            oidc_audience="ispyb-gateway",
            job_lease_seconds=2,
            job_sweep_seconds=0.3,
        )
        async with serve(create_app(settings)) as base:
            yield Stack(issuer, base)


async def _wait_for(
    stack: Stack, job_id: str, status: str, seconds: float = 20
) -> dict[str, object]:
    for _ in range(int(seconds / 0.1)):
        job = (await stack.gql("alice", JOB, id=job_id))["job"]
        if job["status"] == status:  # type: ignore[index]
            return job  # type: ignore[return-value]
        await asyncio.sleep(0.1)
    raise AssertionError(f"job never reached {status}: {job}")


async def test_worker_runs_a_job_and_uploads_its_log(stack: Stack) -> None:
    job_id = (await stack.gql("alice", CREATE))["createJob"]["jobId"]  # type: ignore[index]
    worker = await stack.worker("w1", 'echo "processing $JOB_ID with $JOB_PARAMETERS"', "--once")
    out = (await worker.communicate())[0].decode()
    assert worker.returncode == 0, out
    job = await _wait_for(stack, job_id, "FINISHED")
    log_url = job["outputs"][0]["downloadUrl"]  # type: ignore[index]
    async with httpx.AsyncClient(base_url=stack.base) as http:
        text = (
            await http.get(log_url, headers={"authorization": f"Bearer {stack.token('alice')}"})
        ).text
    assert f"processing {job_id} with" in text and '"pipeline": "autoPROC"' in text


async def test_killed_worker_job_is_reclaimed_after_the_lease(stack: Stack) -> None:
    job_id = (await stack.gql("alice", CREATE))["createJob"]["jobId"]  # type: ignore[index]
    doomed = await stack.worker("w-doomed", "sleep 60")
    await _wait_for(stack, job_id, "RUNNING")
    doomed.send_signal(signal.SIGKILL)
    await doomed.wait()
    rescuer = await stack.worker("w-rescuer", "echo rescued")  # polls until the sweeper frees it
    try:
        job = await _wait_for(stack, job_id, "FINISHED", seconds=30)
    finally:
        rescuer.terminate()
        await rescuer.wait()
    story = [(h["from"], h["to"], h["by"]) for h in job["history"]]  # type: ignore[index]
    assert story[0] == ("PENDING", "RUNNING", "w-doomed")
    assert story[1][:2] == ("RUNNING", "PENDING") and "lease" in job["history"][1]["message"]  # type: ignore[index]
    assert story[2] == ("PENDING", "RUNNING", "w-rescuer")
    assert story[-1][:2] == ("RUNNING", "FINISHED")
    assert job["attempts"] == 2
