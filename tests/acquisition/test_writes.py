"""MXCuBE's writes through the graph: who may write, what is written, the Java server's rules."""

from __future__ import annotations

import datetime as dt
from typing import Any

from gateway.app import build_services
from gateway.services import Services
from gateway.settings import Settings
from tests.acquisition.conftest import ALICE, BEAMLINE, OTHER_SESSION, SESSION, STAFF, scalar
from tests.graph.conftest import Run, make_runner

GROUP = """mutation($input: DataCollectionGroupInput!, $key: String) {
  createDataCollectionGroup(input: $input, idempotencyKey: $key) {
    dataCollectionGroupId replayed dataCollectionGroup { comments experimentType }
  } }"""
UPDATE_GROUP = """mutation($id: Int!, $input: DataCollectionGroupUpdate!) {
  updateDataCollectionGroup(dataCollectionGroupId: $id, input: $input) { dataCollectionGroupId }
}"""
COLLECTION = """mutation($input: DataCollectionInput!, $key: String) {
  createDataCollection(input: $input, idempotencyKey: $key) {
    dataCollectionId dataCollectionGroupId replayed
  } }"""
UPDATE_COLLECTION = """mutation($id: Int!, $input: DataCollectionUpdate!) {
  updateDataCollection(dataCollectionId: $id, input: $input) { dataCollectionId }
}"""


def _code(result: dict[str, Any]) -> str:
    return str(result["errors"][0]["extensions"]["code"])


async def _group(run: Run, **extra: Any) -> int:
    data = await run(
        GROUP, BEAMLINE, input={"sessionId": SESSION, "experimentType": "OSC", **extra}
    )
    return int(data["createDataCollectionGroup"]["dataCollectionGroupId"])


async def test_the_beamline_account_writes_on_its_beamline_only(run: Run, gw: Services) -> None:
    group_id = await _group(run, actualSampleSlotInContainer=3, blSampleId=1)
    row = await scalar(
        gw,
        "SELECT CONCAT(sessionId, ':', experimentType, ':', actualSampleSlotInContainer) "
        "FROM DataCollectionGroup WHERE dataCollectionGroupId = :id",
        id=group_id,
    )
    assert row == f"{SESSION}:OSC:3"
    other = await run(
        GROUP,
        BEAMLINE,
        expect_errors=True,
        input={"sessionId": OTHER_SESSION, "experimentType": "OSC"},
    )
    assert _code(other) == "FORBIDDEN"
    # A member of the proposal may read the session, never write into it.
    user = await run(
        GROUP, ALICE, expect_errors=True, input={"sessionId": SESSION, "experimentType": "OSC"}
    )
    assert _code(user) == "FORBIDDEN"
    staff = await run(GROUP, STAFF, input={"sessionId": OTHER_SESSION, "experimentType": "OSC"})
    assert staff["createDataCollectionGroup"]["dataCollectionGroup"]["experimentType"] == "OSC"
    missing = await run(
        GROUP, BEAMLINE, expect_errors=True, input={"sessionId": 999, "experimentType": "OSC"}
    )
    assert _code(missing) == "NOT_FOUND"


