"""The lighter WebSocket protocol's flow-control flag behaves as the `asyncio.Event` it
replaces (uvicorn waits on it while the transport's buffer is full); the rest of the
protocol is exercised by every WebSocket test (tests/server.py serves with it)."""

from __future__ import annotations

import asyncio

from gateway.http.websocket_protocol import _Flag


async def test_the_flag_holds_writers_while_cleared_and_releases_them_all_when_set() -> None:
    flag = _Flag()
    assert flag.is_set() and await flag.wait()  # set at first: writing is allowed
    flag.clear()
    writers = [asyncio.create_task(flag.wait()) for _ in range(3)]
    await asyncio.sleep(0.01)
    assert not any(w.done() for w in writers)
    flag.set()
    assert await asyncio.wait_for(asyncio.gather(*writers), 1) == [True, True, True]


async def test_a_cancelled_writer_leaves_the_others_waiting() -> None:
    flag = _Flag()
    flag.clear()
    gone, kept = asyncio.create_task(flag.wait()), asyncio.create_task(flag.wait())
    await asyncio.sleep(0.01)
    gone.cancel()
    await asyncio.sleep(0.01)
    assert gone.cancelled() and not kept.done()
    flag.set()
    assert await asyncio.wait_for(kept, 1)
