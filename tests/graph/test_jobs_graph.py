"""Jobs through GraphQL on the real servers: MariaDB for the items, FerretDB for the jobs."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio

from gateway.app import build_services
from gateway.auth.viewer import Viewer
from gateway.settings import Settings
from tests.graph.conftest import STAFF, Run, make_runner

ALICE = Viewer(login="alice", person_id=1, is_staff=False, is_worker=False)
BOB = Viewer(login="bob", person_id=2, is_staff=False, is_worker=False)
DAVE = Viewer(login="dave", person_id=4, is_staff=False, is_worker=False)
WORKER = Viewer(
    login="edna-worker",
    person_id=None,
    is_staff=False,
    is_worker=True,
    roles=frozenset({"ispyb-processing"}),
)

CREATE = """mutation($type: String!, $ids: [Int!]!, $p: JSON!) {
  createJob(type: $type, itemIds: $ids, parameters: $p) { jobId status description proposalId sessionId
    items { entity itemId } } }"""
JOB = """query($id: String!) { job(jobId: $id) { jobId status attempts
  history { from to by message } inputRequest { message schema } outputs { name value }
  dataCollections { dataCollectionId } } }"""
CLAIM = "mutation($t: [String!]) { claimJob(types: $t) { leaseToken job { jobId status } } }"


@pytest_asyncio.fixture
async def run_jobs(ispyb_url: str, mongo_url: str, mongo_database: str) -> AsyncIterator[Run]:
    services = build_services(
        Settings(sql_url=ispyb_url, mongo_url=mongo_url, mongo_database=mongo_database)
    )
    await services.jobs.store.ensure_indexes()
    yield make_runner(services)
    await services.close()


async def test_job_types_form(run_jobs: Run) -> None:
    data = await run_jobs(
        "{ jobTypes(entity: DATA_COLLECTION) { name entity minItems maxItems parameters } }",
        viewer=ALICE,
    )
    names = {t["name"]: t for t in data["jobTypes"]}
    assert {"reprocess", "merge"} <= set(names)
    pipelines = names["reprocess"]["parameters"]["properties"]["pipeline"]["oneOf"]
    assert {"const": "XIA2_dials", "title": "xia2 (DIALS)"} in pipelines


async def test_launch_validate_and_see(run_jobs: Run) -> None:
    bad = await run_jobs(
        CREATE,
        viewer=ALICE,
        expect_errors=True,
        type="reprocess",
        ids=[1],
        p={"pipeline": "nope", "startImage": 0, "extra": 1},
    )
    ext = bad["errors"][0]["extensions"]
    assert ext["code"] == "BAD_USER_INPUT"
    assert {p["path"] for p in ext["problems"]} == {"$.pipeline", "$.startImage", "$.extra"}

    job = (
        await run_jobs(
            CREATE,
            viewer=ALICE,
            type="reprocess",
            ids=[1],
            p={"pipeline": "XIA2_dials", "anomalous": True},
        )
    )["createJob"]
    assert job["status"] == "PENDING" and job["proposalId"] == 1 and job["sessionId"] == 1
    assert job["description"] == "[Reprocess] 1 GCSH-x8 (880 images)"

    merge = (await run_jobs(CREATE, viewer=ALICE, type="merge", ids=[1, 2], p={}))["createJob"]
    assert merge["description"] == "[Merge] 1 GCSH-x8 (880 images), 2 GCSH-x8 (430 images)"

    # Outsiders cannot launch on, or see, what is not theirs; the local contact of another
    # session of the proposal does not see it either.
    refused = await run_jobs(
        CREATE,
        viewer=DAVE,
        expect_errors=True,
        type="reprocess",
        ids=[1],
        p={"pipeline": "autoPROC"},
    )
    assert refused["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    for viewer, visible in ((ALICE, True), (STAFF, True), (BOB, False), (DAVE, False)):
        seen = await run_jobs(JOB, viewer=viewer, id=job["jobId"])
        assert (seen["job"] is not None) == visible
    listing = await run_jobs(
        "{ dataCollection(dataCollectionId: 1) { jobs { jobId } jobCounts { total pending } } }",
        viewer=ALICE,
    )
    dc = listing["dataCollection"]
    assert {j["jobId"] for j in dc["jobs"]} == {job["jobId"], merge["jobId"]}
    assert dc["jobCounts"] == {"total": 2, "pending": 2}
    mine = await run_jobs(
        '{ jobs(filter: {mine: true, type: ["merge"]}) { totalCount nodes { jobId } } }',
        viewer=ALICE,
    )
    assert [n["jobId"] for n in mine["jobs"]["nodes"]] == [merge["jobId"]]
    assert (await run_jobs("{ jobs { totalCount } }", viewer=DAVE))["jobs"]["totalCount"] == 0


async def test_worker_protocol_with_interactive_input(run_jobs: Run) -> None:
    job = (
        await run_jobs(CREATE, viewer=ALICE, type="reprocess", ids=[2], p={"pipeline": "EDNA_proc"})
    )["createJob"]
    people_cannot_claim = await run_jobs(CLAIM, viewer=ALICE, expect_errors=True, t=["reprocess"])
    assert people_cannot_claim["errors"][0]["extensions"]["code"] == "FORBIDDEN"

    claimed = (await run_jobs(CLAIM, viewer=WORKER, t=["reprocess"]))["claimJob"]
    assert claimed["job"] == {"jobId": job["jobId"], "status": "RUNNING"}
    token = claimed["leaseToken"]
    # The worker sees the collection the job names, and nothing else of ISPyB.
    seen = await run_jobs(JOB, viewer=WORKER, id=job["jobId"])
    assert seen["job"]["dataCollections"] == [{"dataCollectionId": 2}]
    assert (
        await run_jobs(
            "{ dataCollection(dataCollectionId: 2) { dataCollectionId } }", viewer=WORKER
        )
    )["dataCollection"] is None

    schema = {
        "type": "object",
        "required": ["minIOverSigma"],
        "properties": {"minIOverSigma": {"type": "number", "minimum": 0}},
    }
    ask = """mutation($id: String!, $t: String!, $s: JSON!) { requestJobInput(jobId: $id, leaseToken: $t,
        message: "Minimum I/sigma?", schema: $s) { status } }"""
    assert (await run_jobs(ask, viewer=WORKER, id=job["jobId"], t=token, s=schema))[
        "requestJobInput"
    ] == {"status": "ONHOLD"}

    answer = (
        "mutation($id: String!, $v: JSON!) { submitJobInput(jobId: $id, values: $v) { status } }"
    )
    wrong = await run_jobs(
        answer, viewer=ALICE, expect_errors=True, id=job["jobId"], v={"minIOverSigma": -1}
    )
    assert wrong["errors"][0]["extensions"]["problems"][0]["path"] == "$.minIOverSigma"
    not_owner = await run_jobs(
        answer, viewer=DAVE, expect_errors=True, id=job["jobId"], v={"minIOverSigma": 1}
    )
    assert not_owner["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert (await run_jobs(answer, viewer=ALICE, id=job["jobId"], v={"minIOverSigma": 1.5}))[
        "submitJobInput"
    ] == {"status": "PENDING"}

    token = (await run_jobs(CLAIM, viewer=WORKER, t=["reprocess"]))["claimJob"]["leaseToken"]
    out = """mutation($id: String!, $t: String!) { addJobOutput(jobId: $id, leaseToken: $t, name: "spaceGroup",
        value: "P 21 21 21") { outputs { name value } } }"""
    assert (await run_jobs(out, viewer=WORKER, id=job["jobId"], t=token))["addJobOutput"][
        "outputs"
    ] == [{"name": "spaceGroup", "value": "P 21 21 21"}]
    stale = await run_jobs(
        """mutation($id: String!) { setJobStatus(jobId: $id, leaseToken: "forged",
        status: FINISHED) { status } }""",
        viewer=WORKER,
        expect_errors=True,
        id=job["jobId"],
    )
    assert stale["errors"][0]["extensions"]["code"] == "CONFLICT"
    done = await run_jobs(
        """mutation($id: String!, $t: String!) { setJobStatus(jobId: $id, leaseToken: $t,
        status: FINISHED, message: "ok") { status } }""",
        viewer=WORKER,
        id=job["jobId"],
        t=token,
    )
    assert done["setJobStatus"] == {"status": "FINISHED"}

    final = (await run_jobs(JOB, viewer=ALICE, id=job["jobId"]))["job"]
    assert [(h["from"], h["to"]) for h in final["history"]] == [
        ("PENDING", "RUNNING"),
        ("RUNNING", "ONHOLD"),
        ("ONHOLD", "PENDING"),
        ("PENDING", "RUNNING"),
        ("RUNNING", "FINISHED"),
    ]
    late = await run_jobs(
        "mutation($id: String!) { cancelJob(jobId: $id) { status } }",
        viewer=ALICE,
        expect_errors=True,
        id=job["jobId"],
    )
    assert late["errors"][0]["extensions"]["code"] == "CONFLICT"


async def test_quotas_answer_clear_codes(
    ispyb_url: str, mongo_url: str, mongo_database: str
) -> None:
    from sqlalchemy import event

    services = build_services(
        Settings(
            sql_url=ispyb_url,
            mongo_url=mongo_url,
            mongo_database=mongo_database,
            job_quota_per_minute=2,
            job_max_items=100,
        )
    )
    run = make_runner(services)
    statements: list[str] = []
    for engine in (services.engine, services.reader):  # no read nor write
        event.listen(
            engine.sync_engine,
            "before_cursor_execute",
            lambda *args: statements.append(args[2]),
        )
    try:
        # A million ids are refused before a single one is looked up.
        many = await run(
            CREATE,
            viewer=ALICE,
            expect_errors=True,
            type="merge",
            ids=list(range(1, 1_000_001)),
            p={},
        )
        assert many["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
        assert "at most 100 items" in many["errors"][0]["message"]
        assert statements == []
        for _ in range(2):
            await run(CREATE, viewer=ALICE, type="reprocess", ids=[1], p={"pipeline": "XIA2_dials"})
        third = await run(
            CREATE,
            viewer=ALICE,
            expect_errors=True,
            type="reprocess",
            ids=[1],
            p={"pipeline": "XIA2_dials"},
        )
        assert third["errors"][0]["extensions"]["code"] == "QUOTA_EXCEEDED"
        assert "2 per minute" in third["errors"][0]["message"]
    finally:
        await services.close()
