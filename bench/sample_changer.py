"""What MXCuBE's sample synchronisation and a puck save cost through the graph, against SQL.

A fresh database (the demo rows, built by the migrations) gets 10 more pucks of 16
samples each, placed in id23-1's sample changer for mx2112. Alternating, in one run:

* `sampleChanger` with every field of the Java server's SampleInfo (crystal, protein,
  both diffraction plans, container, dewar, shipment), as alice (a member: the
  visibility rules are in the statements), through the real schema in-process,
  against one hand-written SELECT of the same rows and columns (BLSample ⨝ Crystal ⨝
  Protein ⨝ Container ⨝ Dewar ⨝ Shipping, plans LEFT JOINed), as the Java server's
  SELECT_SAMPLE_INFO does;
* `saveContainerContents` of one puck's 16 samples (each with its crystal and a
  diffraction plan, comments changed every round), against the same writes by
  hand in one transaction (container, 16 plans, 16 samples).

    python -m bench.sample_changer [--iterations 200]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import time
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy import create_engine, insert, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from gateway.app import build_services
from gateway.auth.viewer import Viewer
from gateway.graphql.context import Context
from gateway.graphql.schema import build_schema
from gateway.settings import Settings
from gateway.sql import models as m
from gateway.sql.demo_data import load_demo_data
from gateway.sql.engine import sync_url
from gateway.sql.migrate import upgrade

PUCKS, PER_PUCK, BEAMLINE, PROPOSAL = 10, 16, "id23-1", 1
ALICE = Viewer(login="alice", person_id=1, is_staff=False, is_worker=False)

CHANGER = """query { sampleChanger(beamLineName: "id23-1", proposalId: 1) {
  blSampleId name code holderLength location smiles
  crystal { crystalId spaceGroup cellA cellB cellC cellAlpha cellBeta cellGamma
    protein { acronym } diffractionPlan { minimalResolution experimentKind } }
  diffractionPlan { minimalResolution experimentKind radiationSensitivity aimedResolution }
  container { sampleChangerLocation code comments capacity containerType
    dewar { dewarId code shipment { shippingId shippingName comments } } } } }"""

SQL_CHANGER = text(
    """SELECT b.blSampleId, b.name, b.code, b.holderLength, b.location, b.SMILES,
  x.crystalId, x.spaceGroup, x.cell_a, x.cell_b, x.cell_c, x.cell_alpha, x.cell_beta,
  x.cell_gamma, p.acronym, c.sampleChangerLocation, c.code, c.comments, c.capacity,
  c.containerType, d.dewarId, d.code, s.shippingId, s.shippingName, s.comments,
  sp.minimalResolution, sp.experimentKind, sp.radiationSensitivity, sp.aimedResolution,
  xp.minimalResolution, xp.experimentKind
FROM BLSample b JOIN Crystal x ON x.crystalId = b.crystalId
JOIN Protein p ON p.proteinId = x.proteinId
JOIN Container c ON c.containerId = b.containerId
JOIN Dewar d ON d.dewarId = c.dewarId JOIN Shipping s ON s.shippingId = d.shippingId
LEFT JOIN DiffractionPlan sp ON sp.diffractionPlanId = b.diffractionPlanId
LEFT JOIN DiffractionPlan xp ON xp.diffractionPlanId = x.diffractionPlanId
WHERE p.proposalId = :p AND c.beamlineLocation = :bl AND c.sampleChangerLocation <> ''
  AND d.dewarStatus = 'processing'
  AND p.proposalId IN (SELECT proposalId FROM ProposalHasPerson WHERE personId = :person
                       UNION SELECT proposalId FROM Proposal WHERE personId = :person)
ORDER BY CAST(c.sampleChangerLocation AS UNSIGNED), CAST(b.location AS UNSIGNED)"""
)

SAVE = """mutation($c: Int!, $input: ContainerContentsInput!) {
  saveContainerContents(containerId: $c, input: $input) {
    container { containerId } samples { blSampleId comments } } }"""


def _fill(url: str) -> tuple[int, list[int]]:
    """The demo rows, then the pucks: returns the first new puck and its samples."""
    upgrade(url)
    engine = create_engine(sync_url(url))
    with engine.begin() as conn:
        load_demo_data(conn)
        conn.execute(
            insert(m.Dewar), [{"dewarId": 100, "shippingId": 1, "dewarStatus": "processing"}]
        )
        pucks, samples, plans = [], [], []
        for n in range(PUCKS):
            cid = 100 + n
            pucks.append(
                {
                    "containerId": cid,
                    "dewarId": 100,
                    "code": f"BENCH-P{n}",
                    "containerType": "Unipuck",
                    "capacity": PER_PUCK,
                    "beamlineLocation": BEAMLINE,
                    "sampleChangerLocation": str(3 + n),
                    "containerStatus": "processing",
                }
            )
            for k in range(PER_PUCK):
                sid = 1000 + n * PER_PUCK + k
                plans.append({"diffractionPlanId": sid, "experimentKind": "OSC"})
                samples.append(
                    {
                        "blSampleId": sid,
                        "containerId": cid,
                        "crystalId": 1 + k % 2,
                        "diffractionPlanId": sid,
                        "name": f"bench-{n}-{k}",
                        "location": str(k + 1),
                    }
                )
        conn.execute(insert(m.Container), pucks)
        conn.execute(insert(m.DiffractionPlan), plans)
        conn.execute(insert(m.BLSample), samples)
    engine.dispose()
    first = [1000 + k for k in range(PER_PUCK)]
    return 100, first


async def _sql_save(db: AsyncEngine, container: int, samples: list[int], round_: int) -> None:
    """The same writes by hand: check the container is alice's, then container, plans, samples."""
    async with db.begin() as conn:
        own = await conn.execute(
            text(
                """SELECT c.containerId FROM Container c JOIN Dewar d USING (dewarId)
                JOIN Shipping s USING (shippingId) WHERE c.containerId = :c AND s.proposalId IN
                (SELECT proposalId FROM ProposalHasPerson WHERE personId = 1
                 UNION SELECT proposalId FROM Proposal WHERE personId = 1)"""
            ),
            {"c": container},
        )
        assert own.first() is not None
        await conn.execute(
            text("UPDATE Container SET code = :code, bltimeStamp = NOW() WHERE containerId = :c"),
            {"c": container, "code": "BENCH-P0"},
        )
        for k, sid in enumerate(samples):
            await conn.execute(
                text(
                    "UPDATE DiffractionPlan SET aimedResolution = :r WHERE diffractionPlanId = :d"
                ),
                {"r": 1.5, "d": sid},
            )
            await conn.execute(
                text(
                    """UPDATE BLSample SET name = :n, location = :l, comments = :m,
                    crystalId = :x, containerId = :c WHERE blSampleId = :s"""
                ),
                {
                    "n": f"bench-0-{k}",
                    "l": str(k + 1),
                    "m": f"round {round_}",
                    "x": 1 + k % 2,
                    "c": container,
                    "s": sid,
                },
            )
        await conn.execute(
            text("SELECT * FROM BLSample WHERE containerId = :c ORDER BY location"),
            {"c": container},
        )


