"""The gateway's settings: from the service's prefix, the model endpoint from the shared one."""

from __future__ import annotations

import pytest

from collectivia.agent_assistant.settings import AssistantSettings


def test_offline_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLLECTIVIA_GENERATION_BASE_URL", raising=False)
    settings = AssistantSettings()
    assert not settings.gateway.generation.enabled


def test_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLLECTIVIA_GENERATION_BASE_URL", "http://127.0.0.1:8000/v1")
    monkeypatch.setenv("COLLECTIVIA_GENERATION_MODEL", "mistral-small")
    monkeypatch.setenv("COLLECTIVIA_AGENT_ASSISTANT_MAX_UPLOAD_BYTES", "2048")
    settings = AssistantSettings()
    assert settings.gateway.generation.enabled
    assert settings.gateway.generation.model == "mistral-small"
    assert settings.gateway.max_upload_bytes == 2048


def test_special_categories_are_not_a_local_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the register approves a model for special categories (GDPR Art. 9)."""
    monkeypatch.setenv("COLLECTIVIA_AGENT_ASSISTANT_SPECIAL_CATEGORIES_APPROVED", "true")
    settings = AssistantSettings()
    assert not hasattr(settings.gateway, "special_categories_approved")


def test_production_refuses_a_remote_model_over_plain_http(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLLECTIVIA_GENERATION_BASE_URL", "http://models.example.org/v1")
    monkeypatch.setenv("COLLECTIVIA_GENERATION_MODEL", "mistral-small")
    with pytest.raises(ValueError, match="GENERATION_BASE_URL must use https"):
        AssistantSettings(
            environment="production",
            client_secret="a-long-production-secret",
            pseudonym_salt="a-production-salt",
            keycloak={"url": "https://sso.example.org"},
        )
