"""The gpu profile's embeddings server is used: the chat embeds with `inference-embeddings`
(its own URL, https, its served model's name), the policies let that call through at both
ends, and the chat's real settings accept the rendered values in production."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import RELEASE, Manifest, RenderChart

# With the chart's other tests: it needs helm, which a fresh machine's first `make test` builds
# in the background (the unit run reached it before helm was there and timed out waiting).
pytestmark = pytest.mark.integration

CHAT = "citizen-chat"
EMBEDDINGS = "inference-embeddings"


def _named(manifests: list[Manifest], kind: str, name: str) -> Manifest:
    [found] = [m for m in manifests if m["kind"] == kind and m["metadata"]["name"] == name]
    return found


def _container(manifests: list[Manifest], component: str) -> dict[str, Any]:
    deployment = _named(manifests, "Deployment", f"{RELEASE}-{component}")
    container: dict[str, Any] = deployment["spec"]["template"]["spec"]["containers"][0]
    return container


def _plain_env(container: dict[str, Any]) -> dict[str, str]:
    return {var["name"]: var["value"] for var in container["env"] if "value" in var}


def _served_model(manifests: list[Manifest]) -> str:
    args: list[str] = _container(manifests, EMBEDDINGS)["args"]
    [name] = [a.split("=", 1)[1] for a in args if a.startswith("--served-model-name=")]
    return name


def _matches(selector: dict[str, str], labels: dict[str, str]) -> bool:
    return all(labels.get(key) == value for key, value in selector.items())


def test_the_chat_embeds_with_the_embeddings_server(render_chart: RenderChart) -> None:
    manifests = render_chart("gpu")
    env = _plain_env(_container(manifests, CHAT))
    port = _named(manifests, "Service", f"{RELEASE}-{EMBEDDINGS}")["spec"]["ports"][0]["port"]
    assert env["COLLECTIVIA_CITIZEN_CHAT_EMBEDDINGS"] == "endpoint"
    assert env["COLLECTIVIA_GENERATION_EMBEDDING_BASE_URL"] == (
        f"https://{RELEASE}-{EMBEDDINGS}:{port}/v1"
    )
    assert env["COLLECTIVIA_GENERATION_EMBEDDING_MODEL"] == _served_model(manifests)
    # Generation stays on its own server.
    assert EMBEDDINGS not in env["COLLECTIVIA_GENERATION_BASE_URL"]


@pytest.mark.parametrize("profile", ["dev", "production"])
def test_without_the_gpu_profile_the_chat_embeds_in_process(
    render_chart: RenderChart, profile: str
) -> None:
    env = _plain_env(_container(render_chart(profile), CHAT))
    assert "COLLECTIVIA_GENERATION_EMBEDDING_BASE_URL" not in env
    assert env.get("COLLECTIVIA_CITIZEN_CHAT_EMBEDDINGS", "embedded") == "embedded"


def test_the_policies_let_the_chat_reach_the_embeddings_server(render_chart: RenderChart) -> None:
    manifests = render_chart("gpu")
    pod = _named(manifests, "Deployment", f"{RELEASE}-{EMBEDDINGS}")["spec"]["template"]
    chat_pod = _named(manifests, "Deployment", f"{RELEASE}-{CHAT}")["spec"]["template"]
    # The pod's port the Service sends to (policies name the pod's port, not the Service's).
    port = _named(manifests, "Service", f"{RELEASE}-{EMBEDDINGS}")["spec"]["ports"][0]
    target = port.get("targetPort", port["port"])
    if isinstance(target, str):
        [target] = [
            p["containerPort"]
            for p in _container(manifests, EMBEDDINGS)["ports"]
            if p.get("name") == target
        ]
    chat_egress = _named(manifests, "NetworkPolicy", f"{RELEASE}-{CHAT}")["spec"]["egress"]
    assert any(
        _matches(peer.get("podSelector", {}).get("matchLabels", {}), pod["metadata"]["labels"])
        and "namespaceSelector" not in peer
        and target in {p["port"] for p in rule["ports"]}
        for rule in chat_egress
        for peer in rule.get("to", [])
    ), "the chat's egress does not reach the embeddings pods"
    policy = _named(manifests, "NetworkPolicy", f"{RELEASE}-{EMBEDDINGS}")["spec"]
    assert _matches(policy["podSelector"]["matchLabels"], pod["metadata"]["labels"])
    assert any(
        _matches(peer.get("podSelector", {}).get("matchLabels", {}), chat_pod["metadata"]["labels"])
        and "namespaceSelector" not in peer
        and target in {p["port"] for p in rule["ports"]}
        for rule in policy["ingress"]
        for peer in rule.get("from", [])
    ), "the embeddings server's ingress does not admit the chat"


def test_the_chat_accepts_its_embeddings_settings_in_production(
    render_chart: RenderChart, monkeypatch: pytest.MonkeyPatch
) -> None:
    from collectivia.ai.generation import GenerationSettings
    from collectivia.citizen_chat.knowledge.settings import KnowledgeSettings

    env = _plain_env(_container(render_chart("gpu"), CHAT))
    assert env["COLLECTIVIA_ENVIRONMENT"] == "production"
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    generation = GenerationSettings()
    assert generation.production_problems() == []
    assert str(generation.embedding_base_url).startswith(f"https://{RELEASE}-{EMBEDDINGS}:")
    assert generation.embedding_model_name == "collectivia-embeddings"
    knowledge = KnowledgeSettings()
    assert knowledge.embeddings == "endpoint"
    assert (
        knowledge.qdrant_collection != KnowledgeSettings.model_fields["qdrant_collection"].default
    )
