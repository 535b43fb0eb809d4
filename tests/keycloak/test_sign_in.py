"""Tokens from the real Keycloak and the reference realm, through a real gateway."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio

from tests.keycloak.keycloak import (
    AUDIENCE,
    BEAMLINE,
    WORKER,
    Keycloak,
    audience_mapper,
    claims_of,
    gateway_on,
    graphql,
)

PEOPLE = "{ viewer { login isStaff isWorker } proposals { totalCount nodes { name } } }"
CREATE = 'mutation { createJob(type: "reprocess", itemIds: [2], parameters: {pipeline: "autoPROC"}) { jobId } }'
CLAIM = 'mutation { claimJob(types: ["reprocess"]) { job { jobId status } leaseToken } }'


@pytest_asyncio.fixture
async def gateway(keycloak: Keycloak, ispyb_url: str) -> AsyncIterator[str]:
    async with gateway_on(keycloak.issuer, ispyb_url) as base:
        yield base


async def _people(keycloak: Keycloak, base: str, login: str) -> dict[str, object]:
    r = await graphql(base, await keycloak.user_token(login), PEOPLE)
    assert r.status_code == 200 and "errors" not in r.json(), r.text
    data = r.json()["data"]
    return {
        "login": data["viewer"]["login"],
        "staff": data["viewer"]["isStaff"],
        "worker": data["viewer"]["isWorker"],
        "proposals": sorted(n["name"] for n in data["proposals"]["nodes"]),
    }


async def test_member_staff_and_outsider_see_what_the_rules_say(
    keycloak: Keycloak, gateway: str
) -> None:
    carol = await keycloak.user_token("carol")
    assert claims_of(carol)["aud"] in (AUDIENCE, [AUDIENCE])  # the audience mapper
    assert "ispyb-staff" in claims_of(carol)["realm_access"]["roles"]  # from the staff group
    assert await _people(keycloak, gateway, "alice") == {
        "login": "alice",
        "staff": False,
        "worker": False,
        "proposals": ["mx2112"],
    }
    assert await _people(keycloak, gateway, "carol") == {
        "login": "carol",
        "staff": True,
        "worker": False,
        "proposals": ["mx2112", "mx2532", "mxihr1"],
    }
    assert await _people(keycloak, gateway, "dave") == {
        "login": "dave",
        "staff": False,
        "worker": False,
        "proposals": ["mx2532"],
    }


async def test_the_staff_role_granted_in_keycloak_makes_staff(
    keycloak: Keycloak, gateway: str
) -> None:
    dave = await keycloak.user_id("dave")
    await keycloak.set_realm_role(dave, "ispyb-staff", granted=True)
    try:
        seen = await _people(keycloak, gateway, "dave")
        assert seen["staff"] and seen["proposals"] == ["mx2112", "mx2532", "mxihr1"]
    finally:
        await keycloak.set_realm_role(dave, "ispyb-staff", granted=False)
    assert (await _people(keycloak, gateway, "dave"))["proposals"] == ["mx2532"]


async def test_a_worker_token_claims_jobs_a_user_token_cannot(
    keycloak: Keycloak, ispyb_url: str, mongo_url: str, mongo_database: str
) -> None:
    async with gateway_on(
        keycloak.issuer, ispyb_url, mongo_url=mongo_url, mongo_database=mongo_database
    ) as base:
        alice = await keycloak.user_token("alice")
        created = (await graphql(base, alice, CREATE)).json()
        job_id = created["data"]["createJob"]["jobId"]
        refused = (await graphql(base, alice, CLAIM)).json()
        assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
        beamline = await keycloak.client_token(BEAMLINE)
        assert claims_of(beamline)["beamlines"] == ["id30a-3"]  # for issue 14's beamline writes
        assert "ispyb-beamline" in claims_of(beamline)["realm_access"]["roles"]
        refused = (await graphql(base, beamline, CLAIM)).json()
        assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
        worker = await keycloak.client_token(WORKER)
        viewer = (await graphql(base, worker, "{ viewer { login isWorker } }")).json()
        assert viewer["data"]["viewer"] == {"login": WORKER[0], "isWorker": True}
        claimed = (await graphql(base, worker, CLAIM)).json()
        assert claimed["data"]["claimJob"]["job"] == {"jobId": job_id, "status": "RUNNING"}


async def test_a_token_for_another_client_is_refused(keycloak: Keycloak, gateway: str) -> None:
    other = {
        "clientId": "other-app",
        "secret": "other-secret",
        "publicClient": False,
        "standardFlowEnabled": False,
        "serviceAccountsEnabled": True,
        "protocolMappers": [audience_mapper("other-api")],
    }
    async with keycloak.temporary_client(other) as client:
        account = await keycloak.admin("GET", f"/clients/{client['id']}/service-account-user")
        await keycloak.set_realm_role(account.json()["id"], "ispyb-processing", granted=True)
        token = await keycloak.client_token(("other-app", "other-secret"))
        claims = claims_of(token)
        assert "ispyb-processing" in claims["realm_access"]["roles"]  # only the audience is wrong
        assert AUDIENCE not in (claims.get("aud") or [])
        r = await graphql(gateway, token, "{ viewer { login } }")
        assert r.status_code == 401
        assert "invalid audience" in r.headers["www-authenticate"]
        assert r.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
