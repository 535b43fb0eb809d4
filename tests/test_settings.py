"""Configuration errors name the variable and never start a half-configured gateway."""

from __future__ import annotations

import pytest

from gateway.settings import SettingsError, load_settings


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("GATEWAY_SQL_URL", "postgresql://x/y", "GATEWAY_SQL_URL"),
        ("GATEWAY_MONGO_URL", "http://mongo", "GATEWAY_MONGO_URL"),
        ("GATEWAY_REDIS_URL", "tcp://redis", "GATEWAY_REDIS_URL"),
        ("GATEWAY_OIDC_ISSUER", "keycloak/realms/x", "GATEWAY_OIDC_ISSUER"),
        ("GATEWAY_MAX_PAGE_SIZE", "0", "GATEWAY_MAX_PAGE_SIZE"),
        ("GATEWAY_PORT", "not-a-port", "GATEWAY_PORT"),
        ("GATEWAY_LOG_LEVEL", "loud", "GATEWAY_LOG_LEVEL"),
        ("GATEWAY_DEMO", "true", "GATEWAY_DEMO"),
    ],
)
def test_bad_variable_is_named(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, expected: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingsError) as err:
        load_settings()
    assert expected in str(err.value)
    assert "Traceback" not in str(err.value)


def test_defaults_and_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GATEWAY_SQL_URL", "mysql+aiomysql://u:p@db:3306/ispyb")
    monkeypatch.setenv("GATEWAY_REDIS_URL", "")
    monkeypatch.setenv("GATEWAY_ALLOWED_ORIGINS", "https://exi.esrf.fr, https://mxcube.esrf.fr")
    monkeypatch.setenv("GATEWAY_OIDC_ISSUER", "https://sso.esrf.fr/realms/ispyb/")
    s = load_settings()
    assert s.sql_url.endswith("/ispyb")
    assert s.redis_url is None
    assert s.allowed_origins == ["https://exi.esrf.fr", "https://mxcube.esrf.fr"]
    assert s.oidc_issuer == "https://sso.esrf.fr/realms/ispyb"
    assert s.demo is False


def test_readme_lists_every_setting() -> None:
    from pathlib import Path

    from gateway.settings import REPO_ROOT, Settings

    readme = Path(REPO_ROOT / "README.md").read_text()
    missing = [
        f"GATEWAY_{n.upper()}"
        for n in Settings.model_fields
        if f"GATEWAY_{n.upper()}" not in readme
    ]
    assert not missing, f"README does not document {missing}"
