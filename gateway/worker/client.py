"""A small GraphQL-over-HTTP client for workers, with service-account tokens."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from typing import Any

import httpx


class GatewayError(Exception):
    """The gateway answered with GraphQL errors; `code` is the first one's extensions.code."""

    def __init__(self, message: str, code: str | None) -> None:
        super().__init__(message)
        self.code = code


class TokenSource:
    """A fixed token, or OIDC client credentials refreshed a minute before they expire."""

    def __init__(
        self,
        token: str | None = None,
        *,
        token_url: str | None = None,
        client_id: str | None = None,
        client_secret: str | None = None,
    ) -> None:
        if token is None and not (token_url and client_id):
            raise ValueError("give a token, or a token URL and a client id")
        self._token = token
        self._token_url = token_url
        self._client = (client_id, client_secret or "")
        self._expires = float("inf") if token else 0.0

    async def get(self, http: httpx.AsyncClient) -> str:
        if self._token is None or time.time() > self._expires - 60:
            response = await http.post(
                self._token_url or "",
                data={
                    "grant_type": "client_credentials",
                    "client_id": self._client[0],
                    "client_secret": self._client[1],
                },
            )
            response.raise_for_status()
            body = response.json()
            self._token = str(body["access_token"])
            self._expires = time.time() + float(body.get("expires_in", 300))
        return self._token


class GatewayClient:
    def __init__(self, base_url: str, tokens: TokenSource) -> None:
        self.http = httpx.AsyncClient(base_url=base_url.rstrip("/"), timeout=60)
        self.tokens = tokens

    async def close(self) -> None:
        await self.http.aclose()

    async def _headers(self) -> dict[str, str]:
        return {"authorization": f"Bearer {await self.tokens.get(self.http)}"}

    async def graphql(self, query: str, **variables: Any) -> dict[str, Any]:
        response = await self.http.post(
            "/graphql", json={"query": query, "variables": variables}, headers=await self._headers()
        )
        body = response.json()
        if body.get("errors"):
            first = body["errors"][0]
            raise GatewayError(
                first.get("message", "error"), (first.get("extensions") or {}).get("code")
            )
        response.raise_for_status()
        return body["data"]  # type: ignore[no-any-return]

    async def upload(
        self,
        job_id: str,
        lease: str,
        filename: str,
        name: str,
        chunks: AsyncIterator[bytes],
        content_type: str = "text/plain",
    ) -> dict[str, Any]:
        response = await self.http.post(
            f"/jobs/{job_id}/outputs/{filename}",
            params={"leaseToken": lease, "name": name},
            content=chunks,
            headers={**await self._headers(), "content-type": content_type},
        )
        response.raise_for_status()
        return response.json()  # type: ignore[no-any-return]
