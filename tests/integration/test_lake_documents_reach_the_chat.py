"""A document a data steward publishes in the data lake reaches the citizen chat's answers
through the real Kafka, and leaves them once withdrawn: the lake, the chat and the ethics
register each started through their entry points (nothing of them imported here)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from collectivia.testkit.processes import (
    ServiceProcess,
    free_port,
    platform_environment,
    running_process,
    service_environment,
)
from collectivia.testkit.servers import KafkaServer, KeycloakServer
from collectivia.testkit.tokens import DemoTokens, bearer
from collectivia.testkit.waiting import wait_until

pytestmark = [pytest.mark.integration, pytest.mark.embedding_model]

METZ = "57463"
QUESTION = "Quels sont les horaires de la ludothèque des Bordes le mercredi ?"
LUDOTHEQUE = (
    "# La ludothèque des Bordes\n\n"
    "La ludothèque des Bordes prête des jeux de société gratuitement aux familles inscrites.\n\n"
    "## Horaires\n\n"
    "La ludothèque des Bordes est ouverte le mercredi de 14 h à 18 h "
    "et le samedi de 10 h à 12 h.\n"
)


@pytest.fixture(scope="module")
def data_lake(
    kafka_server: KafkaServer,
    keycloak_server: KeycloakServer,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[ServiceProcess]:
    folder = tmp_path_factory.mktemp("data-lake")
    environment = {
        **platform_environment(kafka_server, keycloak_server),
        **service_environment(
            "data-lake",
            folder,
            flight_port=str(free_port()),
            catalog_url=f"sqlite:///{folder / 'catalog.db'}",
            warehouse=str(folder / "warehouse"),
        ),
    }
    with running_process("data-lake", environment, folder=folder) as process:
        yield process


def cited(chat: httpx.Client, question: str) -> list[str]:
    """Document ids the chat's answer to ``question`` cites (a citizen of Metz asks)."""
    conversation = chat.post("/v1/conversations", json={"commune": METZ})
    assert conversation.status_code == 201, conversation.text
    answer = chat.post(
        f"/v1/conversations/{conversation.json()['id']}/messages", json={"question": question}
    )
    assert answer.status_code == 200, answer.text
    return [citation["document_id"] for citation in answer.json()["citations"]]


def test_a_document_published_in_the_lake_is_cited_by_the_chat_until_withdrawn(
    data_lake: ServiceProcess,
    running_citizen_chat: ServiceProcess,
    demo_tokens: DemoTokens,
) -> None:
    steward = bearer(demo_tokens.for_role("data-steward", audience="data-lake"))
    document_id = f"ludotheque-{uuid.uuid4().hex[:8]}"
    body: dict[str, Any] = {
        "id": document_id,
        "title": "La ludothèque des Bordes",
        "text": LUDOTHEQUE,
        "url": "https://metz.example/ludotheque-des-bordes",
        "theme": "Loisirs > Jeux",
        "communes": [METZ],
        "published": "2026-04-01",
    }
    with (
        httpx.Client(base_url=data_lake.base_url, timeout=30) as lake,
        httpx.Client(base_url=running_citizen_chat.base_url, timeout=60) as chat,
    ):
        assert document_id not in cited(chat, QUESTION)
        published = lake.post("/v1/documents", json=body, headers=steward)
        assert published.status_code == 201, published.text

        def cites_it() -> bool:
            return document_id in cited(chat, QUESTION)

        wait_until(cites_it, timeout=60, interval=0.5, what="the chat to cite the lake's document")

        withdrawn = lake.delete(
            f"/v1/documents/{document_id}", params={"reason": "Ludothèque fermée"}, headers=steward
        )
        assert withdrawn.status_code == 200, withdrawn.text

        def forgot_it() -> bool:
            return document_id not in cited(chat, QUESTION)

        wait_until(forgot_it, timeout=60, interval=0.5, what="the chat to stop citing it")
        assert document_id not in cited(chat, "ludothèque des Bordes jeux de société familles")
