"""Opaque pagination cursors: newest first, ties on `created` broken by id.

A cursor is the (created, id) of the last job of a page; the next page is the
jobs strictly after it in (created desc, id desc) order, which stays right
while jobs are being added (new ones sort before the cursor). Ids are 24-hex
ObjectIds in both stores, so comparing them as strings is comparing them as
ObjectIds.
"""

from __future__ import annotations

import base64
import binascii
from datetime import datetime

from gateway.jobs.clock import to_millis
from gateway.jobs.errors import InvalidCursor
from gateway.jobs.model import Job


def encode_cursor(job: Job) -> str:
    raw = f"{job.created.isoformat()}|{job.id}"
    return base64.urlsafe_b64encode(raw.encode()).decode()


def decode_cursor(cursor: str) -> tuple[datetime, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor.encode()).decode()
        created_text, job_id = raw.split("|", 1)
        created = to_millis(datetime.fromisoformat(created_text))
        int(job_id, 16)
    except (ValueError, binascii.Error, UnicodeDecodeError) as exc:
        raise InvalidCursor(f"invalid cursor {cursor!r}") from exc
    if len(job_id) != 24:
        raise InvalidCursor(f"invalid cursor {cursor!r}")
    return created, job_id.lower()


def sort_key(job: Job) -> tuple[datetime, str]:
    """Sort with reverse=True for the page order."""
    return (job.created, job.id)
