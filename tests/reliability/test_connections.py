"""Per-connection limits of `ispyb-gateway serve`, against the real process: slow headers
(slowloris), silent and idle connections, oversized headers, too many connections."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import httpx
import pytest_asyncio

from tests.reliability.process import Served, served

HEADER_TIMEOUT = 1.5
MAX_HEADERS = 8 * 1024


@pytest_asyncio.fixture
async def gateway(ispyb_url: str, mongo_url: str, mongo_database: str) -> AsyncIterator[Served]:
    async with served(
        ispyb_url,
        mongo_url,
        mongo_database,
        http_header_timeout_seconds=HEADER_TIMEOUT,
        http_max_header_bytes=MAX_HEADERS,
        http_keep_alive_seconds=1,
        http_max_concurrency=20,
    ) as gw:
        yield gw


async def _read_all(reader: asyncio.StreamReader, within: float) -> bytes:
    """Everything the server sends until it closes the connection."""
    return await asyncio.wait_for(reader.read(), within)


async def _healthz_ms(base: str) -> float:
    async with httpx.AsyncClient(base_url=base) as http:
        started = time.perf_counter()
        r = await http.get("/healthz")
        assert r.status_code == 200
        return (time.perf_counter() - started) * 1000


async def test_headers_dripped_slowly_are_cut_at_the_deadline(gateway: Served) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", gateway.port)
    started = time.monotonic()
    writer.write(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")

    async def drip() -> None:
        # One byte every 0.2 s, forever: a request that would never complete.
        try:
            while True:
                writer.write(b"X")
                await writer.drain()
                await asyncio.sleep(0.2)
        except (ConnectionError, OSError):
            return

    dripping = asyncio.create_task(drip())
    try:
        # Others are served meanwhile.
        assert await _healthz_ms(gateway.base) < 5000
        answer = await _read_all(reader, HEADER_TIMEOUT + 5)
    finally:
        dripping.cancel()
        writer.close()
    elapsed = time.monotonic() - started
    assert answer.startswith(b"HTTP/1.1 408"), answer[:200]
    assert b'"REQUEST_TIMEOUT"' in answer
    assert HEADER_TIMEOUT * 0.8 < elapsed < HEADER_TIMEOUT + 4


async def test_a_silent_connection_is_closed(gateway: Served) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", gateway.port)
    started = time.monotonic()
    assert await _read_all(reader, HEADER_TIMEOUT + 5) == b""  # closed, nothing said
    assert time.monotonic() - started > HEADER_TIMEOUT * 0.8
    writer.close()


async def test_an_idle_keep_alive_connection_is_closed(gateway: Served) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", gateway.port)
    writer.write(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    await writer.drain()
    head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5)
    assert head.startswith(b"HTTP/1.1 200")
    started = time.monotonic()
    rest = await _read_all(reader, 10)  # the body, then the close after keep-alive
    assert b"alive" in rest
    assert time.monotonic() - started < 5
    writer.close()


async def test_oversized_headers_get_431_and_normal_ones_pass(gateway: Served) -> None:
    async with httpx.AsyncClient(base_url=gateway.base, timeout=10) as http:
        big = await http.get("/healthz", headers={"x-filler": "a" * (MAX_HEADERS + 1)})
        assert big.status_code == 431, big.text
        assert big.json()["errors"][0]["extensions"]["code"] == "HEADERS_TOO_LARGE"
        assert "aaaa" not in big.text
        many = await http.get("/healthz", headers={f"x-h{i}": "v" * 100 for i in range(100)})
        assert many.status_code == 431
        fits = await http.get("/healthz", headers={"x-filler": "a" * (MAX_HEADERS // 2)})
        assert fits.status_code == 200
        long_url = await http.get("/healthz?" + "q" * (MAX_HEADERS + 1))
        assert long_url.status_code == 431


async def test_connections_beyond_the_limit_get_503_at_once(gateway: Served) -> None:
    idle = [await asyncio.open_connection("127.0.0.1", gateway.port) for _ in range(20)]
    try:
        async with httpx.AsyncClient(base_url=gateway.base, timeout=10) as http:
            started = time.monotonic()
            r = await http.get("/healthz")
            assert r.status_code == 503
            assert time.monotonic() - started < 3
    finally:
        for _, writer in idle:
            writer.close()
    await asyncio.sleep(0.3)
    assert await _healthz_ms(gateway.base) < 5000
