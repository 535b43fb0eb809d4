"""docker-compose.yml cannot run here (no Docker engine): check its wiring instead."""

from __future__ import annotations

import yaml

from gateway.settings import REPO_ROOT, Settings


def _compose() -> dict:  # type: ignore[type-arg]
    return yaml.safe_load((REPO_ROOT / "docker-compose.yml").read_text())


def test_stack_has_every_backing_service() -> None:
    services = _compose()["services"]
    assert {"mariadb", "mongodb", "redis", "keycloak", "gateway"} <= set(services)
    assert services["mongodb"]["image"].startswith("mongo:7")


def test_gateway_variables_are_real_settings() -> None:
    known = {f"GATEWAY_{name.upper()}" for name in Settings.model_fields}
    for name, service in _compose()["services"].items():
        for variable in service.get("environment", {}):
            if variable.startswith("GATEWAY_"):
                assert variable in known, f"{name}: {variable} is not a setting"


def test_gateway_is_wired_to_the_stack() -> None:
    services = _compose()["services"]
    env = services["gateway"]["environment"]
    settings = Settings(**{k[len("GATEWAY_") :].lower(): v for k, v in env.items()})
    assert "@mariadb:" in settings.sql_url
    assert settings.mongo_url and "mongodb:27017" in settings.mongo_url
    assert settings.redis_url and "redis:6379" in settings.redis_url
    assert settings.oidc_issuer and settings.oidc_issuer.startswith("http://keycloak:8080/")
    for dependency in services["gateway"]["depends_on"]:
        assert dependency in services
    assert services["migrate"]["environment"]["GATEWAY_SQL_URL"] == env["GATEWAY_SQL_URL"]
