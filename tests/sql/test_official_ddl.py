"""What the official DDL says and `ispyb-models-pyispyb` cannot tell: signedness, DOUBLE, names.

The generated reference models drop UNSIGNED, render DOUBLE as `Float(asdecimal=True)`
and lose index and foreign-key names. These tables were read off the official
DDL (ispyb-database, schema/1_tables.sql) for the mapped tables; the models and
the baseline (reflected from MariaDB) must carry every one of them.
"""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import Float, create_engine, inspect
from sqlalchemy.dialects import mysql

from gateway.sql import models  # noqa: F401  (registers every mapped table)
from gateway.sql.engine import sync_url
from gateway.sql.legacy import baseline_metadata
from gateway.sql.migrate import upgrade

# The baseline revision creates the official shape; later revisions reshape screening.
BASELINE = baseline_metadata()

MYSQL = mysql.dialect()

# Integer columns the DDL declares SIGNED; every other INT, SMALLINT and TINYINT(3)
# of the mapped tables is UNSIGNED, and TINYINT(1) flags are signed.
SIGNED_INTEGERS: dict[str, set[str]] = {
    # The acquisition tables (gateway/sql/models/acquisition.py).
    "Detector": {"detectorId"},
    "Workflow": {"workflowTypeId"},
    "RobotAction": {"containerLocation", "dewarLocation"},
    "BLSample_has_EnergyScan": {"blSampleHasEnergyScanId"},
    "GridInfo": {"dataCollectionGroupId"},
    "WorkflowStep": {"workflowStepId"},
    "AutoProcScalingStatistics": {"nTotalUniqueObservations", "nTotalObservations"},
    "BLSession": {"nbReimbDewars"},
    "CTF": {"CTFid", "motionCorrectionId"},
    "DataCollection": {"magnification", "detectorId", "dataCollectionGroupId"},
    "DataCollectionGroup": {"dataCollectionGroupId"},
    "MotionCorrection": {"motionCorrectionId", "movieId"},
    "Movie": {"movieId", "movieNumber"},
    "Person": {"siteId"},
    "SchemaStatus": {"schemaStatusId"},
    "Screening": {"dataCollectionGroupId"},
    "ScreeningInput": {"diffractionPlanId"},
    "ScreeningOutput": {"totalNumberOfImages"},
}

