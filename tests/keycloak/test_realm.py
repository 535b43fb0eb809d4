"""The reference realm file as docker-compose uses it, and the rules it keeps (no Keycloak needed)."""

from __future__ import annotations

import json

import yaml

from gateway.settings import REPO_ROOT
from tests.keycloak.keycloak import AUDIENCE, REALM, REALM_FILE, UI_CLIENT


def test_compose_imports_the_realm_the_tests_use() -> None:
    services = yaml.safe_load((REPO_ROOT / "docker-compose.yml").read_text())["services"]
    keycloak = services["keycloak"]
    assert "--import-realm" in keycloak["command"]
    mounted = {v.split(":")[0]: v.split(":")[1] for v in keycloak["volumes"]}
    target = mounted[f"./{REALM_FILE.relative_to(REPO_ROOT)}"]
    assert target.startswith("/opt/keycloak/data/import/")
    gateway = services["gateway"]["environment"]
    assert gateway["GATEWAY_OIDC_ISSUER"].endswith(f"/realms/{REALM}")
    assert gateway["GATEWAY_OIDC_AUDIENCE"] == AUDIENCE


def test_the_reference_realm_keeps_password_grants_off_and_uses_pkce() -> None:
    realm = json.loads(REALM_FILE.read_text())
    assert realm["realm"] == REALM
    clients = {c["clientId"]: c for c in realm["clients"]}
    assert AUDIENCE in clients
    assert not [name for name, c in clients.items() if c.get("directAccessGrantsEnabled")]
    ui = clients[UI_CLIENT]
    assert ui["publicClient"] and ui["attributes"]["pkce.code.challenge.method"] == "S256"
    for name, client in clients.items():
        if client.get("serviceAccountsEnabled"):
            assert not client.get("publicClient") and not client.get("standardFlowEnabled"), name
