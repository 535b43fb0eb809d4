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
BEAMLINE_ROLE = "ispyb-beamline"
# Demo beamline service accounts (client id -> beamlines), as in deploy/keycloak/ispyb-realm.json.
BEAMLINE_CLIENTS: dict[str, tuple[str, ...]] = {"mxcube-id30a-3": ("id30a-3",)}


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
            "grant_types_supported": ["password", "client_credentials"],
        }

    def jwks(self) -> dict[str, Any]:
        return {"keys": [k.as_dict(private=False) for k in self.keys]}

    def claims_for(
        self,
        login: str,
        roles: frozenset[str] = frozenset(),
        extra: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
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
        claims.update(extra or {})
        return claims

    def beamline_claims(self, client_id: str, beamlines: tuple[str, ...]) -> dict[str, Any]:
        """A client-credentials token of a beamline service account, as Keycloak mints it."""
        return self.claims_for(
            client_id, frozenset({BEAMLINE_ROLE}), {"beamlines": sorted(beamlines)}
        )

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
            if data.get("grant_type") == "client_credentials":
                return self._client_credentials(data)
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

    def _client_credentials(self, data: dict[str, Any]) -> JSONResponse:
        """A demo beamline client: a known client id, or any id with `beamlines` named."""
        client_id = str(data.get("client_id") or "").strip()
        named = tuple(b.strip() for b in str(data.get("beamlines") or "").split(",") if b.strip())
        beamlines = named or BEAMLINE_CLIENTS.get(client_id, ())
        if not client_id or not beamlines:
            return JSONResponse(
                {
                    "error": "invalid_client",
                    "error_description": "client_id of a beamline client (or beamlines=...) "
                    f"is required; known: {', '.join(sorted(BEAMLINE_CLIENTS))}",
                },
                status_code=400,
            )
        return JSONResponse(
            {
                "access_token": self.sign(self.beamline_claims(client_id, beamlines)),
                "token_type": "Bearer",
                "expires_in": self.lifetime,
            }
        )