async def test_every_problem_is_reported_with_its_path_and_nothing_written(
    run: Run, gw: Services
) -> None:
    before = await scalar(gw, "SELECT COUNT(*) FROM DataCollectionGroup")
    result = await run(
        GROUP,
        BEAMLINE,
        expect_errors=True,
        input={
            "sessionId": SESSION,
            "experimentType": "Not a type",
            "actualSampleBarcode": "x" * 46,
            "comments": "y" * 1025,
        },
    )
    error = result["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    paths = sorted(p["path"] for p in error["extensions"]["problems"])
    assert paths == ["input.actualSampleBarcode", "input.comments", "input.experimentType"]
    assert "46" in error["message"] or "more problem" in error["message"]
    assert await scalar(gw, "SELECT COUNT(*) FROM DataCollectionGroup") == before


async def test_group_comments_are_appended_and_a_workflow_kept(run: Run, gw: Services) -> None:
    group_id = await _group(run, comments="first")
    await run(UPDATE_GROUP, BEAMLINE, id=group_id, input={"comments": "second"})
    sql = "SELECT comments FROM DataCollectionGroup WHERE dataCollectionGroupId = :id"
    assert await scalar(gw, sql, id=group_id) == "first second"
    mesh = await run(
        """mutation($g: Int!) { saveMeshWorkflow(dataCollectionGroupId: $g,
             workflow: {workflowType: "MeshScan", workflowTitle: "mesh", status: "Started"},
             mesh: {value1: 1.5, cartographyPath: "/data/cart.png"},
             gridInfo: {dxMm: 0.01, dyMm: 0.02, stepsX: 10, stepsY: 5, meshAngle: 0}) {
             workflowId workflowMeshId gridInfoId } }""",
        BEAMLINE,
        g=group_id,
    )
    ids = mesh["saveMeshWorkflow"]
    assert ids["workflowMeshId"] and ids["gridInfoId"]
    workflow_sql = "SELECT workflowId FROM DataCollectionGroup WHERE dataCollectionGroupId = :id"
    assert await scalar(gw, workflow_sql, id=group_id) == ids["workflowId"]
    grid_sql = "SELECT CONCAT(workflowMeshId, ':', dataCollectionGroupId) FROM GridInfo WHERE gridInfoId = :id"
    assert await scalar(gw, grid_sql, id=ids["gridInfoId"]) == (
        f"{ids['workflowMeshId']}:{group_id}"
    )
    # Kept once set, as the Java server does: a later workflowId is ignored.
    other = await run(
        'mutation($g: Int!) { saveMeshWorkflow(dataCollectionGroupId: $g, workflow: {workflowType: "XrayCentering"}) { workflowId } }',
        BEAMLINE,
        g=await _group(run),
    )
    await run(
        UPDATE_GROUP,
        BEAMLINE,
        id=group_id,
        input={"workflowId": other["saveMeshWorkflow"]["workflowId"]},
    )
    assert await scalar(gw, workflow_sql, id=group_id) == ids["workflowId"]
    step = await run(
        """mutation($w: Int!) { addWorkflowStep(input: {workflowId: $w, workflowStepType: "Mesh",
             status: "Success", maxDozorScore: "0.8"}) { workflowStepId } }""",
        BEAMLINE,
        w=ids["workflowId"],
    )
    assert step["addWorkflowStep"]["workflowStepId"] > 0


async def test_a_collection_needs_a_group_and_keeps_the_clients_times(
    run: Run, gw: Services
) -> None:
    group_id = await _group(run)
    no_group = await run(COLLECTION, BEAMLINE, expect_errors=True, input={"numberOfImages": 10})
    assert _code(no_group) == "GRAPHQL_VALIDATION_FAILED" or "dataCollectionGroupId" in str(
        no_group
    )
    unknown = await run(
        COLLECTION, BEAMLINE, expect_errors=True, input={"dataCollectionGroupId": 10**8}
    )
    assert _code(unknown) == "NOT_FOUND"
    started = "2026-11-29T10:00:00"
    created = await run(
        COLLECTION,
        BEAMLINE,
        input={
            "dataCollectionGroupId": group_id,
            "startTime": started,
            "numberOfImages": 3600,
            "wavelength": 0.9677,
            "imageDirectory": "/data/id30a3/inhouse",
            "imagePrefix": "lyso",
            "fileTemplate": "lyso_1_%04d.cbf",
            "runStatus": "Data collection started",
        },
    )
    dc_id = created["createDataCollection"]["dataCollectionId"]
    sql = "SELECT CAST(startTime AS CHAR) FROM DataCollection WHERE dataCollectionId = :id"
    assert await scalar(gw, sql, id=dc_id) == "2026-11-29 10:00:00"
    await run(
        UPDATE_COLLECTION,
        BEAMLINE,
        id=dc_id,
        input={
            "xtalSnapshotFullPath1": "/data/snap1.png",
            "flux": 2.5e12,
            "fluxEnd": 2.4e12,
            "runStatus": "Data collection successful",
            "endTime": "2026-11-29T10:03:00",
        },
    )
    status = "SELECT CONCAT(runStatus, '|', xtalSnapshotFullPath1, '|', CAST(endTime AS CHAR)) FROM DataCollection WHERE dataCollectionId = :id"
    assert await scalar(gw, status, id=dc_id) == (
        "Data collection successful|/data/snap1.png|2026-11-29 10:03:00"
    )
    plot = await run(
        """mutation($id: Int!) { setImageQualityIndicatorsPlot(dataCollectionId: $id,
             plotPath: "/data/plot.png", csvPath: "/data/plot.csv") { dataCollectionId } }""",
        BEAMLINE,
        id=dc_id,
    )
    assert plot["setImageQualityIndicatorsPlot"]["dataCollectionId"] == dc_id
    for number in (1, 3600):
        await run(
            """mutation($dc: Int!, $n: Int!) { addImage(input: {dataCollectionId: $dc,
                 imageNumber: $n, fileName: "lyso_1.cbf", fileLocation: "/data"}) { imageId } }""",
            BEAMLINE,
            dc=dc_id,
            n=number,
        )
    images = "SELECT COUNT(*) FROM Image WHERE dataCollectionId = :id"
    assert await scalar(gw, images, id=dc_id) == 2


async def test_server_times_when_the_client_sends_none(run: Run, gw: Services) -> None:
    before = dt.datetime.now().replace(microsecond=0)
    group_id = await _group(run)
    sql = "SELECT startTime FROM DataCollectionGroup WHERE dataCollectionGroupId = :id"
    started = await scalar(gw, sql, id=group_id)
    assert before <= started <= dt.datetime.now() + dt.timedelta(seconds=1)


async def test_robot_actions_scans_and_spectra(run: Run, gw: Services) -> None:
    action = await run(
        """mutation($s: Int!) { recordRobotAction(input: {blsessionId: $s, blsampleId: 2,
             actionType: "LOAD", status: "SUCCESS", containerLocation: 2, dewarLocation: 1,
             sampleBarcode: "GX9"}) { robotActionId robotAction { actionType } } }""",
        BEAMLINE,
        s=SESSION,
    )
    assert action["recordRobotAction"]["robotActionId"] > 0
    assert action["recordRobotAction"]["robotAction"] is None  # the account reads nothing
    scan = await run(
        """mutation($s: Int!) { createEnergyScan(input: {sessionId: $s, blSampleId: 2,
             element: "Se", edgeEnergy: "K", peakEnergy: 12.66, inflectionEnergy: 12.65,
             remoteEnergy: 12.8}) { energyScanId blSampleHasEnergyScanId } }""",
        BEAMLINE,
        s=SESSION,
    )
    ids = scan["createEnergyScan"]
    link = "SELECT energyScanId FROM BLSample_has_EnergyScan WHERE blSampleHasEnergyScanId = :id"
    assert await scalar(gw, link, id=ids["blSampleHasEnergyScanId"]) == ids["energyScanId"]
    spectrum = await run(
        """mutation($s: Int!) { createXfeSpectrum(input: {sessionId: $s, energy: 13.0,
             exposureTime: 1.0, filename: "xrf.raw"}) { xfeFluorescenceSpectrumId
             xfeSpectrum { energy } } }""",
        STAFF,
        s=SESSION,
    )
    assert spectrum["createXfeSpectrum"]["xfeSpectrum"]["energy"] == 13.0
    refused = await run(
        'mutation { recordRobotAction(input: {blsessionId: 2, actionType: "JUMP"}) { robotActionId } }',
        BEAMLINE,
        expect_errors=True,
    )
    assert refused["errors"][0]["extensions"]["problems"][0]["path"] == "input.actionType"


async def test_sessions_setups_and_detectors(run: Run, gw: Services) -> None:
    created = await run(
        """mutation { createSession(input: {proposalId: 1, beamLineName: "id30a-3",
             comments: "Session created by the BCM"}) { sessionId } }""",
        BEAMLINE,
    )
    session_id = created["createSession"]["sessionId"]
    sql = "SELECT CONCAT(beamLineName, ':', nbShifts) FROM BLSession WHERE sessionId = :id"
    assert await scalar(gw, sql, id=session_id) == "id30a-3:3"
    elsewhere = await run(
        'mutation { createSession(input: {proposalId: 1, beamLineName: "id23-1"}) { sessionId } }',
        BEAMLINE,
        expect_errors=True,
    )
    assert _code(elsewhere) == "FORBIDDEN"
    setup = await run(
        """mutation($s: Int!) { attachBeamLineSetup(sessionId: $s, input: {synchrotronName: "ESRF",
             undulatorType1: "U35", monochromatorType: "Si111", polarisation: 0.99,
             minExposureTimePerImage: 0.002}) { beamLineSetupId } }""",
        BEAMLINE,
        s=session_id,
    )
    setup_id = setup["attachBeamLineSetup"]["beamLineSetupId"]
    named = "SELECT beamLineSetupId FROM BLSession WHERE sessionId = :id"
    assert await scalar(gw, named, id=session_id) == setup_id
    async with gw.engine.begin() as conn:
        from sqlalchemy import text

        await conn.execute(
            text(
                "INSERT INTO Detector (detectorId, detectorManufacturer, detectorModel, "
                "detectorMode, detectorType) VALUES (7, 'Dectris', 'Eiger2 16M', '4M ROI', 'Photon counting')"
            )
        )
    found = await run(
        '{ detector(manufacturer: "Dectris", model: "Eiger2 16M", mode: "4M ROI") { detectorId detectorType } }',
        BEAMLINE,
    )
    assert found["detector"] == {"detectorId": 7, "detectorType": "Photon counting"}
    none = await run('{ detector(manufacturer: "Dectris", model: "Pilatus") { detectorId } }')
    assert none["detector"] is None


async def test_a_retry_answers_the_first_result_and_writes_nothing(
    run: Run, gw: Services, acquisition_url: str, redis_url: str
) -> None:
    group_id = await _group(run)
    variables = {"dataCollectionGroupId": group_id, "numberOfImages": 100}
    first = (await run(COLLECTION, BEAMLINE, input=variables, key="dc-1"))["createDataCollection"]
    count = "SELECT COUNT(*) FROM DataCollection WHERE dataCollectionGroupId = :id"
    assert first["replayed"] is False
    # The retry reaches another replica: the keys are in Redis.
    other = build_services(Settings(sql_url=acquisition_url, redis_url=redis_url))
    other.idempotency_keys = gw.idempotency_keys
    try:
        again = await make_runner(other)(COLLECTION, BEAMLINE, input=variables, key="dc-1")
    finally:
        await other.engine.dispose()
    assert again["createDataCollection"] == {**first, "replayed": True}
    assert await scalar(gw, count, id=group_id) == 1
    changed = await run(
        COLLECTION,
        BEAMLINE,
        expect_errors=True,
        input={**variables, "numberOfImages": 200},
        key="dc-1",
    )
    assert _code(changed) == "IDEMPOTENCY_KEY_REUSED"
    assert await scalar(gw, count, id=group_id) == 1
    # A failed write releases its key: the corrected retry goes through.
    bad = {"dataCollectionGroupId": 10**8}
    assert _code(await run(COLLECTION, BEAMLINE, expect_errors=True, input=bad, key="k2")) == (
        "NOT_FOUND"
    )
    fixed = await run(
        GROUP, BEAMLINE, input={"sessionId": SESSION, "experimentType": "OSC"}, key="k2"
    )
    assert fixed["createDataCollectionGroup"]["replayed"] is False


async def test_concurrent_retries_write_once(run: Run, gw: Services) -> None:
    import asyncio

    group_id = await _group(run)
    variables = {"dataCollectionGroupId": group_id, "numberOfImages": 7}
    results = await asyncio.gather(
        *(run(COLLECTION, BEAMLINE, input=variables, key="same") for _ in range(4))
    )
    answers = [r["createDataCollection"] for r in results]
    assert len({a["dataCollectionId"] for a in answers}) == 1
    assert sorted(a["replayed"] for a in answers) == [False, True, True, True]
    count = "SELECT COUNT(*) FROM DataCollection WHERE dataCollectionGroupId = :id"
    assert await scalar(gw, count, id=group_id) == 1
