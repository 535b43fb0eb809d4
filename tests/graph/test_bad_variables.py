"""Variables a client got wrong are BAD_USER_INPUT, never an internal error, never echoed whole."""

from __future__ import annotations

from typing import Any

import pytest

from tests.graph.conftest import Run

BY_ID = "query($id: Int!) { dataCollection(dataCollectionId: $id) { dataCollectionId } }"
SINCE = "query($d: DateTime) { dataCollections(first: 5, filter: {startTime: {from: $d}}) { totalCount } }"
PAGE = "query($f: Int) { dataCollections(first: $f) { totalCount } }"


@pytest.mark.parametrize(
    ("query", "variables"),
    [
        (BY_ID, {"id": 2**40}),  # beyond 32 bits
        (BY_ID, {"id": 2**70}),  # beyond 64 bits
        (BY_ID, {"id": "abc"}),
        (BY_ID, {"id": None}),
        (SINCE, {"d": "0000-01-01T00:00:00"}),  # the calendar's edge
        (SINCE, {"d": "9999-12-31T23:59:60"}),
        (SINCE, {"d": "not a date"}),
        (PAGE, {"f": 1.5}),
        (PAGE, {"f": "x" * 1_000_000}),
    ],
)
async def test_a_bad_variable_is_bad_user_input(
    run: Run, query: str, variables: dict[str, Any]
) -> None:
    result = await run(query, expect_errors=True, **variables)
    assert result["data"] is None
    (error,) = result["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT", error
    assert len(error["message"]) <= 301
    assert "Traceback" not in error["message"]
