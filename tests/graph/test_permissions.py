"""Who sees what: every root and nested field of the graph, walked as four people.

The expected rows come from hand-written SQL over the demo data (not from the
gateway's own rules). The walk is generated from the schema itself, so a new
field that reaches ISPyB rows is walked too; a new node type without a row in
EXPECTED makes the test fail until someone says who may see it.
"""

from __future__ import annotations

import base64
from collections import defaultdict
from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio
from graphql import (
    GraphQLObjectType,
    GraphQLSchema,
    get_named_type,
)
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from gateway.auth.viewer import Viewer
from gateway.graphql.schema import build_schema
from gateway.jobs.description import ItemSummary
from gateway.jobs.model import ItemKind, Owner
from gateway.services import Services
from gateway.settings import Settings
from tests.graph.conftest import STAFF, Run

PEOPLE = {
    "alice": Viewer(
        login="alice", person_id=1, is_staff=False, is_worker=False
    ),  # member of mx2112
    "bob": Viewer(
        login="bob", person_id=2, is_staff=False, is_worker=False
    ),  # local contact, session 2
    "dave": Viewer(
        login="dave", person_id=4, is_staff=False, is_worker=False
    ),  # outsider to mx2112
    "nobody": Viewer(
        login="ghost", person_id=None, is_staff=False, is_worker=False
    ),  # unknown login
}

# Sessions each person may see, by the ISPyB rules, written as plain SQL.
VISIBLE_SESSIONS = """
SELECT s.sessionId FROM BLSession s JOIN Proposal p ON p.proposalId = s.proposalId
WHERE p.personId = :pid
   OR p.proposalId IN (SELECT proposalId FROM ProposalHasPerson WHERE personId = :pid)
   OR s.sessionId IN (SELECT sessionId FROM Session_has_Person WHERE personId = :pid)"""

# The session of a screening: its collection's, or its group's when it names no collection.
SCREENING_SESSION = """CASE WHEN sc.dataCollectionId IS NULL THEN gs.sessionId ELSE gc.sessionId END
    FROM Screening sc LEFT JOIN DataCollection c ON c.dataCollectionId = sc.dataCollectionId
    LEFT JOIN DataCollectionGroup gc ON gc.dataCollectionGroupId = c.dataCollectionGroupId
    LEFT JOIN DataCollectionGroup gs ON gs.dataCollectionGroupId = sc.dataCollectionGroupId"""

