"""Bearer tokens from the OpenID issuer: keys from its JWKS, claims checked to the letter.

Keys come from the issuer's discovery document and JWKS, cached; a token with
an unknown `kid` (key rotation) triggers one refetch, at most once per
`min_refresh_seconds`, so junk tokens cannot make us hammer the issuer. Keys
older than `max_age_seconds` are refetched too: a key the issuer removed (a
retired or compromised one) stops being trusted without a restart. When that
refetch fails, the known keys are kept, so an issuer outage refuses nobody.
A token whose signature was verified is remembered (exactly that token, with the key
set it was verified against) and not verified again while that key set is the one in
use and fresh; its time claims are checked on every request. The signature check was a
tenth of a small request's time.
Only RS256 and ES256 are accepted, and the algorithm must match the key type:
`none`, HS256 signed with the public key (algorithm confusion) and every
other algorithm are refused before any signature is checked.

JWT parsing and signatures use joserfc, the JOSE library of the authlib
project (authlib's own `authlib.jose` is deprecated in its favour).
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import json
import logging
import time
from dataclasses import dataclass, field
from typing import Any

import httpx
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

log = logging.getLogger("gateway.auth")

ALGORITHMS = {"RS256": "RSA", "ES256": "EC"}
VERIFIED_TOKENS = 1024  # signatures remembered (a few hundred bytes to a few KB each)


class AuthenticationError(Exception):
    """A token we refuse; `str()` is a short reason that is safe to show and log."""


class IssuerUnavailable(Exception):
    """The issuer (discovery or JWKS) could not be reached or answered nonsense."""


@dataclass(frozen=True)
class Claims:
    raw: dict[str, Any]
    audience: str | None = None
    roles: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def from_payload(cls, payload: dict[str, Any], audience: str | None) -> Claims:
        roles: set[str] = set()
        realm = payload.get("realm_access")
        if isinstance(realm, dict):
            roles.update(r for r in realm.get("roles", []) if isinstance(r, str))
        resource = payload.get("resource_access")
        if audience and isinstance(resource, dict) and isinstance(resource.get(audience), dict):
            roles.update(r for r in resource[audience].get("roles", []) if isinstance(r, str))
        if isinstance(payload.get("roles"), list):
            roles.update(r for r in payload["roles"] if isinstance(r, str))
        return cls(raw=payload, audience=audience, roles=frozenset(roles))

    @property
    def subject(self) -> str | None:
        sub = self.raw.get("sub")
        return sub if isinstance(sub, str) else None

    @property
    def expires_at(self) -> float | None:
        exp = self.raw.get("exp")
        return float(exp) if isinstance(exp, int | float) else None

    @property
    def client_id(self) -> str | None:
        for name in ("azp", "client_id"):
            value = self.raw.get(name)
            if isinstance(value, str):
                return value
        return None

    def login(self, claim: str) -> str | None:
        value = self.raw.get(claim)
        return value if isinstance(value, str) and value else None

    def names(self, claim: str) -> frozenset[str]:
        """A claim holding names: a JSON list of strings, or one string split on spaces/commas."""
        value = self.raw.get(claim)
        if isinstance(value, str):
            value = value.replace(",", " ").split()
        if not isinstance(value, list):
            return frozenset()
        return frozenset(v.strip() for v in value if isinstance(v, str) and v.strip())


def _b64json(segment: str) -> Any:
    padded = segment + "=" * (-len(segment) % 4)
    return json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))


def _header(token: str) -> dict[str, Any]:
    parts = token.split(".")
    if len(parts) != 3 or not all(parts[:2]):
        raise AuthenticationError("malformed token")
    try:
        header = _b64json(parts[0])
    except (ValueError, binascii.Error, UnicodeError):
        raise AuthenticationError("malformed token") from None
    if not isinstance(header, dict):
        raise AuthenticationError("malformed token")
    return header


class TokenValidator:
    def __init__(
        self,
        issuer: str,
        audience: str | None,
        *,
        leeway: int = 30,
        min_refresh_seconds: float = 60,
        max_age_seconds: float = 600,
        http: httpx.AsyncClient | None = None,
    ) -> None:
        self.issuer = issuer.rstrip("/")
        self.audience = audience
        self.leeway = leeway
        self.min_refresh_seconds = min_refresh_seconds
        self.max_age_seconds = max_age_seconds
        self._http = http or httpx.AsyncClient(timeout=5)
        self._owns_http = http is None
        self._keys: KeySet | None = None
        self._fetched_at = float("-inf")
        self._tried_at = float("-inf")
        self._lock = asyncio.Lock()
        # token -> (the key set's fetch time it was verified under, its claims)
        self._verified: dict[str, tuple[float, Claims]] = {}

    async def aclose(self) -> None:
        if self._owns_http:
            await self._http.aclose()

    async def _get_json(self, url: str) -> dict[str, Any]:
        try:
            response = await self._http.get(url)
            response.raise_for_status()
            data = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise IssuerUnavailable(f"{url}: {type(exc).__name__}") from None
        if not isinstance(data, dict):
            raise IssuerUnavailable(f"{url}: not a JSON object")
        return data

    async def _refresh(self, seen_at: float) -> None:
        """Fetch discovery + JWKS; concurrent callers share one fetch."""
        async with self._lock:
            if self._fetched_at > seen_at:
                return  # someone refreshed while we waited
            self._tried_at = time.monotonic()
            discovery = await self._get_json(f"{self.issuer}/.well-known/openid-configuration")
            if discovery.get("issuer", "").rstrip("/") != self.issuer:
                raise IssuerUnavailable("discovery document names another issuer")
            jwks_uri = discovery.get("jwks_uri")
            if not isinstance(jwks_uri, str):
                raise IssuerUnavailable("discovery document has no jwks_uri")
            jwks = await self._get_json(jwks_uri)
            try:
                self._keys = KeySet.import_key_set(jwks)  # type: ignore[arg-type]
            except (JoseError, ValueError, TypeError, KeyError):
                raise IssuerUnavailable("unreadable JWKS") from None
            self._fetched_at = time.monotonic()

    async def _key_for(self, kid: str | None) -> Any:
        seen_at = time.monotonic()
        if self._keys is None:
            await self._refresh(float("-inf"))
        elif (
            seen_at - self._fetched_at >= self.max_age_seconds
            and seen_at - self._tried_at >= self.min_refresh_seconds
        ):
            try:
                await self._refresh(seen_at)
            except IssuerUnavailable as exc:
                log.warning("JWKS refresh failed, keeping the keys we have: %s", exc)
        key = self._find(kid)
        if key is None and time.monotonic() - self._fetched_at >= self.min_refresh_seconds:
            await self._refresh(seen_at)  # maybe the issuer rotated its keys
            key = self._find(kid)
        if key is None:
            raise AuthenticationError("unknown signing key")
        return key

    def _find(self, kid: str | None) -> Any:
        assert self._keys is not None
        if kid is None:
            return self._keys.keys[0] if len(self._keys.keys) == 1 else None
        try:
            return self._keys.get_by_kid(kid)
        except (JoseError, ValueError):
            return None

    async def validate(self, token: str) -> Claims:
        try:
            return await self._validate(token)
        except AuthenticationError as exc:
            log.info("refused bearer token: %s", exc)
            raise

    async def _validate(self, token: str) -> Claims:
        known = self._verified.get(token)
        if (
            known is not None
            and known[0] == self._fetched_at
            and time.monotonic() - self._fetched_at < self.max_age_seconds
        ):
            self._check_claims(known[1].raw)
            return known[1]
        claims = await self._verify(token)
        if len(self._verified) >= VERIFIED_TOKENS:
            del self._verified[next(iter(self._verified))]  # the oldest
        self._verified[token] = (self._fetched_at, claims)
        return claims

    async def _verify(self, token: str) -> Claims:
        header = _header(token)
        alg = header.get("alg")
        if alg not in ALGORITHMS:
            raise AuthenticationError("unsupported algorithm")
        kid = header.get("kid")
        key = await self._key_for(kid if isinstance(kid, str) else None)
        if key.key_type != ALGORITHMS[alg] or (
            alg == "ES256" and key.as_dict().get("crv") != "P-256"
        ):
            raise AuthenticationError("key does not match the algorithm")
        try:
            payload = jwt.decode(token, key, algorithms=[alg]).claims
        except JoseError as exc:
            reason = "invalid signature" if "signature" in str(exc).lower() else "malformed token"
            raise AuthenticationError(reason) from None
        except (ValueError, TypeError):
            raise AuthenticationError("malformed token") from None
        self._check_claims(payload)
        return Claims.from_payload(payload, self.audience)

    def _check_claims(self, payload: dict[str, Any]) -> None:
        now = time.time()
        if str(payload.get("iss", "")).rstrip("/") != self.issuer:
            raise AuthenticationError("invalid issuer")
        if self.audience is not None:
            aud = payload.get("aud")
            audiences = aud if isinstance(aud, list) else [aud]
            if self.audience not in audiences:
                raise AuthenticationError("invalid audience")
        exp = payload.get("exp")
        if not isinstance(exp, int | float):
            raise AuthenticationError("missing exp")
        if now > exp + self.leeway:
            raise AuthenticationError("token expired")
        nbf = payload.get("nbf")
        if isinstance(nbf, int | float) and nbf > now + self.leeway:
            raise AuthenticationError("token not yet valid")
        iat = payload.get("iat")
        if isinstance(iat, int | float) and iat > now + self.leeway:
            raise AuthenticationError("token issued in the future")
