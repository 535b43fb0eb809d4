"""The lane's encoder writes what orjson writes, and empties what it wrote."""

from __future__ import annotations

import json
import tracemalloc
from typing import Any

import orjson
import pytest

from gateway.graphql import json_pieces
from gateway.graphql.json_pieces import Held, dumps


def encode_in_pieces(value: Any) -> bytes:
    blocks = json_pieces.encode_in_pieces(value)
    assert all(blocks), "no empty block is sent"
    return b"".join(blocks)


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
    {"data": {"nodes": [{"a": [1]}, None, {"a": []}]}},  # nullable objects in a cut list
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


def _held(value: Any, written: bool) -> Any:
    """`value` with each dict inside a `nodes` list standing in as a Held (written: as bytes)."""
    if isinstance(value, dict):
        return {
            k: [Held(dumps(v) if written else v) for v in x]
            if k == "nodes" and x and isinstance(x[0], dict) and "dataCollectionId" in x[0]
            else _held(x, written)
            for k, x in value.items()
        }
    if isinstance(value, list):
        return [_held(x, written) for x in value]
    return value


@pytest.mark.parametrize("written", [True, False], ids=["bytes", "dicts"])
@pytest.mark.parametrize("shape", [(3, 2, 5), (300, 2, 3), (1, 1, 2500)], ids=str)
def test_held_subtrees_are_written_as_they_are(shape: tuple[int, int, int], written: bool) -> None:
    """The planner's written parts: the same document as the plain answer, the bytes
    given out uncopied, and small pieces joined into blocks."""
    plain = _tree(*shape)
    expected = orjson.dumps(plain)
    held = _held(plain, written)
    assert dumps(held) == expected  # a held subtree inside an ordinary one
    blocks = json_pieces.encode_in_pieces(_held(plain, written))
    assert b"".join(blocks) == expected
    assert all(len(b) < 2 * json_pieces.BLOCK for b in blocks)
    if len(expected) > 4 * json_pieces.BLOCK:
        assert len(blocks) > 1, "a big answer goes in several blocks"


def test_held_bytes_survive_the_standard_encoders_fallback() -> None:
    value = {"data": {"big": 2**70, "nodes": [Held(b'{"n":1}'), Held({"n": [2]})]}}
    assert json.loads(dumps(value)) == {"data": {"big": 2**70, "nodes": [{"n": 1}, {"n": [2]}]}}


def test_pieces_kept_until_sent_hold_only_their_length(monkeypatch: pytest.MonkeyPatch) -> None:
    """What the planner holds of a big read, and a big piece among the blocks, is held in
    an allocation of its own length (orjson's output keeps the buffer it grew: up to
    2.3 times the length)."""
    value = [{"dataCollectionId": i, "imagePrefix": f"ref-xtal_{i}"} for i in range(20_000)]
    data = orjson.dumps(value)
    monkeypatch.setattr(json_pieces, "PIECES", 1)  # the answer is one piece, written whole
    tracemalloc.start()
    try:
        copy = json_pieces.tight(data)
        copied = tracemalloc.get_traced_memory()[0]
        blocks = json_pieces.encode_in_pieces({"rows": value})
        kept = tracemalloc.get_traced_memory()[0] - copied
    finally:
        tracemalloc.stop()
    assert copy == data
    assert copied < len(data) + 4096
    assert b"".join(blocks) == orjson.dumps({"rows": value})
    assert kept < len(data) + 64 * 1024
