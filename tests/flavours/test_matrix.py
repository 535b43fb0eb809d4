"""Every vendored published ISPyB schema: load, adopt, read the whole graph, revise.

Per flavour, on MariaDB: the DDL as published is loaded with the command-line
client, rows are inserted with whichever of the official columns that flavour has,
`db adopt` must stamp it, the screening revisions run up and down where the
flavour's screening tables are the ones they know (elsewhere their preflight must
refuse and change nothing), and a query generated from the schema reads every
field and relation reachable from each root as staff, as a member and as an
outsider, compared with SQL on the same rows.
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
from gateway.auth.viewer import Viewer
from gateway.graphql.schema import build_schema
from gateway.settings import Settings
from gateway.sql.adopt import BASELINE, adopt
from gateway.sql.change.preflight import PreflightFailed
from gateway.sql.engine import sync_url
from gateway.sql.migrate import current_revision, downgrade, head_revision, upgrade
from tests.conftest import create_database, drop_database
from tests.flavours.published import FLAVOURS, Flavour, checksum, load, mariadb_client
from tests.flavours.walk import every_field
from tests.graph.conftest import make_runner

pytestmark = pytest.mark.skipif(
    mariadb_client() is None, reason="the mariadb command-line client loads the published DDL"
)

T0 = dt.datetime(2024, 5, 2, 8, 30)
# Rows in the baseline (official) shape, parents first. Columns a flavour lacks are dropped.
ROWS: list[tuple[str, dict[str, Any]]] = [
    ("Person", {"personId": 1, "login": "member1", "familyName": "Member", "givenName": "Mia"}),
    ("Person", {"personId": 2, "login": "outsider", "familyName": "Other", "givenName": "Oz"}),
    (
        "Proposal",
        {
            "proposalId": 1,
            "personId": 1,
            "proposalCode": "mx",
            "proposalNumber": "4242",
            "title": "Flavour check",
            "proposalType": "MX",
        },
    ),
    ("ProposalHasPerson", {"proposalHasPersonId": 1, "proposalId": 1, "personId": 1}),
    (
        "BLSession",
        {
            "sessionId": 1,
            "proposalId": 1,
            "beamLineName": "id30a1",
            "visit_number": 1,
            "startDate": T0,
            "endDate": T0 + dt.timedelta(days=1),
            "comments": "flavour session",
        },
    ),
    ("Protein", {"proteinId": 1, "proposalId": 1, "name": "Lysozyme", "acronym": "lyso"}),
    ("Crystal", {"crystalId": 1, "proteinId": 1, "spaceGroup": "P43212", "cell_a": 79.1}),
    ("Shipping", {"shippingId": 1, "proposalId": 1, "shippingName": "flavour shipment"}),
    ("Dewar", {"dewarId": 1, "shippingId": 1, "code": "D1", "dewarStatus": "processing"}),
    (
        "Container",
        {
            "containerId": 1,
            "dewarId": 1,
            "code": "P1",
            "capacity": 16,
            "beamlineLocation": "id30a1",
            "sampleChangerLocation": "1",
            "containerStatus": "processing",
        },
    ),
    (
        "BLSample",
        {"blSampleId": 1, "crystalId": 1, "containerId": 1, "name": "lyso-1", "code": "L1"},
    ),
    (
        "DataCollectionGroup",
        {
            "dataCollectionGroupId": 1,
            "sessionId": 1,
            "blSampleId": 1,
            "experimentType": "OSC",
            "startTime": T0,
            "comments": "group one",
        },
    ),
    (
        "DataCollection",
        {
            "dataCollectionId": 1,
            "dataCollectionGroupId": 1,
            "imagePrefix": "lyso",
            "imageDirectory": "/data/id30a1/mx4242",
            "numberOfImages": 3600,
            "startTime": T0,
            "endTime": T0 + dt.timedelta(minutes=3),
            "runStatus": "Successful",
            "wavelength": 0.9677,
            "magnification": 2,
        },
    ),
    (
        "AutoProcProgram",
        {
            "autoProcProgramId": 1,
            "dataCollectionId": 1,  # ESRF's link; Diamond's flavours have none
            "processingPrograms": "xia2 dials",
            "processingStatus": "1",  # the ENUM value at ESRF, TINYINT 1 at Diamond
        },
    ),
    (
        "AutoProcIntegration",
        {
            "autoProcIntegrationId": 1,
            "dataCollectionId": 1,
            "autoProcProgramId": 1,
            "cell_a": 79.2,
            "anomalous": 0,
        },
    ),
    ("AutoProc", {"autoProcId": 1, "autoProcProgramId": 1, "spaceGroup": "P43212"}),
    ("AutoProcScaling", {"autoProcScalingId": 1, "autoProcId": 1}),
    (
        "AutoProcScalingStatistics",
        {
            "autoProcScalingStatisticsId": 1,
            "autoProcScalingId": 1,
            "scalingStatisticsType": "overall",
            "resolutionLimitHigh": 1.4,
        },
    ),
    (
        "AutoProcScaling_has_Int",
        {"autoProcScaling_has_IntId": 1, "autoProcScalingId": 1, "autoProcIntegrationId": 1},
    ),
    (
        "Screening",
        {
            "screeningId": 1,
            "dataCollectionId": 1,
            "dataCollectionGroupId": 1,
            "programVersion": "EDNA",
        },
    ),
    (
        "ScreeningOutput",
        {
            "screeningOutputId": 1,
            "screeningId": 1,
            "mosaicity": 0.12,
            "indexingSuccess": 1,
            "strategySuccess": 1,
        },
    ),
    (
        "ScreeningOutputLattice",
        {"screeningOutputLatticeId": 1, "screeningOutputId": 1, "spaceGroup": "P4"},
    ),
    ("ScreeningStrategy", {"screeningStrategyId": 1, "screeningOutputId": 1, "program": "BEST"}),
    ("Movie", {"movieId": 1, "dataCollectionId": 1, "movieNumber": 1}),
    ("MotionCorrection", {"motionCorrectionId": 1, "movieId": 1}),
    ("CTF", {"CTFid": 1, "motionCorrectionId": 1}),
]
REVISED_TABLES = (
    "Screening",
    "ScreeningOutput",
    "ScreeningOutputLattice",
    "ScreeningStrategy",
    "ScreeningStrategyWedge",
    "ScreeningStrategySubWedge",
    "DataCollection",
)

STAFF = Viewer(login="staff", person_id=None, is_staff=True, is_worker=False)
MEMBER = Viewer(login="member1", person_id=1, is_staff=False, is_worker=False)
OUTSIDER = Viewer(login="outsider", person_id=2, is_staff=False, is_worker=False)


def _insert_rows(url: str) -> None:
    engine = create_engine(sync_url(url))
    try:
        with engine.begin() as conn:
            # Published DDLs have NOT NULL columns without defaults that a site's
            # programs fill; the rows here only name what the gateway reads.
            conn.exec_driver_sql("SET SESSION sql_mode = ''")
            # Diamond's Container refers to tables the gateway does not read
            # (ProcessingPipeline, by a NOT NULL default): not filled here.
            conn.exec_driver_sql("SET SESSION foreign_key_checks = 0")
            for table, row in ROWS:
                live = {
                    name
                    for (name,) in conn.execute(
                        text(
                            "SELECT COLUMN_NAME FROM information_schema.COLUMNS "
                            "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = :t"
                        ),
                        {"t": table},
                    )
                }
                kept = {k: v for k, v in row.items() if k in live}
                columns = ", ".join(f"`{k}`" for k in kept)
                values = ", ".join(f":{k}" for k in kept)
                conn.execute(text(f"INSERT INTO `{table}` ({columns}) VALUES ({values})"), kept)
    finally:
        engine.dispose()


def _checksums(url: str) -> dict[str, Any]:
    engine = create_engine(sync_url(url))
    try:
        with engine.connect() as conn:
            existing = {
                n
                for (n,) in conn.execute(
                    text(
                        "SELECT TABLE_NAME FROM information_schema.TABLES "
                        "WHERE TABLE_SCHEMA = DATABASE()"
                    )
                )
            }
            return {
                t: conn.exec_driver_sql(f"CHECKSUM TABLE `{t}`").one()[1]
                for t in REVISED_TABLES
                if t in existing
            }
    finally:
        engine.dispose()


def _scalar(url: str, sql: str) -> Any:
    engine = create_engine(sync_url(url))
    try:
        with engine.connect() as conn:
            return conn.execute(text(sql)).scalar()
    finally:
        engine.dispose()


@pytest_asyncio.fixture
async def flavour_db(mysql_server_url: str) -> AsyncIterator[str]:
    url = await create_database(mysql_server_url, "gw_flavour")
    yield url
    await drop_database(mysql_server_url, url)


ROOTS = (
    ("proposals", ""),
    ("sessions", ""),
    ("dataCollections", ""),
    ("proposal", "(proposalId: 1)"),
    ("proposalByName", '(name: "mx4242")'),
    ("session", "(sessionId: 1)"),
    ("dataCollectionGroup", "(dataCollectionGroupId: 1)"),
    ("dataCollection", "(dataCollectionId: 1)"),
    ("shipments", ""),
    ("dewars", ""),
    ("samples", ""),
    ("proteins", ""),
    ("container", "(containerId: 1)"),
)


async def _read_whole_graph(url: str) -> None:
    settings = Settings(
        sql_url=url,
        max_query_depth=60,
        max_tokens=200_000,
        max_aliases=100,
        max_page_size=500,
        max_query_cost=10**15,  # the walk asks for everything on purpose
    )
    services = build_services(settings)
    try:
        live = await services.learn_live_schema()
        assert not live.fatal, [d.line() for d in live.fatal]
        schema = build_schema(settings)
        run = make_runner(services)

        for root, args in ROOTS:
            document = every_field(schema._schema, root, args)
            staff = await run(document, STAFF)
            member = await run(document, MEMBER)
            outsider = await run(document, OUTSIDER)
            # The member owns the only proposal: they see what staff see.
            assert member == staff, root
            value = outsider[root]
            assert value is None or value["totalCount"] == 0, (root, value)

        # Values compared with SQL on the same rows.
        probe = await run(
            """{ dataCollection(dataCollectionId: 1) {
                   imagePrefix numberOfImages magnification
                   autoProcPrograms { autoProcProgramId processingPrograms processingStatus }
                   autoProcIntegrations { cellA autoProcProgramId }
                 } }""",
            MEMBER,
        )
        dc = probe["dataCollection"]
        assert dc["imagePrefix"] == _scalar(
            url, "SELECT imagePrefix FROM DataCollection WHERE dataCollectionId = 1"
        )
        assert dc["numberOfImages"] == 3600
        assert dc["magnification"] == _scalar(
            url, "SELECT CAST(magnification AS SIGNED) FROM DataCollection"
        )
        # Found through AutoProcProgram.dataCollectionId, or derived from the integration.
        assert [p["autoProcProgramId"] for p in dc["autoProcPrograms"]] == [1]
        assert dc["autoProcPrograms"][0]["processingStatus"] == "1"
        assert dc["autoProcIntegrations"] == [
            {"cellA": pytest.approx(79.2), "autoProcProgramId": 1}
        ]
        # MXCuBE's synchronisation on every flavour: the placed puck's sample, for the member.
        changer = await run(
            """{ sampleChanger(beamLineName: "id30a1", proposalId: 1) { blSampleId
                   container { code dewar { shipment { shippingName } } } } }""",
            MEMBER,
        )
        assert changer["sampleChanger"] == [
            {
                "blSampleId": 1,
                "container": {
                    "code": "P1",
                    "dewar": {"shipment": {"shippingName": "flavour shipment"}},
                },
            }
        ]
        hidden = await run(
            "{ dataCollection(dataCollectionId: 1) { autoProcPrograms { autoProcProgramId } } }",
            OUTSIDER,
        )
        assert hidden["dataCollection"] is None
    finally:
        await services.close()


def _revisions_know_the_screening_tables(flavour: Flavour) -> bool:
    """Diamond's screening tables carry columns the revisions would not keep."""
    return flavour.repository.startswith("ispyb/")