def _stats(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    return statistics.median(ordered), ordered[int(len(ordered) * 0.95) - 1]


async def run(args: argparse.Namespace) -> None:
    base = os.environ.get(
        "GATEWAY_TEST_MYSQL_URL", "mysql+asyncmy://gateway:gateway@127.0.0.1:3306/"
    )
    server = create_engine(sync_url(base))
    name = f"gw_bench_sample_changer_{os.getpid()}"
    with server.begin() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4")
    url = make_url(base).set(database=name).render_as_string(hide_password=False)
    try:
        container, samples = await asyncio.to_thread(_fill, url)
        services = build_services(Settings(sql_url=url, max_page_size=500))
        schema = build_schema(services.settings)

        async def graph(document: str, **variables: Any) -> dict[str, Any]:
            ctx = Context(
                request=None, response=None, services=services, viewer=ALICE, request_id="b"
            )  # type: ignore[arg-type]
            result = await schema.execute(document, variable_values=variables, context_value=ctx)
            assert not result.errors, result.errors
            assert result.data is not None
            return result.data

        db = services.engine
        got = (await graph(CHANGER))["sampleChanger"]
        async with db.connect() as conn:
            rows = (
                await conn.execute(SQL_CHANGER, {"p": PROPOSAL, "bl": BEAMLINE, "person": 1})
            ).all()
        assert [r["blSampleId"] for r in got] == [r[0] for r in rows], "graph and SQL disagree"
        assert len(got) == 5 + PUCKS * PER_PUCK

        async def sql_changer() -> None:
            async with db.connect() as conn:
                await conn.execute(SQL_CHANGER, {"p": PROPOSAL, "bl": BEAMLINE, "person": 1})

        counter = {"n": 0}

        def payload() -> dict[str, Any]:
            counter["n"] += 1
            return {
                "samples": [
                    {
                        "blSampleId": sid,
                        "location": str(k + 1),
                        "name": f"bench-0-{k}",
                        "comments": f"round {counter['n']}",
                        "crystalId": 1 + k % 2,
                        "diffractionPlan": {"aimedResolution": 1.5},
                    }
                    for k, sid in enumerate(samples)
                ],
                "container": {"code": "BENCH-P0"},
                "omitted": "KEEP",
            }

        cases: dict[str, Callable[[], Awaitable[Any]]] = {
            "sampleChanger, graph": lambda: graph(CHANGER),
            "sampleChanger, hand-written SQL": sql_changer,
            "saveContainerContents (16), graph": lambda: graph(SAVE, c=container, input=payload()),
            "saveContainerContents (16), hand-written SQL": lambda: _sql_save(
                db, container, samples, counter["n"]
            ),
        }
        times: dict[str, list[float]] = {k: [] for k in cases}
        for _ in range(10):  # warm-up: pools, caches, validation cache
            for fn in cases.values():
                await fn()
        for _ in range(args.iterations):
            for label, fn in cases.items():
                start = time.perf_counter()
                await fn()
                times[label].append((time.perf_counter() - start) * 1000)
        print(f"{args.iterations} iterations, alternating; {len(got)} samples in the changer")
        for label, values in times.items():
            p50, p95 = _stats(values)
            print(f"{label:48s} p50 {p50:7.2f} ms  p95 {p95:7.2f} ms")
        for what in ("sampleChanger", "saveContainerContents (16)"):
            graph_p50 = _stats(times[f"{what}, graph"])[0]
            sql_p50 = _stats(times[f"{what}, hand-written SQL"])[0]
            print(f"{what}: graph / SQL at p50 = {graph_p50 / sql_p50:.2f}x")
        await services.close()
    finally:
        with server.begin() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS `{name}`")
        server.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=200)
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
