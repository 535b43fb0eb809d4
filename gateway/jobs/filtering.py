"""`JobFilter` as a Python predicate, for the in-process store.

Mirrors `mongo_query.to_query` clause by clause; the contract tests keep the two honest.
"""

from __future__ import annotations

from gateway.jobs.model import Job, JobFilter


def matches(job: Job, f: JobFilter) -> bool:
    checks = (
        f.statuses is None or job.status in f.statuses,
        f.types is None or job.type in f.types,
        f.owner_login is None or job.owner.login == f.owner_login,
        f.proposal_ids is None or job.proposal_id in f.proposal_ids,
        f.session_ids is None or job.session_id in f.session_ids,
        f.beamlines is None or job.beamline in f.beamlines,
        f.items is None or any(item in f.items for item in job.items),
        f.ids is None or job.id in f.ids,
        f.created_from is None or job.created >= f.created_from,
        f.created_to is None or job.created < f.created_to,
        f.updated_before is None or job.updated < f.updated_before,
        f.visible_to is None or f.visible_to.admits(job),
    )
    return all(checks)
