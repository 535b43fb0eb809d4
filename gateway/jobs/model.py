"""The job document and the values the store takes and returns.

Plain frozen dataclasses: stores never hand out something a caller could
mutate behind their back, and both stores build exactly these values, which
is what lets one contract test suite run against both.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from gateway.jobs.states import JobStatus

#: A JSON value (what json.loads returns).
JSONValue = Any


class ItemKind(StrEnum):
    """What a job runs on; the names are the catalogue's `entity` values."""

    DATA_COLLECTION = "dataCollection"
    DATA_COLLECTION_GROUP = "dataCollectionGroup"


class FileRole(StrEnum):
    OUTPUT = "output"  # written by a worker
    INPUT = "input"  # uploaded by a user answering an input request


@dataclass(frozen=True, order=True)
class ItemRef:
    kind: ItemKind
    id: int

    @property
    def key(self) -> str:
        """One string per item, so "jobs on item X" is a plain `$in` on an array of strings."""
        return f"{self.kind.value}:{self.id}"


@dataclass(frozen=True)
class Owner:
    person_id: int
    login: str


@dataclass(frozen=True)
class NewJob:
    """What `create` needs; everything else (status, timestamps, id) the store sets."""

    type: str
    items: tuple[ItemRef, ...]
    parameters: Mapping[str, JSONValue]
    description: str
    owner: Owner
    proposal_id: int
    session_id: int | None = None
    beamline: str | None = None


@dataclass(frozen=True)
class HistoryEntry:
    source: JobStatus | None  # "from"
    target: JobStatus  # "to"
    at: datetime
    by: str
    message: str


@dataclass(frozen=True)
class Lease:
    """A worker's right to write a RUNNING job; writes are fenced on `token`."""

    token: str
    worker: str
    expires_at: datetime


@dataclass(frozen=True)
class InputRequest:
    message: str
    schema: Mapping[str, JSONValue]  # JSON Schema (draft-07) of the expected values
    at: datetime
    by: str


@dataclass(frozen=True)
class InputSubmission:
    request: InputRequest
    values: Mapping[str, JSONValue]
    at: datetime
    by: str


@dataclass(frozen=True)
class Output:
    """A named result: a JSON value, a file in the job's file store, or both."""

    name: str
    value: JSONValue
    file_id: str | None
    at: datetime


@dataclass(frozen=True)
class Job:
    id: str
    type: str
    items: tuple[ItemRef, ...]
    parameters: Mapping[str, JSONValue]
    description: str
    owner: Owner
    proposal_id: int
    session_id: int | None
    beamline: str | None
    status: JobStatus
    history: tuple[HistoryEntry, ...]
    attempts: int
    created: datetime
    updated: datetime
    outputs: tuple[Output, ...] = ()
    input_request: InputRequest | None = None
    inputs: tuple[InputSubmission, ...] = ()
    lease: Lease | None = None
    #: Bumped by every write; the compare-and-swap guard of the MongoDB store.
    version: int = 0
    #: Its place in the claim order (`fairness`); None (jobs stored before): `created`.
    queued: datetime | None = None

    @property
    def queue_at(self) -> datetime:
        return self.queued or self.created

    @property
    def event_number(self) -> int:
        """Which announced change this state is (creation: 0). Every announced change adds
        a history entry or an output; a heartbeat, which bumps `version`, adds neither."""
        return len(self.history) + len(self.outputs)


@dataclass(frozen=True)
class FileInfo:
    id: str
    job_id: str
    filename: str
    content_type: str
    size: int
    sha256: str
    role: FileRole
    uploaded_at: datetime


@dataclass(frozen=True)
class Visibility:
    """Who may see a job when the viewer is not staff: any one of these suffices."""

    proposal_ids: Collection[int] = ()
    session_ids: Collection[int] = ()
    login: str | None = None

    def admits(self, job: Job) -> bool:
        """The same rule as the store's `visible_to` filter, for one job already in hand."""
        return self.admits_fields(job.proposal_id, job.session_id, job.owner.login)

    def admits_fields(
        self, proposal_id: int | None, session_id: int | None, login: str | None
    ) -> bool:
        return (
            proposal_id in self.proposal_ids
            or (session_id is not None and session_id in self.session_ids)
            or (self.login is not None and login == self.login)
        )


@dataclass(frozen=True)
class JobFilter:
    """Conditions ANDed together; None means "any". An empty collection matches nothing."""

    statuses: Collection[JobStatus] | None = None
    types: Collection[str] | None = None
    owner_login: str | None = None
    proposal_ids: Collection[int] | None = None
    session_ids: Collection[int] | None = None
    beamlines: Collection[str] | None = None
    items: Collection[ItemRef] | None = None  # jobs on any of these items
    ids: Collection[str] | None = None
    created_from: datetime | None = None  # inclusive
    created_to: datetime | None = None  # exclusive
    updated_before: datetime | None = None  # exclusive
    visible_to: Visibility | None = None  # None: no permission filter (staff)


@dataclass(frozen=True)
class Page:
    jobs: list[Job]
    end_cursor: str | None
    has_next_page: bool


@dataclass
class PurgeReport:
    dry_run: bool
    job_ids: list[str] = field(default_factory=list)
    files: int = 0
    bytes: int = 0
