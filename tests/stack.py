"""A signed-in view of real gateways for end-to-end tests: issuer, uvicorn, GraphQL over HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx

from gateway.app import create_app
from gateway.settings import Settings
from tests.oidc import TestIssuer, running_issuer
from tests.server import serve

WORKER_ROLE = "ispyb-processing"


@dataclass
class Gateway:
    issuer: TestIssuer
    base: str

    def token(self, login: str, *roles: str) -> str:
        """A valid token for `login`; with roles, a service account's (client id = login)."""
        claims: dict[str, Any] = {"preferred_username": login, "exp": 4_000_000_000}
        if roles:
            claims.update(realm_access={"roles": list(roles)}, azp=login)
        return self.issuer.mint(claims)

    def auth(self, login: str, *roles: str) -> dict[str, str]:
        return {"authorization": f"Bearer {self.token(login, *roles)}"}

    async def gql(self, login: str, query: str, *roles: str, **variables: Any) -> dict[str, Any]:
        """Run `query` as `login`; any GraphQL error fails the test."""
        async with httpx.AsyncClient(base_url=self.base, timeout=30) as http:
            r = await http.post(
                "/graphql",
                json={"query": query, "variables": variables},
                headers=self.auth(login, *roles),
            )
        body = r.json()
        assert "errors" not in body, body
        return body["data"]  # type: ignore[no-any-return]


@asynccontextmanager
async def gateways(count: int = 1, **settings: Any) -> AsyncIterator[list[Gateway]]:
    """`count` gateways (uvicorn on loopback) sharing one OpenID issuer and `settings`."""
    async with running_issuer() as issuer, AsyncExitStack() as stack:
        out = []
        for _ in range(count):
            app = create_app(
                Settings(oidc_issuer=issuer.url, oidc_audience="ispyb-gateway", **settings)
            )
            deflate = settings.get("ws_per_message_deflate", True)
            served = serve(app, deflate=deflate)
            out.append(Gateway(issuer, await stack.enter_async_context(served)))
        yield out


# Estimates of the tests' heavy queries are above this, of their light ones below.
LANE_THRESHOLD = 100


@asynccontextmanager
async def lane_and_inline(**settings: Any) -> AsyncIterator[tuple[Gateway, Gateway]]:
    """Two gateways alike but for the lane (gateway.lane): the first runs queries
    estimated at `LANE_THRESHOLD` objects or more there, the second runs all inline."""
    async with (
        gateways(1, heavy_query_cost=LANE_THRESHOLD, **settings) as (lane,),
        gateways(1, heavy_query_cost=0, **settings) as (inline,),
    ):
        yield lane, inline
