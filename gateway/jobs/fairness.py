"""Fair claims: workers take jobs in turn across owners, not strictly oldest first.

Every job gets a place in the queue when it is launched, `queued`: the launch time,
or, when its owner already has jobs waiting, one `SPACING` after the last of them,
whichever is later. Workers claim the PENDING job with the earliest place (then the
oldest). So a person who queues 300 jobs at once spreads them a day apart in queue
time, while anyone else's job is placed *now*: it is claimed next, after at most one
job of each owner already waiting (a round robin among owners with a backlog), and
nobody's backlog blocks anybody else's first job. Once an owner's backlog has been
claimed, their next job is placed at its launch time again: a past burst costs
nothing later. Places never move backwards in time, so no job starves, and a job whose
lease expired goes back to PENDING at its old place, ahead of those launched since.

Costs: one indexed `find_one` at launch (the owner's last waiting place); the claim
is still one sorted query for candidates, on another sort key. Fair by jobs, not by
their run time (which the gateway does not know before they run).
"""

from __future__ import annotations

from datetime import datetime, timedelta

#: Queue time between two waiting jobs of one owner: longer than any burst of launches,
#: so that owners with a backlog alternate.
SPACING = timedelta(days=1)


def queue_place(now: datetime, owner_last: datetime | None) -> datetime:
    """Where a job launched `now` goes, after its owner's last waiting job (if any)."""
    if owner_last is None:
        return now
    return max(now, owner_last + SPACING)
