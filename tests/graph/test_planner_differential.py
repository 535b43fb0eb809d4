"""The planned read path and graphql-core give byte-identical answers to the whole corpus.

Each document of `tests/graph/corpus.py` runs through both paths as staff, a
proposal member, a session's local contact, an outsider and an unknown login,
on a database that also holds zero dates and nulls; data and errors (messages,
paths, codes) must serialize to the same JSON, key order included. Each entry
also states which path must have run it, so a plan that silently gave way to
graphql-core fails here. What the plan answered runs once more by the plan alone (the
direct path HTTP requests take once the pipeline has accepted their text), which must
answer the same, and give way wherever the plan did.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from gateway.app import build_services
from gateway.auth.viewer import Viewer
from gateway.graphql import json_pieces
from gateway.graphql.planner import run
from gateway.graphql.schema import GatewaySchema, build_schema
from gateway.services import Services
from gateway.settings import Settings
from tests.graph import corpus
from tests.graph.conftest import STAFF, make_context

VIEWERS = {
    "staff": STAFF,
    "member": Viewer(login="alice", person_id=1, is_staff=False, is_worker=False),
    "local contact": Viewer(login="bob", person_id=2, is_staff=False, is_worker=False),
    "outsider": Viewer(login="dave", person_id=4, is_staff=False, is_worker=False),
    "unknown": Viewer(login="ghost", person_id=None, is_staff=False, is_worker=False),
}


@pytest_asyncio.fixture(scope="module")
async def edge_services(mysql_server_url: str) -> AsyncIterator[Services]:
    """The demo data plus zero dates and nulls where ISPyB's real rows have them."""
    import asyncio

    from tests.conftest import create_database, drop_database, migrate_with_demo_data

    url = await create_database(mysql_server_url, "gw_planner_diff")
    await asyncio.to_thread(migrate_with_demo_data, url)
    engine = create_async_engine(url)
    async with engine.begin() as conn:
        await conn.execute(text("SET SESSION sql_mode = ''"))
        await conn.execute(
            text(
                "UPDATE DataCollection SET startTime = '0000-00-00 00:00:00', "
                "endTime = '2024-00-00 10:00:00', imagePrefix = NULL, wavelength = NULL "
                "WHERE dataCollectionId = (SELECT MIN(dataCollectionId) FROM DataCollection)"
            )
        )
        await conn.execute(
            text(
                "UPDATE Crystal SET recordTimeStamp = '0000-00-00 00:00:00' "
                "WHERE crystalId = (SELECT m FROM (SELECT MIN(crystalId) m FROM Crystal) x)"
            )
        )
        await conn.execute(
            text(
                "UPDATE DataCollectionGroup SET blSampleId = NULL WHERE dataCollectionGroupId = "
                "(SELECT m FROM (SELECT MAX(dataCollectionGroupId) m FROM DataCollectionGroup) x)"
            )
        )
    await engine.dispose()
    services = build_services(
        Settings(
            sql_url=url,
            max_page_size=500,
            max_query_cost=10**15,
            max_query_depth=40,
            max_aliases=1000,
            query_planner=True,
        )
    )
    yield services
    await services.close()
    await drop_database(mysql_server_url, url)


@pytest_asyncio.fixture(scope="module")
async def schemas(edge_services: Services) -> tuple[GatewaySchema, GatewaySchema]:
    settings = edge_services.settings
    return build_schema(settings), build_schema(
        settings.model_copy(update={"query_planner": False})
    )


async def _execute(
    schema: GatewaySchema,
    services: Services,
    viewer: Viewer,
    query: str,
    variables: dict[str, Any],
    parts: int = 0,
) -> tuple[str, str]:
    ctx = make_context(services, viewer)
    ctx.parts = parts
    result = await schema.execute(query, variable_values=variables, context_value=ctx)
    # What the lane writes (parts already written are held as bytes), read back.
    answer = {"data": json.loads(json_pieces.dumps(result.data))}
    if result.errors:
        answer["errors"] = [e.formatted for e in result.errors]
    return json.dumps(answer), ctx.executed_by


async def _direct(
    schema: GatewaySchema, services: Services, viewer: Viewer, entry: corpus.Entry
) -> str | None:
    """The answer by the plan alone (planner.direct), None where it gives way."""
    assert schema.direct is not None
    admitted = schema.direct.find(entry.query, None)
    if admitted is None:
        return None
    ctx = make_context(services, viewer)
    result = await schema.direct.run(admitted, schema, ctx, entry.variables)
    if result is None:
        return None
    assert ctx.executed_by == "direct"
    return json.dumps({"data": json.loads(json_pieces.dumps(result.data))})


