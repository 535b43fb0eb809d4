"""Token validation against a real HTTP issuer: every refusal has its reason."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable

import httpx
import pytest
import pytest_asyncio

from gateway.auth.http import bearer_token, challenge, token_from_connection_params
from gateway.auth.tokens import AuthenticationError, IssuerUnavailable, TokenValidator
from tests.oidc import TestIssuer, running_issuer
from tests.server import free_port


@pytest_asyncio.fixture
async def issuer() -> AsyncIterator[TestIssuer]:
    async with running_issuer() as it:
        yield it


def validator(issuer: TestIssuer, **kw: object) -> TokenValidator:
    return TokenValidator(issuer.url, "ispyb-gateway", **kw)  # type: ignore[arg-type]


NOW = int(time.time())
REFUSALS: list[tuple[str, Callable[[TestIssuer], str], str]] = [
    ("alg none", lambda i: i.forge_none(), "unsupported algorithm"),
    (
        "HS256 with the public key",
        lambda i: i.forge_hs256_with_public_key(),
        "unsupported algorithm",
    ),
    ("expired", lambda i: i.mint({"exp": NOW - 3600}), "token expired"),
    ("not yet valid", lambda i: i.mint({"nbf": NOW + 3600}), "token not yet valid"),
    ("issued in the future", lambda i: i.mint({"iat": NOW + 3600}), "token issued in the future"),
    ("wrong issuer", lambda i: i.mint({"iss": "http://evil.example/realms/x"}), "invalid issuer"),
    ("wrong audience", lambda i: i.mint({"aud": "another-app"}), "invalid audience"),
    ("missing exp", lambda i: i.mint(drop=("exp",)), "missing exp"),
    (
        "unknown key",
        lambda i: i.sign(i.claims_for("alice"), i.unpublished_key()),
        "unknown signing key",
    ),
    ("garbage", lambda i: "not-a-token", "malformed token"),
    ("two parts", lambda i: "eyJhbGciOiJSUzI1NiJ9.e30", "malformed token"),
    ("tampered payload", lambda i: _tamper(i.mint()), "invalid signature"),
    (
        "RS256 header on the EC key",
        lambda i: _swap_kid(i.mint(), "ec-1"),
        "key does not match the algorithm",
    ),
]


def _tamper(token: str) -> str:
    import base64
    import json

    head, body, sig = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    claims["preferred_username"] = "carol"
    new = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return f"{head}.{new}.{sig}"


def _swap_kid(token: str, kid: str) -> str:
    import base64
    import json

    head, body, sig = token.split(".")
    header = json.loads(base64.urlsafe_b64decode(head + "=" * (-len(head) % 4)))
    header["kid"] = kid
    new = base64.urlsafe_b64encode(json.dumps(header).encode()).rstrip(b"=").decode()
    return f"{new}.{body}.{sig}"


@pytest.mark.parametrize(("case", "make", "reason"), REFUSALS, ids=[r[0] for r in REFUSALS])
async def test_refusals(
    issuer: TestIssuer, case: str, make: Callable[[TestIssuer], str], reason: str
) -> None:
    v = validator(issuer, leeway=5)
    with pytest.raises(AuthenticationError) as err:
        await v.validate(make(issuer))
    assert str(err.value) == reason
    await v.aclose()


@pytest.mark.parametrize("alg", ["RS256", "ES256"])
async def test_accepts_rs256_and_es256(issuer: TestIssuer, alg: str) -> None:
    v = validator(issuer)
    claims = await v.validate(
        issuer.mint(
            {
                "aud": ["account", "ispyb-gateway"],
                "azp": "exi2",
                "realm_access": {"roles": ["ispyb-staff"]},
                "resource_access": {
                    "ispyb-gateway": {"roles": ["ispyb-processing"]},
                    "other": {"roles": ["ignored"]},
                },
            },
            alg=alg,
        )
    )
    assert claims.login("preferred_username") == "alice"
    assert claims.roles == {"ispyb-staff", "ispyb-processing"}
    assert claims.client_id == "exi2" and claims.expires_at is not None
    await v.aclose()


async def test_leeway(issuer: TestIssuer) -> None:
    token = issuer.mint({"exp": int(time.time()) - 10})
    assert await validator(issuer, leeway=30).validate(token)
    with pytest.raises(AuthenticationError, match="token expired"):
        await validator(issuer, leeway=0).validate(token)


async def test_key_rotation_refetches_once(issuer: TestIssuer) -> None:
    v = validator(issuer, min_refresh_seconds=0)
    await v.validate(issuer.mint())
    assert issuer.jwks_fetches == 1
    new_key = issuer.rotate()
    await v.validate(issuer.mint(key=new_key))
    assert issuer.jwks_fetches == 2
    await v.validate(issuer.mint(key=new_key))
    assert issuer.jwks_fetches == 2


async def test_unknown_kids_cannot_hammer_the_issuer(issuer: TestIssuer) -> None:
    v = validator(issuer, min_refresh_seconds=60)
    await v.validate(issuer.mint())
    strangers = [issuer.sign(issuer.claims_for("x"), issuer.unpublished_key()) for _ in range(20)]
    results = await asyncio.gather(*(v.validate(t) for t in strangers), return_exceptions=True)
    assert all(isinstance(r, AuthenticationError) for r in results)
    assert issuer.jwks_fetches == 1


async def test_burst_on_rotation_coalesces(issuer: TestIssuer) -> None:
    v = validator(issuer, min_refresh_seconds=0)
    await v.validate(issuer.mint())
    key = issuer.rotate()
    tokens = [issuer.mint(key=key) for _ in range(20)]
    await asyncio.gather(*(v.validate(t) for t in tokens))
    assert issuer.jwks_fetches == 2


async def test_stale_keys_are_refetched_so_removed_keys_stop_working(issuer: TestIssuer) -> None:
    v = validator(issuer, min_refresh_seconds=0, max_age_seconds=0.2)
    retired = issuer.rotate()
    token = issuer.mint(key=retired)
    await v.validate(token)
    await v.validate(token)
    assert issuer.jwks_fetches == 1  # fresh keys are not fetched again
    issuer.keys.remove(retired)
    await asyncio.sleep(0.3)
    with pytest.raises(AuthenticationError, match="unknown signing key"):
        await v.validate(token)
    assert await v.validate(issuer.mint())


async def test_stale_keys_are_kept_while_the_issuer_is_down() -> None:
    async with running_issuer() as issuer:
        v = validator(issuer, min_refresh_seconds=0, max_age_seconds=0.2)
        token = issuer.mint()
        await v.validate(token)
    await asyncio.sleep(0.3)
    assert await v.validate(token)  # refetch failed: the keys in hand still serve
    await v.aclose()


async def test_issuer_down() -> None:
    v = TokenValidator(f"http://127.0.0.1:{free_port()}/realms/x", "ispyb-gateway")
    with pytest.raises(IssuerUnavailable):
        await v.validate("eyJhbGciOiJSUzI1NiIsImtpZCI6ImsifQ.e30.c2ln")
    await v.aclose()


def test_header_parsing() -> None:
    assert bearer_token(None) is None
    assert bearer_token("bearer abc.def.ghi") == "abc.def.ghi"
    for bad in ("Basic dXNlcg==", "Bearer", "Bearer a b", "token"):
        with pytest.raises(AuthenticationError, match="malformed authorization header"):
            bearer_token(bad)
    assert challenge(AuthenticationError('token "expired"'))["WWW-Authenticate"] == (
        'Bearer realm="ispyb-gateway", error="invalid_token", error_description="token \'expired\'"'
    )
    assert token_from_connection_params({"authorization": "Bearer t"}) == "t"
    assert token_from_connection_params({"Authorization": "Bearer t"}) == "t"
    assert token_from_connection_params(None) is None
    assert token_from_connection_params({}) is None
    with pytest.raises(AuthenticationError):
        token_from_connection_params({"authorization": 42})


async def test_demo_issuer_only_in_demo_mode() -> None:
    from gateway.auth.demo_issuer import DemoIssuer

    with pytest.raises(RuntimeError, match="demo mode"):
        DemoIssuer("http://127.0.0.1:1/demo-issuer", demo=False, audience="x")


async def test_demo_token_endpoint(issuer: TestIssuer) -> None:
    async with httpx.AsyncClient() as http:
        r = await http.post(f"{issuer.url}/token", data={"login": "bob"})
        assert r.status_code == 200
        claims = await validator(issuer).validate(r.json()["access_token"])
        assert claims.login("preferred_username") == "bob"
        worker = await http.post(
            f"{issuer.url}/token", json={"login": "edna", "roles": "ispyb-processing"}
        )
        wclaims = await validator(issuer).validate(worker.json()["access_token"])
        assert "ispyb-processing" in wclaims.roles and wclaims.client_id == "edna"
        assert (await http.post(f"{issuer.url}/token", data={"login": " "})).status_code == 400


async def test_a_remembered_token_still_expires(issuer: TestIssuer) -> None:
    """Its signature is not checked again, its time claims are."""
    v = validator(issuer, leeway=0)
    token = issuer.mint({"exp": int(time.time()) + 1})
    assert await v.validate(token)
    assert await v.validate(token)
    await asyncio.sleep(1.5)
    with pytest.raises(AuthenticationError, match="token expired"):
        await v.validate(token)


async def test_a_remembered_token_is_checked_again_against_a_new_key_set(
    issuer: TestIssuer,
) -> None:
    """A token verified before the issuer dropped its key is refused once the keys are
    fetched again (here because another token names a new key), however fresh they are."""
    v = validator(issuer, min_refresh_seconds=0)
    old_key = issuer.keys[0]
    token = issuer.mint(key=old_key)
    assert await v.validate(token)
    new_key = issuer.rotate()
    issuer.keys.remove(old_key)
    assert await v.validate(issuer.mint(key=new_key))  # unknown kid: the keys are refetched
    with pytest.raises(AuthenticationError, match="unknown signing key"):
        await v.validate(token)