@pytest.mark.parametrize("flavour", FLAVOURS, ids=lambda f: f.name)
async def test_published_schema(flavour: Flavour, flavour_db: str) -> None:
    assert checksum(flavour) == flavour.sha256, "the vendored file is not the published one"
    await asyncio.to_thread(load, flavour, flavour_db)
    await asyncio.to_thread(_insert_rows, flavour_db)

    report = await asyncio.to_thread(adopt, flavour_db)
    assert report.stamped and not report.fatal, report.text()
    assert current_revision(flavour_db) == BASELINE

    before = await asyncio.to_thread(_checksums, flavour_db)
    if _revisions_know_the_screening_tables(flavour):
        await asyncio.to_thread(upgrade, flavour_db)
        assert current_revision(flavour_db) == head_revision()
        await _read_whole_graph(flavour_db)
        await asyncio.to_thread(downgrade, flavour_db, BASELINE)
        assert current_revision(flavour_db) == BASELINE
        assert await asyncio.to_thread(_checksums, flavour_db) == before
    else:
        # 0002 drops the (empty) ranking tables; 0003 refuses before it changes anything.
        with pytest.raises(PreflightFailed, match="not known to this revision"):
            await asyncio.to_thread(upgrade, flavour_db)
        assert current_revision(flavour_db) == "0002_screening_ranking"
        assert await asyncio.to_thread(_checksums, flavour_db) == before
        # Served there (GATEWAY_REQUIRE_DB_REVISION=false): the merged screening columns
        # read as NULL, everything else as it is.
        await _read_whole_graph(flavour_db)
        await asyncio.to_thread(downgrade, flavour_db, BASELINE)
        assert await asyncio.to_thread(_checksums, flavour_db) == before
