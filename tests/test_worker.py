"""The reference worker against a real gateway: a job runs; a killed worker's job is re-run."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator

import httpx
import pytest_asyncio

from tests.stack import WORKER_ROLE, Gateway, gateways

CREATE = 'mutation { createJob(type: "reprocess", itemIds: [2], parameters: {pipeline: "autoPROC"}) { jobId } }'
JOB = "query($id: String!) { job(jobId: $id) { status attempts history { from to by message } outputs { name downloadUrl } } }"


class Stack(Gateway):
    async def worker(self, name: str, command: str, *extra: str) -> asyncio.subprocess.Process:
        env = {**os.environ, "GATEWAY_WORKER_TOKEN": self.token(name, WORKER_ROLE)}
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
    async with gateways(
        1,
        sql_url=ispyb_url,
        mongo_url=mongo_url,
        mongo_database=mongo_database,
        job_lease_seconds=2,
        job_sweep_seconds=0.3,
    ) as (gw,):
        yield Stack(gw.issuer, gw.base)


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
