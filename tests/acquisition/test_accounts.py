"""Beamline service accounts: the role and the claim are settings; tokens come from the issuer."""

from __future__ import annotations

import time

import httpx

from tests.stack import gateways

GROUP = """mutation { createDataCollectionGroup(input: {sessionId: 2, experimentType: "OSC"})
  { dataCollectionGroupId } }"""


async def _post(base: str, token: str) -> dict[str, object]:
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        r = await http.post(
            "/graphql", json={"query": GROUP}, headers={"authorization": f"Bearer {token}"}
        )
    return r.json()  # type: ignore[no-any-return]


def _code(body: dict[str, object]) -> object:
    return body["errors"][0]["extensions"]["code"]  # type: ignore[index]


async def test_the_role_and_the_claim_are_configurable(writable_ispyb_url: str) -> None:
    async with gateways(
        1,
        sql_url=writable_ispyb_url,
        oidc_beamline_role="mx-station",
        oidc_beamlines_claim="stations",
    ) as (gw,):

        def token(**claims: object) -> str:
            return gw.issuer.mint(
                {"preferred_username": "mx", "azp": "mx", "exp": int(time.time()) + 300, **claims}
            )

        # The configured role and claim (a string, any case): writes on id30a-3.
        ours = token(realm_access={"roles": ["mx-station"]}, stations="ID30A-3, id23-1")
        body = await _post(gw.base, ours)
        assert "errors" not in body, body
        # The role without the claim: a beamline account for no beamline.
        none = await _post(gw.base, token(realm_access={"roles": ["mx-station"]}))
        assert _code(none) == "FORBIDDEN"
        # The default role name means nothing here: a plain (unknown) user, who writes nothing.
        default = token(realm_access={"roles": ["ispyb-beamline"]}, beamlines=["id30a-3"])
        assert _code(await _post(gw.base, default)) == "FORBIDDEN"
        # The claim names another beamline.
        other = token(realm_access={"roles": ["mx-station"]}, stations=["id23-1"])
        refused = await _post(gw.base, other)
        assert refused["errors"][0]["extensions"]["reason"] == "OTHER_BEAMLINE"  # type: ignore[index]


async def test_the_demo_issuer_mints_beamline_tokens_by_client_credentials(
    writable_ispyb_url: str,
) -> None:
    async with gateways(1, sql_url=writable_ispyb_url) as (gw,), httpx.AsyncClient() as http:
        url = f"{gw.issuer.url}/token"
        known = await http.post(
            url, data={"grant_type": "client_credentials", "client_id": "mxcube-id30a-3"}
        )
        body = await _post(gw.base, known.json()["access_token"])
        assert "errors" not in body, body
        unknown = await http.post(
            url, data={"grant_type": "client_credentials", "client_id": "who"}
        )
        assert unknown.status_code == 400 and unknown.json()["error"] == "invalid_client"
        # Any client id with beamlines named (a demo convenience): here not id30a-3.
        named = await http.post(
            url,
            data={"grant_type": "client_credentials", "client_id": "mx-b", "beamlines": "id23-1"},
        )
        assert _code(await _post(gw.base, named.json()["access_token"])) == "FORBIDDEN"
