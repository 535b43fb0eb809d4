"""The screening clean-up, as three revisions a DBA applies one at a time.

* 0002 removes `ScreeningRank` and `ScreeningRankSet` (unused; must be empty,
  unless the DBA asks for an export and drop);
* 0003 merges `ScreeningOutput` into `Screening` (one output per screening);
  lattices and strategies then refer to `Screening`;
* 0004 merges `ScreeningStrategyWedge` and `ScreeningStrategySubWedge` into
  `ScreeningStrategy` (one of each per strategy); values the chain repeated are
  kept once, and `DataCollection.strategySubWedgeOrigId` is remapped to the
  merged strategy.

Ids of the merged-away rows are kept (`screeningOutputId`,
`screeningStrategyWedgeId`, `screeningStrategySubWedgeId`) so that downgrade
gives every row back its id. Rows written after the upgrade have none; on
downgrade they get fresh ids, and an output, wedge or sub-wedge row exists
wherever any of its values (or a child) does.

SQLite (the demo only ever builds a fresh database) takes a shortcut: the
tables are recreated empty in their new shape; rows are refused, not moved.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import Connection, MetaData, Table, insert, text
from sqlalchemy.dialects import mysql

from gateway.sql.change import ddl
from gateway.sql.change.plan import Build, Change, ForeignKey, column_exists, table_exists
from gateway.sql.change.preflight import Check
from gateway.sql.change.views import DATACOLLECTION, SUMMARY_SCREENING

RANKING_EXPORT = "ranking-export"  # option: export non-empty ranking tables to FILE, then drop

SCREENING = (
    "screeningId diffractionPlanId dataCollectionGroupId dataCollectionId bltimeStamp "
    "programVersion comments shortComments xmlSampleInformation"
).split()
OUTPUT = (
    "statusDescription rejectedReflections resolutionObtained spotDeviationR spotDeviationTheta "
    "beamShiftX beamShiftY numSpotsFound numSpotsUsed numSpotsRejected mosaicity iOverSigma "
    "diffractionRings strategySuccess mosaicityEstimated rankingResolution program doseTotal "
    "totalExposureTime totalRotationRange totalNumberOfImages rFriedel indexingSuccess "
    "screeningSuccess"
).split()
OUTPUT_NOT_NULL = {"strategySuccess", "mosaicityEstimated", "indexingSuccess"}  # DEFAULT 0
LATTICE = (
    "spaceGroup pointGroup bravaisLattice rawOrientationMatrix_a_x rawOrientationMatrix_a_y "
    "rawOrientationMatrix_a_z rawOrientationMatrix_b_x rawOrientationMatrix_b_y "
    "rawOrientationMatrix_b_z rawOrientationMatrix_c_x rawOrientationMatrix_c_y "
    "rawOrientationMatrix_c_z unitCell_a unitCell_b unitCell_c unitCell_alpha unitCell_beta "
    "unitCell_gamma bltimeStamp labelitIndexing"
).split()
STRATEGY = (
    "phiStart phiEnd rotation exposureTime resolution completeness multiplicity anomalous "
    "program rankingResolution transmission"
).split()
# Old column -> merged column, for what only the wedge / sub-wedge held.
WEDGE_OWN = {
    "wedgeNumber": "wedgeNumber",
    "doseTotal": "doseTotal",
    "numberOfImages": "numberOfImages",
    "phi": "phi",
    "kappa": "kappa",
    "chi": "chi",
    "comments": "wedgeComments",
    "wavelength": "wavelength",
}
SUB_WEDGE_OWN = {
    "subWedgeNumber": "subWedgeNumber",
    "rotationAxis": "rotationAxis",
    "axisStart": "axisStart",
    "axisEnd": "axisEnd",
    "oscillationRange": "oscillationRange",
    "comments": "subWedgeComments",
}
# Values the chain repeats, kept once: (child, parent, columns that must be equal).
REPEATED = (
    ("ScreeningStrategyWedge", "ScreeningStrategy", ("resolution", "completeness", "multiplicity")),
    (
        "ScreeningStrategySubWedge",
        "ScreeningStrategyWedge",
        ("resolution", "completeness", "multiplicity", "doseTotal", "numberOfImages"),
    ),
    ("ScreeningStrategySubWedge", "ScreeningStrategy", ("exposureTime", "transmission")),
)
SUB_WEDGE_COLUMNS = (  # the official column order
    "subWedgeNumber rotationAxis axisStart axisEnd exposureTime transmission oscillationRange "
    "completeness multiplicity doseTotal numberOfImages comments resolution"
).split()
WEDGE_COLUMNS = (
    "wedgeNumber resolution completeness multiplicity doseTotal numberOfImages phi kappa chi "
    "comments wavelength"
).split()


def _cols(names: Sequence[str], alias: str = "") -> str:
    prefix = f"{alias}." if alias else ""
    return ", ".join(f"{prefix}`{n}`" for n in names)


def _any_set(alias: str, names: Sequence[str]) -> str:
    return " OR ".join(f"{alias}.`{n}` IS NOT NULL" for n in names)


def _duplicates(table: str, parent: str) -> str:
    return f"SELECT `{parent}` FROM `{table}` GROUP BY `{parent}` HAVING COUNT(*) > 1"


def _orphans(table: str, key: str, parent: str, parent_table: str, parent_key: str) -> str:
    return (
        f"SELECT c.`{key}` FROM `{table}` c LEFT JOIN `{parent_table}` p "
        f"ON p.`{parent_key}` = c.`{parent}` WHERE p.`{parent_key}` IS NULL"
    )


_INTEGER = re.compile(r"^(tinyint|smallint|mediumint|int|bigint)\(\d+\)")
_LIVE_TYPE = (
    "IF(c.DATA_TYPE IN ('tinyint', 'smallint', 'mediumint', 'int', 'bigint'), "
    "CONCAT(c.DATA_TYPE, IF(c.COLUMN_TYPE LIKE '%unsigned%', ' unsigned', '')), c.COLUMN_TYPE)"
)


def _declared(create: str) -> dict[str, str]:
    """Column -> type of a frozen CREATE TABLE, integer display widths dropped (MySQL 8 has none)."""
    found = re.findall(r"^  `(\w+)` ([a-z]+(?:\([\d,]+\))?(?: unsigned)?)", create, re.M)
    return {column: _INTEGER.sub(r"\1", type_) for column, type_ in found}


def _types(
    reads: dict[str, str], partners: dict[tuple[str, str], str], skip: tuple[str, ...] = ()
) -> Check:
    """Columns whose live type is not the official one: the copy would change their values,
    or a foreign key between a rebuilt and a kept table could not be added after the swap.
    `skip` names `table.column`s an earlier pending revision creates (`db check` runs them all
    on the current schema)."""
    expected = [
        (t, c, ty)
        for t, create in reads.items()
        for c, ty in _declared(create).items()
        if f"{t}.{c}" not in skip
    ]
    expected += [(t, c, _INTEGER.sub(r"\1", ty)) for (t, c), ty in partners.items()]
    rows = " UNION ALL ".join(
        f"SELECT '{t}' AS tb, '{c}' AS col, '{ty}' AS ty" for t, c, ty in expected
    )
    return Check(
        "columns missing or not of the official type (fix them, or tell us about your variant)",
        f"SELECT CONCAT(e.tb, '.', e.col, ' is ', COALESCE({_LIVE_TYPE}, 'missing'), "
        f"', expected ', e.ty) FROM ({rows}) e LEFT JOIN information_schema.COLUMNS c "
        "ON c.TABLE_SCHEMA = DATABASE() AND c.TABLE_NAME = e.tb AND c.COLUMN_NAME = e.col "
        f"WHERE c.COLUMN_NAME IS NULL OR {_LIVE_TYPE} <> e.ty",
    )


def _unknown(shapes: dict[str, tuple[str, ...]]) -> Check:
    """Live columns of a rebuilt table that no shape the revision knows declares: the rebuilt
    table would not have them and their values would be lost. Diamond's flavour has some
    (Screening.autoProcProgramId, ScreeningOutput.alignmentSuccess). `shapes` gives, per
    table, every CREATE it may have when the check runs (before or after an earlier revision)."""
    known = " UNION ALL ".join(
        f"SELECT '{t}' AS tb, '{c}' AS col"
        for t, creates in shapes.items()
        for c in sorted({c for create in creates for c in _declared(create)})
    )
    tables = ", ".join(f"'{t}'" for t in shapes)
    return Check(
        "columns not known to this revision: the rebuilt tables would lose them "
        "(tell us about your variant)",
        "SELECT CONCAT(c.TABLE_NAME, '.', c.COLUMN_NAME) FROM information_schema.COLUMNS c "
        f"LEFT JOIN ({known}) k ON k.tb = c.TABLE_NAME AND k.col = c.COLUMN_NAME "
        f"WHERE c.TABLE_SCHEMA = DATABASE() AND c.TABLE_NAME IN ({tables}) AND k.col IS NULL",
    )


# -- 0002: ranking tables -------------------------------------------------------------------

_RANK_FKS = (
    ForeignKey(
        "ScreeningRank", "ScreeningRank_ibfk_1", "`screeningId`", "Screening", "`screeningId`"
    ),
    ForeignKey(
        "ScreeningRank",
        "ScreeningRank_ibfk_2",
        "`screeningRankSetId`",
        "ScreeningRankSet",
        "`screeningRankSetId`",
    ),
)


def _export_ranking(conn: Connection, options: dict[str, str]) -> set[str]:
    """With `--ranking-export FILE`: write the rows as INSERTs (reloadable after downgrade)."""
    path = options.get(RANKING_EXPORT)
    if not path:
        return set()
    lines = ["-- ScreeningRankSet and ScreeningRank rows, exported before revision 0002"]
    meta = MetaData()
    for name in ("ScreeningRankSet", "ScreeningRank"):
        table = Table(name, meta, autoload_with=conn)
        for row in conn.execute(table.select().order_by(*table.primary_key.columns)).mappings():
            statement = insert(table).values(dict(row))
            compiled = statement.compile(
                dialect=mysql.dialect(), compile_kwargs={"literal_binds": True}
            )
            lines.append(f"{compiled};")
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return {RANKING_EXPORT}


RANKING_UP = Change(
    revision="0002_screening_ranking",
    direction="upgrade",
    swapped=f"SELECT ({table_exists('ScreeningRank')}) + ({table_exists('ScreeningRankSet')}) = 0",
    checks=(
        Check(
            "ScreeningRank rows (the table must be empty)",
            "SELECT `screeningRankId` FROM `ScreeningRank`",
            RANKING_EXPORT,
        ),
        Check(
            "ScreeningRankSet rows (the table must be empty)",
            "SELECT `screeningRankSetId` FROM `ScreeningRankSet`",
            RANKING_EXPORT,
        ),
    ),
    retire=("ScreeningRank", "ScreeningRankSet"),
    prepare=_export_ranking,
)
RANKING_DOWN = Change(
    revision="0002_screening_ranking",
    direction="downgrade",
    swapped=table_exists("ScreeningRank"),
    builds=(Build("ScreeningRankSet", ddl.RANK_SET), Build("ScreeningRank", ddl.RANK)),
    attach=_RANK_FKS,
)

# -- 0003: Screening absorbs ScreeningOutput ------------------------------------------------

_INPUT_FK = ForeignKey(
    "ScreeningInput", "ScreeningInput_ibfk_1", "`screeningId`", "Screening", "`screeningId`"
)
_WEDGE_FK = ForeignKey(
    "ScreeningStrategyWedge",
    "ScreeningStrategyWedge_IBFK_1",
    "`screeningStrategyId`",
    "ScreeningStrategy",
    "`screeningStrategyId`",
)
_SCREENING_FK = ForeignKey(
    "Screening",
    "Screening_ibfk_1",
    "`dataCollectionGroupId`",
    "DataCollectionGroup",
    "`dataCollectionGroupId`",
    "ON DELETE CASCADE",
)


def _child_fks(parent_table: str, parent_key: str) -> tuple[ForeignKey, ...]:
    return (
        ForeignKey(
            "ScreeningOutputLattice",
            "ScreeningOutputLattice_ibfk_1",
            f"`{parent_key}`",
            parent_table,
            f"`{parent_key}`",
        ),
        ForeignKey(
            "ScreeningStrategy",
            "ScreeningStrategy_ibfk_1",
            f"`{parent_key}`",
            parent_table,
            f"`{parent_key}`",
        ),
    )


def _reparent(
    table: str, key: str, columns: Sequence[str], to_key: str, via: str, via_from: str, via_to: str
) -> str:
    """Copy a child table, taking its parent column through the former/new parent."""
    return (
        f"INSERT INTO `{{name}}` (`{key}`, `{to_key}`, {_cols(columns)}) "
        f"SELECT c.`{key}`, p.`{via_to}`, {_cols(columns, 'c')} FROM `{table}` c "
        f"JOIN `{via}` p ON p.`{via_from}` = c.`{via_from}` ORDER BY c.`{key}`"
    )


MERGE_UP = Change(
    revision="0003_screening_merge",
    direction="upgrade",
    swapped=column_exists("Screening", "screeningOutputId"),
    checks=(
        _types(
            {
                "Screening": ddl.SCREENING_BASELINE,
                "ScreeningOutput": ddl.SCREENING_OUTPUT,
                "ScreeningOutputLattice": ddl.LATTICE_BASELINE,
                "ScreeningStrategy": ddl.STRATEGY_BASELINE,
            },
            {
                ("ScreeningInput", "screeningId"): "int(10) unsigned",
                ("ScreeningStrategyWedge", "screeningStrategyId"): "int(10) unsigned",
                ("DataCollectionGroup", "dataCollectionGroupId"): "int(11)",
            },
        ),
        _unknown(
            {
                "Screening": (ddl.SCREENING_BASELINE,),
                "ScreeningOutput": (ddl.SCREENING_OUTPUT,),
                "ScreeningOutputLattice": (ddl.LATTICE_BASELINE,),
                "ScreeningStrategy": (ddl.STRATEGY_BASELINE,),
            }
        ),
        Check(
            "screenings with more than one output", _duplicates("ScreeningOutput", "screeningId")
        ),
        Check(
            "outputs whose screening does not exist",
            _orphans(
                "ScreeningOutput", "screeningOutputId", "screeningId", "Screening", "screeningId"
            ),
        ),
        Check(
            "lattices whose output does not exist",
            _orphans(
                "ScreeningOutputLattice",
                "screeningOutputLatticeId",
                "screeningOutputId",
                "ScreeningOutput",
                "screeningOutputId",
            ),
        ),
        Check(
            "strategies whose output does not exist",
            _orphans(
                "ScreeningStrategy",
                "screeningStrategyId",
                "screeningOutputId",
                "ScreeningOutput",
                "screeningOutputId",
            ),
        ),
    ),
    builds=(
        Build(
            "Screening",
            ddl.SCREENING_MERGED,
            f"INSERT INTO `{{name}}` ({_cols(SCREENING)}, `screeningOutputId`, {_cols(OUTPUT)}) "
            f"SELECT {_cols(SCREENING, 's')}, o.`screeningOutputId`, {_cols(OUTPUT, 'o')} "
            "FROM `Screening` s LEFT JOIN `ScreeningOutput` o ON o.`screeningId` = s.`screeningId` "
            "ORDER BY s.`screeningId`",
        ),
        Build(
            "ScreeningOutputLattice",
            ddl.LATTICE_MERGED,
            _reparent(
                "ScreeningOutputLattice",
                "screeningOutputLatticeId",
                LATTICE,
                "screeningId",
                "ScreeningOutput",
                "screeningOutputId",
                "screeningId",
            ),
        ),
        Build(
            "ScreeningStrategy",
            ddl.STRATEGY_REPARENTED,
            _reparent(
                "ScreeningStrategy",
                "screeningStrategyId",
                STRATEGY,
                "screeningId",
                "ScreeningOutput",
                "screeningOutputId",
                "screeningId",
            ),
        ),
    ),
    retire=("Screening", "ScreeningOutput", "ScreeningOutputLattice", "ScreeningStrategy"),
    detach=(_INPUT_FK, _WEDGE_FK),
    attach=(_SCREENING_FK, *_child_fks("Screening", "screeningId"), _INPUT_FK, _WEDGE_FK),
    views=(SUMMARY_SCREENING["screening merged"], DATACOLLECTION["screening merged"]),
)

_HAS_OUTPUT = (
    f"s.`screeningOutputId` IS NOT NULL OR {_any_set('s', OUTPUT)}"
    " OR EXISTS (SELECT 1 FROM `ScreeningOutputLattice` l WHERE l.`screeningId` = s.`screeningId`)"
    " OR EXISTS (SELECT 1 FROM `ScreeningStrategy` t WHERE t.`screeningId` = s.`screeningId`)"
)
_OUTPUT_VALUES = ", ".join(
    f"COALESCE(s.`{c}`, 0)" if c in OUTPUT_NOT_NULL else f"s.`{c}`" for c in OUTPUT
)

MERGE_DOWN = Change(
    revision="0003_screening_merge",
    direction="downgrade",
    swapped=table_exists("ScreeningOutput"),
    builds=(
        Build(
            "Screening",
            ddl.SCREENING_BASELINE,
            f"INSERT INTO `{{name}}` ({_cols(SCREENING)}) SELECT {_cols(SCREENING)} "
            "FROM `Screening` ORDER BY `screeningId`",
        ),
        Build(
            "ScreeningOutput",
            ddl.SCREENING_OUTPUT,
            # rows without a former id come last, so their fresh ids follow the kept ones
            f"INSERT INTO `{{name}}` (`screeningOutputId`, `screeningId`, {_cols(OUTPUT)}) "
            f"SELECT s.`screeningOutputId`, s.`screeningId`, {_OUTPUT_VALUES} FROM `Screening` s "
            f"WHERE {_HAS_OUTPUT} "
            "ORDER BY s.`screeningOutputId` IS NULL, s.`screeningOutputId`, s.`screeningId`",
        ),
        Build(
            "ScreeningOutputLattice",
            ddl.LATTICE_BASELINE,
            _reparent(
                "ScreeningOutputLattice",
                "screeningOutputLatticeId",
                LATTICE,
                "screeningOutputId",
                "_gw_new_ScreeningOutput",
                "screeningId",
                "screeningOutputId",
            ),
        ),
        Build(
            "ScreeningStrategy",
            ddl.STRATEGY_BASELINE,
            _reparent(
                "ScreeningStrategy",
                "screeningStrategyId",
                STRATEGY,
                "screeningOutputId",
                "_gw_new_ScreeningOutput",
                "screeningId",
                "screeningOutputId",
            ),
        ),
    ),
    retire=("Screening", "ScreeningOutputLattice", "ScreeningStrategy"),
    detach=(_INPUT_FK, _WEDGE_FK),
    attach=(
        _SCREENING_FK,
        ForeignKey(
            "ScreeningOutput",
            "ScreeningOutput_ibfk_1",
            "`screeningId`",
            "Screening",
            "`screeningId`",
        ),
        *_child_fks("ScreeningOutput", "screeningOutputId"),
        _INPUT_FK,
        _WEDGE_FK,
    ),
    views=(SUMMARY_SCREENING["baseline"], DATACOLLECTION["baseline"]),
)

# -- 0004: ScreeningStrategy absorbs its wedge and sub-wedge ------------------------------

_STRATEGY_FK = ForeignKey(
    "ScreeningStrategy", "ScreeningStrategy_ibfk_1", "`screeningId`", "Screening", "`screeningId`"
)
_COLLECTION_FK = ForeignKey(
    "DataCollection",
    "DataCollection_ibfk_1",
    "`strategySubWedgeOrigId`",
    "ScreeningStrategy",
    "`screeningStrategyId`",
)
_KEYS = {
    "ScreeningStrategy": "screeningStrategyId",
    "ScreeningStrategyWedge": "screeningStrategyWedgeId",
    "ScreeningStrategySubWedge": "screeningStrategySubWedgeId",
}
_PARENT = {
    "ScreeningStrategyWedge": ("w", "ScreeningStrategy", "screeningStrategyId"),
    "ScreeningStrategySubWedge": ("sw", "ScreeningStrategyWedge", "screeningStrategyWedgeId"),
}


def _differs(child: str, parent: str, column: str) -> Check:
    """Rows of `child` whose `column` is not the value its parent has (NULL-safe).

    The checks of one child/parent pair share their join, counted in one pass."""
    key = _KEYS[child]
    if parent == _PARENT[child][1]:
        link = _PARENT[child][2]
        scan = f"`{child}` c JOIN `{parent}` p ON p.`{link}` = c.`{link}`"
    else:  # sub-wedge against strategy, through the wedge
        scan = (
            f"`{child}` c JOIN `ScreeningStrategyWedge` w "
            "ON w.`screeningStrategyWedgeId` = c.`screeningStrategyWedgeId` "
            "JOIN `ScreeningStrategy` p ON p.`screeningStrategyId` = w.`screeningStrategyId`"
        )
    return Check.rows(
        f"{child} rows whose {column} differs from their {parent}'s",
        f"c.`{key}`",
        scan,
        f"NOT (c.`{column}` <=> p.`{column}`)",
    )


STRATEGY_UP = Change(
    revision="0004_screening_strategy_merge",
    direction="upgrade",
    swapped=column_exists("ScreeningStrategy", "screeningStrategySubWedgeId"),
    checks=(
        _types(
            {
                "ScreeningStrategy": ddl.STRATEGY_REPARENTED,
                "ScreeningStrategyWedge": ddl.STRATEGY_WEDGE,
                "ScreeningStrategySubWedge": ddl.STRATEGY_SUB_WEDGE,
            },
            {
                ("DataCollection", "strategySubWedgeOrigId"): "int(10) unsigned",
                ("Screening", "screeningId"): "int(10) unsigned",
            },
            skip=("ScreeningStrategy.screeningId",),  # 0003 creates it
        ),
        _unknown(
            {
                "ScreeningStrategy": (ddl.STRATEGY_BASELINE, ddl.STRATEGY_REPARENTED),
                "ScreeningStrategyWedge": (ddl.STRATEGY_WEDGE,),
                "ScreeningStrategySubWedge": (ddl.STRATEGY_SUB_WEDGE,),
            }
        ),
        Check(
            "strategies with more than one wedge",
            _duplicates("ScreeningStrategyWedge", "screeningStrategyId"),
        ),
        Check(
            "wedges with more than one sub-wedge",
            _duplicates("ScreeningStrategySubWedge", "screeningStrategyWedgeId"),
        ),
        Check(
            "wedges without a strategy",
            _orphans(
                "ScreeningStrategyWedge",
                "screeningStrategyWedgeId",
                "screeningStrategyId",
                "ScreeningStrategy",
                "screeningStrategyId",
            ),
        ),
        Check(
            "sub-wedges without a wedge",
            _orphans(
                "ScreeningStrategySubWedge",
                "screeningStrategySubWedgeId",
                "screeningStrategyWedgeId",
                "ScreeningStrategyWedge",
                "screeningStrategyWedgeId",
            ),
        ),
        Check(
            "data collections whose strategySubWedgeOrigId names no sub-wedge",
            "SELECT dc.`dataCollectionId` FROM `DataCollection` dc LEFT JOIN `ScreeningStrategySubWedge` sw "
            "ON sw.`screeningStrategySubWedgeId` = dc.`strategySubWedgeOrigId` "
            "WHERE dc.`strategySubWedgeOrigId` IS NOT NULL AND sw.`screeningStrategySubWedgeId` IS NULL",
        ),
        *(
            _differs(child, parent, column)
            for child, parent, columns in REPEATED
            for column in columns
        ),
    ),
    builds=(
        Build(
            "ScreeningStrategy",
            ddl.STRATEGY_MERGED,
            f"INSERT INTO `{{name}}` (`screeningStrategyId`, `screeningId`, {_cols(STRATEGY)}, "
            f"`screeningStrategyWedgeId`, {_cols(list(WEDGE_OWN.values()))}, "
            f"`screeningStrategySubWedgeId`, {_cols(list(SUB_WEDGE_OWN.values()))}) "
            f"SELECT s.`screeningStrategyId`, s.`screeningId`, {_cols(STRATEGY, 's')}, "
            f"w.`screeningStrategyWedgeId`, {_cols(list(WEDGE_OWN), 'w')}, "
            f"sw.`screeningStrategySubWedgeId`, {_cols(list(SUB_WEDGE_OWN), 'sw')} "
            "FROM `ScreeningStrategy` s "
            "LEFT JOIN `ScreeningStrategyWedge` w ON w.`screeningStrategyId` = s.`screeningStrategyId` "
            "LEFT JOIN `ScreeningStrategySubWedge` sw ON sw.`screeningStrategyWedgeId` = w.`screeningStrategyWedgeId` "
            "ORDER BY s.`screeningStrategyId`",
        ),
    ),
    retire=("ScreeningStrategy", "ScreeningStrategyWedge", "ScreeningStrategySubWedge"),
    detach=(_COLLECTION_FK,),
    remap=(
        "UPDATE `DataCollection` dc JOIN `ScreeningStrategy` s "
        "ON s.`screeningStrategySubWedgeId` = dc.`strategySubWedgeOrigId` "
        "SET dc.`strategySubWedgeOrigId` = s.`screeningStrategyId`",
    ),
    attach=(_STRATEGY_FK, _COLLECTION_FK),
    views=(SUMMARY_SCREENING["strategy merged"], DATACOLLECTION["strategy merged"]),
)

_HAS_SUB_WEDGE = (
    f"s.`screeningStrategySubWedgeId` IS NOT NULL OR {_any_set('s', list(SUB_WEDGE_OWN.values()))}"
    " OR EXISTS (SELECT 1 FROM `DataCollection` dc WHERE dc.`strategySubWedgeOrigId` = s.`screeningStrategyId`)"
)
_HAS_WEDGE = (
    f"s.`screeningStrategyWedgeId` IS NOT NULL OR {_any_set('s', list(WEDGE_OWN.values()))} "
    f"OR {_HAS_SUB_WEDGE}"
)


def _from_merged(columns: Sequence[str], own: dict[str, str]) -> str:
    return ", ".join(f"s.`{own.get(c, c)}`" for c in columns)


STRATEGY_DOWN = Change(
    revision="0004_screening_strategy_merge",
    direction="downgrade",
    swapped=table_exists("ScreeningStrategyWedge"),
    checks=(
        Check(
            "data collections whose strategySubWedgeOrigId names no strategy",
            "SELECT dc.`dataCollectionId` FROM `DataCollection` dc LEFT JOIN `ScreeningStrategy` s "
            "ON s.`screeningStrategyId` = dc.`strategySubWedgeOrigId` "
            "WHERE dc.`strategySubWedgeOrigId` IS NOT NULL AND s.`screeningStrategyId` IS NULL",
        ),
    ),
    builds=(
        Build(
            "ScreeningStrategy",
            ddl.STRATEGY_REPARENTED,
            f"INSERT INTO `{{name}}` (`screeningStrategyId`, `screeningId`, {_cols(STRATEGY)}) "
            f"SELECT `screeningStrategyId`, `screeningId`, {_cols(STRATEGY)} FROM `ScreeningStrategy` "
            "ORDER BY `screeningStrategyId`",
        ),
        Build(
            "ScreeningStrategyWedge",
            ddl.STRATEGY_WEDGE,
            f"INSERT INTO `{{name}}` (`screeningStrategyWedgeId`, `screeningStrategyId`, {_cols(WEDGE_COLUMNS)}) "
            f"SELECT s.`screeningStrategyWedgeId`, s.`screeningStrategyId`, {_from_merged(WEDGE_COLUMNS, WEDGE_OWN)} "
            f"FROM `ScreeningStrategy` s WHERE {_HAS_WEDGE} "
            "ORDER BY s.`screeningStrategyWedgeId` IS NULL, s.`screeningStrategyWedgeId`, s.`screeningStrategyId`",
        ),
        Build(
            "ScreeningStrategySubWedge",
            ddl.STRATEGY_SUB_WEDGE,
            f"INSERT INTO `{{name}}` (`screeningStrategySubWedgeId`, `screeningStrategyWedgeId`, {_cols(SUB_WEDGE_COLUMNS)}) "
            f"SELECT s.`screeningStrategySubWedgeId`, w.`screeningStrategyWedgeId`, {_from_merged(SUB_WEDGE_COLUMNS, SUB_WEDGE_OWN)} "
            "FROM `ScreeningStrategy` s JOIN `_gw_new_ScreeningStrategyWedge` w "
            "ON w.`screeningStrategyId` = s.`screeningStrategyId` "
            f"WHERE {_HAS_SUB_WEDGE} "
            "ORDER BY s.`screeningStrategySubWedgeId` IS NULL, s.`screeningStrategySubWedgeId`, s.`screeningStrategyId`",
        ),
    ),
    retire=("ScreeningStrategy",),
    detach=(_COLLECTION_FK,),
    remap=(
        "UPDATE `DataCollection` dc "
        "JOIN `ScreeningStrategyWedge` w ON w.`screeningStrategyId` = dc.`strategySubWedgeOrigId` "
        "JOIN `ScreeningStrategySubWedge` sw ON sw.`screeningStrategyWedgeId` = w.`screeningStrategyWedgeId` "
        "SET dc.`strategySubWedgeOrigId` = sw.`screeningStrategySubWedgeId`",
    ),
    attach=(
        _STRATEGY_FK,
        _WEDGE_FK,
        ForeignKey(
            "ScreeningStrategySubWedge",
            "ScreeningStrategySubWedge_FK1",
            "`screeningStrategyWedgeId`",
            "ScreeningStrategyWedge",
            "`screeningStrategyWedgeId`",
        ),
        ForeignKey(
            "DataCollection",
            "DataCollection_ibfk_1",
            "`strategySubWedgeOrigId`",
            "ScreeningStrategySubWedge",
            "`screeningStrategySubWedgeId`",
        ),
    ),
    views=(SUMMARY_SCREENING["screening merged"], DATACOLLECTION["screening merged"]),
)

REVISIONS: dict[str, tuple[Change, Change]] = {
    c.revision: (c, d)
    for c, d in ((RANKING_UP, RANKING_DOWN), (MERGE_UP, MERGE_DOWN), (STRATEGY_UP, STRATEGY_DOWN))
}


# -- SQLite (demo): recreate, never move rows ---------------------------------------------


def _recreate(conn: Connection, drop: Sequence[str], create: Sequence[Table]) -> None:
    for name in drop:
        if conn.execute(text(f'SELECT COUNT(*) FROM "{name}"')).scalar():
            raise RuntimeError(
                f"{name} has rows: on SQLite (the demo database) this revision only reshapes "
                "empty tables; rebuild the demo with `ispyb-gateway demo --reset`"
            )
    for name in drop:
        conn.execute(text(f'DROP TABLE "{name}"'))
    for table in create:
        table.create(conn)


def _baseline(*names: str) -> list[Table]:
    from gateway.sql.legacy import baseline_metadata

    tables = baseline_metadata().tables
    return [tables[n] for n in names]


def _head(*names: str) -> list[Table]:
    from gateway.sql import models  # noqa: F401  (registers every mapped table)
    from gateway.sql.base import Base

    return [Base.metadata.tables[n] for n in names]


def _point_collections_at(conn: Connection, table: str, column: str) -> None:
    from alembic import op

    with op.batch_alter_table("DataCollection", recreate="always") as batch:
        batch.drop_constraint("DataCollection_ibfk_1", type_="foreignkey")
        batch.create_foreign_key(
            "DataCollection_ibfk_1",
            table,
            ["strategySubWedgeOrigId"],
            [column],
            ondelete="CASCADE",
            onupdate="CASCADE",
        )


def sqlite_ranking_up(conn: Connection) -> None:
    _recreate(conn, ["ScreeningRank", "ScreeningRankSet"], [])


def sqlite_ranking_down(conn: Connection) -> None:
    _recreate(conn, [], _baseline("ScreeningRankSet", "ScreeningRank"))


def sqlite_merge_up(conn: Connection) -> None:
    """Nothing: on SQLite, 0004 reshapes the whole chain at once (see below)."""


def sqlite_merge_down(conn: Connection) -> None:
    """Nothing: 0004's downgrade restored the whole chain."""


_CHAIN = (
    "ScreeningStrategySubWedge",
    "ScreeningStrategyWedge",
    "ScreeningStrategy",
    "ScreeningOutputLattice",
    "ScreeningOutput",
    "Screening",
)


def sqlite_strategy_up(conn: Connection) -> None:
    # Batch mode reflects DataCollection and every table its keys reach, so the
    # baseline chain must still be whole while it re-points the strategy key.
    _point_collections_at(conn, "ScreeningStrategy", "screeningStrategyId")
    _recreate(conn, _CHAIN, _head("Screening", "ScreeningOutputLattice", "ScreeningStrategy"))


def sqlite_strategy_down(conn: Connection) -> None:
    drop = ["ScreeningStrategy", "ScreeningOutputLattice", "Screening"]
    _recreate(conn, drop, _baseline(*reversed(_CHAIN)))
    _point_collections_at(conn, "ScreeningStrategySubWedge", "screeningStrategySubWedgeId")
