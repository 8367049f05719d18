"""The gateway's and the tasks' sections: from the service's prefix, the model endpoint from
the shared one."""

from __future__ import annotations

import pytest

from collectivia.agent_assistant.gateway.settings import GatewaySettings
from collectivia.agent_assistant.tasks.settings import TasksSettings


def test_offline_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLLECTIVIA_GENERATION_BASE_URL", raising=False)
    settings = GatewaySettings()
    assert not settings.generation.enabled


def test_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLLECTIVIA_GENERATION_BASE_URL", "http://127.0.0.1:8000/v1")
    monkeypatch.setenv("COLLECTIVIA_GENERATION_MODEL", "mistral-small")
    monkeypatch.setenv("COLLECTIVIA_AGENT_ASSISTANT_MAX_UPLOAD_BYTES", "2048")
    settings = GatewaySettings()
    assert settings.generation.enabled
    assert settings.generation.model == "mistral-small"
    assert TasksSettings().max_upload_bytes == 2048


def test_special_categories_are_not_a_local_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the register approves a model for special categories (GDPR Art. 9)."""
    monkeypatch.setenv("COLLECTIVIA_AGENT_ASSISTANT_SPECIAL_CATEGORIES_APPROVED", "true")
    settings = GatewaySettings()
    assert not hasattr(settings, "special_categories_approved")


def test_production_refuses_a_remote_model_over_plain_http(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLLECTIVIA_GENERATION_BASE_URL", "http://models.example.org/v1")
    monkeypatch.setenv("COLLECTIVIA_GENERATION_MODEL", "mistral-small")
    with pytest.raises(ValueError, match="GENERATION_BASE_URL must use https"):
        GatewaySettings(environment="production")
