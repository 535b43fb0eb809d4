"""The planner converts a field's arguments once per distinct value of the variables they
name (gateway.graphql.planner.run): each request still gets the arguments its own
variables make, absent variables their defaults, as graphql-core gives them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest_asyncio

from gateway.app import build_services
from gateway.services import Services
from gateway.settings import Settings
from tests.graph.conftest import make_runner

PAGE = """query($id: Int!, $n: Int, $order: DataCollectionOrder, $after: String) {
  session(sessionId: $id) { dataCollections(first: $n, after: $after, orderBy: $order) {
    pageInfo { endCursor } nodes { dataCollectionId } } } }"""


@pytest_asyncio.fixture(scope="module")
async def both(ispyb_url: str) -> AsyncIterator[tuple[Services, Services]]:
    planned = build_services(Settings(sql_url=ispyb_url))
    core = build_services(Settings(sql_url=ispyb_url, query_planner=False))
    yield planned, core
    await planned.close()
    await core.close()


async def test_each_request_gets_its_own_arguments(both: tuple[Services, Services]) -> None:
    planned, core = (make_runner(s) for s in both)
    asc = {"field": "START_TIME", "direction": "ASC"}
    desc = {"field": "START_TIME", "direction": "DESC"}
    requests: list[dict[str, Any]] = [
        {"id": 1, "n": 2},
        {"id": 1, "n": 3},
        {"id": 1, "n": 3, "order": asc},
        {"id": 1, "n": 3, "order": desc},
        {"id": 1, "n": 3, "order": asc},
        {"id": 1},  # first: its default
        {"id": 1, "n": None},  # null, as given
    ]
    answers = []
    for variables in requests:
        answer = await planned(PAGE, **variables)
        assert answer == await core(PAGE, **variables), variables
        answers.append(
            [n["dataCollectionId"] for n in answer["session"]["dataCollections"]["nodes"]]
        )
    assert (len(answers[0]), len(answers[1])) == (2, 3)
    assert answers[2] != answers[3] and answers[2] == answers[4]
    # A cursor is a variable too: the next page follows the one before.
    first = await planned(PAGE, id=1, n=1)
    cursor = first["session"]["dataCollections"]["pageInfo"]["endCursor"]
    second = await planned(PAGE, id=1, n=1, after=cursor)
    assert second == await core(PAGE, id=1, n=1, after=cursor)
    ids = [n["dataCollectionId"] for n in second["session"]["dataCollections"]["nodes"]]
    assert ids == answers[1][1:2]
