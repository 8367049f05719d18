from __future__ import annotations

import pytest
from pydantic import ValidationError

from collectivia.ai.generation import GenerationSettings


def test_generation_is_off_without_a_base_url() -> None:
    assert not GenerationSettings().enabled


def test_read_from_the_shared_prefix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLLECTIVIA_GENERATION_BASE_URL", "http://vllm:8000/v1")
    monkeypatch.setenv("COLLECTIVIA_GENERATION_MODEL", "mistral-small")
    monkeypatch.setenv("COLLECTIVIA_GENERATION_API_KEY", "sk-secret")
    monkeypatch.setenv("COLLECTIVIA_GENERATION_MAX_TOKENS", "300")
    settings = GenerationSettings()
    assert settings.enabled
    assert str(settings.base_url) == "http://vllm:8000/v1"
    assert settings.embedding_model_name == "mistral-small"
    assert settings.max_tokens == 300
    assert "sk-secret" not in repr(settings)


def test_a_base_url_needs_a_model_name() -> None:
    with pytest.raises(ValidationError, match="COLLECTIVIA_GENERATION_MODEL is required"):
        GenerationSettings.model_validate({"base_url": "http://vllm:8000/v1"})


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("base_url", "ftp://vllm/v1"),
        ("temperature", "3"),
        ("max_tokens", "0"),
        ("read_timeout_seconds", "0"),
    ],
)
def test_bad_values_fail_fast(field: str, value: str) -> None:
    with pytest.raises(ValidationError, match=field):
        GenerationSettings.model_validate({"model": "m", field: value})


@pytest.mark.parametrize(
    ("url", "refused"),
    [
        (None, False),
        ("https://llm.collectivite.fr/v1", False),
        ("http://127.0.0.1:8000/v1", False),
        ("http://[::1]:8000/v1", False),
        ("http://localhost:11434/v1", False),
        ("http://vllm:8000/v1", True),
    ],
)
def test_production_wants_https_off_the_machine(url: str | None, refused: bool) -> None:
    settings = GenerationSettings.model_validate({"base_url": url, "model": "m"})
    assert bool(settings.production_problems()) is refused


def test_embeddings_go_to_the_generation_server_unless_a_server_of_their_own_is_set(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLLECTIVIA_GENERATION_BASE_URL", "https://llm.collectivite.fr/v1")
    monkeypatch.setenv("COLLECTIVIA_GENERATION_MODEL", "m")
    assert GenerationSettings().embedding_base_url is None
    monkeypatch.setenv("COLLECTIVIA_GENERATION_EMBEDDING_BASE_URL", "https://e5.collectivite.fr/v1")
    monkeypatch.setenv("COLLECTIVIA_GENERATION_EMBEDDING_API_KEY", "sk-e5")
    settings = GenerationSettings()
    assert str(settings.embedding_base_url) == "https://e5.collectivite.fr/v1"
    assert settings.embedding_api_key is not None
    assert "sk-e5" not in repr(settings)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (
            {"embedding_base_url": "http://e5:8000/v1"},
            "COLLECTIVIA_GENERATION_EMBEDDING_BASE_URL needs COLLECTIVIA_GENERATION_BASE_URL",
        ),
        (
            {"base_url": "http://vllm:8000/v1", "model": "m", "embedding_api_key": "sk"},
            "COLLECTIVIA_GENERATION_EMBEDDING_API_KEY is the key of "
            "COLLECTIVIA_GENERATION_EMBEDDING_BASE_URL, which is not set",
        ),
        (
            {"base_url": "http://vllm:8000/v1", "model": "m", "embedding_base_url": "ftp://e5/v1"},
            "embedding_base_url",
        ),
    ],
)
def test_an_embeddings_server_without_its_generation_server_fails_fast(
    values: dict[str, str], message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        GenerationSettings.model_validate(values)


@pytest.mark.parametrize(
    ("url", "refused"),
    [
        (None, False),
        ("https://e5.collectivite.fr/v1", False),
        ("http://127.0.0.1:8001/v1", False),
        ("http://e5:8000/v1", True),
    ],
)
def test_production_wants_https_for_the_embeddings_server_too(
    url: str | None, refused: bool
) -> None:
    settings = GenerationSettings.model_validate(
        {"base_url": "https://llm.collectivite.fr/v1", "model": "m", "embedding_base_url": url}
    )
    expected = (
        ["COLLECTIVIA_GENERATION_EMBEDDING_BASE_URL must use https in production (or loopback)"]
        if refused
        else []
    )
    assert settings.production_problems() == expected


def test_both_plain_http_servers_are_named_in_production() -> None:
    settings = GenerationSettings.model_validate(
        {"base_url": "http://vllm:8000/v1", "model": "m", "embedding_base_url": "http://e5/v1"}
    )
    assert [p.split()[0] for p in settings.production_problems()] == [
        "COLLECTIVIA_GENERATION_BASE_URL",
        "COLLECTIVIA_GENERATION_EMBEDDING_BASE_URL",
    ]
