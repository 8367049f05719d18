from __future__ import annotations

import pytest
from pydantic import SecretStr, ValidationError
from pydantic_settings import SettingsConfigDict

from collectivia.platform.settings import (
    Environment,
    InsecureSettingsError,
    KeycloakSettings,
    ServiceSettings,
)


class DemoSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="COLLECTIVIA_DEMO_", populate_by_name=True)

    service_name: str = "demo"
    client_id: str = "demo"
    client_secret: SecretStr = SecretStr("demo-dev-secret")


def test_development_defaults_are_usable() -> None:
    settings = DemoSettings()
    assert settings.environment is Environment.DEVELOPMENT
    assert settings.keycloak.issuer == "http://127.0.0.1:8080/realms/collectivia"


def test_each_service_reads_its_own_prefix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLLECTIVIA_DEMO_HTTP_PORT", "9999")
    monkeypatch.setenv("COLLECTIVIA_OTHER_HTTP_PORT", "1111")
    monkeypatch.setenv("COLLECTIVIA_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")
    settings = DemoSettings()
    assert settings.http_port == 9999
    assert settings.kafka.bootstrap_servers == "kafka:9092"


def test_bad_values_fail_fast(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLLECTIVIA_DEMO_HTTP_PORT", "not-a-port")
    with pytest.raises(ValidationError, match="http_port"):
        DemoSettings()


def test_production_refuses_demo_values(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLLECTIVIA_ENVIRONMENT", "production")
    with pytest.raises(ValidationError) as caught:
        DemoSettings()
    message = str(caught.value)
    assert "https" in message
    assert "demo" in message


def test_production_refuses_the_master_realm() -> None:
    with pytest.raises(ValidationError, match="admin realm"):
        DemoSettings(
            environment=Environment.PRODUCTION,
            client_secret=SecretStr("s3cret-from-the-vault-0123"),
            keycloak=KeycloakSettings(url="https://sso.example.fr", realm="master"),
        )


def test_production_accepts_secure_values() -> None:
    settings = DemoSettings(
        environment=Environment.PRODUCTION,
        client_secret=SecretStr("s3cret-from-the-vault-0123"),
        keycloak=KeycloakSettings(url="https://sso.example.fr", realm="collectivia"),
    )
    assert settings.environment is Environment.PRODUCTION


def test_insecure_error_is_a_value_error() -> None:
    # pydantic wraps ValueErrors raised by validators into its ValidationError.
    assert issubclass(InsecureSettingsError, ValueError)
