"""Key rotation in Keycloak, seen by a gateway that keeps running."""

from __future__ import annotations

import asyncio

from tests.keycloak.keycloak import WORKER, Keycloak, gateway_on, graphql, header_of

VIEWER = "{ viewer { login isWorker } }"


async def test_a_new_key_is_trusted_and_a_removed_one_refused(
    keycloak: Keycloak, ispyb_url: str
) -> None:
    async with gateway_on(
        keycloak.issuer, ispyb_url, oidc_jwks_min_refresh_seconds=0, oidc_jwks_max_age_seconds=1
    ) as base:
        old = await keycloak.client_token(WORKER)
        assert (await graphql(base, old, VIEWER)).status_code == 200

        realm_id = (await keycloak.admin("GET", "")).json()["id"]
        await keycloak.admin(
            "POST",
            "/components",
            {
                "name": "rsa-next",
                "providerId": "rsa-generated",
                "providerType": "org.keycloak.keys.KeyProvider",
                "parentId": realm_id,
                "config": {"priority": ["500"], "algorithm": ["RS256"]},
            },
        )
        new = await keycloak.client_token(WORKER)
        assert header_of(new)["kid"] != header_of(old)["kid"]
        for token in (new, old):  # the old key is still published
            r = await graphql(base, token, VIEWER)
            assert r.json()["data"]["viewer"] == {"login": WORKER[0], "isWorker": True}

        keys = (await keycloak.admin("GET", "/keys")).json()["keys"]
        provider = next(k["providerId"] for k in keys if k["kid"] == header_of(old)["kid"])
        await keycloak.admin("DELETE", f"/components/{provider}")
        await asyncio.sleep(1.1)  # past the gateway's JWKS max age
        r = await graphql(base, old, VIEWER)
        assert r.status_code == 401 and "unknown signing key" in r.headers["www-authenticate"]
        assert (await graphql(base, new, VIEWER)).status_code == 200
