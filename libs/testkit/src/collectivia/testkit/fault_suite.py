"""What the fault tests share: the settings of a register and a chat started on the servers a
test chooses (a private Kafka or Keycloak it may stop), and a citizen's question."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

from collectivia.testkit.knowledge_pages import SAMPLE_PAGES
from collectivia.testkit.processes import (
    ServiceProcess,
    platform_environment,
    register_settings,
    service_environment,
)
from collectivia.testkit.servers import KafkaServer, KeycloakServer

# A question the sample pages answer (the chat's extractive path, no model server needed).
QUESTION = "Quels déchets les déchèteries acceptent-elles ?"


def register_environment(
    kafka: KafkaServer, keycloak: KeycloakServer, folder: Path, **settings: str
) -> dict[str, str]:
    return {
        **platform_environment(kafka, keycloak),
        **service_environment("ethics-register", folder, **settings),
    }


def chat_environment(
    kafka: KafkaServer,
    keycloak: KeycloakServer,
    register: ServiceProcess,
    system_id: str,
    folder: Path,
) -> dict[str, str]:
    """A chat whose knowledge base holds the sample pages and whose entry is ``system_id``."""
    pages = folder / "pages"
    pages.mkdir(exist_ok=True)
    for name, text in SAMPLE_PAGES.items():
        (pages / name).write_text(text, encoding="utf-8")
    return {
        **platform_environment(kafka, keycloak),
        **service_environment(
            "citizen-chat",
            folder,
            knowledge_dir=str(pages),
            system_id=system_id,
            **register_settings(register),
            rate_limit_per_minute="10000",
            embedding_workers="1",
        ),
    }


def ask(http: httpx.Client, question: str = QUESTION) -> dict[str, Any]:
    """A new conversation and its first answer (the chat's JSON)."""
    created = http.post("/v1/conversations", json={})
    assert created.status_code == 201, created.text
    conversation = created.json()["id"]
    answered = http.post(f"/v1/conversations/{conversation}/messages", json={"question": question})
    assert answered.status_code == 200, answered.text
    answer: dict[str, Any] = answered.json()
    return answer
