"""Generate a large, realistic ISPyB data set for benchmarks (deterministic, seeded).

Usage: python -m bench.generate mysql+asyncmy://user:pass@127.0.0.1:3306/db [--sessions N]
The database must be at the head revision (ispyb-gateway db upgrade).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time
from typing import Any

from sqlalchemy import Connection, create_engine, insert

from gateway.sql import models as m
from gateway.sql.engine import sync_url

PIPELINES = ["EDNA_proc", "autoPROC", "XIA2_DIALS", "grenades_fastproc"]
SPACE_GROUPS = ["P 21 21 21", "C 2 2 21", "P 43 21 2", "I 2 3", "P 1 21 1"]
BEAMLINES = ["id23-1", "id23-2", "id30a-1", "id30a-3", "id30b", "bm30a"]


def _chunks(rows: list[dict[str, Any]], size: int = 5000) -> Any:
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


def _insert(conn: Connection, table: Any, rows: list[dict[str, Any]]) -> None:
    for chunk in _chunks(rows):
        conn.execute(insert(table), chunk)


def generate(
    url: str,
    sessions: int = 2000,
    collections: int = 80000,
    big_session_size: int = 400,
    seed: int = 1,
) -> dict[str, int]:
    """Fill the database; the first session is large (an EXI2 page of a busy beamtime)."""
    rng = random.Random(seed)
    engine = create_engine(sync_url(url))
    start = dt.datetime(2024, 1, 1, 8, 0, 0)
    counts: dict[str, int] = {}
    with engine.begin() as conn:
        conn.execute(
            insert(m.Person.__table__), [{"personId": 1, "login": "pi", "familyName": "PI"}]
        )
        proposals = [
            {
                "proposalId": i,
                "personId": 1,
                "proposalCode": "mx",
                "proposalNumber": str(1000 + i),
                "title": f"Benchmark proposal {i}",
                "proposalType": "MX",
            }
            for i in range(1, 51)
        ]
        _insert(conn, m.Proposal.__table__, proposals)
        proteins = [
            {
                "proteinId": i,
                "proposalId": 1 + (i - 1) % 50,
                "acronym": f"PROT{i}",
                "name": f"protein {i}",
            }
            for i in range(1, 201)
        ]
        _insert(conn, m.Protein.__table__, proteins)
        crystals = [
            {"crystalId": i, "proteinId": 1 + (i - 1) % 200, "spaceGroup": rng.choice(SPACE_GROUPS)}
            for i in range(1, 1001)
        ]
        _insert(conn, m.Crystal.__table__, crystals)
        samples = [
            {"blSampleId": i, "crystalId": 1 + (i - 1) % 1000, "name": f"GCSH-x{i}"}
            for i in range(1, 5001)
        ]
        _insert(conn, m.BLSample.__table__, samples)
        session_rows = []
        for s in range(1, sessions + 1):
            begin = start + dt.timedelta(hours=8 * s)
            session_rows.append(
                {
                    "sessionId": s,
                    "proposalId": 1 + (s - 1) % 50,
                    "beamLineName": rng.choice(BEAMLINES),
                    "startDate": begin,
                    "endDate": begin + dt.timedelta(hours=8),
                    "visit_number": s,
                }
            )
        _insert(conn, m.BLSession.__table__, session_rows)

        # Spread collections: the first session gets `big_session_size`, the rest share the others.
        per_session = [big_session_size] + [0] * (sessions - 1)
        for i in range(collections - big_session_size):
            per_session[1 + i % (sessions - 1)] += 1
        groups, dcs, programs, integrations, autoprocs, screenings = [], [], [], [], [], []
        gid = dcid = pid = 0
        for s, n in enumerate(per_session, start=1):
            t0 = session_rows[s - 1]["startDate"]
            for k in range(n):
                if k % 2 == 0:
                    gid += 1
                    groups.append(
                        {
                            "dataCollectionGroupId": gid,
                            "sessionId": s,
                            "blSampleId": rng.randint(1, 5000),
                            "experimentType": "OSC",
                            "startTime": t0 + dt.timedelta(minutes=k),
                        }
                    )
                dcid += 1
                dcs.append(
                    {
                        "dataCollectionId": dcid,
                        "dataCollectionGroupId": gid,
                        "dataCollectionNumber": k % 2 + 1,
                        "imagePrefix": f"GCSH-x{gid}",
                        "imageDirectory": f"/data/visitor/mx/{s}/raw",
                        "numberOfImages": rng.choice([900, 1800, 3600]),
                        "startTime": t0 + dt.timedelta(minutes=k),
                        "runStatus": "Data collection successful",
                        "wavelength": 0.9763,
                        "resolution": round(rng.uniform(1.2, 3.5), 2),
                        "exposureTime": 0.02,
                        "axisRange": 0.1,
                        "comments": None,
                    }
                )
                for pipeline in rng.sample(PIPELINES, 2):
                    pid += 1
                    programs.append(
                        {
                            "autoProcProgramId": pid,
                            "dataCollectionId": dcid,
                            "processingPrograms": pipeline,
                            "processingStatus": rng.choice(["1", "1", "1", "0"]),
                        }
                    )
                    integrations.append(
                        {
                            "autoProcIntegrationId": pid,
                            "dataCollectionId": dcid,
                            "autoProcProgramId": pid,
                            "cell_a": 78.1,
                            "cell_b": 78.1,
                            "cell_c": 37.2,
                            "cell_alpha": 90.0,
                            "cell_beta": 90.0,
                            "cell_gamma": 90.0,
                        }
                    )
                    autoprocs.append(
                        {
                            "autoProcId": pid,
                            "autoProcProgramId": pid,
                            "spaceGroup": rng.choice(SPACE_GROUPS),
                        }
                    )
                if dcid % 4 == 0:
                    # Half name their collection (and group); half only their group, as
                    # characterisation programs write them: those belong to both collections.
                    screenings.append(
                        {
                            "screeningId": len(screenings) + 1,
                            "dataCollectionId": dcid if dcid % 8 == 0 else None,
                            "dataCollectionGroupId": gid,
                            "programVersion": "EDNA",
                        }
                    )
        for table, rows in (
            (m.DataCollectionGroup.__table__, groups),
            (m.DataCollection.__table__, dcs),
            (m.AutoProcProgram.__table__, programs),
            (m.AutoProcIntegration.__table__, integrations),
            (m.AutoProc.__table__, autoprocs),
            (m.Screening.__table__, screenings),
        ):
            _insert(conn, table, rows)
            counts[table.name] = len(rows)
    engine.dispose()
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("url")
    parser.add_argument("--sessions", type=int, default=2000)
    parser.add_argument("--collections", type=int, default=80000)
    args = parser.parse_args()
    t = time.perf_counter()
    counts = generate(args.url, args.sessions, args.collections)
    print(counts, f"in {time.perf_counter() - t:.1f}s")


if __name__ == "__main__":
    main()
