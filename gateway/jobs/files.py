"""What both stores do the same way with file bytes: counting, hashing, ranges.

Size and SHA-256 are computed while the bytes stream through, so a file is
never held whole in memory by the MongoDB store, and a checksum is always
there for the client to verify a download against.
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass

from gateway.jobs.errors import FileTooLarge, InvalidRange

#: GridFS's default chunk size; also the size of the pieces a download yields.
CHUNK_SIZE = 255 * 1024


@dataclass(frozen=True)
class Digest:
    size: int
    sha256: str


async def consume(
    stream: AsyncIterator[bytes], max_bytes: int, sink: Callable[[bytes], Awaitable[None]]
) -> Digest:
    """Feed `stream` into `sink`; raise FileTooLarge as soon as it passes `max_bytes`
    (before the offending piece reaches the sink). Cleaning up is the caller's job."""
    digest = hashlib.sha256()
    size = 0
    async for piece in stream:
        if not piece:
            continue
        size += len(piece)
        if size > max_bytes:
            raise FileTooLarge(max_bytes)
        digest.update(piece)
        await sink(piece)
    return Digest(size, digest.hexdigest())


def resolve_range(size: int, start: int | None, end: int | None) -> tuple[int, int]:
    """[start, end) within a file of `size` bytes, end exclusive; InvalidRange otherwise."""
    lo = 0 if start is None else start
    hi = size if end is None else end
    if lo < 0 or hi < lo or hi > size:
        raise InvalidRange(f"range [{start}, {end}) outside a file of {size} bytes")
    return lo, hi
