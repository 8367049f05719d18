"""The assistant's settings fail fast: production refuses the demo salt; routing maps are
checked and normalised."""

from __future__ import annotations

import pytest
from pydantic import SecretStr, ValidationError

from collectivia.agent_assistant.settings import AssistantSettings
from collectivia.platform.settings import InsecureSettingsError, KeycloakSettings


def test_production_refuses_the_demo_salt() -> None:
    with pytest.raises((InsecureSettingsError, ValidationError), match="PSEUDONYM_SALT"):
        AssistantSettings(
            environment="production",
            client_secret=SecretStr("a-long-enough-production-secret"),
            keycloak=KeycloakSettings(url="https://sso.example.fr"),
        )


def test_routing_maps_are_normalised_and_empty_entries_refused() -> None:
    settings = AssistantSettings(theme_departments={" Culture ": " culture "})
    assert settings.theme_departments == {"culture": "culture"}
    with pytest.raises(ValidationError, match="must not be empty"):
        AssistantSettings(commune_departments={"57463": " "})


def test_environment_variables_configure_the_service(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLLECTIVIA_AGENT_ASSISTANT_HTTP_PORT", "9030")
    monkeypatch.setenv("COLLECTIVIA_AGENT_ASSISTANT_COMMUNE_DEPARTMENTS", '{"57480": "urbanisme"}')
    settings = AssistantSettings()
    assert settings.http_port == 9030 and settings.commune_departments == {"57480": "urbanisme"}
