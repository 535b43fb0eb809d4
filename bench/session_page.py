"""The EXI2 session page through the gateway vs. the best hand-written SQL, in one run.

The page: one session's 100 most recent collections, each with its group,
sample name, autoprocessing integrations (cell, program, space group), and
screening count. Both sides use the same driver (the URL's, asyncmy by default) against
the same MariaDB and end with JSON bytes; they alternate request by request so machine
noise hits both.

    python -m bench.session_page                # 2,000 sessions, 80,000 collections
    python -m bench.session_page --profile      # also a pyinstrument profile of the gateway side

Needs MariaDB and a MongoDB-protocol server (scripts/services.sh prints their URLs).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import aiohttp
import orjson
from pymongo import AsyncMongoClient
from sqlalchemy import bindparam, create_engine, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from bench.generate import generate
from bench.ready import wait_ready
from gateway.sql import models as m
from gateway.sql.engine import sync_url
from gateway.sql.migrate import upgrade
from tests.oidc import running_issuer
from tests.server import free_port

SESSION_ID = 1
PAGE = 100
# The page issue 12 measures: SQL only (no job store), 40 collections.
SQL_QUERY = """query SessionPage($id: Int!, $n: Int!) {
  session(sessionId: $id) {
    sessionId beamLineName startDate
    dataCollections(first: $n, orderBy: {field: START_TIME, direction: DESC}) {
      totalCount
      nodes {
        dataCollectionId imagePrefix dataCollectionNumber numberOfImages startTime runStatus
        wavelength resolution
        group { dataCollectionGroupId experimentType sample { blSampleId name } }
        autoProcIntegrations {
          autoProcIntegrationId cellA cellB cellC cellAlpha cellBeta cellGamma
          autoProcProgram { processingPrograms processingStatus }
        }
      }
    }
  }
}"""
# The EXI2 page with screening and job counts (the job store on the critical path).
QUERY = """query SessionPage($id: Int!, $n: Int!) {
  session(sessionId: $id) {
    sessionId beamLineName startDate
    dataCollections(first: $n, orderBy: {field: START_TIME, direction: DESC}) {
      totalCount
      nodes {
        dataCollectionId imagePrefix dataCollectionNumber numberOfImages startTime runStatus
        wavelength resolution
        group { dataCollectionGroupId experimentType sample { blSampleId name } }
        autoProcIntegrations {
          autoProcIntegrationId cellA cellB cellC cellAlpha cellBeta cellGamma
          autoProcProgram { processingPrograms processingStatus autoProcs { spaceGroup } }
        }
        screeningCount
        jobCounts { total }
      }
    }
  }
}"""

# The hand-written side: what a careful developer would write against ISPyB directly,
# permission check included (the viewer is a member of the session's proposal). The page
# is a deferred join: the newest collections are found among their keys, which carry the
# session's count (a window COUNT over the rows the sort reads anyway), and only the page's
# rows are joined to their columns, group and sample. Against the plain join sorting whole
# rows it costs MariaDB ~1 ms less CPU per page (docs/performance.md): the best we know.
SQL_PAGE = text("""
SELECT c.dataCollectionId, c.imagePrefix, c.dataCollectionNumber, c.numberOfImages,
       c.startTime, c.runStatus, c.wavelength, c.resolution,
       g.dataCollectionGroupId, g.experimentType, b.blSampleId, b.name AS sampleName, p.total
FROM (SELECT c.dataCollectionId, COUNT(*) OVER () AS total
      FROM DataCollection c
      JOIN DataCollectionGroup g ON g.dataCollectionGroupId = c.dataCollectionGroupId
      WHERE g.sessionId = :sid
      ORDER BY c.startTime DESC, c.dataCollectionId DESC
      LIMIT :n) p
