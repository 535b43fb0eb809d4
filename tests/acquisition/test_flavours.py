"""MXCuBE's writes on published ISPyB flavours: each column checked against the site's own.

Diamond's schema dropped workflows (v4 on): there the workflow mutations are refused
with a code and everything else is written; on ESRF's, everything is.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio
from sqlalchemy import create_engine, text

from gateway.app import build_services
from gateway.settings import Settings
from gateway.sql.adapt import learn_and_attach
from gateway.sql.engine import sync_url
from tests.acquisition.conftest import BEAMLINE
from tests.conftest import create_database, drop_database
from tests.flavours.published import FLAVOURS, load, mariadb_client
from tests.graph.conftest import make_runner

pytestmark = pytest.mark.skipif(
    mariadb_client() is None, reason="the mariadb command-line client loads the published DDL"
)
T0 = dt.datetime(2026, 11, 29, 8, 0)
ROWS: list[tuple[str, dict[str, Any]]] = [
    ("Person", {"personId": 1, "login": "pi", "familyName": "Pi"}),
    ("Proposal", {"proposalId": 1, "personId": 1, "proposalCode": "mx", "proposalNumber": "1"}),
    (
        "BLSession",
        {"sessionId": 1, "proposalId": 1, "beamLineName": "id30a-3", "startDate": T0},
    ),
    ("Protein", {"proteinId": 1, "proposalId": 1, "acronym": "lyso"}),
    ("Crystal", {"crystalId": 1, "proteinId": 1}),
    ("BLSample", {"blSampleId": 1, "crystalId": 1, "name": "s1"}),
]
DAY = """mutation {
  g: createDataCollectionGroup(input: {sessionId: 1, experimentType: "OSC", blSampleId: 1,
      actualContainerSlotInSC: 2, actualSampleSlotInContainer: 5}) { dataCollectionGroupId }
  r: recordRobotAction(input: {blsessionId: 1, blsampleId: 1, actionType: "LOAD",
      status: "SUCCESS"}) { robotActionId }
  e: createEnergyScan(input: {sessionId: 1, blSampleId: 1, element: "Se", peakEnergy: 12.6})
      { energyScanId blSampleHasEnergyScanId }
  x: createXfeSpectrum(input: {sessionId: 1, energy: 13.0}) { xfeFluorescenceSpectrumId }
  s: attachBeamLineSetup(sessionId: 1, input: {synchrotronName: "ESRF"}) { beamLineSetupId }
}"""
# Every C3 column MXCuBE sends (inventory 1.2), at create and at update.
COLLECTION = """mutation($g: Int!) {
  c: createDataCollection(input: {dataCollectionGroupId: $g, runStatus: "Running",
      axisStart: 0, axisEnd: 180, axisRange: 0.1, overlap: 0, numberOfImages: 1800,
      startImageNumber: 1, numberOfPasses: 1, exposureTime: 0.01, imageDirectory: "/data/x",
      rotationAxis: "Omega", omegaStart: 0, kappaStart: 0, phiStart: 0, detector2Theta: 0,
      wavelength: 0.97, resolution: 1.5, resolutionAtCorner: 1.2, detectorDistance: 200,
      xBeam: 150.1, yBeam: 160.2, beamSizeAtSampleX: 0.05, beamSizeAtSampleY: 0.03,
      beamShape: "ellipse", slitGapHorizontal: 0.1, slitGapVertical: 0.05, imagePrefix: "x",
      imageSuffix: "cbf", fileTemplate: "x_1_%05d.cbf", dataCollectionNumber: 1,
      synchrotronMode: "7/8", flux: 1e12, transmission: 50, undulatorGap1: 6.5,
      undulatorGap2: 7.5, undulatorGap3: 8.5, startTime: "2026-11-29T09:00:00"})
      { dataCollectionId }
}"""
UPDATE = """mutation($d: Int!) {
  u: updateDataCollection(dataCollectionId: $d, input: {xtalSnapshotFullPath1: "/s1.png",
      xtalSnapshotFullPath2: "/s2.png", xtalSnapshotFullPath3: "/s3.png",
      xtalSnapshotFullPath4: "/s4.png", centeringMethod: "xray",
      actualCenteringPosition: "phi=0", fluxEnd: 9e11, runStatus: "Successful",
      endTime: "2026-11-29T09:03:00"}) { dataCollectionId }
  i: addImage(input: {dataCollectionId: $d, imageNumber: 1, fileName: "x_1_00001.cbf",
      fileLocation: "/data/x", measuredIntensity: 1.0, synchrotronCurrent: 200,
      machineMessage: "ok", temperature: 100, jpegFileFullPath: "/j.jpg",
      jpegThumbnailFileFullPath: "/t.jpg"}) { imageId }
}"""
MESH = """mutation($g: Int!) { saveMeshWorkflow(dataCollectionGroupId: $g,
  workflow: {workflowType: "MeshScan"}, mesh: {value1: 1}, gridInfo: {stepsX: 3, stepsY: 3})
  { workflowId gridInfoId } }"""


def _insert(url: str) -> None:
    engine = create_engine(sync_url(url))
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("SET SESSION sql_mode = ''")
            for table, row in ROWS:
                columns = ", ".join(f"`{k}`" for k in row)
                values = ", ".join(f":{k}" for k in row)
                conn.execute(text(f"INSERT INTO `{table}` ({columns}) VALUES ({values})"), row)
    finally:
        engine.dispose()


@pytest_asyncio.fixture
async def flavour_url(mysql_server_url: str) -> AsyncIterator[str]:
    url = await create_database(mysql_server_url, "gw_acq_flavour")
    yield url
    await drop_database(mysql_server_url, url)


@pytest.mark.parametrize(
    "flavour",
    [f for f in FLAVOURS if f.name in ("esrf-v1.0.0", "dls-v5.0.0")],
    ids=lambda f: f.name,
)
async def test_the_day_is_written_on_each_flavour(flavour: Any, flavour_url: str) -> None:
    await asyncio.to_thread(load, flavour, flavour_url)
    await asyncio.to_thread(_insert, flavour_url)
    services = build_services(Settings(sql_url=flavour_url))
    try:
        live = await learn_and_attach(services.engine)
        assert not live.fatal, [d.line() for d in live.fatal]
        run = make_runner(services)
        day = await run(DAY, BEAMLINE)
        group = day["g"]["dataCollectionGroupId"]
        assert day["e"]["blSampleHasEnergyScanId"]
        dc = (await run(COLLECTION, BEAMLINE, g=group))["c"]["dataCollectionId"]
        assert (await run(UPDATE, BEAMLINE, d=dc))["i"]["imageId"]
        async with services.engine.connect() as conn:
            written = (
                await conn.execute(
                    text(
                        "SELECT CONCAT(runStatus, '|', xtalSnapshotFullPath4, '|', undulatorGap3)"
                        " FROM DataCollection WHERE dataCollectionId = :d"
                    ),
                    {"d": dc},
                )
            ).scalar()
        assert written == "Successful|/s4.png|8.5"
        if flavour.name.startswith("dls"):  # no Workflow tables there
            refused = await run(MESH, BEAMLINE, expect_errors=True, g=group)
            assert refused["errors"][0]["extensions"]["code"] == "NOT_SUPPORTED_BY_DATABASE"
        else:
            assert (await run(MESH, BEAMLINE, g=group))["saveMeshWorkflow"]["gridInfoId"]
    finally:
        await services.close()
