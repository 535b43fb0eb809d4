"""Who may see and act on a job, from the GraphQL side.

A person sees the jobs of their proposals and sessions and their own; staff
and processing service accounts see all. Acting (cancel, answer an input
request) is for the owner and staff; worker mutations are for service accounts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar, cast

from gateway.errors import Forbidden
from gateway.jobs import model as jm
from gateway.jobs.errors import JobNotFound
from gateway.sql.access import rule_for

if TYPE_CHECKING:
    from gateway.graphql.context import Info
    from gateway.graphql.types.jobs import Job

T = TypeVar("T")


async def may_see(info: Info, job: jm.Job) -> bool:
    scope = await info.context.loaders.job_scope()
    return scope is None or scope.admits(job)


async def visible_job(info: Info, cls: type[T], job_id: str) -> T | None:
    try:
        job = await info.context.services.jobs.get(job_id)
    except JobNotFound:
        return None
    return cls.from_domain(job) if await may_see(info, job) else None  # type: ignore[attr-defined]


async def job_for_owner(info: Info, job_id: str) -> jm.Job:
    """The job, if the viewer may act on it as its owner (or staff); unknown otherwise."""
    viewer = info.context.viewer
    try:
        job = await info.context.services.jobs.get(job_id)
    except JobNotFound:
        raise
    if not await may_see(info, job):
        raise JobNotFound(job_id)
    if not (viewer.is_staff or job.owner.login == viewer.login):
        raise Forbidden("only the job's owner or staff may do this")
    return job


def require_worker(info: Info) -> str:
    """The worker's name for leases and history; only service accounts (or staff) pass."""
    viewer = info.context.viewer
    if not (viewer.is_worker or viewer.is_staff):
        raise Forbidden("this operation is for processing service accounts")
    return viewer.login or "worker"


async def job_items(info: Info, job: Job, kind: jm.ItemKind) -> list[Any]:
    """The job's items of `kind` the viewer may see; a worker sees exactly what the job names."""
    from gateway.graphql.types.collection import DataCollection, DataCollectionGroup

    node = DataCollection if kind is jm.ItemKind.DATA_COLLECTION else DataCollectionGroup
    ids = [i.item_id for i in job.items if i.entity.value == kind.value]
    if not ids:
        return []
    viewer = info.context.viewer
    if viewer.is_worker:
        from gateway.auth.viewer import Viewer
        from gateway.sql import reads

        # Service accounts see ISPyB rows only through the jobs that reference them.
        scoped = Viewer(login=viewer.login, person_id=None, is_staff=True, is_worker=True)
        key = node.__key__
        rows = await reads.by_keys(
            info.context.services.reader,
            key,
            ids,
            rule_for(cast(type[Any], key.class_), scoped),
        )
    else:
        rows = await info.context.loaders.by_key(node.__key__).load_many(ids)
    return [node.from_row(r) for r in rows if r is not None]
