"""Every relation of the graph answers with the rows direct SQL returns (as staff)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from tests.graph.conftest import Run

# A collection's screenings: those naming it, and those naming only its group.
COLLECTION_SCREENINGS = """SELECT c.dataCollectionId, sc.screeningId FROM DataCollection c
    JOIN Screening sc ON sc.dataCollectionId = c.dataCollectionId
      OR (sc.dataCollectionId IS NULL AND sc.dataCollectionGroupId = c.dataCollectionGroupId)"""


@pytest_asyncio.fixture(scope="module")
async def db(ispyb_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(ispyb_url)
    yield engine
    await engine.dispose()


async def sql(db: AsyncEngine, query: str, **params: Any) -> list[Any]:
    async with db.connect() as conn:
        return [tuple(r) for r in (await conn.execute(text(query), params)).all()]


async def test_proposals_and_by_name(run: Run, db: AsyncEngine) -> None:
    data = await run("{ proposals(first: 100) { totalCount nodes { proposalId name } } }")
    expected = await sql(
        db, "SELECT proposalId, CONCAT(proposalCode, proposalNumber) FROM Proposal"
    )
    got = {(n["proposalId"], n["name"]) for n in data["proposals"]["nodes"]}
    assert got == set(expected)
    assert data["proposals"]["totalCount"] == len(expected)
    pid, name = expected[0]
    by_name = await run("query($n: String!) { proposalByName(name: $n) { proposalId } }", n=name)
    assert by_name["proposalByName"]["proposalId"] == pid


async def test_proposal_sessions_groups_collections(run: Run, db: AsyncEngine) -> None:
    data = await run("""{ proposals(first: 100) { nodes { proposalId
        sessions(first: 100) { totalCount nodes { sessionId proposalId
          dataCollectionGroups(first: 100) { totalCount nodes { dataCollectionGroupId sessionId
            dataCollectionCount
            dataCollections(first: 100) { totalCount nodes { dataCollectionId dataCollectionGroupId } } } } } } } } }""")
    sessions = {
        (s["sessionId"], p["proposalId"])
        for p in data["proposals"]["nodes"]
        for s in p["sessions"]["nodes"]
    }
    assert sessions == set(await sql(db, "SELECT sessionId, proposalId FROM BLSession"))
    groups = {
        (g["dataCollectionGroupId"], g["sessionId"])
        for p in data["proposals"]["nodes"]
        for s in p["sessions"]["nodes"]
        for g in s["dataCollectionGroups"]["nodes"]
    }
    assert groups == set(
        await sql(db, "SELECT dataCollectionGroupId, sessionId FROM DataCollectionGroup")
    )
    collections = {
        (c["dataCollectionId"], g["dataCollectionGroupId"])
        for p in data["proposals"]["nodes"]
        for s in p["sessions"]["nodes"]
        for g in s["dataCollectionGroups"]["nodes"]
        for c in g["dataCollections"]["nodes"]
    }
    assert collections == set(
        await sql(db, "SELECT dataCollectionId, dataCollectionGroupId FROM DataCollection")
    )
    counts = {
        g["dataCollectionGroupId"]: g["dataCollectionCount"]
        for p in data["proposals"]["nodes"]
        for s in p["sessions"]["nodes"]
        for g in s["dataCollectionGroups"]["nodes"]
    }
    expected = dict(
        await sql(
            db,
            "SELECT g.dataCollectionGroupId, COUNT(c.dataCollectionId) FROM DataCollectionGroup g "
            "LEFT JOIN DataCollection c ON c.dataCollectionGroupId = g.dataCollectionGroupId "
            "GROUP BY g.dataCollectionGroupId",
        )
    )
    assert counts == expected


async def test_collection_up_to_proposal(run: Run, db: AsyncEngine) -> None:
    rows = await sql(
        db,
        """SELECT c.dataCollectionId, g.dataCollectionGroupId, s.sessionId, p.proposalId
        FROM DataCollection c JOIN DataCollectionGroup g USING (dataCollectionGroupId)
        JOIN BLSession s ON s.sessionId = g.sessionId JOIN Proposal p ON p.proposalId = s.proposalId""",
    )
    assert rows
    for dc, dcg, session, proposal in rows:
        data = await run(
            """query($id: Int!) { dataCollection(dataCollectionId: $id) {
            group { dataCollectionGroupId session { sessionId proposal { proposalId } } } } }""",
            id=dc,
        )
        g = data["dataCollection"]["group"]
        assert (
            g["dataCollectionGroupId"],
            g["session"]["sessionId"],
            g["session"]["proposal"]["proposalId"],
        ) == (dcg, session, proposal)


async def test_session_collections_across_groups(run: Run, db: AsyncEngine) -> None:
    (session_id, n), *_ = await sql(
        db,
        """SELECT g.sessionId, COUNT(*) FROM DataCollection c
        JOIN DataCollectionGroup g USING (dataCollectionGroupId) GROUP BY g.sessionId ORDER BY 2 DESC""",
    )
    data = await run(
        """query($id: Int!) { session(sessionId: $id) { dataCollections(first: 500,
        orderBy: {field: DATA_COLLECTION_ID, direction: ASC}) { totalCount nodes { dataCollectionId } } } }""",
        id=session_id,
    )
    ids = [c["dataCollectionId"] for c in data["session"]["dataCollections"]["nodes"]]
    expected = [
        r[0]
        for r in await sql(
            db,
            """SELECT c.dataCollectionId FROM DataCollection c
        JOIN DataCollectionGroup g USING (dataCollectionGroupId) WHERE g.sessionId = :s
        ORDER BY c.dataCollectionId""",
            s=session_id,
        )
    ]
    assert ids == expected and data["session"]["dataCollections"]["totalCount"] == n


async def test_autoprocessing_chain(run: Run, db: AsyncEngine) -> None:
    expected = set(
        await sql(
            db,
            """SELECT i.dataCollectionId, i.autoProcIntegrationId, p.autoProcProgramId,
        a.autoProcId, s.autoProcScalingId, st.autoProcScalingStatisticsId
        FROM AutoProcIntegration i JOIN AutoProcProgram p ON p.autoProcProgramId = i.autoProcProgramId
        JOIN AutoProc a ON a.autoProcProgramId = p.autoProcProgramId
        JOIN AutoProcScaling s ON s.autoProcId = a.autoProcId
        JOIN AutoProcScalingStatistics st ON st.autoProcScalingId = s.autoProcScalingId""",
        )
    )
    assert expected
    data = await run("""{ dataCollections(first: 500) { nodes { dataCollectionId
        autoProcIntegrations { autoProcIntegrationId cellA autoProcProgram { autoProcProgramId
          autoProcs { autoProcId spaceGroup scalings { autoProcScalingId
            statistics { autoProcScalingStatisticsId scalingStatisticsType } } } } } } } }""")
    got = {
        (
            c["dataCollectionId"],
            i["autoProcIntegrationId"],
            i["autoProcProgram"]["autoProcProgramId"],
            a["autoProcId"],
            s["autoProcScalingId"],
            st["autoProcScalingStatisticsId"],
        )
        for c in data["dataCollections"]["nodes"]
        for i in c["autoProcIntegrations"]
        for a in i["autoProcProgram"]["autoProcs"]
        for s in a["scalings"]
        for st in s["statistics"]
    }
    assert got == expected


async def test_samples_and_em(run: Run, db: AsyncEngine) -> None:
    expected = set(
        await sql(
            db,
            """SELECT g.dataCollectionGroupId, b.blSampleId, c.crystalId, p.proteinId
        FROM DataCollectionGroup g JOIN BLSample b ON b.blSampleId = g.blSampleId
        JOIN Crystal c ON c.crystalId = b.crystalId JOIN Protein p ON p.proteinId = c.proteinId""",
        )
    )
    assert expected
    data = await run("""{ sessions(first: 100) { nodes { dataCollectionGroups(first: 100) { nodes {
        dataCollectionGroupId sample { blSampleId name crystal { crystalId protein { proteinId acronym } } } } } } } }""")
    got = {
        (
            g["dataCollectionGroupId"],
            g["sample"]["blSampleId"],
            g["sample"]["crystal"]["crystalId"],
            g["sample"]["crystal"]["protein"]["proteinId"],
        )
        for s in data["sessions"]["nodes"]
        for g in s["dataCollectionGroups"]["nodes"]
        if g["sample"]
    }
    assert got == expected
    em = set(
        await sql(
            db,
            """SELECT m.dataCollectionId, m.movieId, mc.motionCorrectionId, c.CTFid FROM Movie m
        JOIN MotionCorrection mc ON mc.movieId = m.movieId JOIN CTF c ON c.motionCorrectionId = mc.motionCorrectionId""",
        )
    )
    assert em
    data = await run("""{ dataCollections(first: 500) { nodes { dataCollectionId movies(first: 100) { totalCount
        nodes { movieId motionCorrections { motionCorrectionId ctfs { ctfId } } } } } } }""")
    got = {
        (c["dataCollectionId"], mv["movieId"], mc["motionCorrectionId"], ctf["ctfId"])
        for c in data["dataCollections"]["nodes"]
        for mv in c["movies"]["nodes"]
        for mc in mv["motionCorrections"]
        for ctf in mc["ctfs"]
    }
    assert got == em


async def test_screenings_and_status_counts(run: Run, db: AsyncEngine) -> None:
    data = await run("""{ dataCollections(first: 500) { nodes { dataCollectionId screeningCount
        screenings { screeningId } processingStatusCounts { success failed running } } } }""")
    screenings = dict(
        await sql(
            db,
            f"SELECT dataCollectionId, COUNT(*) FROM ({COLLECTION_SCREENINGS}) x "
            "GROUP BY dataCollectionId",
        )
    )
    status = await sql(
        db,
        "SELECT dataCollectionId, processingStatus, COUNT(*) FROM AutoProcProgram "
        "GROUP BY dataCollectionId, processingStatus",
    )
    for c in data["dataCollections"]["nodes"]:
        assert c["screeningCount"] == screenings.get(c["dataCollectionId"], 0)
        assert len(c["screenings"]) == c["screeningCount"]
        mine = {s: n for d, s, n in status if d == c["dataCollectionId"]}
        assert c["processingStatusCounts"] == {
            "success": mine.get("1", 0),
            "failed": mine.get("0", 0),
            "running": mine.get(None, 0),
        }


@pytest.mark.parametrize(
    "type_name", ["Proposal", "Session", "DataCollectionGroup", "DataCollection"]
)
async def test_node_round_trip(run: Run, type_name: str) -> None:
    field = {
        "Proposal": "proposals",
        "Session": "sessions",
        "DataCollectionGroup": None,
        "DataCollection": "dataCollections",
    }[type_name]
    if field is None:
        data = await run(
            "{ sessions(first: 1) { nodes { dataCollectionGroups(first: 1) { nodes { id } } } } }"
        )
        gid = data["sessions"]["nodes"][0]["dataCollectionGroups"]["nodes"][0]["id"]
    else:
        data = await run(f"{{ {field}(first: 1) {{ nodes {{ id }} }} }}")
        gid = data[field]["nodes"][0]["id"]
    node = await run("query($id: ID!) { node(id: $id) { __typename id } }", id=gid)
    assert node["node"] == {"__typename": type_name, "id": gid}


async def test_screening_chain(run: Run, db: AsyncEngine) -> None:
    """The merged screening tables: output fields on Screening, wedge fields on strategies."""
    rows = await sql(
        db,
        f"""SELECT x.dataCollectionId, sc.screeningId, sc.indexingSuccess, l.screeningOutputLatticeId,
        l.unitCell_a, st.screeningStrategyId, st.wedgeNumber, st.oscillationRange
        FROM ({COLLECTION_SCREENINGS}) x JOIN Screening sc ON sc.screeningId = x.screeningId
        JOIN ScreeningOutputLattice l ON l.screeningId = sc.screeningId
        JOIN ScreeningStrategy st ON st.screeningId = sc.screeningId""",
    )
    expected = {(*r[:4], round(r[4], 3), r[5], r[6], round(r[7], 3)) for r in rows}
    assert expected
    data = await run("""{ dataCollections(first: 500) { nodes { dataCollectionId screenings {
        screeningId indexingSuccess lattices { screeningOutputLatticeId unitCellA }
        strategies { screeningStrategyId wedgeNumber oscillationRange } } } } }""")
    got = {
        (
            c["dataCollectionId"],
            s["screeningId"],
            s["indexingSuccess"],
            lat["screeningOutputLatticeId"],
            round(lat["unitCellA"], 3),
            st["screeningStrategyId"],
            st["wedgeNumber"],
            round(st["oscillationRange"], 3),
        )
        for c in data["dataCollections"]["nodes"]
        for s in c["screenings"]
        for lat in s["lattices"]
        for st in s["strategies"]
    }
    assert got == expected
