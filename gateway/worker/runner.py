"""`ispyb-gateway worker`: claim jobs, run a command for each, report back.

The command runs in a shell with the job in its environment (`JOB_ID`,
`JOB_TYPE`, `JOB_PARAMETERS` and `JOB_ITEMS` as JSON) and what it needs to call
back (`JOB_LEASE_TOKEN`, `GATEWAY_URL`, and `GATEWAY_TOKEN`, the worker's token
at the start). Its output goes to a log file that is uploaded as the job's `log`
output; exit status 0 finishes the job, anything else fails it. A command that
asks the owner for input (the `requestJobInput` mutation, with the lease token)
leaves the job ONHOLD: the worker reports nothing more, and once the owner has
answered the job is PENDING again for any worker to claim. Heartbeats keep the
lease while it runs; a heartbeat that reveals CANCELLED stops the command. A
worker killed mid-job simply stops heartbeating: the gateway's sweeper returns
the job to PENDING when the lease expires, and another worker takes it (at least
once, never two at a time).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import signal
import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gateway.worker.client import GatewayClient, GatewayError

log = logging.getLogger("gateway.worker")

CLAIM = """mutation($types: [String!]) { claimJob(types: $types) {
  leaseToken leaseExpiresAt job { jobId type parameters items { entity itemId } } } }"""
HEARTBEAT = """mutation($id: String!, $lease: String!) {
  heartbeatJob(jobId: $id, leaseToken: $lease) { status } }"""
SET_STATUS = """mutation($id: String!, $lease: String!, $status: WorkerStatus!, $message: String!) {
  setJobStatus(jobId: $id, leaseToken: $lease, status: $status, message: $message) { status } }"""


@dataclass
class WorkerOptions:
    types: list[str] | None
    command: str
    poll_seconds: float = 5.0
    heartbeat_seconds: float = 30.0
    once: bool = False


async def _file_chunks(path: Path) -> AsyncIterator[bytes]:
    with path.open("rb") as f:
        while chunk := await asyncio.to_thread(f.read, 1 << 16):
            yield chunk


async def _heartbeat(client: GatewayClient, job_id: str, lease: str) -> str | None:
    """The job's status with the lease extended, or None once the lease has ended, e.g. the
    command asked for input (RUNNING -> ONHOLD; the owner may even have answered since)."""
    try:
        result = await client.graphql(HEARTBEAT, id=job_id, lease=lease)
    except GatewayError as exc:
        if exc.code == "CONFLICT":
            return None
        raise
    return str(result["heartbeatJob"]["status"])


async def run_job(client: GatewayClient, claimed: dict[str, Any], options: WorkerOptions) -> str:
    job, lease = claimed["job"], claimed["leaseToken"]
    job_id = job["jobId"]
    env = {
        **os.environ,
        "JOB_ID": job_id,
        "JOB_TYPE": job["type"],
        "JOB_PARAMETERS": json.dumps(job["parameters"]),
        "JOB_ITEMS": json.dumps(job["items"]),
        "JOB_LEASE_TOKEN": lease,
        "GATEWAY_URL": str(client.http.base_url),
        "GATEWAY_TOKEN": await client.tokens.get(client.http),
    }
    with tempfile.TemporaryDirectory(prefix=f"job-{job_id}-") as workdir:
        log_path = Path(workdir) / "job.log"
        with log_path.open("wb") as out:
            process = await asyncio.create_subprocess_shell(
                options.command,
                stdout=out,
                stderr=asyncio.subprocess.STDOUT,
                env=env,
                cwd=workdir,
                start_new_session=True,
            )
            status: str | None = "RUNNING"
            while status == "RUNNING":
                try:
                    await asyncio.wait_for(process.wait(), options.heartbeat_seconds)
                    break
                except TimeoutError:
                    status = await _heartbeat(client, job_id, lease)
                    if status == "CANCELLED":
                        with contextlib.suppress(ProcessLookupError):
                            os.killpg(process.pid, signal.SIGTERM)
            await process.wait()
        if status == "CANCELLED":
            log.info("job %s was cancelled: command stopped", job_id)
            return "CANCELLED"
        if status is None or await _heartbeat(client, job_id, lease) is None:
            # Nothing to report: usually the command asked for input, else the lease expired.
            return "LEASE_ENDED"
        await client.upload(job_id, lease, "job.log", "log", _file_chunks(log_path))
    ok = process.returncode == 0
    message = "command succeeded" if ok else f"command exited with status {process.returncode}"
    result = await client.graphql(
        SET_STATUS, id=job_id, lease=lease, status="FINISHED" if ok else "FAILED", message=message
    )
    return str(result["setJobStatus"]["status"])


async def work(client: GatewayClient, options: WorkerOptions) -> None:
    while True:
        try:
            claimed = (await client.graphql(CLAIM, types=options.types))["claimJob"]
        except GatewayError as exc:
            log.error("claim refused: %s (%s)", exc, exc.code)
            raise
        if claimed is None:
            if options.once:
                return
            await asyncio.sleep(options.poll_seconds)
            continue
        status = await run_job(client, claimed, options)
        log.info("job %s: %s", claimed["job"]["jobId"], status)
        if options.once:
            return
