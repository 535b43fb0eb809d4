"""The screening revisions (0002-0004) on a large database vs. the plain-SQL floor, in one run.

A fresh database (`gw_bench_migration`) at 0001_baseline gets N screenings with their
whole chain (output, lattice, strategy, wedge, sub-wedge; data collections, some of them
pointing at sub-wedges), generated in SQL from MariaDB's SEQUENCE engine. Then, for each
revision in order:

* the floor: the fastest plain SQL producing the same resulting data, run first (it reads
  the tables in their old shape), then dropped;
* the revision: `gateway.sql.migrate.upgrade(url, rev)`, wall clock, preflight included
  (the preflight's share is shown apart, timed inside the same call).

The floor of each revision, per table the revision rebuilds:

* 0002: `DROP TABLE` of two empty tables (created just before, untimed);
* 0003: one `CREATE TABLE floor_x AS SELECT` each for Screening (LEFT JOIN ScreeningOutput),
  ScreeningOutputLattice and ScreeningStrategy (re-parented through ScreeningOutput): the
  same joins and columns as the revision's `fill`, without ORDER BY, keys or indexes;
* 0004: one `CREATE TABLE ... AS SELECT` for ScreeningStrategy LEFT JOIN wedge LEFT JOIN
  sub-wedge, plus the DataCollection remap as an UPDATE, because that remap is part of the
  resulting data (the collections' strategySubWedgeOrigId names the merged strategy). The
  floor's UPDATE reaches the strategy through the old sub-wedge and wedge (their primary
  keys; a freshly created floor table has none) and is rolled back, untimed, so that the
  revision still finds the old values.

What the revision does beyond the floor is its price: preflight, primary and secondary
keys of the new tables, the atomic swap, foreign keys, the retirement of the old tables,
SchemaStatus and Alembic's stamp. Goal: revision <= 2.0 x floor. The downgrades are timed
afterwards, in reverse order (informational), and the data must then be what was generated
(CHECKSUM TABLE of every table involved, before and after).

    python -m bench.migration                       # 1,000,000 screenings
    python -m bench.migration --screenings 20000    # quick
    python -m bench.migration --repeat 2 --keep     # each revision twice (downgrade between)

Needs MariaDB (scripts/services.sh prints its URL as GATEWAY_TEST_MYSQL_URL).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from gateway.sql.change import ddl, plan
from gateway.sql.change.screening import (
    LATTICE,
    OUTPUT,
    SCREENING,
    STRATEGY,
    SUB_WEDGE_OWN,
    WEDGE_OWN,
)
from gateway.sql.engine import sync_url
from gateway.sql.migrate import current_revision, downgrade, upgrade

DATABASE = "gw_bench_migration"
GOAL = 2.0
REVISIONS = ("0002_screening_ranking", "0003_screening_merge", "0004_screening_strategy_merge")
PREVIOUS = {
    "0002_screening_ranking": "0001_baseline",
    "0003_screening_merge": "0002_screening_ranking",
    "0004_screening_strategy_merge": "0003_screening_merge",
}
CHAIN = (
    "DataCollection",
    "Screening",
    "ScreeningOutput",
    "ScreeningOutputLattice",
    "ScreeningStrategy",
    "ScreeningStrategyWedge",
    "ScreeningStrategySubWedge",
)
# Ids of screening n's chain: n + offset, so that every join re-parents (no id is another's).
OFFSET = {
    "output": 100,
    "lattice": 200,
    "strategy": 300,
    "wedge": 400,
    "sub_wedge": 500,
}
SCREENINGS_PER_GROUP = 250
GROUPS_PER_SESSION = 40
COLLECTIONS_WITH_STRATEGY = 5  # every 5th collection names a sub-wedge

# Values the chain repeats (strategy -> wedge -> sub-wedge), as functions of the sequence
# number `seq`: the same expression fills every copy, so the preflight finds them equal.
# Some NULLs (NULL-safe equality), varied values.
REPEATED = {
    "resolution": "IF(seq MOD 11 = 0, NULL, 1.0 + (seq MOD 250) / 100)",
    "completeness": "IF(seq MOD 13 = 0, NULL, 90 + (seq MOD 100) / 10)",
    "multiplicity": "IF(seq MOD 17 = 0, NULL, 2 + (seq MOD 60) / 10)",
    "exposureTime": "IF(seq MOD 19 = 0, NULL, 0.01 + (seq MOD 50) / 1000)",
    "transmission": "IF(seq MOD 23 = 0, NULL, (seq MOD 100) + 0.5)",
    "doseTotal": "IF(seq MOD 29 = 0, NULL, 1 + (seq MOD 1000) / 10)",
    "numberOfImages": "IF(seq MOD 31 = 0, NULL, 100 + seq MOD 3500)",
}
SESSION_MODE = (
    "SET SESSION sql_mode = REPLACE(REPLACE(@@sql_mode, 'NO_ZERO_DATE', ''), 'NO_ZERO_IN_DATE', '')"
)


def _cols(names: Sequence[str], alias: str) -> str:
    return ", ".join(f"{alias}.`{n}`" for n in names)


# -- generation ------------------------------------------------------------------------------


def generation_sql(n: int) -> list[tuple[str, str]]:
    """(table, statement) pairs filling the chain for `n` screenings, one statement per table."""
    collections = max(1, n // 2)
    groups = max(1, n // SCREENINGS_PER_GROUP)
    sessions = max(1, groups // GROUPS_PER_SESSION)
    per_group = max(1, -(-collections // groups))  # collections per group, rounded up
    o, la, st, w, sw = (OFFSET[k] for k in ("output", "lattice", "strategy", "wedge", "sub_wedge"))
    r = REPEATED
    # the group of collection `d`; screening `seq` belongs to collection (seq + 1) DIV 2
    group_of = f"LEAST({groups}, 1 + ({{d}} - 1) DIV {per_group})"
    seq = "seq_1_to_{}"
    return [
        ("Person", "INSERT INTO Person (personId, login, familyName) VALUES (1, 'pi', 'PI')"),
        (
            "Proposal",
            "INSERT INTO Proposal (proposalId, personId, proposalCode, proposalNumber, title, "
            "proposalType) VALUES (1, 1, 'mx', '1000', 'Migration benchmark', 'MX')",
        ),
        (
            "BLSession",
            "INSERT INTO BLSession (sessionId, proposalId, beamLineName, startDate, endDate, "
            "visit_number, lastUpdate) "
            "SELECT seq, 1, ELT(1 + seq MOD 4, 'id23-1', 'id23-2', 'id30a-1', 'id30b'), "
            "TIMESTAMP '2024-01-01 08:00:00' + INTERVAL 8 * seq HOUR, "
            "TIMESTAMP '2024-01-01 16:00:00' + INTERVAL 8 * seq HOUR, seq, "
            "TIMESTAMP '2024-01-01 16:00:00' + INTERVAL 8 * seq HOUR "
            f"FROM {seq.format(sessions)}",
        ),
        (
            "DataCollectionGroup",
            "INSERT INTO DataCollectionGroup (dataCollectionGroupId, sessionId, experimentType, "
            "startTime) "
            f"SELECT seq, 1 + (seq - 1) MOD {sessions}, "
            "IF(seq MOD 3 = 0, 'Characterization', 'OSC'), "
            "TIMESTAMP '2024-01-01 08:00:00' + INTERVAL seq MINUTE "
            f"FROM {seq.format(groups)}",
        ),
        (
            "DataCollection",
            "INSERT INTO DataCollection (dataCollectionId, dataCollectionGroupId, sessionId, "
            "dataCollectionNumber, imagePrefix, imageDirectory, numberOfImages, startTime, "
            "runStatus, wavelength, resolution, exposureTime, axisRange, comments, "
            "strategySubWedgeOrigId) "
            f"SELECT seq, {group_of.format(d='seq')}, "
            f"1 + ({group_of.format(d='seq')} - 1) MOD {sessions}, 1 + seq MOD 4, "
            "CONCAT('GCSH-x', seq), CONCAT('/data/visitor/mx1000/', seq DIV 1000, '/raw'), "
            "IF(seq MOD 7 = 0, NULL, 900 * (1 + seq MOD 4)), "
            "TIMESTAMP '2024-01-01 08:00:00' + INTERVAL seq MINUTE, "
            "IF(seq MOD 10 = 0, 'Data collection failed', 'Data collection successful'), "
            "0.9763, 1.2 + (seq MOD 230) / 100, 0.02, 0.1, "
            "IF(seq MOD 9 = 0, CONCAT('collection ', seq), NULL), "
            # a sub-wedge of one of its screenings (MOD, not %: pymysql reads % as a placeholder)
            f"IF(seq MOD {COLLECTIONS_WITH_STRATEGY} = 0, 2 * seq + {sw}, NULL) "
            f"FROM {seq.format(collections)}",
        ),
        (
            "Screening",
            "INSERT INTO Screening (screeningId, diffractionPlanId, dataCollectionGroupId, "
            "dataCollectionId, bltimeStamp, programVersion, comments, shortComments, "
            "xmlSampleInformation) "
            f"SELECT seq, NULL, {group_of.format(d='(seq + 1) DIV 2')}, (seq + 1) DIV 2, "
            "TIMESTAMP '2024-01-01 08:00:00' + INTERVAL seq MINUTE, "
            "ELT(1 + seq MOD 3, 'EDNA 1.0', 'EDNA 2.0', NULL), "
            "IF(seq MOD 5 = 0, CONCAT('screening ', seq), NULL), "
            "IF(seq MOD 8 = 0, 'ok', NULL), NULL "
            f"FROM {seq.format(n)}",
        ),
        (
            "ScreeningOutput",
            "INSERT INTO ScreeningOutput (screeningOutputId, screeningId, statusDescription, "
            "rejectedReflections, resolutionObtained, spotDeviationR, spotDeviationTheta, "
            "beamShiftX, beamShiftY, numSpotsFound, numSpotsUsed, numSpotsRejected, mosaicity, "
            "iOverSigma, diffractionRings, strategySuccess, mosaicityEstimated, "
            "rankingResolution, program, doseTotal, totalExposureTime, totalRotationRange, "
            "totalNumberOfImages, rFriedel, indexingSuccess, screeningSuccess) "
            f"SELECT seq + {o}, seq, "
            "IF(seq MOD 6 = 0, NULL, "
            "IF(seq MOD 10 = 0, 'Indexing failed', 'Labelit: Indexing successful')), "
            "seq MOD 50, IF(seq MOD 10 = 0, NULL, 1.1 + (seq MOD 300) / 100), "
            "(seq MOD 97) / 1000, (seq MOD 89) / 100, "
            "(seq MOD 7) / 100 - 0.03, (seq MOD 5) / 100 - 0.02, "
            "100 + seq MOD 900, 80 + seq MOD 700, seq MOD 20, "
            "IF(seq MOD 4 = 0, NULL, 0.1 + (seq MOD 40) / 100), "
            "1 + (seq MOD 200) / 10, seq MOD 2, IF(seq MOD 10 = 0, 0, 1), seq MOD 2, "
            "IF(seq MOD 10 = 0, NULL, 1.1 + (seq MOD 300) / 100), "
            "ELT(1 + seq MOD 3, 'BEST', 'EDNA', 'mosflm'), "
            "IF(seq MOD 3 = 0, NULL, (seq MOD 1000) / 10), "
            "IF(seq MOD 3 = 0, NULL, (seq MOD 500) / 10), "
            "IF(seq MOD 3 = 0, NULL, 90 + seq MOD 270), "
            "IF(seq MOD 3 = 0, NULL, 900 + seq MOD 2700), "
            "IF(seq MOD 11 = 0, NULL, (seq MOD 100) / 1000), "
            "IF(seq MOD 10 = 0, 0, 1), IF(seq MOD 10 = 0, 0, 1) "
            f"FROM {seq.format(n)}",
        ),
        (
            "ScreeningOutputLattice",
            "INSERT INTO ScreeningOutputLattice (screeningOutputLatticeId, screeningOutputId, "
            "spaceGroup, pointGroup, bravaisLattice, rawOrientationMatrix_a_x, "
            "rawOrientationMatrix_a_y, rawOrientationMatrix_a_z, rawOrientationMatrix_b_x, "
            "rawOrientationMatrix_b_y, rawOrientationMatrix_b_z, rawOrientationMatrix_c_x, "
            "rawOrientationMatrix_c_y, rawOrientationMatrix_c_z, unitCell_a, unitCell_b, "
            "unitCell_c, unitCell_alpha, unitCell_beta, unitCell_gamma, bltimeStamp, "
            "labelitIndexing) "
            f"SELECT seq + {la}, seq + {o}, "
            "ELT(1 + seq MOD 5, 'P212121', 'C2221', 'P43212', 'I23', NULL), "
            "ELT(1 + seq MOD 4, '222', '422', '23', NULL), ELT(1 + seq MOD 3, 'oP', 'tP', 'cI'), "
            "(seq MOD 101) / 100, (seq MOD 103) / 100, (seq MOD 107) / 100, "
            "(seq MOD 109) / 100, (seq MOD 113) / 100, (seq MOD 127) / 100, "
            "(seq MOD 131) / 100, (seq MOD 137) / 100, (seq MOD 139) / 100, "
            "40 + (seq MOD 600) / 10, 40 + (seq MOD 700) / 10, 30 + (seq MOD 900) / 10, "
            "90, IF(seq MOD 5 = 0, 90 + (seq MOD 30) / 10, 90), IF(seq MOD 7 = 0, 120, 90), "
            "TIMESTAMP '2024-01-01 08:00:00' + INTERVAL seq MINUTE, seq MOD 2 "
            f"FROM {seq.format(n)}",
        ),
        (
            "ScreeningStrategy",
            "INSERT INTO ScreeningStrategy (screeningStrategyId, screeningOutputId, phiStart, "
            "phiEnd, rotation, exposureTime, resolution, completeness, multiplicity, anomalous, "
            "program, rankingResolution, transmission) "
            f"SELECT seq + {st}, seq + {o}, seq MOD 360, seq MOD 360 + 90 + seq MOD 90, "
            f"IF(seq MOD 6 = 0, NULL, 0.1 * (1 + seq MOD 5)), {r['exposureTime']}, "
            f"{r['resolution']}, {r['completeness']}, {r['multiplicity']}, seq MOD 2, "
            "ELT(1 + seq MOD 3, 'BEST', 'EDNA', NULL), "
            "IF(seq MOD 10 = 0, NULL, 1.1 + (seq MOD 300) / 100), "
            f"{r['transmission']} "
            f"FROM {seq.format(n)}",
        ),
        (
            "ScreeningStrategyWedge",
            "INSERT INTO ScreeningStrategyWedge (screeningStrategyWedgeId, screeningStrategyId, "
            "wedgeNumber, resolution, completeness, multiplicity, doseTotal, numberOfImages, "
            "phi, kappa, chi, comments, wavelength) "
            f"SELECT seq + {w}, seq + {st}, 1, {r['resolution']}, {r['completeness']}, "
            f"{r['multiplicity']}, {r['doseTotal']}, {r['numberOfImages']}, "
            "IF(seq MOD 4 = 0, NULL, seq MOD 360), IF(seq MOD 4 = 0, NULL, seq MOD 90), "
            "IF(seq MOD 4 = 0, NULL, seq MOD 45), IF(seq MOD 12 = 0, CONCAT('wedge ', seq), NULL), "
            "IF(seq MOD 9 = 0, NULL, 0.9763) "
            f"FROM {seq.format(n)}",
        ),
        (
            "ScreeningStrategySubWedge",
            "INSERT INTO ScreeningStrategySubWedge (screeningStrategySubWedgeId, "
            "screeningStrategyWedgeId, subWedgeNumber, rotationAxis, axisStart, axisEnd, "
            "exposureTime, transmission, oscillationRange, completeness, multiplicity, "
            "doseTotal, numberOfImages, comments, resolution) "
            f"SELECT seq + {sw}, seq + {w}, 1, ELT(1 + seq MOD 3, 'Omega', 'Phi', NULL), "
            "seq MOD 360, seq MOD 360 + 90, "
            f"{r['exposureTime']}, {r['transmission']}, 0.05 * (1 + seq MOD 4), "
            f"{r['completeness']}, {r['multiplicity']}, {r['doseTotal']}, "
            f"{r['numberOfImages']}, IF(seq MOD 14 = 0, CONCAT('sub-wedge ', seq), NULL), "
            f"{r['resolution']} "
            f"FROM {seq.format(n)}",
        ),
    ]


def generate(engine: Engine, n: int) -> dict[str, float]:
    """Fill the baseline tables; seconds per table."""
    took: dict[str, float] = {}
    with engine.connect() as conn:
        conn.exec_driver_sql(SESSION_MODE)
        conn.exec_driver_sql("SET SESSION foreign_key_checks = 0, unique_checks = 0")
        for table, sql in generation_sql(n):
            t = time.perf_counter()
            conn.exec_driver_sql(sql)
            conn.exec_driver_sql("COMMIT")
            took[table] = time.perf_counter() - t
        conn.exec_driver_sql("SET SESSION foreign_key_checks = 1, unique_checks = 1")
        t = time.perf_counter()
        for table in ("DataCollectionGroup", *CHAIN):
            conn.exec_driver_sql(f"ANALYZE TABLE `{table}`").all()
        took["ANALYZE"] = time.perf_counter() - t
    return took


# -- floors ----------------------------------------------------------------------------------


@dataclass
class Floor:
    """Plain SQL producing what a revision produces: timed statements, then untimed clean-up."""

    setup: list[str] = field(default_factory=list)  # untimed, before
    timed: list[str] = field(default_factory=list)
    cleanup: list[str] = field(default_factory=list)  # untimed, after
    tables: dict[str, str] = field(default_factory=dict)  # rebuilt table -> floor table


def _ctas(floor_table: str, select: str) -> str:
    return f"CREATE TABLE `{floor_table}` AS {select}"


def floor_for(revision: str) -> Floor:
    if revision == "0002_screening_ranking":
        names = ("floor_ScreeningRank", "floor_ScreeningRankSet")
        return Floor(
            setup=[
                *(f"DROP TABLE IF EXISTS `{n}`" for n in names),
                ddl.RANK.format(name=names[0]),
                ddl.RANK_SET.format(name=names[1]),
            ],
            timed=[f"DROP TABLE `{names[0]}`, `{names[1]}`"],
        )
    if revision == "0003_screening_merge":
        screening = (
            f"SELECT {_cols(SCREENING, 's')}, o.`screeningOutputId`, {_cols(OUTPUT, 'o')} "
            "FROM `Screening` s LEFT JOIN `ScreeningOutput` o ON o.`screeningId` = s.`screeningId`"
        )

        def reparent(table: str, key: str, columns: Sequence[str]) -> str:
            return (
                f"SELECT c.`{key}`, p.`screeningId`, {_cols(columns, 'c')} FROM `{table}` c "
                "JOIN `ScreeningOutput` p ON p.`screeningOutputId` = c.`screeningOutputId`"
            )

        selects = {
            "Screening": screening,
            "ScreeningOutputLattice": reparent(
                "ScreeningOutputLattice", "screeningOutputLatticeId", LATTICE
            ),
            "ScreeningStrategy": reparent("ScreeningStrategy", "screeningStrategyId", STRATEGY),
        }
        return _ctas_floor(selects)
    if revision == "0004_screening_strategy_merge":
        own_w = ", ".join(f"w.`{old}` AS `{new}`" for old, new in WEDGE_OWN.items())
        own_sw = ", ".join(f"sw.`{old}` AS `{new}`" for old, new in SUB_WEDGE_OWN.items())
        strategy = (
            f"SELECT s.`screeningStrategyId`, s.`screeningId`, {_cols(STRATEGY, 's')}, "
            f"w.`screeningStrategyWedgeId`, {own_w}, sw.`screeningStrategySubWedgeId`, {own_sw} "
            "FROM `ScreeningStrategy` s "
            "LEFT JOIN `ScreeningStrategyWedge` w "
            "ON w.`screeningStrategyId` = s.`screeningStrategyId` "
            "LEFT JOIN `ScreeningStrategySubWedge` sw "
            "ON sw.`screeningStrategyWedgeId` = w.`screeningStrategyWedgeId`"
        )
        floor = _ctas_floor({"ScreeningStrategy": strategy})
        # The remap, through the old chain's primary keys; rolled back (untimed) afterwards.
        floor.setup.append("SET SESSION foreign_key_checks = 0")  # as in the revision
        floor.timed = [
            *floor.timed,
            "START TRANSACTION",  # after CREATE ... SELECT, which commits
            "UPDATE `DataCollection` dc "
            "JOIN `ScreeningStrategySubWedge` sw "
            "ON sw.`screeningStrategySubWedgeId` = dc.`strategySubWedgeOrigId` "
            "JOIN `ScreeningStrategyWedge` w "
            "ON w.`screeningStrategyWedgeId` = sw.`screeningStrategyWedgeId` "
            "SET dc.`strategySubWedgeOrigId` = w.`screeningStrategyId`",
        ]
        floor.cleanup = ["ROLLBACK", "SET SESSION foreign_key_checks = 1", *floor.cleanup]
        return floor
    raise ValueError(revision)


def _ctas_floor(selects: dict[str, str]) -> Floor:
    tables = {t: f"floor_{t}" for t in selects}
    return Floor(
        setup=[f"DROP TABLE IF EXISTS `{f}`" for f in tables.values()],
        timed=[_ctas(tables[t], s) for t, s in selects.items()],
        cleanup=[f"DROP TABLE IF EXISTS `{f}`" for f in tables.values()],
        tables=tables,
    )


def run_floor(engine: Engine, revision: str) -> tuple[float, dict[str, int]]:
    """Seconds of the floor's timed statements, and the rows of each floor table."""
    floor = floor_for(revision)
    with engine.connect() as conn:
        conn.exec_driver_sql(SESSION_MODE)
        for sql in floor.setup:
            conn.exec_driver_sql(sql)
        t = time.perf_counter()
        for sql in floor.timed:
            conn.exec_driver_sql(sql)
        took = time.perf_counter() - t
        rows = {
            table: int(conn.exec_driver_sql(f"SELECT COUNT(*) FROM `{f}`").scalar_one())
            for table, f in floor.tables.items()
        }
        for sql in floor.cleanup:
            conn.exec_driver_sql(sql)
    return took, rows


