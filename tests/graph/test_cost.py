"""The query budget: an estimate of the objects a query can return, refused before it runs."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest_asyncio
from graphql import get_introspection_query, parse
from sqlalchemy import event

from gateway.app import build_services
from gateway.graphql.cost import Budget, estimate
from gateway.graphql.schema import build_schema
from gateway.services import Services
from gateway.settings import Settings
from tests.graph.conftest import make_runner

LIMIT = 50_000  # the introspection of the whole schema (beamline types included) fits

NESTED = """query($p: Int, $s: Int, $g: Int) {
  proposals(first: $p) { edges { node {
    sessions(first: $s) { edges { node {
      dataCollectionGroups(first: $g) { edges { node { dataCollectionGroupId } } } } } } } } } }"""


@pytest_asyncio.fixture(scope="module")
async def budget_services(ispyb_url: str) -> AsyncIterator[Services]:
    services = build_services(Settings(sql_url=ispyb_url, max_query_cost=LIMIT))
    yield services
    await services.close()


def _estimate(query: str, **variables: Any) -> int:
    settings = Settings(max_query_cost=LIMIT)
    schema = build_schema(settings)._schema
    document = parse(query)
    operation = next(d for d in document.definitions if d.kind == "operation_definition")
    fragments = {d.name.value: d for d in document.definitions if d.kind == "fragment_definition"}
    budget = Budget(LIMIT, settings.max_page_size, settings.query_cost_list_size)
    return estimate(schema, operation, fragments, variables, budget)  # type: ignore[arg-type]


async def _statements_during(services: Services, query: str, **variables: Any) -> tuple[Any, int]:
    statements: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    event.listen(services.engine.sync_engine, "before_cursor_execute", record)
    try:
        result = await make_runner(services)(query, expect_errors=True, **variables)
    finally:
        event.remove(services.engine.sync_engine, "before_cursor_execute", record)
    return result, len(statements)


async def test_a_query_over_the_budget_is_refused_before_any_statement(
    budget_services: Services,
) -> None:
    result, statements = await _statements_during(budget_services, NESTED, p=100, s=100, g=100)
    assert result["data"] is None
    (error,) = result["errors"]
    assert error["extensions"]["code"] == "QUERY_TOO_COSTLY"
    assert error["extensions"]["limit"] == LIMIT
    assert error["extensions"]["cost"] == _estimate(NESTED, p=100, s=100, g=100) > LIMIT
    assert f"{LIMIT:,}" in error["message"]
    assert statements == 0


async def test_the_same_document_with_small_pages_runs(budget_services: Services) -> None:
    data = await make_runner(budget_services)(NESTED, p=5, s=5, g=5)
    assert data["proposals"]["edges"]


def test_the_estimate_follows_pages_and_lists() -> None:
    small, large = _estimate(NESTED, p=2, s=3, g=4), _estimate(NESTED, p=4, s=3, g=4)
    # Doubling the outer page doubles everything under it (plus its connection object).
    assert large == 2 * small - 1
    # No `first`: the default page; more than the largest page: the largest page counts.
    assert _estimate(NESTED) == _estimate(NESTED, p=50, s=50, g=50)
    assert _estimate(NESTED, p=10**9, s=1, g=1) == _estimate(NESTED, p=500, s=1, g=1)
    # Plain lists count as the configured list size; leaves are free.
    with_list = "{ dataCollection(dataCollectionId: 1) { autoProcIntegrations { cellA } } }"
    without = "{ dataCollection(dataCollectionId: 1) { dataCollectionId imagePrefix } }"
    assert _estimate(with_list) - _estimate(without) == Settings().query_cost_list_size


def test_aliases_and_fragments_each_count() -> None:
    one = "{ a: proposals(first: 10) { edges { node { proposalId } } } }"
    three = """{ a: proposals(first: 10) { ...P } b: proposals(first: 10) { ...P }
                 c: proposals(first: 10) { ...P } }
               fragment P on ProposalConnection { edges { node { proposalId } } }"""
    assert _estimate(three) == 3 * _estimate(one)


def test_fragment_bombs_are_estimated_without_expanding_them() -> None:
    # Each fragment spreads the next ten times: 10^6 copies of the innermost selection.
    levels = 6
    fragments = [
        f"fragment F{i} on Proposal {{ "
        + " ".join(
            f"s{j}: sessions(first: 1) {{ edges {{ node {{ proposal {{ ...F{i + 1} }} }} }} }}"
            for j in range(10)
        )
        + " }"
        for i in range(levels)
    ]
    fragments.append(f"fragment F{levels} on Proposal {{ proposalId }}")
    query = "{ proposal(proposalId: 1) { ...F0 } }\n" + "\n".join(fragments)
    assert _estimate(query) > 10**levels


async def test_introspection_fits_but_thirty_copies_do_not(budget_services: Services) -> None:
    introspection = get_introspection_query()
    single = _estimate(introspection)
    assert single < LIMIT
    run = make_runner(budget_services)
    assert (await run(introspection))["__schema"]["types"]
    block = introspection[
        introspection.index("__schema") : introspection.index("fragment FullType")
    ].strip()
    body = block[: block.rindex("}")]  # without the query's own closing brace
    aliased = "query {" + " ".join(f"i{n}: {body}" for n in range(30)) + "}\n"
    aliased += introspection[introspection.index("fragment FullType") :]
    refused = await run(aliased, expect_errors=True)
    assert refused["errors"][0]["extensions"]["code"] == "QUERY_TOO_COSTLY"