# Foreign keys between mapped tables, by their DDL name: table -> {name: column}.
FOREIGN_KEY_NAMES: dict[str, dict[str, str]] = {
    # The acquisition tables (gateway/sql/models/acquisition.py).
    "RobotAction": {"RobotAction_FK1": "blsessionId", "RobotAction_FK2": "blsampleId"},
    "EnergyScan": {"ES_ibfk_1": "sessionId", "ES_ibfk_2": "blSampleId"},
    "BLSample_has_EnergyScan": {
        "BLSample_has_EnergyScan_ibfk_1": "blSampleId",
        "BLSample_has_EnergyScan_ibfk_2": "energyScanId",
    },
    "XFEFluorescenceSpectrum": {"XFE_ibfk_1": "sessionId", "XFE_ibfk_2": "blSampleId"},
    "Image": {"Image_ibfk_1": "dataCollectionId", "Image_ibfk_3": "dataCollectionId"},
    "WorkflowMesh": {
        "WorkflowMesh_ibfk_2": "bestImageId",
        "WorkflowMesh_workflowfk_1": "workflowId",
    },
    "GridInfo": {"GridInfo_ibfk_1": "workflowMeshId", "GridInfo_ibfk_2": "dataCollectionGroupId"},
    "WorkflowStep": {"step_to_workflow_fk": "workflowId"},
    "AutoProcIntegration": {
        "AutoProcIntegration_ibfk_1": "dataCollectionId",
        "AutoProcIntegration_ibfk_2": "autoProcProgramId",
    },
    "AutoProcProgram": {"AutoProcProgram_FK1": "dataCollectionId"},
    "AutoProcScaling": {"AutoProcScalingFk1": "autoProcId"},
    "AutoProcScalingStatistics": {"AutoProcScalingStatisticsFk1": "autoProcScalingId"},
    "AutoProcScaling_has_Int": {
        "AutoProcScaling_has_IntFk1": "autoProcScalingId",
        "AutoProcScaling_has_IntFk2": "autoProcIntegrationId",
    },
    "BLSample": {"BLSample_ibfk_2": "crystalId"},
    "BLSession": {"BLSession_ibfk_1": "proposalId", "BLSession_ibfk_2": "beamLineSetupId"},
    "Crystal": {"Crystal_ibfk_1": "proteinId"},
    "DataCollection": {
        "DataCollection_ibfk_1": "strategySubWedgeOrigId",
        "DataCollection_ibfk_2": "detectorId",
        "DataCollection_ibfk_3": "dataCollectionGroupId",
    },
    "DataCollectionGroup": {
        "DataCollectionGroup_ibfk_1": "blSampleId",
        "DataCollectionGroup_ibfk_2": "sessionId",
        "DataCollectionGroup_ibfk_3": "workflowId",
    },
    "MotionCorrection": {"fk_MotionCorrection_1": "movieId"},
    "Movie": {"dataCollectionToMovie": "dataCollectionId"},
    "Proposal": {"Proposal_ibfk_1": "personId"},
    "ProposalHasPerson": {
        "fk_ProposalHasPerson_Personal": "personId",
        "fk_ProposalHasPerson_Proposal": "proposalId",
    },
    "Protein": {"Protein_ibfk_1": "proposalId"},
    "Screening": {"Screening_ibfk_1": "dataCollectionGroupId"},
    "ScreeningInput": {"ScreeningInput_ibfk_1": "screeningId"},
    "ScreeningOutput": {"ScreeningOutput_ibfk_1": "screeningId"},
    "ScreeningOutputLattice": {"ScreeningOutputLattice_ibfk_1": "screeningOutputId"},
    "ScreeningRank": {
        "ScreeningRank_ibfk_1": "screeningId",
        "ScreeningRank_ibfk_2": "screeningRankSetId",
    },
    "ScreeningStrategy": {"ScreeningStrategy_ibfk_1": "screeningOutputId"},
    "ScreeningStrategySubWedge": {"ScreeningStrategySubWedge_FK1": "screeningStrategyWedgeId"},
    "ScreeningStrategyWedge": {"ScreeningStrategyWedge_IBFK_1": "screeningStrategyId"},
    "Session_has_Person": {
        "Session_has_Person_ibfk_1": "sessionId",
        "Session_has_Person_ibfk_2": "personId",
    },
    "UserGroup_has_Permission": {
        "UserGroup_has_Permission_fk1": "userGroupId",
        "UserGroup_has_Permission_fk2": "permissionId",
    },
    "UserGroup_has_Person": {
        "userGroup_has_Person_fk1": "userGroupId",
        "userGroup_has_Person_fk2": "personId",
    },
}

