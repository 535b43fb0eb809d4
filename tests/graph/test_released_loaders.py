"""A request's loaders (and the rows they cached) are freed when its answer is built, by
reference counting: nothing of theirs is left for the cyclic collector, whose full
collections over a big result's objects stop every thread for 100 ms and more."""

from __future__ import annotations

import gc

import httpx
from strawberry.dataloader import DataLoader

from gateway.graphql.loaders import Loaders
from tests.stack import lane_and_inline

# Estimated at 1 + 50 x (1 + 1 + 1) = 151 objects: on the lane with a threshold of 100.
PAGE = """{ dataCollections(first: 50) { totalCount nodes { dataCollectionId
  group { dataCollectionGroupId sample { blSampleId name } } } } }"""


def _left_in_cycles() -> list[object]:
    """Our loaders among what only the cyclic collector would have freed."""
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        gc.collect()
        return [o for o in gc.garbage if isinstance(o, (Loaders, DataLoader))]
    finally:
        gc.garbage.clear()
        gc.set_debug(0)


async def test_no_request_leaves_its_loaders_to_the_cyclic_collector(
    ispyb_url: str, mongo_url: str, mongo_database: str
) -> None:
    common = {"sql_url": ispyb_url, "mongo_url": mongo_url, "mongo_database": mongo_database}
    async with lane_and_inline(**common) as (lane, inline):
        for gw in (inline, lane):
            async with httpx.AsyncClient(base_url=gw.base, timeout=30) as http:
                await http.post("/graphql", json={"query": PAGE}, headers=gw.auth("carol"))
                gc.collect()
                gc.disable()
                try:
                    for _ in range(3):
                        r = await http.post(
                            "/graphql", json={"query": PAGE}, headers=gw.auth("carol")
                        )
                        nodes = r.json()["data"]["dataCollections"]["nodes"]
                        assert nodes and all(n["group"] for n in nodes)  # loaders were used
                    assert _left_in_cycles() == [], gw
                finally:
                    gc.enable()
