"""A query the pipeline accepted and its plan answered runs by the plan alone the next time
(gateway.graphql.planner.direct): over HTTP the same bytes as graphql-core's, for every
viewer, counted in /metrics; whatever the pipeline refuses or reports still reaches it."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx

from tests.stack import Gateway, gateways

PAGE = """query Page($id: Int!, $n: Int!, $after: String) { session(sessionId: $id) {
  sessionId beamLineName
  dataCollections(first: $n, after: $after) { totalCount
    nodes { dataCollectionId imagePrefix group { experimentType sample { name } } } } } }"""
# Estimated at 6 + 3 per collection: 10 collections fit a budget of 60, 40 do not.
BUDGET = 60


async def _post(gw: Gateway, login: str, body: dict[str, Any]) -> bytes:
    """The response body, each error's request id (unique per request) blanked."""
    async with httpx.AsyncClient(base_url=gw.base, timeout=30) as http:
        r = await http.post("/graphql", json=body, headers=gw.auth(login))
    assert r.status_code == 200, r.text
    return re.sub(rb'"requestId":"[0-9a-f]+"', b'"requestId":""', r.content)


async def _metric(gw: Gateway, pattern: str) -> float:
    async with httpx.AsyncClient(base_url=gw.base, timeout=30) as http:
        text = (await http.get("/metrics")).text
    found = re.search(rf"^{pattern} (\S+)$", text, re.M)
    return float(found.group(1)) if found else 0.0


async def test_repeated_queries_answer_directly_as_graphql_core(ispyb_url: str) -> None:
    settings = {"sql_url": ispyb_url, "max_query_cost": BUDGET}
    async with (
        gateways(1, **settings) as (gw,),
        gateways(1, query_planner=False, **settings) as (core,),
    ):

        async def same(login: str, body: dict[str, Any]) -> bytes:
            answer = await _post(gw, login, body)
            assert answer == await _post(core, login, body), (login, body)
            return answer

        direct = "gateway_direct_queries_total"
        page = {"query": PAGE, "variables": {"id": 1, "n": 10}}
        first = await same("alice", page)
        assert b'"dataCollectionId"' in first and b"errors" not in first
        assert await _metric(gw, direct) == 0  # the pipeline ran it, and admitted it
        assert await same("alice", page) == first
        assert await _metric(gw, direct) == 1
        # Admitted by its text: any viewer's answer is then the viewer's own.
        for login in ("carol", "bob", "dave", "ghost"):
            await same(login, page)
        assert await _metric(gw, direct) == 5
        # Named by the request, the same text is another entry: admitted on its first run.
        named = {**page, "operationName": "Page"}
        assert await same("alice", named) == first
        assert await same("alice", named) == first
        assert await _metric(gw, direct) == 6
        # What the pipeline refuses or reports still goes to it, answered as before.
        refusals = [
            ({"id": 1, "n": 40}, b"QUERY_TOO_COSTLY"),  # this request's estimate
            ({"id": "one", "n": 10}, b"BAD_USER_INPUT"),  # a variable refused
            ({"id": 1, "n": 10, "after": "not a cursor"}, b"BAD_USER_INPUT"),  # a resolver's
        ]
        for variables, code in refusals:
            assert code in await same("alice", {"query": PAGE, "variables": variables})
        assert await _metric(gw, direct) == 6
        # Estimates are remembered by text and variables: each request still gets its own.
        assert await same("alice", page) == first
        assert await _metric(gw, direct) == 7
        over = {"query": PAGE, "variables": {"id": 1, "n": 40}}
        assert b"QUERY_TOO_COSTLY" in await same("alice", over)
        assert await _metric(gw, direct) == 7
        # The direct path reads a JSON body with a charset too; a body it does not read as
        # a plain query (extensions) goes to the pipeline, which answers it the same.
        async with httpx.AsyncClient(base_url=gw.base, timeout=30) as http:
            headers = {**gw.auth("alice"), "content-type": "application/json; charset=utf-8"}
            r = await http.post("/graphql", content=json.dumps(page), headers=headers)
        assert r.content == first
        assert await _metric(gw, direct) == 8
        assert await same("alice", {**page, "extensions": {"note": 1}}) == first
        assert await _metric(gw, direct) == 8
        labels = 'operation="Page",outcome="ok",type="query"'
        assert await _metric(gw, f"gateway_graphql_operations_total{{{labels}}}") == 11
