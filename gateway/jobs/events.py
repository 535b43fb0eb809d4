"""The event published after every change of a job, and the channels it goes to.

`job:<id>` serves a page watching one job; `jobs` serves lists and the
subscription filter, which decides visibility from `proposalId`, `sessionId`
and `ownerLogin` without reading the job again. Values are plain JSON.
`event` says what changed: "created", "status" (a transition; `from` != `to`)
or "output" (an output added while RUNNING; `from` == `to`).
"""

from __future__ import annotations

from datetime import UTC, datetime

from bson import json_util

from gateway.events.broker import Message
from gateway.jobs.model import Job
from gateway.jobs.mongo_codec import decode_job, encode_job
from gateway.jobs.states import JobStatus

ALL_JOBS = "jobs"


def job_channel(job_id: str) -> str:
    return f"job:{job_id}"


def job_event(job: Job, source: JobStatus | None, event: str = "status") -> Message:
    return {
        "event": event,
        "jobId": job.id,
        "from": source.value if source is not None else None,
        "to": job.status.value,
        "at": job.updated.isoformat(),
        "publishedAt": datetime.now(UTC).isoformat(),
        "proposalId": job.proposal_id,
        "sessionId": job.session_id,
        "ownerLogin": job.owner.login,
        "type": job.type,
        "beamline": job.beamline,
        # The whole job, so a thousand subscribers need not read it back a thousand times.
        "job": json_util.dumps(encode_job(job)),
    }


def job_from_event(message: Message) -> Job | None:
    """The job a message carries (None for messages that carry none, e.g. overflow)."""
    raw = message.get("job")
    return decode_job(json_util.loads(raw)) if isinstance(raw, str) else None
