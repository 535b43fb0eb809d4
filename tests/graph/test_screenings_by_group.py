"""Screenings linked by group: `DataCollectionGroup.screenings` and `DataCollection.screenings`.

A screening names its collection, or only its group (dataCollectionId NULL), as
characterisation programs write it and the official v_datacollection_summary
reads it (gateway/sql/screening_links.py has the rule). The demo data has both shapes; this module's database adds the odd ones
real databases hold: a group-only screening on a group without collections, a
screening naming a collection but no group, and one whose collection lies in
another group than the one it names. Every answer is compared with SQL written
here, for a member, a local contact, an outsider and staff.
"""

from __future__ import annotations

import asyncio
import base64
from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from gateway.app import build_services
from gateway.auth.viewer import Viewer
from gateway.settings import Settings
from gateway.sql.change.views import SUMMARY_SCREENING
from tests.conftest import create_database, drop_database, migrate_with_demo_data
from tests.graph.conftest import STAFF, Run, make_runner
from tests.graph.test_permissions import PEOPLE, SCREENING_SESSION, VISIBLE_SESSIONS
from tests.sql.screening_data import _STAND_INS, SUMMARY_SELECT, _stand_ins_for

VIEWERS: dict[str, Viewer] = {
    "alice": PEOPLE["alice"],  # member of mx2112 (sessions 1 and 2)
    "bob": PEOPLE["bob"],  # local contact on session 2 only
    "dave": PEOPLE["dave"],  # outsider to mx2112, member of mx2532 (session 3)
    "carol": STAFF,
}

# Beyond the demo rows: group 20 (session 1) has no collection and one group-only screening;
# screening 21 names collection 1 and no group; screening 22 names collection 7 (group 6,
# session 3) but group 2 (session 1): it follows its collection.
EXTRA = [
    "INSERT INTO DataCollectionGroup (dataCollectionGroupId, sessionId, experimentType)"
    " VALUES (20, 1, 'Characterization')",
    "INSERT INTO Screening (screeningId, dataCollectionGroupId, dataCollectionId, programVersion)"
    " VALUES (20, 20, NULL, 'EDNA'), (21, NULL, 1, 'EDNA'), (22, 2, 7, 'EDNA')",
    "INSERT INTO ScreeningOutputLattice (screeningOutputLatticeId, screeningId, spaceGroup)"
    " VALUES (20, 20, 'P1'), (22, 22, 'C2')",
    "INSERT INTO ScreeningStrategy (screeningStrategyId, screeningId, anomalous)"
    " VALUES (20, 20, 0), (21, 21, 1)",
]

# The rule, written plainly: a collection's screenings name it, or no collection but its
# group; a group's name it, or one of its collections but no group.
COLLECTION_SCREENINGS = """SELECT c.dataCollectionId, sc.screeningId FROM DataCollection c
    JOIN Screening sc ON sc.dataCollectionId = c.dataCollectionId
      OR (sc.dataCollectionId IS NULL AND sc.dataCollectionGroupId = c.dataCollectionGroupId)"""
GROUP_SCREENINGS = """SELECT g.dataCollectionGroupId, sc.screeningId FROM DataCollectionGroup g
    JOIN Screening sc ON sc.dataCollectionGroupId = g.dataCollectionGroupId
      OR (sc.dataCollectionGroupId IS NULL AND sc.dataCollectionId IN
        (SELECT dataCollectionId FROM DataCollection WHERE dataCollectionGroupId = g.dataCollectionGroupId))"""
# Screening -> visible session, per screening (test_permissions' rule for Screening).
SCREENING_SESSIONS = f"SELECT sc.screeningId, {SCREENING_SESSION}"

PAGE = """{ sessions(first: 100) { nodes { dataCollectionGroups(first: 100) { nodes {
  dataCollectionGroupId screeningCount
  screenings { screeningId dataCollectionId dataCollectionGroupId
    lattices { screeningOutputLatticeId } strategies { screeningStrategyId } }
  dataCollections(first: 100) { nodes { dataCollectionId screeningCount
    screenings { screeningId lattices { screeningOutputLatticeId } strategies { screeningStrategyId } } } } } } } } }"""


