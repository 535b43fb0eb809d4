"""totalCount of a nested list comes with its page: a window COUNT in the page's own
statement (for one parent, over the keys its deferred join sorts). The same totals as
counting apart, for every parent, viewer and window, and no statement more when
totalCount is asked with the nodes (but past the end of a list: nothing comes back to
carry the total, which is then counted apart)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from gateway.auth.viewer import Viewer
from gateway.graphql.pagination import encode_cursor
from gateway.services import Services
from gateway.sql import models as m
from tests.graph.conftest import Run, recorded

BOB = Viewer(login="bob", person_id=2, is_staff=False, is_worker=False)  # one session of mx2112
ALICE = Viewer(login="alice", person_id=1, is_staff=False, is_worker=False)

SESSIONS = """query($first: Int!, $after: String) { proposals(first: 50) { nodes { proposalId
  sessions(first: $first, after: $after) { totalCount nodes { sessionId } } } } }"""
COLLECTIONS = """query($id: Int!, $first: Int!, $after: String) { session(sessionId: $id) {
  dataCollections(first: $first, after: $after) { totalCount nodes { dataCollectionId } } } }"""
SESSIONS_ONLY = SESSIONS.replace("totalCount ", "")
COLLECTIONS_ONLY = COLLECTIONS.replace("totalCount ", "")


async def _truth(services: Services) -> dict[int, int]:
    """Sessions per proposal, counted apart (staff sees them all)."""
    s = m.BLSession
    async with services.reader.connect() as conn:
        found = (
            await conn.execute(select(s.proposalId, func.count()).group_by(s.proposalId))
        ).all()
    return {int(p): int(n) for p, n in found}


@pytest.mark.parametrize("first", [0, 1, 2, 500])
async def test_totals_come_right_with_every_window(
    run: Run, graph_services: Services, first: int
) -> None:
    truth = await _truth(graph_services)
    data = await run(SESSIONS, first=first)
    proposals = data["proposals"]["nodes"]
    assert len(proposals) > 1  # several parents: the numbered (ROW_NUMBER) statement
    for p in proposals:
        assert p["sessions"]["totalCount"] == truth.get(p["proposalId"], 0), p
        assert len(p["sessions"]["nodes"]) == min(first, truth.get(p["proposalId"], 0))
    # Past the end of every list: no row carries the count, which is then counted apart.
    beyond = await run(SESSIONS, first=1, after=encode_cursor(999))
    for p in beyond["proposals"]["nodes"]:
        assert p["sessions"] == {"totalCount": truth.get(p["proposalId"], 0), "nodes": []}


async def test_totals_follow_the_viewers_rules(run: Run) -> None:
    """bob is local contact on one session of mx2112: he counts one, alice all of them."""
    by_bob = await run(SESSIONS, viewer=BOB, first=5)
    by_alice = await run(SESSIONS, viewer=ALICE, first=5)
    bobs = {p["proposalId"]: p["sessions"] for p in by_bob["proposals"]["nodes"]}
    alices = {p["proposalId"]: p["sessions"] for p in by_alice["proposals"]["nodes"]}
    shared = bobs.keys() & alices.keys()
    assert shared
    for pid in shared:
        assert bobs[pid]["totalCount"] == len(bobs[pid]["nodes"]) == 1
        assert alices[pid]["totalCount"] == len(alices[pid]["nodes"]) > 1


async def _statements(run: Run, services: Services, query: str, **variables: Any) -> list[str]:
    with recorded(services) as statements:
        await run(query, **variables)
    return statements


async def test_totals_of_several_parents_cost_no_statement(
    run: Run, graph_services: Services
) -> None:
    counted = await _statements(run, graph_services, SESSIONS, first=2)
    plain = await _statements(run, graph_services, SESSIONS_ONLY, first=2)
    assert len(counted) == len(plain), (counted, plain)


async def _collections_of_session_1(services: Services) -> int:
    dc, dcg = m.DataCollection, m.DataCollectionGroup
    async with services.reader.connect() as conn:
        return int(
            (
                await conn.execute(
                    select(func.count()).select_from(dc).join(dcg).where(dcg.sessionId == 1)
                )
            ).scalar_one()
        )


async def test_the_total_of_one_parent_comes_with_its_page(
    run: Run, graph_services: Services
) -> None:
    """Counted over the keys the page is found among, not over whole joined rows."""
    counted = await _statements(run, graph_services, COLLECTIONS, id=1, first=2)
    plain = await _statements(run, graph_services, COLLECTIONS_ONLY, id=1, first=2)
    assert len(counted) == len(plain), (counted, plain)
    (page_statement,) = [s for s in counted if "gw_page" in s]
    keys = page_statement[page_statement.index("(SELECT") : page_statement.index(") AS gw_page")]
    assert "OVER" in keys.upper() and "gw_j" not in keys  # no to-one join in the sort
    page = (await run(COLLECTIONS, id=1, first=2))["session"]["dataCollections"]
    truth = await _collections_of_session_1(graph_services)
    assert page["totalCount"] == truth > len(page["nodes"]) == 2


async def test_one_parent_past_the_end_of_its_list_is_counted_apart(
    run: Run, graph_services: Services
) -> None:
    truth = await _collections_of_session_1(graph_services)
    past = {"id": 1, "first": 2, "after": encode_cursor(truth + 5)}
    counted = await _statements(run, graph_services, COLLECTIONS, **past)
    plain = await _statements(run, graph_services, COLLECTIONS_ONLY, **past)
    assert len(counted) == len(plain) + 1, (counted, plain)
    page = (await run(COLLECTIONS, **past))["session"]["dataCollections"]
    assert page == {"totalCount": truth, "nodes": []}