# Indexes by their DDL name: table -> {name: (columns, unique)}.
INDEXES: dict[str, dict[str, tuple[tuple[str, ...], bool]]] = {
    # The acquisition tables (gateway/sql/models/acquisition.py).
    "Detector": {
        "Detector_ibuk1": (("detectorSerialNumber",), True),
        "Detector_FKIndex1": (
            (
                "detectorType",
                "detectorManufacturer",
                "detectorModel",
                "detectorPixelSizeHorizontal",
                "detectorPixelSizeVertical",
            ),
            False,
        ),
    },
    "RobotAction": {
        "RobotAction_FK1": (("blsessionId",), False),
        "RobotAction_FK2": (("blsampleId",), False),
    },
    "EnergyScan": {
        "EnergyScan_FKIndex2": (("sessionId",), False),
        "ES_ibfk_2": (("blSampleId",), False),
        "ES_ibfk_3": (("blSubSampleId",), False),
    },
    "BLSample_has_EnergyScan": {
        "BLSample_has_EnergyScan_FKIndex1": (("blSampleId",), False),
        "BLSample_has_EnergyScan_FKIndex2": (("energyScanId",), False),
    },
    "XFEFluorescenceSpectrum": {
        "XFEFluorescnceSpectrum_FKIndex1": (("blSampleId",), False),
        "XFEFluorescnceSpectrum_FKIndex2": (("sessionId",), False),
        "XFE_ibfk_3": (("blSubSampleId",), False),
    },
    "Image": {
        "Image_FKIndex1": (("dataCollectionId",), False),
        "Image_FKIndex2": (("imageNumber",), False),
        "Image_Index3": (("fileLocation", "fileName"), False),
        "motorPositionId": (("motorPositionId",), False),
    },
    "WorkflowMesh": {
        "WorkflowMesh_FKIndex1": (("workflowId",), False),
        "bestPositionId": (("bestPositionId",), False),
        "bestImageId": (("bestImageId",), False),
    },
    "GridInfo": {
        "workflowMeshId": (("workflowMeshId",), False),
        "GridInfo_ibfk_2": (("dataCollectionGroupId",), False),
    },
    "WorkflowStep": {"step_to_workflow_fk_idx": (("workflowId",), False)},
    "AutoProc": {
        "AutoProc_FKIndex1": (("autoProcProgramId",), False),
    },
    "AutoProcIntegration": {
        "AutoProcIntegrationIdx1": (("dataCollectionId",), False),
        "AutoProcIntegration_FKIndex1": (("autoProcProgramId",), False),
    },
    "AutoProcProgram": {
        "fk_AutoProcProgram_1_idx": (("dataCollectionId",), False),
    },
    "AutoProcScaling": {
        "AutoProcScalingFk1": (("autoProcId",), False),
        "AutoProcScalingIdx1": (("autoProcScalingId", "autoProcId"), False),
    },
    "AutoProcScalingStatistics": {
        "AutoProcScalingStatisticsIdx1": (("autoProcScalingId",), False),
        "AutoProcScalingStatistics_FKindexType": (("scalingStatisticsType",), False),
    },
    "AutoProcScaling_has_Int": {
        "AutoProcScl_has_IntIdx1": (("autoProcScalingId",), False),
        "AutoProcScal_has_IntIdx2": (("autoProcIntegrationId",), False),
        "AutoProcScalingHasInt_FKIndex3": (("autoProcScalingId", "autoProcIntegrationId"), False),
    },
    "BLSample": {
        "BLSample_FKIndex1": (("containerId",), False),
        "BLSample_FKIndex2": (("crystalId",), False),
        "BLSample_FKIndex3": (("diffractionPlanId",), False),
        "crystalId": (("crystalId", "containerId"), False),
        "BLSample_Index1": (("name",), False),
        "BLSample_FKIndex_Status": (("blSampleStatus",), False),
        "BLSample_fk5": (("screenComponentGroupId",), False),
    },
    "BLSession": {
        "Session_FKIndex1": (("proposalId",), False),
        "Session_FKIndex2": (("beamLineSetupId",), False),
        "Session_FKIndexStartDate": (("startDate",), False),
        "Session_FKIndexEndDate": (("endDate",), False),
        "Session_FKIndexBeamLineName": (("beamLineName",), False),
        "BLSession_FKIndexOperatorSiteNumber": (("operatorSiteNumber",), False),
        "nbShifts": (("nbShifts",), False),
    },
    "CTF": {
        "fk_CTF_1_idx": (("motionCorrectionId",), False),
    },
    "Crystal": {
        "Crystal_FKIndex1": (("proteinId",), False),
        "Crystal_FKIndex2": (("diffractionPlanId",), False),
    },
    "DataCollection": {
        "DataCollection_FKIndex1": (("dataCollectionGroupId",), False),
        "DataCollection_FKIndex2": (("strategySubWedgeOrigId",), False),
        "DataCollection_FKIndex3": (("detectorId",), False),
        "DataCollection_FKIndexStartTime": (("startTime",), False),
        "DataCollection_FKIndexImageDirectory": (("imageDirectory",), False),
        "DataCollection_FKIndexDCNumber": (("dataCollectionNumber",), False),
        "DataCollection_FKIndexImagePrefix": (("imagePrefix",), False),
        "startPositionId": (("startPositionId",), False),
        "endPositionId": (("endPositionId",), False),
        "blSubSampleId": (("blSubSampleId",), False),
    },
    "DataCollectionGroup": {
        "DataCollectionGroup_FKIndex1": (("blSampleId",), False),
        "DataCollectionGroup_FKIndex2": (("sessionId",), False),
        "workflowId": (("workflowId",), False),
    },
    "MotionCorrection": {
        "fk_MotionCorrection_1_idx": (("movieId",), False),
    },
    "Movie": {
        "dataCollectionToMovie_idx": (("dataCollectionId",), False),
        "movieFullPath_idx": (("movieFullPath",), False),
    },
    "Person": {
        "Person_FKIndex1": (("laboratoryId",), False),
        "Person_FKIndexFamilyName": (("familyName",), False),
        "Person_FKIndex_Login": (("login",), False),
        "siteId": (("siteId",), False),
    },
    "Proposal": {
        "Proposal_FKIndex1": (("personId",), False),
        "Proposal_FKIndexCodeNumber": (("proposalCode", "proposalNumber"), False),
    },
    "ProposalHasPerson": {
        "fk_ProposalHasPerson_Proposal": (("proposalId",), False),
        "fk_ProposalHasPerson_Personal": (("personId",), False),
    },
    "Protein": {
        "Protein_FKIndex1": (("proposalId",), False),
        "ProteinAcronym_Index": (("proposalId", "acronym"), False),
        "Protein_FKIndex2": (("personId",), False),
        "Protein_Index2": (("acronym",), False),
        "protein_fk3": (("componentTypeId",), False),
    },
    "SchemaStatus": {
        "scriptName": (("scriptName",), True),
    },
    "Screening": {
        "Screening_FKIndexDiffractionPlanId": (("diffractionPlanId",), False),
        "dcgroupId": (("dataCollectionGroupId",), False),
    },
    "ScreeningInput": {
        "ScreeningInput_FKIndex1": (("screeningId",), False),
    },
    "ScreeningOutput": {
        "ScreeningOutput_FKIndex1": (("screeningId",), False),
    },
    "ScreeningOutputLattice": {
        "ScreeningOutputLattice_FKIndex1": (("screeningOutputId",), False),
    },
    "ScreeningRank": {
        "ScreeningRank_FKIndex1": (("screeningId",), False),
        "ScreeningRank_FKIndex2": (("screeningRankSetId",), False),
    },
    "ScreeningStrategy": {
        "ScreeningStrategy_FKIndex1": (("screeningOutputId",), False),
    },
    "ScreeningStrategySubWedge": {
        "ScreeningStrategySubWedge_FK1": (("screeningStrategyWedgeId",), False),
    },
    "ScreeningStrategyWedge": {
        "ScreeningStrategyWedge_IBFK_1": (("screeningStrategyId",), False),
    },
    "Session_has_Person": {
        "Session_has_Person_FKIndex1": (("sessionId",), False),
        "Session_has_Person_FKIndex2": (("personId",), False),
    },
    "UserGroup": {
        "UserGroup_idx1": (("name",), True),
    },
    "UserGroup_has_Permission": {
        "UserGroup_has_Permission_fk2": (("permissionId",), False),
    },
    "UserGroup_has_Person": {
        "userGroup_has_Person_fk2": (("personId",), False),
    },
}


