from __future__ import annotations

import pytest
from pydantic import SecretStr, ValidationError
from pydantic_settings import SettingsConfigDict

from collectivia.platform.definition import ServiceDefinition
from collectivia.platform.entrypoint import run_service, settings_problems
from collectivia.platform.settings import ServiceSettings


class DemoSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="COLLECTIVIA_DEMO_", populate_by_name=True)

    service_name: str = "demo"
    client_id: str = "demo"
    client_secret: SecretStr = SecretStr("demo-dev-secret")


DEMO = ServiceDefinition(
    name="demo",
    summary="A service of no area, for the entry point's tests.",
    settings=DemoSettings,
    areas=(),
    title=lambda _settings: "Démo",
    commands={"check": lambda _settings: 3},
)


def test_settings_errors_never_show_the_values_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLLECTIVIA_DEMO_CLIENT_SECRET", "top-secret-value")
    monkeypatch.setenv("COLLECTIVIA_ENVIRONMENT", "production")  # a whole-model rule fails
    with pytest.raises(ValidationError) as caught:
        DemoSettings()
    assert "top-secret-value" in str(caught.value)  # pydantic prints every value read...
    problems = settings_problems(caught.value)
    assert "https" in problems
    assert "top-secret-value" not in problems  # ...the service does not
    monkeypatch.setenv("COLLECTIVIA_DEMO_HTTP_PORT", "not-a-port")
    with pytest.raises(ValidationError) as caught:
        DemoSettings()
    assert "http_port" in settings_problems(caught.value)


def test_a_service_refuses_to_start_on_bad_settings(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("COLLECTIVIA_DEMO_CLIENT_SECRET", "top-secret-value")
    monkeypatch.setenv("COLLECTIVIA_ENVIRONMENT", "production")
    with pytest.raises(SystemExit) as caught:
        run_service(DEMO, [])
    assert caught.value.code == 2
    assert "https" in caplog.text
    assert "top-secret-value" not in caplog.text


def test_a_command_runs_and_gives_its_exit_code() -> None:
    with pytest.raises(SystemExit) as caught:
        run_service(DEMO, ["check"])
    assert caught.value.code == 3
