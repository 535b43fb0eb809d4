"""What reading screenings by both links costs, against the read by collection alone, in one run.

On the session page's data (bench.session_page: half the screenings name their
collection, half only their group), for session 1's 100 newest collections and
their groups, the statements the graph issues for `screeningCount` and
`screenings` of collections and groups (gateway.sql.screening_links), alternated
with the statements it issued before (`Screening.dataCollectionId IN (...)`,
which misses the group-only screenings). Every run first checks the new counts
against the hand-written SQL of bench.session_page.

    python -m bench.screening_links [--iterations 300]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.sql.elements import ColumnElement

from bench.session_page import SESSION_ID, SQL_PAGE, SQL_SCREENINGS, data_options, prepared
from gateway.auth.viewer import Viewer
from gateway.sql import models as m
from gateway.sql import reads
from gateway.sql.access import rule_for
from gateway.sql.screening_links import COLLECTION, GROUP, PARENT, Link

S = m.Screening
COLUMNS = [S.screeningId, S.dataCollectionId, S.dataCollectionGroupId, S.indexingSuccess]


def _count(
    link: Link, condition: ColumnElement[bool] | None = None
) -> Callable[[reads.Database, list[int]], Awaitable[Any]]:
    linked = link.rows((), condition)
    parent = linked.c[PARENT]
    return lambda db, ids: reads.counts(db, select(parent), parent, ids)


def _rows(
    link: Link, condition: ColumnElement[bool] | None = None
) -> Callable[[reads.Database, list[int]], Awaitable[Any]]:
    linked = link.rows(COLUMNS, condition)
    parent = linked.c[PARENT]
    return lambda db, ids: reads.grouped(db, select(linked), parent, ids, (linked.c.screeningId,))


async def _count_before(db: reads.Database, ids: list[int]) -> Any:
    return await reads.counts(db, select(S.dataCollectionId), S.dataCollectionId, ids)


async def _rows_before(db: reads.Database, ids: list[int]) -> Any:
    return await reads.children(db, S.dataCollectionId, ids, None, (S.screeningId,), COLUMNS)


async def run(args: argparse.Namespace) -> None:
    url = await prepared(args)
    db = create_async_engine(url, pool_size=2)
    async with db.connect() as conn:
        page = (await conn.execute(SQL_PAGE, {"sid": SESSION_ID, "n": 100})).all()
        ids = [int(r.dataCollectionId) for r in page]
        groups = sorted({int(r.dataCollectionGroupId) for r in page})
        expected = dict(
            (await conn.execute(text(SQL_SCREENINGS.format(ids=",".join(map(str, ids)))))).all()
        )
    got = await _count(COLLECTION)(db, ids)
    assert got == [expected.get(i, 0) for i in ids], "link counts disagree with hand-written SQL"
    assert sum(got) > 0

    # The group list carries the viewer's rule (a screening may name a collection elsewhere).
    member = rule_for(m.Screening, Viewer(login="pi", person_id=1, is_staff=False, is_worker=False))
    cases: dict[str, tuple[Any, list[int]]] = {
        "collections, count, before (by dataCollectionId)": (_count_before, ids),
        "collections, count, both links": (_count(COLLECTION), ids),
        "collections, rows, before (by dataCollectionId)": (_rows_before, ids),
        "collections, rows, both links": (_rows(COLLECTION), ids),
        "groups, count, both links": (_count(GROUP), groups),
        "groups, rows, both links": (_rows(GROUP), groups),
        "groups, rows, both links, as a member (visibility rule)": (_rows(GROUP, member), groups),
    }
    times: dict[str, list[float]] = {name: [] for name in cases}
    for i in range(args.warmup + args.iterations):
        order = list(cases.items())
        for name, (fn, keys) in order if i % 2 == 0 else reversed(order):
            t = time.perf_counter()
            await fn(db, keys)
            if i >= args.warmup:
                times[name].append((time.perf_counter() - t) * 1000)
    await db.dispose()

    p50 = {name: statistics.median(values) for name, values in times.items()}
    print(
        f"\nscreenings of session {SESSION_ID}'s 100 newest collections ({len(groups)} groups), "
        f"{args.iterations} runs each, alternated"
    )
    for name, value in p50.items():
        print(f"  {name:<56} p50 {value:6.2f} ms")
    for what in ("count", "rows"):
        ratio = (
            p50[f"collections, {what}, both links"]
            / p50[f"collections, {what}, before (by dataCollectionId)"]
        )
        print(f"  ratio collections {what}, both links / before: {ratio:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    data_options(parser)
    parser.add_argument("--iterations", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=20)
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
