"""The mailbox behind every subscription and WebSocket: order, bound, and no lost item."""

from __future__ import annotations

import asyncio

import pytest

from gateway.events.mailbox import Mailbox


async def test_items_come_out_in_order_and_the_waiting_consumer_wakes() -> None:
    box: Mailbox[int] = Mailbox()
    getter = asyncio.create_task(box.get())
    await asyncio.sleep(0)
    assert not getter.done()
    for i in range(3):
        assert box.put_nowait(i)
    assert await getter == 0
    assert [await box.get(), await box.get()] == [1, 2]
    assert box.empty() and box.qsize() == 0


async def test_a_full_bounded_mailbox_drops_the_oldest_and_says_so() -> None:
    box: Mailbox[int] = Mailbox(limit=2)
    assert box.put_nowait(1) and box.put_nowait(2)
    assert not box.put_nowait(3)
    assert box.qsize() == 2
    assert [await box.get(), await box.get()] == [2, 3]


async def test_a_consumer_cancelled_after_the_wake_up_loses_nothing() -> None:
    box: Mailbox[str] = Mailbox()
    getter = asyncio.create_task(box.get())
    await asyncio.sleep(0)
    box.put_nowait("kept")
    getter.cancel()  # woken, but cancelled before it ran
    with pytest.raises(asyncio.CancelledError):
        await getter
    assert await asyncio.wait_for(box.get(), 1) == "kept"