JOIN DataCollection c ON c.dataCollectionId = p.dataCollectionId
JOIN DataCollectionGroup g ON g.dataCollectionGroupId = c.dataCollectionGroupId
LEFT JOIN BLSample b ON b.blSampleId = g.blSampleId
ORDER BY c.startTime DESC, c.dataCollectionId DESC""")
SQL_SESSION = text("""
SELECT s.sessionId, s.beamLineName, s.startDate
FROM BLSession s JOIN Proposal p ON p.proposalId = s.proposalId
WHERE s.sessionId = :sid AND (p.personId = :pid
   OR p.proposalId IN (SELECT proposalId FROM ProposalHasPerson WHERE personId = :pid)
   OR s.sessionId IN (SELECT sessionId FROM Session_has_Person WHERE personId = :pid))""")
SQL_INTEGRATIONS = """
SELECT i.dataCollectionId, i.autoProcIntegrationId, i.cell_a, i.cell_b, i.cell_c,
       i.cell_alpha, i.cell_beta, i.cell_gamma, p.autoProcProgramId, p.processingPrograms,
       p.processingStatus, a.spaceGroup
FROM AutoProcIntegration i
LEFT JOIN AutoProcProgram p ON p.autoProcProgramId = i.autoProcProgramId
LEFT JOIN AutoProc a ON a.autoProcProgramId = p.autoProcProgramId
WHERE i.dataCollectionId IN ({ids})
ORDER BY i.autoProcIntegrationId"""
# A collection's screenings: those naming it, and those naming only its group.
SQL_SCREENINGS = """
SELECT x.dataCollectionId, COUNT(*) FROM (
  SELECT dataCollectionId FROM Screening WHERE dataCollectionId IN ({ids})
  UNION ALL
  SELECT c.dataCollectionId FROM DataCollection c
  JOIN Screening s ON s.dataCollectionGroupId = c.dataCollectionGroupId
  WHERE s.dataCollectionId IS NULL AND c.dataCollectionId IN ({ids})
) x GROUP BY x.dataCollectionId"""


def _iso(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


async def job_counts(jobs_db: Any, ids: list[int]) -> dict[int, int]:
    """Jobs per collection, straight from MongoDB (one query), as a hand-written client would."""
    keys = [f"dataCollection:{i}" for i in ids]
    counts: dict[int, int] = {}
    # one reply for all matches (the default first batch of 101 would need a second round trip)
    cursor = jobs_db.jobs.find({"item_keys": {"$in": keys}}, {"item_keys": 1}, batch_size=10_000)
    async for doc in cursor:
        for key in doc["item_keys"]:
            if key in keys:
                dcid = int(key.split(":")[1])
                counts[dcid] = counts.get(dcid, 0) + 1
    return counts


def _collection(r: Any, integrations: list[dict[str, Any]]) -> dict[str, Any]:
    """One collection of the page, as the query shapes it (both variants)."""
    return {
        "dataCollectionId": r.dataCollectionId,
        "imagePrefix": r.imagePrefix,
        "dataCollectionNumber": r.dataCollectionNumber,
        "numberOfImages": r.numberOfImages,
        "startTime": _iso(r.startTime),
        "runStatus": r.runStatus,
        "wavelength": r.wavelength,
        "resolution": r.resolution,
        "group": {
            "dataCollectionGroupId": r.dataCollectionGroupId,
            "experimentType": r.experimentType,
            "sample": None
            if r.blSampleId is None
            else {"blSampleId": r.blSampleId, "name": r.sampleName},
        },
        "autoProcIntegrations": integrations,
    }


def _integration(r: Any, program: dict[str, Any]) -> dict[str, Any]:
    return {
        "autoProcIntegrationId": r.autoProcIntegrationId,
        "cellA": r.cell_a,
        "cellB": r.cell_b,
        "cellC": r.cell_c,
        "cellAlpha": r.cell_alpha,
        "cellBeta": r.cell_beta,
        "cellGamma": r.cell_gamma,
        "autoProcProgram": None if r.autoProcProgramId is None else program,
    }


def _page(session: Any, rows: list[Any], nodes: list[dict[str, Any]]) -> bytes:
    total = rows[0].total if rows else 0  # the first page: no row means no collection
    data = {
        "session": {
            "sessionId": session.sessionId,
            "beamLineName": session.beamLineName,
            "startDate": _iso(session.startDate),
            "dataCollections": {"totalCount": total, "nodes": nodes},
        }
    }
    return orjson.dumps({"data": data})  # the gateway's encoder: the fastest we know


async def hand_written(engine: AsyncEngine, person_id: int, jobs_db: Any) -> bytes:
    async with engine.connect() as conn:
        session = (await conn.execute(SQL_SESSION, {"sid": SESSION_ID, "pid": person_id})).one()
        rows = (await conn.execute(SQL_PAGE, {"sid": SESSION_ID, "n": PAGE})).all()
        ids = ",".join(str(int(r.dataCollectionId)) for r in rows) or "NULL"
        integ = (await conn.execute(text(SQL_INTEGRATIONS.format(ids=ids)))).all()
        screenings = dict((await conn.execute(text(SQL_SCREENINGS.format(ids=ids)))).all())
    jobs = await job_counts(jobs_db, [int(r.dataCollectionId) for r in rows])
    by_dc: dict[int, dict[int, dict[str, Any]]] = {}
    for r in integ:
        program = {
            "processingPrograms": r.processingPrograms,
            "processingStatus": r.processingStatus,
            "autoProcs": [],
        }
        entry = by_dc.setdefault(r.dataCollectionId, {}).setdefault(
            r.autoProcIntegrationId, _integration(r, program)
        )
        if r.spaceGroup is not None and entry["autoProcProgram"] is not None:
            entry["autoProcProgram"]["autoProcs"].append({"spaceGroup": r.spaceGroup})
    nodes = []
    for r in rows:
        node = _collection(r, list(by_dc.get(r.dataCollectionId, {}).values()))
        node["screeningCount"] = screenings.get(r.dataCollectionId, 0)
        node["jobCounts"] = {"total": jobs.get(r.dataCollectionId, 0)}
        nodes.append(node)
    return _page(session, rows, nodes)


# One statement object with an expanding IN: SQLAlchemy compiles it once and renders only
# the list per run (a new text() per page was compiled every time).
SQL_INTEGRATIONS_ONLY = text("""
SELECT i.dataCollectionId, i.autoProcIntegrationId, i.cell_a, i.cell_b, i.cell_c,
       i.cell_alpha, i.cell_beta, i.cell_gamma, p.autoProcProgramId, p.processingPrograms,
       p.processingStatus
