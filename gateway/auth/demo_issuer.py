"""A built-in OpenID issuer for `ispyb-gateway demo`, so people can sign in without Keycloak.

It serves a discovery document, a JWKS and a token endpoint under the gateway's
own `/demo-issuer`, and the gateway validates its tokens exactly as it validates
Keycloak's: fetched JWKS, same checks. It refuses to exist outside demo mode.
"""

from __future__ import annotations

import time
import uuid
from typing import Any

from joserfc import jwt
from joserfc.jwk import ECKey, RSAKey
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

STAFF_ROLE = "ispyb-staff"


class DemoIssuer:
    def __init__(
        self,
        base_url: str,
        *,
        demo: bool,
        audience: str,
        staff_logins: frozenset[str] = frozenset(),
        lifetime: int = 3600,
    ) -> None:
        if demo is not True:
            raise RuntimeError("the demo issuer only runs in demo mode")
        self.url = base_url.rstrip("/")
        self.audience = audience
        self.staff_logins = staff_logins
        self.lifetime = lifetime
        self.keys: list[RSAKey | ECKey] = [RSAKey.generate_key(2048, parameters={"kid": "demo-1"})]
        self.jwks_fetches = 0

    @property
    def signing_key(self) -> RSAKey | ECKey:
        return self.keys[-1]

    def discovery(self) -> dict[str, Any]:
        return {
            "issuer": self.url,
            "jwks_uri": f"{self.url}/jwks",
            "token_endpoint": f"{self.url}/token",
            "id_token_signing_alg_values_supported": ["RS256", "ES256"],
            "grant_types_supported": ["password"],
        }

    def jwks(self) -> dict[str, Any]:
        return {"keys": [k.as_dict(private=False) for k in self.keys]}

    def claims_for(self, login: str, roles: frozenset[str] = frozenset()) -> dict[str, Any]:
        now = int(time.time())
        all_roles = set(roles) | ({STAFF_ROLE} if login in self.staff_logins else set())
        claims: dict[str, Any] = {
            "iss": self.url,
            "aud": self.audience,
            "sub": str(uuid.uuid5(uuid.NAMESPACE_URL, login)),
            "preferred_username": login,
            "iat": now,
            "nbf": now,
            "exp": now + self.lifetime,
            "realm_access": {"roles": sorted(all_roles)},
        }
        if roles:
            claims["azp"] = login  # a service account's client id
        return claims

    def sign(self, claims: dict[str, Any], key: RSAKey | ECKey | None = None) -> str:
        key = key or self.signing_key
        alg = "RS256" if isinstance(key, RSAKey) else "ES256"
        return jwt.encode({"alg": alg, "kid": key.kid, "typ": "JWT"}, claims, key)

    def routes(self) -> list[Route]:
        async def discovery(request: Request) -> JSONResponse:
            return JSONResponse(self.discovery())

        async def jwks(request: Request) -> JSONResponse:
            self.jwks_fetches += 1
            return JSONResponse(self.jwks())

        async def token(request: Request) -> JSONResponse:
            if request.headers.get("content-type", "").startswith("application/json"):
                body = await request.json()
                data = body if isinstance(body, dict) else {}
            else:
                data = dict(await request.form())
            login = str(data.get("login") or "").strip()
            if not login:
                return JSONResponse(
                    {"error": "invalid_request", "error_description": "login is required"},
                    status_code=400,
                )
            roles = frozenset(
                r.strip() for r in str(data.get("roles") or "").split(",") if r.strip()
            )
            return JSONResponse(
                {
                    "access_token": self.sign(self.claims_for(login, roles)),
                    "token_type": "Bearer",
                    "expires_in": self.lifetime,
                }
            )

        return [
            Route("/.well-known/openid-configuration", discovery),
            Route("/jwks", jwks),
            Route("/token", token, methods=["POST"]),
        ]