# For each node type: the SQL listing (id, sessionId-or-NULL) of every row; a row is visible
# when its session is visible. Types not tied to one session have their own rule below.
BY_SESSION = {
    "Session": "SELECT sessionId, sessionId FROM BLSession",
    "DataCollectionGroup": "SELECT dataCollectionGroupId, sessionId FROM DataCollectionGroup",
    "DataCollection": """SELECT c.dataCollectionId, g.sessionId FROM DataCollection c
        JOIN DataCollectionGroup g USING (dataCollectionGroupId)""",
    "AutoProcProgram": """SELECT p.autoProcProgramId, g.sessionId FROM AutoProcProgram p
        JOIN DataCollection c USING (dataCollectionId) JOIN DataCollectionGroup g USING (dataCollectionGroupId)""",
    "AutoProcIntegration": """SELECT i.autoProcIntegrationId, g.sessionId FROM AutoProcIntegration i
        JOIN DataCollection c USING (dataCollectionId) JOIN DataCollectionGroup g USING (dataCollectionGroupId)""",
    "AutoProc": """SELECT a.autoProcId, g.sessionId FROM AutoProc a JOIN AutoProcProgram p USING (autoProcProgramId)
        JOIN DataCollection c USING (dataCollectionId) JOIN DataCollectionGroup g USING (dataCollectionGroupId)""",
    "AutoProcScaling": """SELECT s.autoProcScalingId, g.sessionId FROM AutoProcScaling s JOIN AutoProc a USING (autoProcId)
        JOIN AutoProcProgram p USING (autoProcProgramId) JOIN DataCollection c USING (dataCollectionId)
        JOIN DataCollectionGroup g USING (dataCollectionGroupId)""",
    "AutoProcScalingStatistics": """SELECT st.autoProcScalingStatisticsId, g.sessionId FROM AutoProcScalingStatistics st
        JOIN AutoProcScaling s USING (autoProcScalingId) JOIN AutoProc a USING (autoProcId)
        JOIN AutoProcProgram p USING (autoProcProgramId) JOIN DataCollection c USING (dataCollectionId)
        JOIN DataCollectionGroup g USING (dataCollectionGroupId)""",
    # A screening names its collection, or (dataCollectionId NULL) only its group.
    "Screening": f"SELECT sc.screeningId, {SCREENING_SESSION}",
    "ScreeningOutputLattice": f"""SELECT l.screeningOutputLatticeId, {SCREENING_SESSION}
        JOIN ScreeningOutputLattice l ON l.screeningId = sc.screeningId""",
    "ScreeningStrategy": f"""SELECT st.screeningStrategyId, {SCREENING_SESSION}
        JOIN ScreeningStrategy st ON st.screeningId = sc.screeningId""",
    "Movie": """SELECT m.movieId, g.sessionId FROM Movie m JOIN DataCollection c USING (dataCollectionId)
        JOIN DataCollectionGroup g USING (dataCollectionGroupId)""",
    "MotionCorrection": """SELECT mc.motionCorrectionId, g.sessionId FROM MotionCorrection mc JOIN Movie m USING (movieId)
        JOIN DataCollection c USING (dataCollectionId) JOIN DataCollectionGroup g USING (dataCollectionGroupId)""",
    "CTF": """SELECT t.CTFid, g.sessionId FROM CTF t JOIN MotionCorrection mc USING (motionCorrectionId)
        JOIN Movie m USING (movieId) JOIN DataCollection c USING (dataCollectionId)
        JOIN DataCollectionGroup g USING (dataCollectionGroupId)""",
    # What MXCuBE writes into a session besides collections (issue 14).
    "RobotAction": "SELECT robotActionId, blsessionId FROM RobotAction",
    "EnergyScan": "SELECT energyScanId, sessionId FROM EnergyScan",
    "XfeSpectrum": "SELECT xfeFluorescenceSpectrumId, sessionId FROM XFEFluorescenceSpectrum",
}
# A proposal is visible to its members and, as the parent of their session, to session members.
# Samples (and their crystal and protein) are visible through the sessions that used them,
# and to members of the protein's proposal. People: yourself and the people of what you see.
OTHER = {
    "Proposal": "SELECT proposalId FROM Proposal WHERE proposalId IN (SELECT proposalId FROM BLSession WHERE sessionId IN ({sessions})) OR personId = :pid OR proposalId IN (SELECT proposalId FROM ProposalHasPerson WHERE personId = :pid)",
    "Sample": """SELECT b.blSampleId FROM BLSample b WHERE b.blSampleId IN
        (SELECT blSampleId FROM DataCollectionGroup WHERE sessionId IN ({sessions}))
        OR b.crystalId IN (SELECT c.crystalId FROM Crystal c JOIN Protein p USING (proteinId) JOIN Proposal pr USING (proposalId)
          WHERE pr.personId = :pid OR pr.proposalId IN (SELECT proposalId FROM ProposalHasPerson WHERE personId = :pid))""",
    "Person": """SELECT personId FROM Person WHERE personId = :pid
        OR personId IN (SELECT personId FROM ProposalHasPerson WHERE proposalId IN
            (SELECT proposalId FROM Proposal WHERE personId = :pid UNION SELECT proposalId FROM ProposalHasPerson WHERE personId = :pid))
        OR personId IN (SELECT personId FROM Session_has_Person WHERE sessionId IN ({sessions}))""",
}
OTHER["Detector"] = "SELECT detectorId FROM Detector"  # equipment: the same for everyone
# Sample preparation: a shipment is its proposal's members', and seen by the people of the
# sessions it is meant for; its dewars, containers and their samples follow it. Proteins and
# crystals are also their proposal's members'; lab contacts only theirs.
MEMBER_OF = """SELECT proposalId FROM Proposal WHERE personId = :pid
    UNION SELECT proposalId FROM ProposalHasPerson WHERE personId = :pid"""
OTHER["Shipment"] = f"""SELECT shippingId FROM Shipping WHERE proposalId IN ({MEMBER_OF})
    OR shippingId IN (SELECT shippingId FROM ShippingHasSession WHERE sessionId IN ({{sessions}}))"""
OTHER["Dewar"] = f"SELECT dewarId FROM Dewar WHERE shippingId IN ({OTHER['Shipment']})"
OTHER["Container"] = f"SELECT containerId FROM Container WHERE dewarId IN ({OTHER['Dewar']})"
OTHER["Sample"] += f" OR b.containerId IN ({OTHER['Container']})"
OTHER["Crystal"] = f"""SELECT crystalId FROM BLSample WHERE blSampleId IN ({OTHER["Sample"]})
    UNION SELECT c.crystalId FROM Crystal c JOIN Protein p USING (proteinId)
    WHERE p.proposalId IN ({MEMBER_OF})"""