@pytest_asyncio.fixture(scope="module")
async def url(mysql_server_url: str) -> AsyncIterator[str]:
    url = await create_database(mysql_server_url, "gw_screen_links")
    await asyncio.to_thread(migrate_with_demo_data, url)
    engine = create_async_engine(url)
    async with engine.begin() as conn:
        for statement in EXTRA:
            await conn.execute(text(statement))
    await engine.dispose()
    yield url
    await drop_database(mysql_server_url, url)


@pytest_asyncio.fixture(scope="module")
async def db(url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(url)
    yield engine
    await engine.dispose()


@pytest_asyncio.fixture(scope="module")
async def run(url: str) -> AsyncIterator[Run]:
    # Whole data sets at once: the query budget has tests of its own (test_cost.py).
    services = build_services(Settings(sql_url=url, max_query_cost=10**15))
    yield make_runner(services)
    await services.close()


async def _sql(db: AsyncEngine, query: str, **params: Any) -> list[tuple[Any, ...]]:
    async with db.connect() as conn:
        return [tuple(r) for r in (await conn.execute(text(query), params)).all()]


async def _visible(db: AsyncEngine, viewer: Viewer) -> tuple[set[int], set[int]]:
    """(sessions, screenings) the viewer may see, by the rule written in SQL."""
    sessions = {s for (s,) in await _sql(db, VISIBLE_SESSIONS, pid=viewer.person_id or -1)}
    screenings = {
        i for i, s in await _sql(db, SCREENING_SESSIONS) if viewer.is_staff or s in sessions
    }
    return sessions, screenings


async def test_the_data_holds_every_link_shape(db: AsyncEngine) -> None:
    shapes = await _sql(
        db,
        """SELECT sc.dataCollectionId IS NULL, sc.dataCollectionGroupId IS NULL,
        c.dataCollectionGroupId <=> sc.dataCollectionGroupId
        FROM Screening sc LEFT JOIN DataCollection c USING (dataCollectionId)""",
    )
    assert {(1, 0, 0), (0, 1, 0), (0, 0, 1), (0, 0, 0)} <= set(shapes)


@pytest.mark.parametrize("person", list(VIEWERS))
async def test_groups_and_collections_list_what_sql_says(
    run: Run, db: AsyncEngine, person: str
) -> None:
    viewer = VIEWERS[person]
    _, visible = await _visible(db, viewer)
    data = await run(PAGE, viewer=viewer)
    groups = [g for s in data["sessions"]["nodes"] for g in s["dataCollectionGroups"]["nodes"]]
    collections = [c for g in groups for c in g["dataCollections"]["nodes"]]
    group_ids = {g["dataCollectionGroupId"] for g in groups}
    collection_ids = {c["dataCollectionId"] for c in collections}
    assert group_ids and collection_ids

    by_group = {
        (g, s) for g, s in await _sql(db, GROUP_SCREENINGS) if g in group_ids and s in visible
    }
    by_collection = {
        (c, s)
        for c, s in await _sql(db, COLLECTION_SCREENINGS)
        if c in collection_ids and s in visible
    }
    assert {
        (g["dataCollectionGroupId"], s["screeningId"]) for g in groups for s in g["screenings"]
    } == by_group
    assert {
        (c["dataCollectionId"], s["screeningId"]) for c in collections for s in c["screenings"]
    } == by_collection
    for node in [*groups, *collections]:
        assert node["screeningCount"] == len(node["screenings"])
    # Every screening a collection shows, its group shows too, unless it names another group.
    odd = {
        s
        for (s,) in await _sql(
            db,
            """SELECT sc.screeningId FROM Screening sc JOIN DataCollection c USING (dataCollectionId)
            WHERE sc.dataCollectionGroupId <> c.dataCollectionGroupId""",
        )
    }
    assert odd
    assert {s for _, s in by_collection} - odd <= {s for _, s in by_group}
    group_only = {
        i
        for i, dc in await _sql(db, "SELECT screeningId, dataCollectionId FROM Screening")
        if dc is None
    }
    assert (group_only & visible) <= {s for _, s in by_group}

    # Rows below a screening follow it.
    lattices = {
        (s, lat)
        for s, lat in await _sql(
            db, "SELECT screeningId, screeningOutputLatticeId FROM ScreeningOutputLattice"
        )
        if s in visible
    }
    strategies = {
        (s, st)
        for s, st in await _sql(
            db, "SELECT screeningId, screeningStrategyId FROM ScreeningStrategy"
        )
        if s in visible
    }
    shown = [s for node in [*groups, *collections] for s in node["screenings"]]
    assert {
        (s["screeningId"], lat["screeningOutputLatticeId"]) for s in shown for lat in s["lattices"]
    } == lattices
    assert {
        (s["screeningId"], st["screeningStrategyId"]) for s in shown for st in s["strategies"]
    } == strategies


@pytest.mark.parametrize("person", list(VIEWERS))
async def test_node_follows_the_collection_or_else_the_group(
    run: Run, db: AsyncEngine, person: str
) -> None:
    viewer = VIEWERS[person]
    _, visible = await _visible(db, viewer)
    below = {
        "Screening": "SELECT screeningId, screeningId FROM Screening",
        "ScreeningOutputLattice": "SELECT screeningOutputLatticeId, screeningId FROM ScreeningOutputLattice",
        "ScreeningStrategy": "SELECT screeningStrategyId, screeningId FROM ScreeningStrategy",
    }
    for type_name, query in below.items():
        for pk, screening in await _sql(db, query):
            node_id = base64.b64encode(f"{type_name}:{pk}".encode()).decode()
            data = await run("query($id: ID!) { node(id: $id) { id } }", viewer=viewer, id=node_id)
            assert (data["node"] is not None) == (screening in visible), (
                f"{person} node({type_name}:{pk})"
            )


async def test_a_group_only_screening_is_seen_by_the_groups_people_only(
    run: Run, db: AsyncEngine
) -> None:
    """Screening 20 names only group 20 (session 1): alice sees it, bob and dave do not."""
    query = """{ dataCollectionGroup(dataCollectionGroupId: 20) {
        screeningCount screenings { screeningId } } }"""
    seen = {}
    for person, viewer in VIEWERS.items():
        group = (await run(query, viewer=viewer))["dataCollectionGroup"]
        seen[person] = None if group is None else [s["screeningId"] for s in group["screenings"]]
    sessions = {p: (await _visible(db, v))[0] for p, v in VIEWERS.items()}
    for person, viewer in VIEWERS.items():
        expected = [20] if viewer.is_staff or 1 in sessions[person] else None
        assert seen[person] == expected, person


async def test_groups_match_the_official_summary_view(run: Run, db: AsyncEngine) -> None:
    """A group's screenings that name a group are exactly those v_datacollection_summary
    shows on the group's row (as staff, who sees them all)."""
    async with db.begin() as conn:
        await conn.run_sync(_create_official_summary)
    official = set(
        await _sql(
            db,
            """SELECT DataCollectionGroup_dataCollectionGroupId, Screening_screeningId
            FROM v_datacollection_summary WHERE Screening_screeningId IS NOT NULL""",
        )
    )
    named = {
        s
        for (s,) in await _sql(
            db, "SELECT screeningId FROM Screening WHERE dataCollectionGroupId IS NOT NULL"
        )
    }
    data = await run(PAGE)
    graph = {
        (g["dataCollectionGroupId"], s["screeningId"])
        for ses in data["sessions"]["nodes"]
        for g in ses["dataCollectionGroups"]["nodes"]
        for s in g["screenings"]
    }
    assert {(g, s) for g, s in graph if s in named} == official
    group_only = {
        s
        for (s,) in await _sql(
            db, "SELECT screeningId FROM Screening WHERE dataCollectionId IS NULL"
        )
    }
    assert group_only and group_only <= {s for _, s in official}


def _create_official_summary(conn: Any) -> None:
    """The official v_datacollection_summary over the head tables (empty stand-ins for the
    official tables the gateway does not map), as tests/sql/screening_data.py builds it."""
    run = conn.exec_driver_sql
    for statement in _STAND_INS:
        run(statement)
    _stand_ins_for(conn, SUMMARY_SELECT)
    run(SUMMARY_SCREENING["strategy merged"].sql())
    run(
        "CREATE ALGORITHM=MERGE SQL SECURITY INVOKER VIEW v_datacollection_summary AS "
        + SUMMARY_SELECT
    )