FROM AutoProcIntegration i
LEFT JOIN AutoProcProgram p ON p.autoProcProgramId = i.autoProcProgramId
WHERE i.dataCollectionId IN :ids
ORDER BY i.autoProcIntegrationId""").bindparams(bindparam("ids", expanding=True))


async def hand_written_sql(engine: AsyncEngine, person_id: int, page: int) -> bytes:
    """The SQL-only page: three statements (session, page with its count, integrations)."""
    async with engine.connect() as conn:
        session = (await conn.execute(SQL_SESSION, {"sid": SESSION_ID, "pid": person_id})).one()
        rows = (await conn.execute(SQL_PAGE, {"sid": SESSION_ID, "n": page})).all()
        ids = [r.dataCollectionId for r in rows]
        integ = (await conn.execute(SQL_INTEGRATIONS_ONLY, {"ids": ids})).all() if ids else []
    by_dc: dict[int, list[dict[str, Any]]] = {}
    for r in integ:
        program = {
            "processingPrograms": r.processingPrograms,
            "processingStatus": r.processingStatus,
        }
        by_dc.setdefault(r.dataCollectionId, []).append(_integration(r, program))
    nodes = [_collection(r, by_dc.get(r.dataCollectionId, [])) for r in rows]
    return _page(session, rows, nodes)


def prepare(url: str, sessions: int, collections: int) -> None:
    """Create (once) the benchmark database; reused when it already has the rows."""
    server = make_url(url).set(database="")
    name = make_url(url).database
    engine = create_engine(sync_url(server.render_as_string(hide_password=False)))
    with engine.begin() as conn:
        conn.execute(text(f"CREATE DATABASE IF NOT EXISTS `{name}`"))
    engine.dispose()
    upgrade(url)
    engine = create_engine(sync_url(url))
    with engine.connect() as conn:
        have = conn.execute(select(func.count()).select_from(m.DataCollection)).scalar_one()
    engine.dispose()
    if have == collections:
        print(f"reusing {name}: {have} collections")
        return
    if have:
        raise SystemExit(f"{name} holds {have} collections; drop it or pass another --database")
    t = time.perf_counter()
    counts = generate(url, sessions, collections)
    print(f"generated {counts} in {time.perf_counter() - t:.0f} s")


def data_options(parser: argparse.ArgumentParser) -> None:
    """The options naming the benchmark database and its size (shared by bench.screening_links)."""
    parser.add_argument("--database", default="gw_bench_session_page")
    parser.add_argument("--sessions", type=int, default=2000)
    parser.add_argument("--collections", type=int, default=80000)


async def prepared(args: argparse.Namespace) -> str:
    """The URL of the database `data_options` name, created and filled when needed."""
    base = os.environ.get(
        "GATEWAY_TEST_MYSQL_URL", "mysql+asyncmy://gateway:gateway@127.0.0.1:3306/"
    )
    url = make_url(base).set(database=args.database).render_as_string(hide_password=False)
    await asyncio.to_thread(prepare, url, args.sessions, args.collections)
    return url


async def seed_jobs(url: str, mongo: str) -> None:
    """Two jobs on each of the session's 100 newest collections, through the job service."""
    from gateway.app import build_services
    from gateway.jobs.description import ItemSummary
    from gateway.jobs.model import ItemKind, Owner
    from gateway.settings import Settings

    services = build_services(
        Settings(
            sql_url=url,
            mongo_url=mongo,
            mongo_database="bench_jobs",
            job_quota_per_minute=10**9,  # the bench launches thousands as one person
            job_quota_pending=10**9,
        )
    )
    await services.jobs.store.ensure_indexes()
    if await services.jobs.store.count() == 0:
        async with services.engine.connect() as conn:
            rows = (await conn.execute(SQL_PAGE, {"sid": SESSION_ID, "n": PAGE})).all()
        for r in rows:
            item = ItemSummary(
                id=r.dataCollectionId,
                kind=ItemKind.DATA_COLLECTION,
                label=r.imagePrefix,
                images=r.numberOfImages,
                proposal_id=1,
                session_id=SESSION_ID,
                beamline="id23-1",
            )
            for pipeline in ("XIA2_dials", "autoPROC"):
                await services.jobs.submit(
                    "reprocess", [item], {"pipeline": pipeline}, Owner(person_id=1, login="pi")
                )
    await services.close()


def pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1] if len(values) > 1 else values[0]


async def run(args: argparse.Namespace) -> None:
    url = await prepared(args)
    mongo = os.environ.get("GATEWAY_TEST_MONGO_URL", "mongodb://127.0.0.1:27017/")
    await seed_jobs(url, mongo)

    async with running_issuer(audience="ispyb-gateway") as issuer:
        token = issuer.mint(claims={"preferred_username": "pi"})
        port = free_port()
        env = {
            **os.environ,
            "GATEWAY_SQL_URL": url,
            "GATEWAY_MONGO_URL": mongo,
            "GATEWAY_MONGO_DATABASE": "bench_jobs",
            "GATEWAY_OIDC_ISSUER": issuer.url,
            "GATEWAY_OIDC_AUDIENCE": "ispyb-gateway",
            "GATEWAY_LOG_LEVEL": "warning",
        }
        gateway = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "gateway.cli", "serve", "--port", str(port), env=env
        )
        # The same gateway with the planner off: graphql-core runs every operation.
        core_port = free_port()
        core = await asyncio.create_subprocess_exec(
            sys.executable,
            *("-m", "gateway.cli", "serve", "--port", str(core_port)),
            env={**env, "GATEWAY_QUERY_PLANNER": "false"},
        )
        engine = create_async_engine(url, pool_size=5)
        mongo_client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(mongo)
        jobs_db = mongo_client["bench_jobs"]
        # The timed requests go through aiohttp (see `post` below).
        client = aiohttp.ClientSession(headers={"authorization": f"Bearer {token}"})
        try:
            for target in (f"http://127.0.0.1:{port}", f"http://127.0.0.1:{core_port}"):
                await wait_ready(target)
            jobs = args.variant == "jobs"
            page = PAGE if jobs else 40
            query = QUERY if jobs else SQL_QUERY
            body = {"query": query, "variables": {"id": SESSION_ID, "n": page}}

            def by_hand() -> Any:
                if jobs:
                    return hand_written(engine, 1, jobs_db)
                return hand_written_sql(engine, 1, page)

            # The timed requests go through aiohttp: httpx spends ~1.5 ms of Python per
            # request on the client's side (measured against a bare socket), which is
            # not the gateway's time; aiohttp ~0.4 ms.
            payload = json.dumps(body).encode()
            headers = {"content-type": "application/json"}

            async def post(url: str) -> bytes:
                async with client.post(url, data=payload, headers=headers) as r:
                    r.raise_for_status()
                    return await r.read()

            async def via_gateway() -> bytes:
                return await post(f"http://127.0.0.1:{port}/graphql")

            async def via_core() -> bytes:
                return await post(f"http://127.0.0.1:{core_port}/graphql")

            # Same answer on both sides, or the comparison means nothing.
            g = json.loads(await via_gateway())
            h = json.loads(await by_hand())
            assert "errors" not in g, g.get("errors")
            assert g == h, "gateway and hand-written SQL disagree"
            assert json.loads(await via_core()) == g, "graphql-core and the plan disagree"
            assert len(g["data"]["session"]["dataCollections"]["nodes"]) == page

            for _ in range(args.warmup):
                await via_gateway()
                await via_core()
                await by_hand()
            gw_times: list[float] = []
            core_times: list[float] = []
            sql_times: list[float] = []
            for i in range(args.iterations):
                order = [
                    (via_gateway, gw_times),
                    (via_core, core_times),
                    (by_hand, sql_times),
                ]
                for fn, sink in order if i % 2 == 0 else reversed(order):
                    t = time.perf_counter()
                    await fn()
                    sink.append((time.perf_counter() - t) * 1000)
        finally:
            for process in (gateway, core):
                process.terminate()
                await process.wait()
            await engine.dispose()
            await mongo_client.close()
            await client.close()

    gw50, gw95 = pct(gw_times, 50), pct(gw_times, 95)
    sq50, sq95 = pct(sql_times, 50), pct(sql_times, 95)
    print(
        f"\nsession page ({args.variant}), {page} collections of session {SESSION_ID} "
        f"({args.sessions} sessions, {args.collections} collections), {args.iterations} runs each"
    )
    co50, co95 = pct(core_times, 50), pct(core_times, 95)
    print(f"  gateway over HTTP  p50 {gw50:7.1f} ms   p95 {gw95:7.1f} ms")
    print(f"  same, graphql-core p50 {co50:7.1f} ms   p95 {co95:7.1f} ms   (planner off)")
    print(f"  hand-written SQL   p50 {sq50:7.1f} ms   p95 {sq95:7.1f} ms")
    print(f"  ratio (p50)        {gw50 / sq50:.2f}x   goal <= 1.5x")
    print(f"  planner off (p50)  {co50 / sq50:.2f}x")
    if args.profile:
        await profile(url, query, page)