OTHER["Protein"] = f"""SELECT proteinId FROM Crystal WHERE crystalId IN ({OTHER["Crystal"]})
    UNION SELECT proteinId FROM Protein WHERE proposalId IN ({MEMBER_OF})"""
OTHER["DiffractionPlan"] = f"""SELECT diffractionPlanId FROM BLSample WHERE blSampleId IN
    ({OTHER["Sample"]}) UNION SELECT diffractionPlanId FROM Crystal WHERE crystalId IN
    ({OTHER["Crystal"]})"""
OTHER["LabContact"] = f"SELECT labContactId FROM LabContact WHERE proposalId IN ({MEMBER_OF})"
UNIVERSE = {
    "Proposal": "SELECT proposalId FROM Proposal",
    "Sample": "SELECT blSampleId FROM BLSample",
    "Person": "SELECT personId FROM Person",
    "Crystal": "SELECT crystalId FROM Crystal",
    "Protein": "SELECT proteinId FROM Protein",
    "Detector": "SELECT detectorId FROM Detector",
    "Shipment": "SELECT shippingId FROM Shipping",
    "Dewar": "SELECT dewarId FROM Dewar",
    "Container": "SELECT containerId FROM Container",
    "DiffractionPlan": "SELECT diffractionPlanId FROM DiffractionPlan",
    "LabContact": "SELECT labContactId FROM LabContact",
}

Expected = dict[str, dict[str, set[Any]]]  # type -> person -> visible ids

# Jobs launched by their owners on collections of sessions 1, 2 and 3.
JOBS = [("alice", 1, 1, 1, 1), ("bob", 2, 5, 1, 2), ("dave", 4, 7, 2, 3)]


@pytest_asyncio.fixture(scope="module")
async def jobs(graph_services: Services) -> dict[str, tuple[str, int]]:
    """job id -> (owner login, session id), stored in the shared services' job store."""
    out = {}
    for login, person, dc, proposal, session in JOBS:
        item = ItemSummary(
            id=dc,
            kind=ItemKind.DATA_COLLECTION,
            label=f"dc{dc}",
            images=100,
            proposal_id=proposal,
            session_id=session,
            beamline="id23-1",
        )
        job = await graph_services.jobs.submit(
            "reprocess", [item], {"pipeline": "autoPROC"}, Owner(person_id=person, login=login)
        )
        out[job.id] = (login, session)
    return out


@pytest_asyncio.fixture(scope="module")
async def expected(ispyb_url: str, jobs: dict[str, tuple[str, int]]) -> AsyncIterator[Expected]:
    engine = create_async_engine(ispyb_url)
    out: Expected = defaultdict(dict)
    async with engine.connect() as conn:

        async def ids(sql: str, **params: Any) -> set[int]:
            return {r[0] for r in (await conn.execute(text(sql), params)).all()}

        for name, viewer in [*PEOPLE.items(), ("carol", STAFF)]:
            pid = viewer.person_id if viewer.person_id is not None else -1
            sessions = await ids(VISIBLE_SESSIONS, pid=pid)
            in_list = ",".join(map(str, sessions)) or "NULL"
            for type_name, sql in BY_SESSION.items():
                rows = (await conn.execute(text(sql))).all()
                out[type_name][name] = {i for i, s in rows if viewer.is_staff or s in sessions}
            for type_name, sql in OTHER.items():
                out[type_name][name] = (
                    await ids(UNIVERSE[type_name])
                    if viewer.is_staff
                    else await ids(sql.format(sessions=in_list), pid=pid)
                )
            # A job is seen through its session (hence its proposal's members) and by its owner.
            out["Job"][name] = {
                j
                for j, (owner, session) in jobs.items()
                if viewer.is_staff or session in sessions or owner == viewer.login
            }
    await engine.dispose()
    yield out


def _node_types(schema: GraphQLSchema) -> set[str]:
    node = schema.get_type("Node")
    return {
        t.name
        for t in schema.type_map.values()
        if isinstance(t, GraphQLObjectType) and node in t.interfaces
    }


def test_every_node_type_has_a_rule(expected: Expected) -> None:
    schema = build_schema(Settings())._schema
    missing = _node_types(schema) - set(expected)
    assert not missing, f"node types without an expectation (who may see them?): {missing}"


