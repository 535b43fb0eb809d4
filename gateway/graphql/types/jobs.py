"""Offline-analysis jobs in the graph: types, and the fields that join them to ISPyB."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Self

import strawberry
from strawberry import relay
from strawberry.scalars import JSON

from gateway.graphql.context import Info
from gateway.jobs import model as jm
from gateway.jobs.catalogue import JobType as DomainJobType
from gateway.jobs.states import JobStatus

if TYPE_CHECKING:
    from gateway.graphql.types.collection import DataCollection, DataCollectionGroup

_collection = strawberry.lazy("gateway.graphql.types.collection")

# The domain enum is the GraphQL enum: one list of statuses, nothing to keep in sync.
strawberry.enum(JobStatus, description="Where a job is in its life.")


@strawberry.enum(description="What a job type runs on.")
class JobEntity(Enum):
    DATA_COLLECTION = "dataCollection"
    DATA_COLLECTION_GROUP = "dataCollectionGroup"


@strawberry.type(description="A kind of job users can launch, with its parameter form.")
class JobType:
    name: str
    title: str
    description: str
    entity: JobEntity
    min_items: int
    max_items: int | None
    parameters: JSON = strawberry.field(description="JSON Schema (draft-07) of the form.")
    staff_only: bool
    beamlines: list[str] | None

    @classmethod
    def from_domain(cls, t: DomainJobType) -> JobType:
        return cls(
            name=t.name,
            title=t.title,
            description=t.description,
            entity=JobEntity(t.entity.value),
            min_items=t.min_items,
            max_items=t.max_items,
            parameters=JSON(dict(t.parameters)),
            staff_only=t.staff_only,
            beamlines=list(t.beamlines) if t.beamlines else None,
        )


@strawberry.type(description="One status change of a job.")
class JobHistoryEntry:
    from_: JobStatus | None = strawberry.field(name="from")
    to: JobStatus
    at: dt.datetime
    by: str
    message: str


@strawberry.type(description="What a worker asks the owner before it can go on.")
class JobInputRequest:
    message: str
    schema: JSON = strawberry.field(description="JSON Schema (draft-07) of the expected values.")
    at: dt.datetime


@strawberry.type(description="A named result of a job: a value, a file, or both.")
class JobOutput:
    name: str
    value: JSON | None
    file_id: str | None
    at: dt.datetime

    @strawberry.field(description="Where to download the file (same permissions as the job).")
    def download_url(self) -> str | None:
        return None if self.file_id is None else f"/files/{self.file_id}"


@strawberry.type(description="An item a job runs on.")
class JobItem:
    entity: JobEntity
    item_id: int


@strawberry.type(description="Jobs counted by status.")
class JobCounts:
    total: int
    pending: int
    running: int
    onhold: int
    finished: int
    failed: int
    cancelled: int

    @classmethod
    def from_counts(cls, by_status: Mapping[JobStatus, int]) -> JobCounts:
        counts = {s: by_status.get(s, 0) for s in JobStatus}
        return cls(
            total=sum(counts.values()),
            pending=counts[JobStatus.PENDING],
            running=counts[JobStatus.RUNNING],
            onhold=counts[JobStatus.ONHOLD],
            finished=counts[JobStatus.FINISHED],
            failed=counts[JobStatus.FAILED],
            cancelled=counts[JobStatus.CANCELLED],
        )


@strawberry.type(description="An offline-analysis job (reprocessing, merging...).")
class Job(relay.Node):
    pk: relay.NodeID[str]
    job_id: str
    type: str
    status: JobStatus
    description: str
    items: list[JobItem]
    parameters: JSON
    owner_login: str
    proposal_id: int
    session_id: int | None
    beamline: str | None
    attempts: int
    created: dt.datetime
    updated: dt.datetime
    history: list[JobHistoryEntry]
    input_request: JobInputRequest | None
    outputs: list[JobOutput]

    @classmethod
    def from_domain(cls, job: jm.Job) -> Self:
        return cls(
            pk=job.id,
            job_id=job.id,
            type=job.type,
            status=job.status,
            description=job.description,
            items=[JobItem(entity=JobEntity(i.kind.value), item_id=i.id) for i in job.items],
            parameters=JSON(dict(job.parameters)),
            owner_login=job.owner.login,
            proposal_id=job.proposal_id,
            session_id=job.session_id,
            beamline=job.beamline,
            attempts=job.attempts,
            created=job.created,
            updated=job.updated,
            history=[
                JobHistoryEntry(from_=h.source, to=h.target, at=h.at, by=h.by, message=h.message)
                for h in job.history
            ],
            input_request=None
            if job.input_request is None
            else JobInputRequest(
                message=job.input_request.message,
                schema=JSON(dict(job.input_request.schema)),
                at=job.input_request.at,
            ),
            outputs=[
                JobOutput(name=o.name, value=o.value, file_id=o.file_id, at=o.at)
                for o in job.outputs
            ],
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Self | None]:
        from gateway.graphql.jobs_access import visible_job

        return [await visible_job(info, cls, node_id) for node_id in node_ids]

    @strawberry.field(description="The data collections this job runs on that you may see.")
    async def data_collections(self, info: Info) -> list[Annotated[DataCollection, _collection]]:
        from gateway.graphql.jobs_access import job_items

        return await job_items(info, self, jm.ItemKind.DATA_COLLECTION)

    @strawberry.field(description="The data collection groups this job runs on that you may see.")
    async def data_collection_groups(
        self, info: Info
    ) -> list[Annotated[DataCollectionGroup, _collection]]:
        from gateway.graphql.jobs_access import job_items

        return await job_items(info, self, jm.ItemKind.DATA_COLLECTION_GROUP)