async def profile(url: str, query: str, page: int) -> None:
    """Where the gateway's time goes for the same page, executed in-process."""
    from pyinstrument import Profiler

    from gateway.app import build_services
    from gateway.auth.viewer import Viewer
    from gateway.graphql.context import Context
    from gateway.graphql.schema import build_schema
    from gateway.settings import Settings

    services = build_services(Settings(sql_url=url))
    schema = build_schema(services.settings)
    viewer = Viewer(login="pi", person_id=1, is_staff=False, is_worker=False)

    async def once() -> None:
        ctx = Context(
            request=None,
            response=None,
            services=services,
            viewer=viewer,  # type: ignore[arg-type]
            request_id="bench",
        )
        result = await schema.execute(
            query, variable_values={"id": SESSION_ID, "n": page}, context_value=ctx
        )
        assert not result.errors, result.errors

    for _ in range(5):
        await once()
    profiler = Profiler(async_mode="enabled")
    with profiler:
        for _ in range(20):
            await once()
    out = Path(__file__).with_name("session_page.profile.txt")
    out.write_text(profiler.output_text(unicode=False, color=False, show_all=False))
    print(f"  profile of 20 in-process executions: {out}")
    await services.close()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    data_options(parser)
    parser.add_argument("--iterations", type=int, default=60)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument(
        "--variant",
        choices=("sql", "jobs"),
        default="sql",
        help="sql: 40 collections, SQL only (issue 12); jobs: 100 with screening and job counts",
    )
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
