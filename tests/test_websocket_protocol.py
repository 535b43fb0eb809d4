"""The lighter WebSocket protocol's flow-control flag behaves as the `asyncio.Event` it
replaces (uvicorn waits on it while the transport's buffer is full), and the frames it
writes itself are websockets' own; the rest of the protocol is exercised by every
WebSocket test (tests/server.py serves with it)."""

from __future__ import annotations

import asyncio

import pytest
from websockets.frames import Frame, Opcode
from websockets.protocol import Protocol, Side

from gateway.http.websocket_protocol import _Flag, _text_header


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


@pytest.mark.parametrize("length", [0, 1, 125, 126, 127, 65535, 65536, 70000])
def test_a_frame_written_by_hand_is_the_frame_websockets_writes(length: int) -> None:
    """`write_text_now` frames a shared event itself: byte for byte websockets' framing of
    a server's text message, at each of the three length encodings and their edges; and a
    client's parser reads it back whole."""
    data = b"x" * length
    server = Protocol(Side.SERVER)  # an open connection: past the handshake
    server.send_text(data)
    assert _text_header(length) + data == b"".join(server.data_to_send())

    client = Protocol(Side.CLIENT, max_size=None)
    client.receive_data(_text_header(length) + data)
    [frame] = client.events_received()
    assert isinstance(frame, Frame) and frame.opcode is Opcode.TEXT and frame.fin
    assert frame.data == data
