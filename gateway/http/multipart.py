"""The first file of a multipart/form-data body, streamed as it arrives.

Starlette's form parser spools whole files to disk before the handler sees
them, so the upload size limit would apply only after the bytes were written
somewhere. Here the part's bytes go straight on to the job store, which counts
them against the limit (and aborts) while they stream.
"""

from __future__ import annotations

from collections import deque
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import Request

#: Form fields and part headers allowed before the file part starts.
MAX_PREAMBLE_BYTES = 64 * 1024


class MultipartError(ValueError):
    """The body is not multipart/form-data with a file part (maps to 400)."""


@dataclass
class _State:
    header_field: bytearray = field(default_factory=bytearray)
    header_value: bytearray = field(default_factory=bytearray)
    headers: dict[str, str] = field(default_factory=dict)
    in_file: bool = False
    found: tuple[str, str] | None = None
    done: bool = False
    pending: deque[bytes] = field(default_factory=deque)


def _disposition_filename(value: str) -> str | None:
    kind, params = parse_options_header(value)
    if kind.lower() != b"form-data" or b"filename" not in params:
        return None
    return params[b"filename"].decode("utf-8", "replace")


def _parser(boundary: bytes, state: _State) -> MultipartParser:
    def on_part_begin() -> None:
        state.headers = {}

    def on_header_field(data: bytes, start: int, end: int) -> None:
        state.header_field += data[start:end]

    def on_header_value(data: bytes, start: int, end: int) -> None:
        state.header_value += data[start:end]

    def on_header_end() -> None:
        name = state.header_field.decode("latin-1").lower()
        state.headers[name] = state.header_value.decode("latin-1")
        state.header_field.clear()
        state.header_value.clear()

    def on_headers_finished() -> None:
        filename = _disposition_filename(state.headers.get("content-disposition", ""))
        if filename is not None and state.found is None:
            content_type = state.headers.get("content-type", "application/octet-stream")
            state.found = (filename, content_type)
            state.in_file = True

    def on_part_data(data: bytes, start: int, end: int) -> None:
        if state.in_file and end > start:
            state.pending.append(bytes(data[start:end]))

    def on_part_end() -> None:
        if state.in_file:
            state.in_file = False
            state.done = True

    return MultipartParser(
        boundary,
        callbacks={
            "on_part_begin": on_part_begin,
            "on_header_field": on_header_field,
            "on_header_value": on_header_value,
            "on_header_end": on_header_end,
            "on_headers_finished": on_headers_finished,
            "on_part_data": on_part_data,
            "on_part_end": on_part_end,
        },
    )


def is_multipart(request: Request) -> bool:
    kind, _ = parse_options_header(request.headers.get("content-type"))
    return kind.lower() == b"multipart/form-data"


async def first_file(request: Request) -> tuple[str, str, AsyncIterator[bytes]]:
    """(filename, content type, bytes) of the body's first file part; MultipartError if none.

    Fields before the file are skipped (at most `MAX_PREAMBLE_BYTES`); parts after it
    are never read."""
    _, params = parse_options_header(request.headers.get("content-type"))
    boundary = params.get(b"boundary")
    if not boundary:
        raise MultipartError("multipart/form-data without a boundary")
    state = _State()
    parser = _parser(boundary, state)
    chunks = request.stream().__aiter__()

    async def feed() -> int:
        """Parse one more chunk; its size, -1 at the end of the body."""
        try:
            chunk = await chunks.__anext__()
        except StopAsyncIteration:
            return -1
        try:
            parser.write(chunk)
        except MultipartParseError as exc:
            raise MultipartError(f"malformed multipart body: {exc}") from None
        return len(chunk)

    read = 0
    while state.found is None:
        size = await feed()
        if size < 0:
            raise MultipartError("the multipart body has no file part")
        read += size
        if state.found is None and read > MAX_PREAMBLE_BYTES:
            raise MultipartError("no file part within the first 64 KiB")
    filename, content_type = state.found

    async def data() -> AsyncIterator[bytes]:
        while True:
            while state.pending:
                yield state.pending.popleft()
            if state.done:
                return
            if await feed() < 0:
                raise MultipartError("the multipart body ends inside the file part")

    return filename, content_type, data()
