"""Encode a big answer to JSON in pieces, freeing each piece once written.

On the lane (gateway.lane), the 80,000-collection answer (11.7 MB) was encoded by one
`orjson.dumps` call (86-93 ms) and freed by one release of its root (91-161 ms): two
calls during which no other thread runs, so the main loop's requests waited that long
twice. Here the answer's spine (the lists and objects nearest the root, until there
are about `PIECES` subtrees below them) is written item by item, each subtree with one
`orjson.dumps` and then released; lists of leaf objects go in slices. The walk is a few
hundred steps, whatever the answer's size, and the interpreter can switch threads
between any two. The bytes are `orjson.dumps`'s (tested), and the answer is emptied.

A subtree the planner already wrote (`Held`: gateway.graphql.planner.run encodes a big
read part by part, so that its rows and objects need not all be alive at once) goes
out as the bytes it is, uncopied; the result is a list of blocks, which the HTTP
response sends one by one, so the whole answer never exists twice.
"""

from __future__ import annotations

import json
from typing import Any

import orjson

PIECES = 256  # subtrees the spine is cut into, at least (where the answer has them)
_SLICE = 1000  # leaf objects encoded, and freed, per call
BLOCK = 64 * 1024  # small pieces are joined into blocks of about this size


class Held:
    """An object of the answer standing for its output dict (`value`), or, once the
    planner has written that dict, for its JSON (bytes): encoders write either."""

    __slots__ = ("value",)

    def __init__(self, value: dict[str, Any] | bytes) -> None:
        self.value = value


def _fragment(value: Any) -> Any:
    """orjson's `default`: a held subtree is written as its dict or its bytes."""
    if type(value) is Held:
        held = value.value
        return orjson.Fragment(held) if type(held) is bytes else held
    raise TypeError(f"{type(value).__name__} is not JSON")


def _parsed(value: Any) -> Any:
    """The standard encoder's `default` (it cannot splice bytes in: they are parsed back)."""
    if type(value) is Held:
        held = value.value
        return json.loads(held) if type(held) is bytes else held
    raise TypeError(f"{type(value).__name__} is not JSON")


def dumps(value: Any) -> bytes:
    """orjson, falling back to the standard encoder for what orjson refuses (integers
    beyond 64 bits, nesting beyond 254 levels)."""
    try:
        return orjson.dumps(value, default=_fragment)
    except TypeError:  # orjson.JSONEncodeError
        return json.dumps(
            value, separators=(",", ":"), ensure_ascii=False, default=_parsed
        ).encode()


def tight(data: bytes) -> bytes:
    """`data` in an allocation of its own length: orjson's bytes keep the buffer they
    were written in, up to 2.3 times their length (a 458 KB piece held 1.04 MB), which
    a piece held until the answer is sent would hold as long."""
    return memoryview(data).tobytes()


class _Blocks:
    """The pieces written so far, small ones joined into blocks as they come."""

    def __init__(self) -> None:
        self.blocks: list[bytes] = []
        self._small: list[bytes] = []
        self._size = 0

    def write(self, piece: bytes, fresh: bool = False) -> None:
        """`fresh`: the piece comes from `dumps` (kept as it is, it would keep its slack)."""
        if len(piece) >= BLOCK:
            self._flush()
            self.blocks.append(tight(piece) if fresh else piece)
            return
        self._small.append(piece)
        self._size += len(piece)
        if self._size >= BLOCK:
            self._flush()

    def _flush(self) -> None:
        if self._small:
            self.blocks.append(b"".join(self._small))
            self._small.clear()
            self._size = 0

    def done(self) -> list[bytes]:
        self._flush()
        return self.blocks


def encode_in_pieces(value: Any) -> list[bytes]:
    """JSON for `value` as a list of blocks, emptying its dicts and lists as it goes."""
    split, sliced = _spine(value)
    out = _Blocks()
    _put(value, split, sliced, out)
    return out.done()


def _container(value: Any) -> bool:
    return type(value) is dict or type(value) is list


def _leaves(items: list[Any]) -> bool:
    """A list of scalars or flat objects (a GraphQL list's items share one shape)."""
    first = items[0]
    if type(first) is Held:
        return False
    return not _container(first) or (
        type(first) is dict and not any(map(_container, first.values()))
    )


def _spine(value: Any) -> tuple[set[int], set[int]]:
    """The containers written item by item (`split`) and the leaf lists written in
    slices (`sliced`): breadth first from the root, until the level reached has
    `PIECES` subtrees or none is left to open. Held subtrees are not opened."""
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
                items = [v for v in container if _container(v)]
            elif type(container) is dict:
                items = [v for v in container.values() if _container(v) or type(v) is Held]
                if not items:
                    continue
            else:
                continue  # Held: written as it is
            split.add(id(container))
            below.extend(items)
        level = below
    return split, sliced


def _put(value: Any, split: set[int], sliced: set[int], out: _Blocks) -> None:
    key = id(value)
    if type(value) is Held and type(value.value) is bytes:
        out.write(value.value)
        value.value = b""
    elif key in sliced:
        out.write(b"[")
        for at in range(0, len(value), _SLICE):
            if at:
                out.write(b",")
            out.write(dumps(value[at : at + _SLICE])[1:-1])
            value[at : at + _SLICE] = [None] * min(_SLICE, len(value) - at)
        out.write(b"]")
    elif key not in split:
        out.write(dumps(value), fresh=True)
    elif type(value) is list:
        out.write(b"[")
        for i, item in enumerate(value):
            if i:
                out.write(b",")
            _put(item, split, sliced, out)
            value[i] = item = None
        out.write(b"]")
    else:
        out.write(b"{")
        for i, name in enumerate(list(value)):
            out.write(b"," if i else b"")
            out.write(dumps(name))
            out.write(b":")
            _put(value[name], split, sliced, out)
            value[name] = None
        out.write(b"}")