def _walk(
    schema: GraphQLSchema, type_: GraphQLObjectType, depth: int, trail: frozenset[str]
) -> str:
    """A selection of every relation reachable from `type_`, ids only, up to `depth`."""
    parts = ["__typename", "id"] if "id" in type_.fields else ["__typename"]
    if depth == 0:
        return " ".join(parts)
    for name, field in type_.fields.items():
        target = get_named_type(field.type)
        if not isinstance(target, GraphQLObjectType) or name in ("pageInfo",):
            continue
        key = f"{type_.name}.{name}"
        if key in trail:
            continue
        args = ", ".join(f"{a}: 100" for a in ("first",) if a in field.args)
        inner = _walk(schema, target, depth - 1, trail | {key})
        parts.append(f"{name}{f'({args})' if args else ''} {{ {inner} }}")
    return " ".join(parts)


def _collect(value: Any, into: dict[str, set[Any]]) -> None:
    if isinstance(value, dict):
        if "id" in value and "__typename" in value and value["id"]:
            type_name, raw = base64.b64decode(value["id"]).decode().split(":", 1)
            into[type_name].add(raw if type_name == "Job" else int(raw))
        for v in value.values():
            _collect(v, into)
    elif isinstance(value, list):
        for v in value:
            _collect(v, into)


@pytest.mark.parametrize("person", [*PEOPLE, "carol"])
async def test_walk_every_field(run: Run, expected: Expected, person: str) -> None:
    viewer = STAFF if person == "carol" else PEOPLE[person]
    schema = build_schema(Settings())._schema
    query_type = schema.query_type
    assert query_type is not None
    seen: dict[str, set[Any]] = defaultdict(set)
    for root in (
        "proposals",
        "sessions",
        "dataCollections",
        "jobs",
        "shipments",
        "dewars",
        "samples",
        "proteins",
        "crystals",
        "labContacts",
    ):
        target = get_named_type(query_type.fields[root].type)
        assert isinstance(target, GraphQLObjectType)
        document = (
            f"{{ {root}(first: 100) {{ totalCount {_walk(schema, target, 7, frozenset())} }} }}"
        )
        data = await run(document, viewer=viewer)
        _collect(data, seen)
        nodes = data[root]["nodes"]
        assert data[root]["totalCount"] == len(nodes), f"{root}: totalCount disagrees with rows"
    for type_name, ids in seen.items():
        assert ids <= expected[type_name][person], (
            f"{person} reached {type_name} {sorted(ids - expected[type_name][person])} through nested fields"
        )
    # The top lists show exactly what the rules allow.
    assert seen["Proposal"] >= expected["Proposal"][person]
    assert seen["Session"] == expected["Session"][person]
    assert seen["DataCollection"] == expected["DataCollection"][person]
    assert seen["Job"] == expected["Job"][person]
    for type_name in ("Shipment", "Dewar", "Sample", "Protein", "Crystal", "LabContact"):
        assert seen[type_name] == expected[type_name][person], type_name


@pytest.mark.parametrize("person", [*PEOPLE, "carol"])
async def test_node_and_root_fields_hide_what_is_not_visible(
    run: Run, expected: Expected, person: str
) -> None:
    viewer = STAFF if person == "carol" else PEOPLE[person]
    everyone = expected  # the staff view is the universe
    for type_name, by_person in everyone.items():
        for pk in by_person["carol"]:
            gid = base64.b64encode(f"{type_name}:{pk}".encode()).decode()
            data = await run("query($id: ID!) { node(id: $id) { id } }", viewer=viewer, id=gid)
            visible = pk in expected[type_name][person]
            assert (data["node"] is not None) == visible, f"{person} node({type_name}:{pk})"
    roots = {
        "proposal": ("proposalId", "Proposal"),
        "session": ("sessionId", "Session"),
        "dataCollectionGroup": ("dataCollectionGroupId", "DataCollectionGroup"),
        "dataCollection": ("dataCollectionId", "DataCollection"),
        "shipment": ("shippingId", "Shipment"),
        "dewar": ("dewarId", "Dewar"),
        "container": ("containerId", "Container"),
        "sample": ("blSampleId", "Sample"),
    }
    for field, (arg, type_name) in roots.items():
        for pk in expected[type_name]["carol"]:
            data = await run(
                f"query($v: Int!) {{ {field}({arg}: $v) {{ id }} }}", viewer=viewer, v=pk
            )
            assert (data[field] is not None) == (pk in expected[type_name][person]), (
                f"{person} {field}({pk})"
            )
