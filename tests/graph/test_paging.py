"""Relay pagination, filters, ordering and bad input on the lists."""

from __future__ import annotations

import base64

import pytest

from tests.graph.conftest import Run

ALL = "{ dataCollections(first: 500, orderBy: {field: DATA_COLLECTION_ID, direction: ASC}) { totalCount nodes { dataCollectionId } } }"


async def _all_ids(run: Run) -> list[int]:
    data = await run(ALL)
    return [n["dataCollectionId"] for n in data["dataCollections"]["nodes"]]


async def test_forward_and_backward_pages_cover_the_list(run: Run) -> None:
    ids = await _all_ids(run)
    assert len(ids) >= 5
    q = """query($after: String) { dataCollections(first: 2, after: $after,
        orderBy: {field: DATA_COLLECTION_ID, direction: ASC}) {
        pageInfo { hasNextPage hasPreviousPage endCursor } nodes { dataCollectionId } } }"""
    seen, after = [], None
    while True:
        page = (await run(q, after=after))["dataCollections"]
        seen += [n["dataCollectionId"] for n in page["nodes"]]
        assert page["pageInfo"]["hasPreviousPage"] == (after is not None)
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == ids
    last = await run("""{ dataCollections(last: 2, orderBy: {field: DATA_COLLECTION_ID, direction: ASC}) {
        nodes { dataCollectionId } pageInfo { hasPreviousPage startCursor } } }""")
    assert [n["dataCollectionId"] for n in last["dataCollections"]["nodes"]] == ids[-2:]
    before = last["dataCollections"]["pageInfo"]["startCursor"]
    prev = await run(
        """query($b: String) { dataCollections(last: 2, before: $b,
        orderBy: {field: DATA_COLLECTION_ID, direction: ASC}) { nodes { dataCollectionId } } }""",
        b=before,
    )
    assert [n["dataCollectionId"] for n in prev["dataCollections"]["nodes"]] == ids[-4:-2]


async def test_text_filter_and_order(run: Run) -> None:
    data = await run("""{ dataCollections(first: 500, orderBy: {field: IMAGE_PREFIX, direction: DESC}) {
        nodes { imagePrefix } } }""")
    prefixes = [n["imagePrefix"] for n in data["dataCollections"]["nodes"]]
    assert prefixes == sorted(prefixes, key=lambda p: (p is not None, p), reverse=True)
    needle = next(p for p in prefixes if p)[:3]
    hits = await run(
        "query($t: String) { dataCollections(first: 500, filter: {text: $t}) { totalCount nodes { imagePrefix comments } } }",
        t=needle.upper(),
    )
    assert hits["dataCollections"]["totalCount"] == len(hits["dataCollections"]["nodes"]) > 0
    for n in hits["dataCollections"]["nodes"]:
        assert needle.lower() in ((n["imagePrefix"] or "") + (n["comments"] or "")).lower()
    wild = await run('{ dataCollections(first: 10, filter: {text: "%"}) { totalCount } }')
    assert wild["dataCollections"]["totalCount"] == 0  # the % is searched for, not a wildcard


@pytest.mark.parametrize(
    ("query", "argument"),
    [
        ("{ dataCollections(first: -1) { totalCount } }", "first"),
        ("{ dataCollections(first: 100000) { totalCount } }", "first"),
        ('{ dataCollections(after: "bm9wZQ==") { totalCount } }', "after"),
        (
            '{ sessions(filter: {startDate: {from: "2030-01-01T00:00:00", to: "2020-01-01T00:00:00"}}) { totalCount } }',
            "from",
        ),
        ('{ proposalByName(name: "not a proposal!") { proposalId } }', "name"),
    ],
)
async def test_bad_input_is_bad_user_input(run: Run, query: str, argument: str) -> None:
    out = await run(query, expect_errors=True)
    ext = out["errors"][0]["extensions"]
    assert ext["code"] == "BAD_USER_INPUT"
    assert ext.get("argument") == argument


@pytest.mark.parametrize(
    "bad_id",
    [
        "garbage",
        base64.b64encode(b"DataCollection:abc").decode(),
        base64.b64encode(b"NoSuchType:1").decode(),
    ],
)
async def test_malformed_global_id(run: Run, bad_id: str) -> None:
    out = await run("query($id: ID!) { node(id: $id) { id } }", expect_errors=True, id=bad_id)
    assert out["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_unknown_ids_are_null_without_error(run: Run) -> None:
    data = await run("""{ proposal(proposalId: 999999) { proposalId } session(sessionId: 999999) { sessionId }
        dataCollection(dataCollectionId: 999999) { dataCollectionId } }""")
    assert data == {"proposal": None, "session": None, "dataCollection": None}
    gid = base64.b64encode(b"DataCollection:999999").decode()
    assert (await run("query($id: ID!) { node(id: $id) { id } }", id=gid)) == {"node": None}
