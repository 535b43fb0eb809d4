"""Root fields for jobs: the catalogue, job queries, user mutations and the worker protocol."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Any

import strawberry
from strawberry.scalars import JSON

from gateway.errors import BadUserInput
from gateway.graphql.context import Info
from gateway.graphql.jobs_access import job_for_owner, require_worker, visible_job
from gateway.graphql.pagination import Edge
from gateway.graphql.types.jobs import Job, JobEntity, JobType
from gateway.jobs import model as jm
from gateway.jobs.states import JobStatus
from gateway.sql.items import summaries


@strawberry.input(description="Which jobs to list; staff may filter by proposal and session.")
class JobFilter:
    status: list[JobStatus] | None = None
    type: list[str] | None = None
    proposal_id: list[int] | None = None
    session_id: list[int] | None = None
    beamline: list[str] | None = None
    created_from: dt.datetime | None = None
    created_to: dt.datetime | None = None
    mine: bool = strawberry.field(default=False, description="Only the jobs I launched.")


@strawberry.type(description="A page of jobs, newest first.")
class JobConnection:
    edges: list[Edge[Job]]
    has_next_page: bool
    end_cursor: str | None
    total_count: int

    @strawberry.field
    def nodes(self) -> list[Job]:
        return [e.node for e in self.edges]


@strawberry.type(description="A job given to a worker, with the lease it must present.")
class ClaimedJob:
    job: Job
    lease_token: str
    lease_expires_at: dt.datetime


@strawberry.enum(description="Statuses a worker may set on a job it holds.")
class WorkerStatus(Enum):
    FINISHED = "FINISHED"
    FAILED = "FAILED"
    PENDING = "PENDING"


def _job_filter(
    f: JobFilter | None, scope: jm.Visibility | None, login: str | None
) -> jm.JobFilter:
    f = f or JobFilter()
    if f.created_from and f.created_to and f.created_from > f.created_to:
        raise BadUserInput(
            "date range is inverted: `createdFrom` is after `createdTo`", argument="createdFrom"
        )
    return jm.JobFilter(
        statuses=set(f.status) if f.status else None,
        types=set(f.type) if f.type else None,
        owner_login=login if f.mine else None,
        proposal_ids=set(f.proposal_id) if f.proposal_id else None,
        session_ids=set(f.session_id) if f.session_id else None,
        beamlines=set(f.beamline) if f.beamline else None,
        created_from=f.created_from,
        created_to=f.created_to,
        visible_to=scope,
    )


@strawberry.type
class JobQuery:
    @strawberry.field(
        description="Job types users can launch (restricted ones only where allowed)."
    )
    def job_types(self, info: Info, entity: JobEntity | None = None) -> list[JobType]:
        viewer = info.context.viewer
        types = info.context.services.jobs.catalogue.types(entity.value if entity else None)
        return [JobType.from_domain(t) for t in types if viewer.is_staff or not t.staff_only]

    @strawberry.field
    async def job(self, info: Info, job_id: str) -> Job | None:
        return await visible_job(info, Job, job_id)

    @strawberry.field(
        description="Jobs you may see (your own, your proposals' and sessions'; all for staff)."
    )
    async def jobs(
        self, info: Info, filter: JobFilter | None = None, first: int = 50, after: str | None = None
    ) -> JobConnection:
        max_size = info.context.services.settings.max_page_size
        if first < 0 or first > max_size:
            raise BadUserInput(f"`first` must be between 0 and {max_size}", argument="first")
        scope = await info.context.loaders.job_scope()
        where = _job_filter(filter, scope, info.context.viewer.login)
        store = info.context.services.jobs.store
        page = await store.find(where, first=first, after=after)
        total = await store.count(where)
        return JobConnection(
            edges=[Edge(cursor=j.id, node=Job.from_domain(j)) for j in page.jobs],
            has_next_page=page.has_next_page,
            end_cursor=page.end_cursor,
            total_count=total,
        )


@strawberry.type
class JobMutation:
    @strawberry.mutation(
        description="Launch a job on items you may see; parameters follow the type's form."
    )
    async def create_job(self, info: Info, type: str, item_ids: list[int], parameters: JSON) -> Job:
        viewer = info.context.viewer
        if viewer.login is None or viewer.person_id is None:
            raise BadUserInput("sign in as an ISPyB person to launch jobs")
        service = info.context.services.jobs
        job_type = service.catalogue.get(type)
        service.check_item_count(len(item_ids))  # before looking a million ids up
        items = await summaries(info.context.services.engine, viewer, job_type.entity, item_ids)
        if not isinstance(parameters, dict):
            raise BadUserInput("`parameters` must be a JSON object", argument="parameters")
        job = await service.submit(
            type,
            items,
            parameters,
            jm.Owner(person_id=viewer.person_id, login=viewer.login),
            is_staff=viewer.is_staff,
        )
        return Job.from_domain(job)

    @strawberry.mutation(description="Cancel a pending, waiting or running job (owner or staff).")
    async def cancel_job(self, info: Info, job_id: str, message: str = "cancelled by user") -> Job:
        await job_for_owner(info, job_id)
        job = await info.context.services.jobs.cancel(
            job_id, info.context.viewer.login or "staff", message
        )
        return Job.from_domain(job)

    @strawberry.mutation(description="Answer a job's input request; it goes back to PENDING.")
    async def submit_job_input(self, info: Info, job_id: str, values: JSON) -> Job:
        await job_for_owner(info, job_id)
        if not isinstance(values, dict):
            raise BadUserInput("`values` must be a JSON object", argument="values")
        job = await info.context.services.jobs.submit_input(
            job_id, values, actor=info.context.viewer.login or "staff"
        )
        return Job.from_domain(job)

    # Workers (processing service accounts) ------------------------------------------
    @strawberry.mutation(description="Take the oldest pending job of these types, with a lease.")
    async def claim_job(self, info: Info, types: list[str] | None = None) -> ClaimedJob | None:
        worker = require_worker(info)
        job = await info.context.services.jobs.claim(worker, types)
        if job is None:
            return None
        assert job.lease is not None
        return ClaimedJob(
            job=Job.from_domain(job),
            lease_token=job.lease.token,
            lease_expires_at=job.lease.expires_at,
        )

    @strawberry.mutation(
        description="Extend the lease; a CANCELLED status in the answer means stop."
    )
    async def heartbeat_job(self, info: Info, job_id: str, lease_token: str) -> Job:
        require_worker(info)
        return Job.from_domain(await info.context.services.jobs.heartbeat(job_id, lease_token))

    @strawberry.mutation(description="Finish, fail, or give back (PENDING) a job you hold.")
    async def set_job_status(
        self, info: Info, job_id: str, lease_token: str, status: WorkerStatus, message: str = ""
    ) -> Job:
        worker = require_worker(info)
        service = info.context.services.jobs
        action = {
            WorkerStatus.FINISHED: service.finish,
            WorkerStatus.FAILED: service.fail,
            WorkerStatus.PENDING: service.release,
        }[status]
        job = await action(
            job_id,
            lease_token,
            actor=worker,
            message=message or JobStatus(status.value).value.lower(),
        )
        return Job.from_domain(job)

    @strawberry.mutation(description="Pause a job you hold (ONHOLD) until its owner answers.")
    async def request_job_input(
        self, info: Info, job_id: str, lease_token: str, message: str, schema: JSON
    ) -> Job:
        require_worker(info)
        if not isinstance(schema, dict):
            raise BadUserInput("`schema` must be a JSON Schema object", argument="schema")
        job = await info.context.services.jobs.request_input(job_id, lease_token, message, schema)
        return Job.from_domain(job)

    @strawberry.mutation(description="Record a named result value on a job you hold.")
    async def add_job_output(
        self, info: Info, job_id: str, lease_token: str, name: str, value: JSON
    ) -> Job:
        require_worker(info)
        job = await info.context.services.jobs.add_output(job_id, lease_token, name, value)
        return Job.from_domain(job)


async def jobs_for_item(info: Info, kind: jm.ItemKind, item_id: int) -> list[Any]:
    jobs = await info.context.loaders.jobs_on(kind).load(item_id)
    return [Job.from_domain(j) for j in jobs]
