"""An ISPyB database at the baseline with a hard screening history, and exact snapshots of it.

The rows are what production has and tests rarely do: NULLs everywhere a column
allows them, the extremes of FLOAT and DOUBLE, strings at their column's full
length in several scripts, binary blobs, screenings without output, outputs
without lattices or strategies, strategies without wedges, and data collections
that point at sub-wedges. The official views that read the screening tables
exist too, on stand-ins for the tables they also join (Workflow, phasing).
"""

from __future__ import annotations

import hashlib
import random
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, create_engine, text

from gateway.sql.change.views import DATACOLLECTION, SUMMARY_SCREENING
from gateway.sql.engine import sync_url
from gateway.sql.migrate import upgrade

TABLES = {  # every table the revisions touch, by primary key
    "Screening": "screeningId",
    "ScreeningInput": "screeningInputId",
    "ScreeningOutput": "screeningOutputId",
    "ScreeningOutputLattice": "screeningOutputLatticeId",
    "ScreeningStrategy": "screeningStrategyId",
    "ScreeningStrategyWedge": "screeningStrategyWedgeId",
    "ScreeningStrategySubWedge": "screeningStrategySubWedgeId",
    "ScreeningRank": "screeningRankId",
    "ScreeningRankSet": "screeningRankSetId",
    "DataCollection": "dataCollectionId",
}
VIEWS = ("v_datacollection_summary_screening", "v_datacollection", "v_datacollection_summary")
SUMMARY = (Path(__file__).parent / "official" / "v_datacollection_summary.sql").read_text()
SUMMARY_SELECT = "\n".join(line for line in SUMMARY.splitlines() if not line.startswith("--"))

_STAND_INS = [
    "CREATE TABLE Phasing_has_Scaling (phasingHasScalingId int(11) unsigned NOT NULL PRIMARY KEY, "
    "autoProcScalingId int(10) unsigned)",
    "CREATE TABLE SpaceGroup (spaceGroupId int(10) unsigned NOT NULL PRIMARY KEY, "
    "spaceGroupShortName varchar(45))",
    "CREATE TABLE PhasingStep (phasingStepId int(10) unsigned NOT NULL PRIMARY KEY, "
    "autoProcScalingId int(10) unsigned, spaceGroupId int(10) unsigned, phasingStepType varchar(45))",
    # The official view, as schema/1_tables.sql defines it.
    """CREATE ALGORITHM=MERGE SQL SECURITY INVOKER VIEW v_datacollection_summary_autoprocintegration AS
    SELECT AutoProcIntegration.dataCollectionId AS AutoProcIntegration_dataCollectionId,
    AutoProcIntegration.cell_a AS cell_a, AutoProcIntegration.cell_b AS cell_b,
    AutoProcIntegration.cell_c AS cell_c, AutoProcIntegration.cell_alpha AS cell_alpha,
    AutoProcIntegration.cell_beta AS cell_beta, AutoProcIntegration.cell_gamma AS cell_gamma,
    AutoProcIntegration.anomalous AS anomalous,
    AutoProcIntegration.autoProcIntegrationId AS AutoProcIntegration_autoProcIntegrationId,
    AutoProcProgram.processingPrograms AS v_datacollection_summary_autoprocintegration_processingPrograms,
    AutoProcProgram.autoProcProgramId AS AutoProcProgram_autoProcProgramId,
    AutoProcProgram.processingStatus AS v_datacollection_summary_autoprocintegration_processingStatus,
    AutoProcIntegration.dataCollectionId AS AutoProcIntegration_phasing_dataCollectionId,
    PhasingStep.phasingStepType AS PhasingStep_phasing_phasingStepType,
    SpaceGroup.spaceGroupShortName AS SpaceGroup_spaceGroupShortName,
    AutoProc.autoProcId AS autoProcId, AutoProc.spaceGroup AS AutoProc_spaceGroup,
    AutoProcScalingStatistics.scalingStatisticsType AS scalingStatisticsType,
    AutoProcScalingStatistics.resolutionLimitHigh AS resolutionLimitHigh,
    AutoProcScalingStatistics.resolutionLimitLow AS resolutionLimitLow,
    AutoProcScalingStatistics.rMerge AS rMerge, AutoProcScalingStatistics.meanIOverSigI AS meanIOverSigI,
    AutoProcScalingStatistics.ccHalf AS ccHalf, AutoProcScalingStatistics.completeness AS completeness,
    AutoProcScaling.autoProcScalingId AS autoProcScalingId
    FROM AutoProcIntegration
    LEFT JOIN AutoProcProgram ON AutoProcIntegration.autoProcProgramId = AutoProcProgram.autoProcProgramId
    LEFT JOIN AutoProcScaling_has_Int ON AutoProcScaling_has_Int.autoProcIntegrationId = AutoProcIntegration.autoProcIntegrationId
    LEFT JOIN AutoProcScaling ON AutoProcScaling.autoProcScalingId = AutoProcScaling_has_Int.autoProcScalingId
    LEFT JOIN AutoProcScalingStatistics ON AutoProcScaling.autoProcScalingId = AutoProcScalingStatistics.autoProcScalingId
    LEFT JOIN AutoProc ON AutoProc.autoProcId = AutoProcScaling.autoProcId
    LEFT JOIN Phasing_has_Scaling ON Phasing_has_Scaling.autoProcScalingId = AutoProcScaling.autoProcScalingId
    LEFT JOIN PhasingStep ON PhasingStep.autoProcScalingId = Phasing_has_Scaling.autoProcScalingId
    LEFT JOIN SpaceGroup ON SpaceGroup.spaceGroupId = PhasingStep.spaceGroupId""",
]

