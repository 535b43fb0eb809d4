"""Job statuses and the one table of allowed transitions.

Every write that changes a status is checked against `TRANSITIONS` before the
store is touched, and is then applied as a conditional write on the expected
current status, so the table is the whole state machine:

    PENDING ──claim──► RUNNING ──finish──► FINISHED
       ▲  ▲              │ │ │
       │  └─retry/expire─┘ │ └──fail / attempts exhausted──► FAILED
       │                   │
       └──submit input── ONHOLD ◄──request input──┘

    PENDING, RUNNING, ONHOLD ──cancel──► CANCELLED (ONHOLD also on waiting too long)
    PENDING ──► FAILED (given up before running: attempts exhausted, staff)

FINISHED, FAILED and CANCELLED are terminal: nothing leaves them, and only
they are purged by retention.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum

from gateway.jobs.errors import JobError


class JobStatus(StrEnum):
    PENDING = "PENDING"
    RUNNING = "RUNNING"
    ONHOLD = "ONHOLD"
    FINISHED = "FINISHED"
    FAILED = "FAILED"
    CANCELLED = "CANCELLED"


TERMINAL: frozenset[JobStatus] = frozenset(
    {JobStatus.FINISHED, JobStatus.FAILED, JobStatus.CANCELLED}
)
ACTIVE: frozenset[JobStatus] = frozenset(JobStatus) - TERMINAL

_P, _R, _H = JobStatus.PENDING, JobStatus.RUNNING, JobStatus.ONHOLD
_F, _X, _C = JobStatus.FINISHED, JobStatus.FAILED, JobStatus.CANCELLED

#: (from, to) -> why it happens. Tests iterate this table: change it, and they change.
TRANSITIONS: Mapping[tuple[JobStatus, JobStatus], str] = {
    (_P, _R): "claimed by a worker (attempts + 1, new lease)",
    (_P, _C): "cancelled by the owner or staff",
    (_P, _X): "given up before running (attempts exhausted, or staff)",
    (_R, _F): "the worker reports success",
    (_R, _X): "the worker reports failure, or the lease expired with attempts exhausted",
    (_R, _P): "the lease expired or the worker released the job: it will be retried",
    (_R, _H): "the worker asks the user for input",
    (_R, _C): "cancelled; the worker learns it from its next heartbeat",
    (_H, _P): "the user submitted the requested input",
    (_H, _C): "cancelled, or no input arrived within the waiting time",
}

#: Transitions that carry data and so have their own store operation
#: (claim, request_input, submit_input); the generic `transition` refuses them.
DEDICATED: Mapping[tuple[JobStatus, JobStatus], str] = {
    (_P, _R): "claim",
    (_R, _H): "request_input",
    (_H, _P): "submit_input",
}


class IllegalTransition(JobError):
    """The state machine does not allow this change; raised before any write."""

    def __init__(self, source: JobStatus, target: JobStatus, reason: str = "not allowed") -> None:
        super().__init__(f"transition {source.value} -> {target.value}: {reason}")
        self.source = source
        self.target = target


def is_allowed(source: JobStatus, target: JobStatus) -> bool:
    return (source, target) in TRANSITIONS


def expected_set(expected: JobStatus | Iterable[JobStatus]) -> frozenset[JobStatus]:
    if isinstance(expected, JobStatus):
        return frozenset({expected})
    return frozenset(expected)


def check_transition(
    expected: JobStatus | Iterable[JobStatus], target: JobStatus
) -> frozenset[JobStatus]:
    """Raise IllegalTransition unless every expected status may move to `target`."""
    sources = expected_set(expected)
    if not sources:
        raise ValueError("expected must name at least one status")
    for source in sorted(sources):
        if not is_allowed(source, target):
            raise IllegalTransition(source, target)
    return sources


def check_generic_transition(
    expected: JobStatus | Iterable[JobStatus], target: JobStatus
) -> frozenset[JobStatus]:
    """`check_transition`, also refusing the transitions that need their own operation."""
    sources = check_transition(expected, target)
    for source in sorted(sources):
        operation = DEDICATED.get((source, target))
        if operation is not None:
            raise IllegalTransition(source, target, f"done by {operation}(), not transition()")
    return sources