# -- the revisions ---------------------------------------------------------------------------


@contextmanager
def preflight_clock(sink: list[float]) -> Iterator[None]:
    """Time the preflight inside `plan.run` (its `failures` call), without touching plan.py."""
    original: Callable[..., Any] = plan.failures

    def timed(*args: Any, **kwargs: Any) -> Any:
        t = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            sink.append(time.perf_counter() - t)

    plan.failures = timed  # type: ignore[assignment]
    try:
        yield
    finally:
        plan.failures = original  # type: ignore[assignment]


def timed_upgrade(url: str, revision: str) -> tuple[float, float]:
    """Wall clock of `upgrade(url, revision)`, and of its preflight."""
    preflight: list[float] = []
    with preflight_clock(preflight):
        t = time.perf_counter()
        upgrade(url, revision)
        took = time.perf_counter() - t
    return took, sum(preflight)


def timed_downgrade(url: str, revision: str) -> float:
    t = time.perf_counter()
    downgrade(url, PREVIOUS[revision])
    return time.perf_counter() - t


def counts(engine: Engine, tables: Sequence[str]) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            t: int(conn.exec_driver_sql(f"SELECT COUNT(*) FROM `{t}`").scalar_one()) for t in tables
        }


def checksums(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {t: int(conn.exec_driver_sql(f"CHECKSUM TABLE `{t}`").one()[1]) for t in CHAIN}


# -- the run ---------------------------------------------------------------------------------


@dataclass
class Result:
    revision: str
    upgrade: list[float] = field(default_factory=list)
    preflight: list[float] = field(default_factory=list)
    floor: list[float] = field(default_factory=list)
    downgrade: list[float] = field(default_factory=list)


def _create_database(server_url: str, name: str) -> None:
    engine = create_engine(sync_url(server_url))
    with engine.begin() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS `{name}`"))
        conn.execute(text(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4"))
    engine.dispose()


def _drop_database(server_url: str, name: str) -> None:
    engine = create_engine(sync_url(server_url))
    with engine.begin() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS `{name}`"))
    engine.dispose()


def run(args: argparse.Namespace) -> list[Result]:
    base = args.url or os.environ.get(
        "GATEWAY_TEST_MYSQL_URL", "mysql+asyncmy://gateway:gateway@127.0.0.1:3306/"
    )
    server = make_url(base).set(database="").render_as_string(hide_password=False)
    url = make_url(base).set(database=args.database).render_as_string(hide_password=False)
    n = args.screenings

    _create_database(server, args.database)
    upgrade(url, "0001_baseline")
    engine = create_engine(sync_url(url))
    try:
        t = time.perf_counter()
        took = generate(engine, n)
        total = time.perf_counter() - t
        print(f"generated {n:,} screenings and their chain in {total:.1f} s")
        print("  " + ", ".join(f"{k} {v:.1f} s" for k, v in took.items()))
        before = checksums(engine)
        upgrade(url, "0001_baseline")  # no-op: Alembic and the revisions' imports are warm

        results = [Result(rev) for rev in REVISIONS]
        for result in results:
            rev = result.revision
            for i in range(args.repeat):
                if i:
                    result.downgrade.append(timed_downgrade(url, rev))
                floor_took, floor_rows = run_floor(engine, rev)
                result.floor.append(floor_took)
                up, pre = timed_upgrade(url, rev)
                result.upgrade.append(up)
                result.preflight.append(pre)
                assert current_revision(url) == rev, current_revision(url)
                got = counts(engine, list(floor_rows))
                if got != floor_rows:
                    raise SystemExit(f"{rev}: floor rows {floor_rows} but revision rows {got}")
                print(
                    f"  {rev} run {i + 1}: floor {floor_took:.2f} s, "
                    f"revision {up:.2f} s (preflight {pre:.2f} s)",
                    flush=True,
                )
        for result in reversed(results):
            result.downgrade.append(timed_downgrade(url, result.revision))
            print(f"  {result.revision} downgrade {result.downgrade[-1]:.2f} s", flush=True)
        after = checksums(engine)
        changed = [t for t in CHAIN if before[t] != after[t]]
        print(
            "round trip (upgrade to 0004, downgrade to 0001): "
            + ("data identical (CHECKSUM TABLE)" if not changed else f"CHANGED: {changed}")
        )
    finally:
        engine.dispose()
        if not args.keep:
            _drop_database(server, args.database)
    report(results, n, args.repeat)
    return results


def report(results: Sequence[Result], n: int, repeat: int) -> None:
    def med(values: list[float]) -> float:
        return statistics.median(values)

    print(
        f"\nscreening revisions on {n:,} screenings (median of {repeat} run(s) each; "
        f"goal: revision <= {GOAL:.1f} x floor)"
    )
    print(
        f"  {'revision':32} {'revision':>10} {'preflight':>10} {'floor':>10} {'ratio':>7}"
        f"  {'':14} {'downgrade':>10}"
    )
    for r in results:
        up, fl = med(r.upgrade), med(r.floor)
        ratio = up / fl if fl > 0 else float("inf")
        mark = "GOAL MET" if ratio <= GOAL else "goal not met"
        print(
            f"  {r.revision:32} {up:9.2f}s {med(r.preflight):9.2f}s {fl:9.3f}s {ratio:6.2f}x"
            f"  {mark:14} {med(r.downgrade):9.2f}s"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--url", help="server URL (default: $GATEWAY_TEST_MYSQL_URL)")
    parser.add_argument("--database", default=DATABASE, help="dropped and recreated")
    parser.add_argument("--screenings", type=int, default=1_000_000)
    parser.add_argument(
        "--repeat", type=int, default=1, help="runs per revision (a downgrade between two)"
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the database (at 0001, after the downgrades)"
    )
    run(parser.parse_args())


if __name__ == "__main__":
    main()