FLOATS = [None, 0.0, 1.5, -2.25, 3.4e38, -3.4e38, 1.2e-38, 123456.7]
DOUBLES = [None, 0.0, 1e-300, 1.7976931348623157e308, -2.5e-308, 0.1, 98765.4321]
TEXTS = ["", "é" * 5, "Ω≈ç√∫", "🧪 crystal", "'quoted' \"double\" \\ back"]


def _stand_ins_for(conn: Connection, select: str) -> None:
    """Empty tables with the columns a view reads, for the official tables we do not map
    (Workflow, Container, Detector, ...): the views join them, and LEFT JOIN nothing."""
    present = set(conn.execute(text("SHOW FULL TABLES")).scalars())
    columns: dict[str, list[str]] = {}
    for table, column in re.findall(r"`(\w+)`\.`(\w+)`", select):
        if table in present or table.startswith("v_") or table == "dc2":
            continue
        if column not in columns.setdefault(table, []):
            columns[table].append(column)
    for table, names in columns.items():
        body = ", ".join(f"`{n}` varchar(64) DEFAULT NULL" for n in names)
        conn.exec_driver_sql(f"CREATE TABLE `{table}` ({body})")


def _text(rng: random.Random, width: int) -> str | None:
    choice = rng.random()
    if choice < 0.2:
        return None
    if choice < 0.35:
        return ("€" * width)[:width]  # full width, multi-byte
    return rng.choice(TEXTS)[:width]


def _float(rng: random.Random) -> float | None:
    return rng.choice(FLOATS)


@dataclass
class Filled:
    screenings: int
    sub_wedges: int
    pointing_collections: int


