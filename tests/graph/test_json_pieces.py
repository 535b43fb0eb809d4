"""The lane's encoder writes what orjson writes, and empties what it wrote."""

from __future__ import annotations

import json
from typing import Any

import orjson
import pytest

from gateway.graphql import json_pieces
from gateway.graphql.json_pieces import encode_in_pieces


def _tree(proposals: int, sessions: int, collections: int) -> dict[str, Any]:
    def collection(i: int) -> dict[str, Any]:
        return {"dataCollectionId": i, "imagePrefix": f"x{i}", "wavelength": 0.97 + i / 1e6}

    return {
        "data": {
            "proposals": {
                "nodes": [
                    {
                        "proposalId": p,
                        "sessions": {
                            "nodes": [
                                {
                                    "sessionId": s,
                                    "empty": [],
                                    "group": None,
                                    "dataCollections": {
                                        "totalCount": collections,
                                        "nodes": [collection(c) for c in range(collections)],
                                    },
                                }
                                for s in range(sessions)
                            ]
                        },
                    }
                    for p in range(proposals)
                ]
            }
        }
    }


SHAPES = [
    _tree(0, 0, 0),
    _tree(1, 1, 1),
    _tree(3, 2, 5),
    _tree(300, 2, 3),  # wide at the root: cut there
    _tree(1, 1, 2500),  # one leaf list over the slice: in slices
    _tree(2, 300, 1),
    {"data": None, "errors": [{"message": 'é ✓ "quoted"', "path": ["a", 0]}]},
    {"data": {"xs": [1, 2, 3], "ys": [[1, [2, {"z": []}]], [], {}]}},
    [1, "two", None, 3.5, True],
    "scalar",
]


@pytest.mark.parametrize("value", SHAPES, ids=range(len(SHAPES)))
def test_same_bytes_as_orjson(value: Any) -> None:
    expected = orjson.dumps(value)
    assert encode_in_pieces(value) == expected


def test_the_answer_is_emptied_as_written() -> None:
    """Every collection (leaf) object is released by the encoder, not at the end."""
    value = _tree(300, 2, 3)
    leaves = value["data"]["proposals"]["nodes"]
    encode_in_pieces(value)
    assert all(item is None for item in leaves)


def test_a_skewed_answer_is_cut_below_its_narrow_top() -> None:
    """One proposal, one session holding everything: the cut goes down to where the
    answer widens, and the big leaf list is written in slices."""
    value = _tree(1, 1, 3 * json_pieces._SLICE)
    split, sliced = json_pieces._spine(value)
    assert len(split) >= 4 and len(sliced) == 1
    leaves = value["data"]["proposals"]["nodes"][0]["sessions"]["nodes"][0]
    assert encode_in_pieces(value) == orjson.dumps(_tree(1, 1, 3 * json_pieces._SLICE))
    assert leaves["dataCollections"] is None


def test_what_orjson_refuses_falls_back_to_the_standard_encoder() -> None:
    value = {"data": {"big": [{"n": 2**70}, {"n": 1}]}}
    assert json.loads(encode_in_pieces(value)) == {"data": {"big": [{"n": 2**70}, {"n": 1}]}}
