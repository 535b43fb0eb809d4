"""An OpenID provider with the authorization-code flow and PKCE, for the jobs page's sign-in.

The test issuer (tests/oidc.py) plus `/authorize` (approves at once, as `login`) and a token
endpoint that trades a code only for the verifier whose S256 hash was sent with it. CORS is
open to the gateway's origin, as Keycloak's "web origins" setting does.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route

from tests.oidc import TestIssuer
from tests.server import free_port, serve


@dataclass
class Grant:
    client_id: str
    redirect_uri: str
    challenge: str
    login: str


@dataclass
class CodeFlow:
    issuer: TestIssuer
    client_id: str
    login: str = "alice"
    grants: dict[str, Grant] = field(default_factory=dict)
    authorize_requests: list[dict[str, str]] = field(default_factory=list)
    exchanged: list[str] = field(default_factory=list)  # logins whose code became a token

    async def discovery(self, request: Request) -> Response:
        return JSONResponse(
            {
                **self.issuer.discovery(),
                "authorization_endpoint": f"{self.issuer.url}/authorize",
                "token_endpoint": f"{self.issuer.url}/code-token",
                "code_challenge_methods_supported": ["S256"],
            }
        )

    async def authorize(self, request: Request) -> Response:
        params = dict(request.query_params)
        self.authorize_requests.append(params)
        if (
            params.get("client_id") != self.client_id
            or params.get("code_challenge_method") != "S256"
        ):
            return JSONResponse({"error": "invalid_request"}, status_code=400)
        code = secrets.token_urlsafe(16)
        self.grants[code] = Grant(
            params["client_id"], params["redirect_uri"], params["code_challenge"], self.login
        )
        query = urlencode({"code": code, "state": params.get("state", "")})
        return RedirectResponse(f"{params['redirect_uri']}?{query}", status_code=302)

    async def token(self, request: Request) -> Response:
        form = await request.form()
        grant = self.grants.pop(str(form.get("code")), None)
        verifier = str(form.get("code_verifier", ""))
        digest = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=")
        if (
            grant is None
            or form.get("grant_type") != "authorization_code"
            or form.get("client_id") != grant.client_id
            or form.get("redirect_uri") != grant.redirect_uri
            or digest.decode() != grant.challenge
        ):
            return JSONResponse({"error": "invalid_grant"}, status_code=400)
        self.exchanged.append(grant.login)
        claims: dict[str, Any] = self.issuer.claims_for(grant.login)
        return JSONResponse(
            {"access_token": self.issuer.sign(claims), "token_type": "Bearer", "expires_in": 300}
        )


@asynccontextmanager
async def code_flow_issuer(
    audience: str, client_id: str, gateway_origin: str
) -> AsyncIterator[CodeFlow]:
    port = free_port()
    issuer = TestIssuer(f"http://127.0.0.1:{port}/realms/test", audience)
    flow = CodeFlow(issuer, client_id)
    routes = [
        Route("/.well-known/openid-configuration", flow.discovery),
        Route("/authorize", flow.authorize),
        Route("/code-token", flow.token, methods=["POST"]),
        *issuer.routes(),
    ]
    app = Starlette(
        routes=[Mount("/realms/test", routes=routes)],
        middleware=[
            Middleware(CORSMiddleware, allow_origins=[gateway_origin], allow_methods=["*"])
        ],
    )
    async with serve(app, port=port):
        yield flow
