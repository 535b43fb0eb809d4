"""What the query budget costs: the estimate's time per document, against parsing it.

The estimate runs once per request before execution; it must stay a small fraction of
what the request already pays to parse its document. Both are timed in one run, on
the same documents, alternating (`python -m bench.cost`). No server is needed.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from functools import partial

from graphql import FragmentDefinitionNode, OperationDefinitionNode, get_introspection_query, parse

from gateway.graphql.cost import Budget, estimate
from gateway.graphql.schema import build_schema
from gateway.settings import Settings

DOCUMENTS = {
    "session page (100 collections)": """query($id: Int!) { session(sessionId: $id) {
        dataCollections(first: 100) { totalCount nodes { dataCollectionId imagePrefix
          group { dataCollectionGroupId sample { name crystal { protein { acronym } } } }
          autoProcIntegrations { cellA autoProcProgram { processingPrograms autoProcs { spaceGroup } } }
          screeningCount processingStatusCounts { success failed running } } } } }""",
    "4 nested pages of 500": """{ proposals(first: 500) { edges { node {
        sessions(first: 500) { edges { node { dataCollectionGroups(first: 500) { edges { node {
          dataCollections(first: 500) { edges { node { dataCollectionId } } } } } } } } } } } } }""",
    "introspection (GraphiQL's)": get_introspection_query(),
}


VARIABLES = {"id": 1}


def _p50_us(run: Callable[[], object], rounds: int = 2000) -> float:
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        run()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1e6


def main() -> None:
    settings = Settings()
    schema = build_schema(settings)._schema
    budget = Budget(settings.max_query_cost, settings.max_page_size, settings.query_cost_list_size)
    print(f"{'document':34} {'estimate':>16} {'estimate p50':>13} {'parse p50':>10} ratio")
    for name, text in DOCUMENTS.items():
        document = parse(text)
        operation = next(d for d in document.definitions if isinstance(d, OperationDefinitionNode))
        fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        objects = estimate(schema, operation, fragments, VARIABLES, budget)
        cost_us = _p50_us(partial(estimate, schema, operation, fragments, VARIABLES, budget))
        parse_us = _p50_us(partial(parse, text))
        print(
            f"{name:34} {objects:>16,} {cost_us:>10.1f} us {parse_us:>7.1f} us "
            f"{cost_us / parse_us:.2f}x"
        )


if __name__ == "__main__":
    main()
