"""A real OpenID provider for tests: HTTP on 127.0.0.1, keys generated at test time.

It is the demo issuer's HTTP surface (started with demo=True, which is what it
is) plus what tests need: EC keys, key rotation, arbitrary claims and headers,
and hand-forged tokens for the attacks the validator must refuse.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from joserfc.jwk import ECKey, RSAKey
from starlette.applications import Starlette
from starlette.routing import Mount

from gateway.auth.demo_issuer import DemoIssuer
from tests.server import free_port, serve


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class TestIssuer(DemoIssuer):
    __test__ = False  # not a pytest class

    def __init__(self, url: str, audience: str) -> None:
        super().__init__(url, demo=True, audience=audience)
        self.ec_key = ECKey.generate_key("P-256", parameters={"kid": "ec-1"})
        self.keys.append(self.ec_key)
        self.rsa_key = self.keys[0]

    def rotate(self) -> RSAKey:
        key = RSAKey.generate_key(2048, parameters={"kid": f"rsa-{len(self.keys) + 1}"})
        self.keys.append(key)
        return key

    def unpublished_key(self) -> RSAKey:
        """A key the issuer never published: tokens signed with it have an unknown kid."""
        return RSAKey.generate_key(2048, parameters={"kid": "never-published"})

    def mint(
        self,
        claims: dict[str, Any] | None = None,
        *,
        alg: str = "RS256",
        key: RSAKey | ECKey | None = None,
        drop: tuple[str, ...] = (),
    ) -> str:
        now = int(time.time())
        body: dict[str, Any] = {
            "iss": self.url,
            "aud": self.audience,
            "sub": "s-1",
            "preferred_username": "alice",
            "iat": now,
            "nbf": now,
            "exp": now + 300,
        }
        body.update(claims or {})
        for name in drop:
            body.pop(name, None)
        chosen = key or (self.ec_key if alg == "ES256" else self.rsa_key)
        return self.sign(body, chosen)

    def forge_none(self, claims: dict[str, Any] | None = None) -> str:
        header = _b64(json.dumps({"alg": "none", "typ": "JWT"}).encode())
        payload = _b64(
            json.dumps(
                {
                    "iss": self.url,
                    "aud": self.audience,
                    "exp": int(time.time()) + 300,
                    **(claims or {}),
                }
            ).encode()
        )
        return f"{header}.{payload}."

    def forge_hs256_with_public_key(self) -> str:
        """The classic confusion attack: HMAC keyed with the issuer's public key."""
        secret = self.rsa_key.as_pem(private=False)
        header = _b64(json.dumps({"alg": "HS256", "kid": self.rsa_key.kid, "typ": "JWT"}).encode())
        payload = _b64(
            json.dumps(
                {"iss": self.url, "aud": self.audience, "sub": "x", "exp": int(time.time()) + 300}
            ).encode()
        )
        signature = hmac.new(secret, f"{header}.{payload}".encode(), hashlib.sha256).digest()
        return f"{header}.{payload}.{_b64(signature)}"


@asynccontextmanager
async def running_issuer(audience: str = "ispyb-gateway") -> AsyncIterator[TestIssuer]:
    port = free_port()
    issuer = TestIssuer(f"http://127.0.0.1:{port}/realms/test", audience)
    app = Starlette(routes=[Mount("/realms/test", routes=issuer.routes())])
    async with serve(app, port=port):
        yield issuer
