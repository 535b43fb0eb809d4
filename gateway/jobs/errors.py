"""Errors of the job domain, one class per thing a caller reacts to differently.

The GraphQL/REST layers map them to codes: not found (404), conflict (409:
the job moved on, or a worker's lease is gone), invalid request (400/422 with
the problems listed), restricted (403), too large (413), bad range (416).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gateway.jobs.model import Job
    from gateway.jobs.problems import Problem
    from gateway.jobs.states import JobStatus


class JobError(Exception):
    """Base of every error raised by gateway.jobs."""


class JobNotFound(JobError, LookupError):
    def __init__(self, job_id: str) -> None:
        super().__init__(f"job {job_id!r} not found")
        self.job_id = job_id


class FileNotFound(JobError, LookupError):
    def __init__(self, file_id: str) -> None:
        super().__init__(f"file {file_id!r} not found")
        self.file_id = file_id


class JobConflict(JobError):
    """A conditional write matched nothing: nothing was changed.

    `current` is the job as last read (None when unknown), so callers can tell
    the user what happened instead (e.g. "already cancelled").
    """

    def __init__(self, message: str, current: Job | None = None) -> None:
        super().__init__(message)
        self.current = current


class StaleState(JobConflict):
    """The job was not in the expected status (someone else changed it first)."""

    def __init__(
        self, job_id: str, expected: frozenset[JobStatus], current: Job | None = None
    ) -> None:
        wanted = " or ".join(sorted(s.value for s in expected))
        actual = current.status.value if current is not None else "unknown"
        super().__init__(f"job {job_id} is {actual}, expected {wanted}", current)
        self.expected = expected


class LeaseLost(JobConflict):
    """Fencing: the caller's lease token is not the job's live lease any more."""

    def __init__(self, job_id: str, current: Job | None = None) -> None:
        super().__init__(f"lease on job {job_id} is not held by this token", current)
        self.job_id = job_id


class Contention(JobConflict):
    """Gave up after too many lost races on one job; safe to retry later."""


class FileTooLarge(JobError):
    def __init__(self, max_bytes: int) -> None:
        super().__init__(f"file larger than the limit of {max_bytes} bytes")
        self.max_bytes = max_bytes


class InvalidRange(JobError, ValueError):
    """A byte range outside the file (maps to HTTP 416)."""


class InvalidCursor(JobError, ValueError):
    """A pagination cursor this store did not produce."""


class UnknownJobType(JobError, LookupError):
    def __init__(self, name: str) -> None:
        super().__init__(f"unknown job type {name!r}")
        self.name = name


class CatalogueError(JobError):
    """A catalogue file is invalid; the message names the file and the problem."""


class _ProblemsError(JobError):
    def __init__(self, summary: str, problems: Sequence[Problem]) -> None:
        detail = "; ".join(f"{p.path}: {p.message}" for p in problems)
        super().__init__(f"{summary}: {detail}")
        self.problems = list(problems)


class InvalidParameters(_ProblemsError):
    """Job parameters break the type's schema; `problems` lists all of them."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__("invalid parameters", problems)


class InvalidInput(_ProblemsError):
    """Submitted input breaks the schema of the job's input request."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__("invalid input", problems)


class InvalidSchema(JobError, ValueError):
    """A worker's input request carries a schema that is not valid JSON Schema (draft-07)."""


class InvalidItems(JobError, ValueError):
    """The items given do not fit the job type (count, kind, proposal)."""


class QuotaExceeded(JobError):
    """A person launched more jobs than the quota allows; `retry_after` seconds may help."""

    def __init__(self, message: str, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class JobTypeRestricted(JobError):
    """The job type is restricted (staff only, some beamlines) and the request is outside it."""
