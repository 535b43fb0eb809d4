"""A refusal sent from ASGI middleware, before any route ran: GraphQL-shaped, one error."""

from __future__ import annotations

import json

from starlette.types import Send


async def refuse(
    send: Send,
    status: int,
    code: str,
    message: str,
    extensions: dict[str, object],
    *,
    close: bool = False,
) -> None:
    """Answer `status` with `{"data": null, "errors": [...]}`; `close` ends the connection."""
    body = json.dumps(
        {
            "data": None,
            "errors": [{"message": message, "extensions": {"code": code, **extensions}}],
        }
    ).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
    ]
    if close:
        headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