def fill(conn: Connection, screenings: int, seed: int = 7) -> Filled:
    """Rows at the baseline shape, consistent with every preflight rule."""
    rng = random.Random(seed)
    run = conn.exec_driver_sql
    run("SET SESSION sql_mode = ''")
    run("SET SESSION foreign_key_checks = 0")
    for statement in _STAND_INS:
        run(statement)
    _stand_ins_for(conn, SUMMARY_SELECT)
    for view in (SUMMARY_SCREENING["baseline"], DATACOLLECTION["baseline"]):
        run(view.sql())
    run(
        f"CREATE ALGORITHM=MERGE SQL SECURITY INVOKER VIEW v_datacollection_summary AS {SUMMARY_SELECT}"
    )
    run(
        "INSERT INTO Proposal (proposalId, personId, proposalCode, proposalNumber) VALUES (1, 1, 'mx', '1')"
    )
    run("INSERT INTO BLSession (sessionId, proposalId) VALUES (1, 1)")
    groups = max(1, screenings // 4)
    conn.execute(
        text(
            "INSERT INTO DataCollectionGroup (dataCollectionGroupId, sessionId, workflowId) VALUES (:g, 1, NULL)"
        ),
        [{"g": g} for g in range(1, groups + 1)],
    )
    collections = max(1, screenings // 2)
    dcs = [{"d": d, "g": rng.randint(1, groups)} for d in range(1, collections + 1)]
    conn.execute(
        text(
            "INSERT INTO DataCollection (dataCollectionId, dataCollectionGroupId) VALUES (:d, :g)"
        ),
        dcs,
    )
    s_rows, i_rows, o_rows, l_rows, st_rows, w_rows, sw_rows = [], [], [], [], [], [], []
    out_id = lat_id = st_id = w_id = sw_id = 0
    for s in range(1, screenings + 1):
        dc = rng.choice(dcs)
        s_rows.append(
            {
                "screeningId": s,
                "dataCollectionId": dc["d"] if rng.random() > 0.05 else None,
                "dataCollectionGroupId": dc["g"],
                "programVersion": _text(rng, 45),
                "comments": _text(rng, 255),
                "shortComments": _text(rng, 20),
                "xmlSampleInformation": rng.choice([None, b"", bytes(range(256)) * 4]),
                "bltimeStamp": f"2024-0{rng.randint(1, 9)}-1{rng.randint(0, 9)} 12:00:0{rng.randint(0, 9)}",
            }
        )
        if rng.random() < 0.3:
            i_rows.append({"screeningId": s, "beamX": _float(rng), "beamY": _float(rng)})
        if rng.random() < 0.1:
            continue  # a screening without output
        out_id += rng.choice([1, 1, 1, 3])  # ids with gaps
        o_rows.append(
            {
                "screeningOutputId": out_id,
                "screeningId": s,
                "statusDescription": _text(rng, 1024),
                "rejectedReflections": rng.choice([None, 0, 4294967295]),
                "resolutionObtained": _float(rng),
                "mosaicity": _float(rng),
                "diffractionRings": rng.choice([None, 0, 1]),
                "strategySuccess": rng.choice([0, 1]),
                "mosaicityEstimated": rng.choice([0, 1]),
                "rankingResolution": rng.choice(DOUBLES),
                "program": _text(rng, 45),
                "doseTotal": rng.choice(DOUBLES),
                "totalNumberOfImages": rng.choice([None, -2147483648, 2147483647, 900]),
                "rFriedel": rng.choice(DOUBLES),
                "indexingSuccess": rng.choice([0, 1]),
                "screeningSuccess": rng.choice([None, 0, 1]),
            }
        )
        for _ in range(rng.choice([0, 1, 1, 2])):
            lat_id += 1
            l_rows.append(
                {
                    "screeningOutputLatticeId": lat_id,
                    "screeningOutputId": out_id,
                    "spaceGroup": _text(rng, 45),
                    "unitCell_a": _float(rng),
                    "unitCell_gamma": _float(rng),
                    "rawOrientationMatrix_c_z": _float(rng),
                    "labelitIndexing": rng.choice([None, 0, 1]),
                    "bltimeStamp": rng.choice([None, "2023-05-06 07:08:09"]),
                }
            )
        for _ in range(rng.choice([0, 1, 1, 2])):
            st_id += 1
            strategy = {
                "screeningStrategyId": st_id,
                "screeningOutputId": out_id,
                "phiStart": _float(rng),
                "exposureTime": _float(rng),
                "resolution": _float(rng),
                "completeness": _float(rng),
                "multiplicity": _float(rng),
                "anomalous": rng.choice([0, 1]),
                "program": _text(rng, 45),
                "rankingResolution": _float(rng),
                "transmission": _float(rng),
            }
            st_rows.append(strategy)
            if rng.random() < 0.25:
                continue  # a strategy without wedge
            w_id += rng.choice([1, 2])
            wedge = {
                "screeningStrategyWedgeId": w_id,
                "screeningStrategyId": st_id,
                "wedgeNumber": rng.choice([None, 1, 4294967295]),
                "resolution": strategy["resolution"],
                "completeness": strategy["completeness"],
                "multiplicity": strategy["multiplicity"],
                "doseTotal": _float(rng),
                "numberOfImages": rng.choice([None, 0, 3600]),
                "kappa": _float(rng),
                "comments": _text(rng, 255),
                "wavelength": rng.choice(DOUBLES),
            }
            w_rows.append(wedge)
            if rng.random() < 0.25:
                continue  # a wedge without sub-wedge
            sw_id += 1
            sw_rows.append(
                {
                    "screeningStrategySubWedgeId": sw_id,
                    "screeningStrategyWedgeId": w_id,
                    "subWedgeNumber": rng.choice([None, 1]),
                    "rotationAxis": _text(rng, 45),
                    "axisStart": _float(rng),
                    "axisEnd": _float(rng),
                    "exposureTime": strategy["exposureTime"],
                    "transmission": strategy["transmission"],
                    "oscillationRange": _float(rng),
                    "completeness": strategy["completeness"],
                    "multiplicity": strategy["multiplicity"],
                    "doseTotal": wedge["doseTotal"],
                    "numberOfImages": wedge["numberOfImages"],
                    "comments": _text(rng, 255),
                    "resolution": strategy["resolution"],
                }
            )
    for table, rows in (
        ("Screening", s_rows),
        ("ScreeningInput", i_rows),
        ("ScreeningOutput", o_rows),
        ("ScreeningOutputLattice", l_rows),
        ("ScreeningStrategy", st_rows),
        ("ScreeningStrategyWedge", w_rows),
        ("ScreeningStrategySubWedge", sw_rows),
    ):
        _insert(conn, table, rows)
    pointing = 0
    if sw_rows:
        for dc in dcs:
            if rng.random() < 0.4:
                target = rng.randint(1, sw_id)
                conn.execute(
                    text(
                        "UPDATE DataCollection SET strategySubWedgeOrigId = :t WHERE dataCollectionId = :d"
                    ),
                    {"t": target, "d": dc["d"]},
                )
                pointing += 1
    run("SET SESSION foreign_key_checks = 1")
    return Filled(screenings, len(sw_rows), pointing)


def _insert(conn: Connection, table: str, rows: list[dict[str, Any]]) -> None:
    """Rows with different keys: one statement per distinct key set."""
    by_keys: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        by_keys.setdefault(tuple(row), []).append(row)
    for keys, group in by_keys.items():
        columns = ", ".join(f"`{k}`" for k in keys)
        values = ", ".join(f":{k}" for k in keys)
        conn.execute(text(f"INSERT INTO `{table}` ({columns}) VALUES ({values})"), group)


def baseline_database(url: str, screenings: int) -> Filled:
    upgrade(url, "0001_baseline")
    engine = create_engine(sync_url(url))
    try:
        with engine.begin() as conn:
            return fill(conn, screenings)
    finally:
        engine.dispose()


def _digest(row: Any) -> str:
    return hashlib.sha256(repr(tuple(row)).encode()).hexdigest()


@dataclass(frozen=True)
class Snapshot:
    """Per-row digests of every affected table and view, and each table's definition."""

    tables: dict[str, dict[object, str]]
    views: dict[str, tuple[tuple[str, ...], list[str]]]
    ddl: dict[str, str]


def snapshot(url: str, tables: dict[str, str] | None = None) -> Snapshot:
    engine = create_engine(sync_url(url))
    try:
        with engine.connect() as conn:
            present = set(conn.execute(text("SHOW TABLES")).scalars())
            rows: dict[str, dict[object, str]] = {}
            ddl: dict[str, str] = {}
            for table, key in (tables or TABLES).items():
                if table not in present:
                    continue
                result = conn.execute(text(f"SELECT * FROM `{table}` ORDER BY `{key}`"))
                rows[table] = {r._mapping[key]: _digest(r) for r in result}
                create = conn.execute(text(f"SHOW CREATE TABLE `{table}`")).one()[1]
                ddl[table] = re.sub(r" AUTO_INCREMENT=\d+", "", create)
            views = {}
            for view in VIEWS:
                if view in present:
                    result = conn.execute(text(f"SELECT * FROM `{view}`"))
                    views[view] = (tuple(result.keys()), sorted(_digest(r) for r in result))
            return Snapshot(rows, views, ddl)
    finally:
        engine.dispose()


def first_difference(before: dict[object, str], after: dict[object, str]) -> str:
    for key in sorted(set(before) | set(after), key=str):
        if before.get(key) != after.get(key):
            return f"row {key}: {'missing' if key not in after else 'changed' if key in before else 'added'}"
    return "none"
