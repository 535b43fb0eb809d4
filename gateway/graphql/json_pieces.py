"""Encode a big answer to JSON in pieces, freeing each piece once written.

On the lane (gateway.lane), the 80,000-collection answer (11.7 MB) was encoded by one
`orjson.dumps` call (86-93 ms) and freed by one release of its root (91-161 ms): two
calls during which no other thread runs, so the main loop's requests waited that long
twice. Here the answer's spine (the lists and objects nearest the root, until there
are about `PIECES` subtrees below them) is written item by item, each subtree with one
`orjson.dumps` and then released; lists of leaf objects go in slices. The walk is a few
hundred steps, whatever the answer's size, and the interpreter can switch threads
between any two. The bytes are `orjson.dumps`'s (tested), and the answer is emptied.
"""

from __future__ import annotations

import json
from typing import Any

import orjson

PIECES = 256  # subtrees the spine is cut into, at least (where the answer has them)
_SLICE = 1000  # leaf objects encoded, and freed, per call


def encode_in_pieces(value: Any) -> bytes:
    """JSON for `value`, emptying its dicts and lists as it goes."""
    split, sliced = _spine(value)
    out: list[bytes] = []
    _put(value, split, sliced, out)
    return b"".join(out)


def _container(value: Any) -> bool:
    return type(value) is dict or type(value) is list


def _leaves(items: list[Any]) -> bool:
    """A list of scalars or flat objects (a GraphQL list's items share one shape)."""
    first = items[0]
    return not _container(first) or (
        type(first) is dict and not any(map(_container, first.values()))
    )


def _spine(value: Any) -> tuple[set[int], set[int]]:
    """The containers written item by item (`split`) and the leaf lists written in
    slices (`sliced`): breadth first from the root, until the level reached has
    `PIECES` subtrees or none is left to open."""
    split: set[int] = set()
    sliced: set[int] = set()
    level = [value] if _container(value) else []
    while level and len(level) < PIECES:
        below: list[Any] = []
        for container in level:
            if type(container) is list:
                if not container:
                    continue
                if _leaves(container):
                    if len(container) > _SLICE:
                        sliced.add(id(container))
                    continue
                items = container
            else:
                items = [v for v in container.values() if _container(v)]
                if not items:
                    continue
            split.add(id(container))
            below.extend(items)
        level = below
    return split, sliced


def dumps(value: Any) -> bytes:
    """orjson, falling back to the standard encoder for what orjson refuses (integers
    beyond 64 bits, nesting beyond 254 levels)."""
    try:
        return orjson.dumps(value)
    except TypeError:  # orjson.JSONEncodeError
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()


def _put(value: Any, split: set[int], sliced: set[int], out: list[bytes]) -> None:
    key = id(value)
    if key in sliced:
        out.append(b"[")
        for at in range(0, len(value), _SLICE):
            if at:
                out.append(b",")
            out.append(dumps(value[at : at + _SLICE])[1:-1])
            value[at : at + _SLICE] = [None] * min(_SLICE, len(value) - at)
        out.append(b"]")
    elif key not in split:
        out.append(dumps(value))
    elif type(value) is list:
        out.append(b"[")
        for i, item in enumerate(value):
            if i:
                out.append(b",")
            _put(item, split, sliced, out)
            value[i] = item = None
        out.append(b"]")
    else:
        out.append(b"{")
        for i, name in enumerate(list(value)):
            out.append(b"," if i else b"")
            out.append(dumps(name))
            out.append(b":")
            _put(value[name], split, sliced, out)
            value[name] = None
        out.append(b"}")