def _integer_problems() -> list[str]:
    problems = []
    for table in BASELINE.sorted_tables:
        signed = SIGNED_INTEGERS.get(table.name, set())
        for column in table.columns:
            type_ = column.type.dialect_impl(MYSQL)
            if not isinstance(type_, mysql.INTEGER | mysql.SMALLINT | mysql.TINYINT):
                continue
            flag = isinstance(type_, mysql.TINYINT) and type_.display_width == 1
            want = not (column.name in signed or flag)
            if bool(type_.unsigned) != want:
                problems.append(f"{table.name}.{column.name}: unsigned={type_.unsigned}")
    return problems


def test_integers_are_unsigned_exactly_where_the_ddl_says() -> None:
    assert not _integer_problems(), "\n".join(_integer_problems())
    for table, names in SIGNED_INTEGERS.items():
        assert names <= set(BASELINE.tables[table].columns.keys()), table


def test_double_columns_are_double() -> None:
    """The reference marks the DDL's DOUBLE columns as Float(asdecimal=True)."""
    from ispyb.models import Base as Reference

    problems = []
    for table in BASELINE.sorted_tables:
        reference = Reference.metadata.tables[table.name]
        for column in table.columns:
            official = reference.columns[column.name].type
            if not isinstance(official, Float):
                continue
            ddl = column.type.compile(MYSQL)
            want = "DOUBLE" if official.asdecimal else "FLOAT"
            if ddl != want:
                problems.append(f"{table.name}.{column.name}: {ddl}, official {want}")
            # Read back as float, not Decimal, whatever the MySQL type.
            assert column.type.python_type is float, f"{table.name}.{column.name}"
    assert not problems, "\n".join(problems)