async def _both(
    schemas: tuple[GatewaySchema, GatewaySchema],
    services: Services,
    viewer: Viewer,
    entry: corpus.Entry,
    parts: int = 0,
) -> dict[str, Any]:
    planned, by = await _execute(schemas[0], services, viewer, entry.query, entry.variables, parts)
    reference, reference_by = await _execute(
        schemas[1], services, viewer, entry.query, entry.variables
    )
    assert reference_by == "graphql-core"
    assert planned == reference, f"{entry.name}: the paths disagree"
    if entry.planned is not None:
        expected = "plan" if entry.planned else "graphql-core"
        assert by == expected, f"{entry.name}: ran by {by}"
    if not parts:  # the pipeline admitted what its plan answered: run it again directly
        direct = await _direct(schemas[0], services, viewer, entry)
        if by == "plan":
            assert direct == reference, f"{entry.name}: the direct path disagrees"
        else:
            assert direct is None, f"{entry.name}: the direct path answered what the plan did not"
    return json.loads(planned)  # type: ignore[no-any-return]


async def _ids(schemas: tuple[GatewaySchema, GatewaySchema], services: Services) -> dict[str, int]:
    answer, _ = await _execute(
        schemas[1],
        services,
        STAFF,
        '{ proposalByName(name: "mx2112") { proposalId sessions(first: 1) { nodes { sessionId'
        " dataCollectionGroups(first: 1) { nodes { dataCollectionGroupId dataCollections("
        "first: 1) { nodes { dataCollectionId } } } } } } } }",
        {},
    )
    proposal = json.loads(answer)["data"]["proposalByName"]
    session = proposal["sessions"]["nodes"][0]
    group = session["dataCollectionGroups"]["nodes"][0]
    return {
        "proposal": proposal["proposalId"],
        "session": session["sessionId"],
        "group": group["dataCollectionGroupId"],
        "collection": group["dataCollections"]["nodes"][0]["dataCollectionId"],
    }


@pytest.mark.parametrize("viewer", list(VIEWERS))
async def test_the_corpus_reads_the_same_both_ways(
    viewer: str,
    schemas: tuple[GatewaySchema, GatewaySchema],
    edge_services: Services,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="gateway.planner")  # why a plan gave way
    ids = await _ids(schemas, edge_services)
    schema = schemas[0]._schema
    entries = [
        *corpus.every_root(schema, ids),
        *corpus.orders(schema),
        *corpus.FILTERS,
        *corpus.SHAPES,
        *corpus.ERRORS,
    ]
    assert len(entries) > 50
    for entry in entries:
        await _both(schemas, edge_services, VIEWERS[viewer], entry)


@pytest.mark.parametrize("viewer", ["staff", "member", "outsider"])
async def test_the_corpus_reads_the_same_in_parts(
    viewer: str,
    schemas: tuple[GatewaySchema, GatewaySchema],
    edge_services: Services,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A big read on the lane goes in parts (`Context.parts`), each written before the
    next: with parts of one or two objects, every level with loads of its own is cut,
    and the answers must still be graphql-core's, in the same order."""
    monkeypatch.setattr(run, "_FIRST_PART", 1)
    ids = await _ids(schemas, edge_services)
    entries = [*corpus.every_root(schemas[0]._schema, ids), *corpus.SHAPES, *corpus.ERRORS]
    for parts in (1, 2):
        for entry in entries:
            await _both(schemas, edge_services, VIEWERS[viewer], entry, parts)


@pytest.mark.parametrize("viewer", ["staff", "member", "local contact"])
@pytest.mark.parametrize(("name", "root"), corpus.paging_steps())
async def test_paging_both_ways_with_cursors(
    viewer: str,
    name: str,
    root: str,
    schemas: tuple[GatewaySchema, GatewaySchema],
    edge_services: Services,
) -> None:
    page = (
        f"query P($after: String, $before: String, $first: Int, $last: Int) {{ {root}("
        "first: $first, after: $after, last: $last, before: $before) { totalCount "
        "pageInfo { hasNextPage hasPreviousPage startCursor endCursor } "
        "edges { cursor node { id } } } }"
    )
    who = VIEWERS[viewer]
    variables: dict[str, Any] = {"first": 2}
    seen_forward: list[str] = []
    for step in range(50):
        entry = corpus.Entry(f"{name} forward {step}", page, dict(variables))
        answer = (await _both(schemas, edge_services, who, entry))["data"][root]
        seen_forward += [e["node"]["id"] for e in answer["edges"]]
        if not answer["pageInfo"]["hasNextPage"]:
            break
        variables = {"first": 2, "after": answer["pageInfo"]["endCursor"]}
    assert len(seen_forward) == answer["totalCount"]
    seen_backward: list[str] = []
    variables = {"last": 2}
    for step in range(50):
        entry = corpus.Entry(f"{name} backward {step}", page, dict(variables))
        answer = (await _both(schemas, edge_services, who, entry))["data"][root]
        seen_backward = [e["node"]["id"] for e in answer["edges"]] + seen_backward
        if not answer["pageInfo"]["hasPreviousPage"]:
            break
        variables = {"last": 2, "before": answer["pageInfo"]["startCursor"]}
    assert seen_backward == seen_forward