def test_models_name_keys_and_indexes_as_the_ddl() -> None:
    for table in BASELINE.sorted_tables:
        fks = {fk.name: fk.column_keys[0] for fk in table.foreign_key_constraints}
        assert fks == FOREIGN_KEY_NAMES.get(table.name, {}), table.name
        indexes = {
            str(ix.name): (tuple(c.name for c in ix.columns), bool(ix.unique))
            for ix in table.indexes
        }
        assert indexes == INDEXES.get(table.name, {}), table.name


def test_every_table_is_innodb_utf8mb4() -> None:
    for table in BASELINE.sorted_tables:
        assert table.kwargs.get("mysql_engine") == "InnoDB", table.name
        assert table.kwargs.get("mysql_charset") == "utf8mb4", table.name


async def test_baseline_creates_the_ddl_names_unsigned_and_doubles(empty_mysql_url: str) -> None:
    await asyncio.to_thread(upgrade, empty_mysql_url, "0001_baseline")
    engine = create_engine(sync_url(empty_mysql_url))
    try:
        problems = await asyncio.to_thread(_live_problems, engine)
    finally:
        engine.dispose()
    assert not problems, "\n".join(problems)


def _live_problems(engine: Any) -> list[str]:
    problems: list[str] = []
    with engine.connect() as conn:
        inspector = inspect(conn)
        for table in BASELINE.sorted_tables:
            name = table.name
            fks = {
                fk["name"]: (fk["constrained_columns"][0], fk["options"].get("ondelete"))
                for fk in inspector.get_foreign_keys(name)
            }
            for fk in table.foreign_key_constraints:
                if fks.get(str(fk.name)) != (fk.column_keys[0], fk.ondelete):
                    problems.append(f"{name}: foreign key {fk.name} {fks.get(str(fk.name))}")
            if len(fks) != len(table.foreign_key_constraints):
                problems.append(f"{name}: foreign keys {sorted(fks)}")
            live = {
                ix["name"]: (tuple(ix["column_names"]), bool(ix["unique"]))
                for ix in inspector.get_indexes(name)
            }
            if live != INDEXES.get(name, {}):
                problems.append(f"{name}: indexes {live}")
            types = {c["name"]: c["type"] for c in inspector.get_columns(name)}
            for column in table.columns:
                want = column.type.dialect_impl(conn.dialect)
                have = types[column.name]
                if getattr(have, "unsigned", False) != getattr(want, "unsigned", False):
                    problems.append(f"{name}.{column.name}: live {have!r}")
                if isinstance(want, mysql.DOUBLE) != isinstance(have, mysql.DOUBLE):
                    problems.append(f"{name}.{column.name}: live {have!r}")
    return problems
