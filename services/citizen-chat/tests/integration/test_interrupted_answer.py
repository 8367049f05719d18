"""A citizen who leaves mid-answer, with real clients, on the real Kafka, Keycloak and ethics
register: the page's SSE stream closed by its reader, an integrator's gRPC call cancelled,
while a slow model server writes the answer. The answer so far is kept, marked interrupted,
its ``ai.used`` and ``answer-produced`` published, the model's stream cut. Then the
conversation is erased over HTTP: its rows are gone and its questions no longer in the query
cache."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import grpc
import httpx
import pytest
from sqlalchemy import select

from citizen_chat_testing.knowledge import SAMPLE_DOCUMENTS, QueryCounting
from citizen_chat_testing.running import RunningChat, running_chat, settings_for_tests
from citizen_chat_testing.slow_model import Messages, SlowModelServer, slow_model_server
from collectivia.chat.v1 import chat_pb2 as chat_api
from collectivia.chat.v1 import chat_pb2_grpc
from collectivia.citizen_chat.answering.area import AnsweringSettings
from collectivia.citizen_chat.answering.texts import INTERRUPTED
from collectivia.citizen_chat.conversations.models import TurnRow
from collectivia.citizen_chat.conversations.service import Conversations
from collectivia.citizen_chat.knowledge.base import KnowledgeBase, RetrievalSettings
from collectivia.citizen_chat.knowledge.embeddings import CachedEmbedder, EmbeddingCache
from collectivia.citizen_chat.knowledge.vector_store import QdrantVectorStore
from collectivia.events.v1 import ai_pb2, chat_pb2
from collectivia.platform.events.catalogue import AI_USED, ANSWER_PRODUCED
from collectivia.testkit.knowledge_pages import METZ
from collectivia.testkit.servers import KafkaServer, KeycloakServer
from collectivia.testkit.tokens import DemoTokens
from collectivia.testkit.topics import events_on
from collectivia.testkit.waiting import wait_until

pytestmark = pytest.mark.integration

SATURDAY = "Quels sont les horaires de l'hôtel de ville le samedi ?"
SENTENCES = [
    "Le samedi, l'hôtel de ville de Metz est ouvert de 9 h à 12 h.",
    "En semaine, il accueille le public de 8 h 30 à 17 h 30.",
    "Le samedi, l'état civil est ouvert de 9 h à 12 h.",
    "L'hôtel de ville de Metz accueille le public du lundi au vendredi.",
]


def town_hall_hours(messages: Messages) -> str:
    """The reply, citing the number the prompt gave the town hall's hours."""
    found = re.search(
        r'<source numero="(\d+)">\nTitre : Horaires de l\'hôtel de ville de Metz',
        messages[1]["content"],
    )
    assert found, "the town hall's hours are not among the sources"
    return " ".join(f"{s[:-1]} [{found.group(1)}]." for s in SENTENCES)


@pytest.fixture(scope="module")
def model() -> Iterator[SlowModelServer]:
    with slow_model_server(town_hall_hours, pause_seconds=0.25) as server:
        yield server


@pytest.fixture(scope="module")
def encoder() -> QueryCounting:
    return QueryCounting()


@pytest.fixture(scope="module")
def chat(
    model: SlowModelServer,
    encoder: QueryCounting,
    kafka_server: KafkaServer,
    keycloak_server: KeycloakServer,
    chat_register: list[object],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[RunningChat]:
    folder: Path = tmp_path_factory.mktemp("interrupted-chat")
    cache = EmbeddingCache(folder / "embeddings.db")
    # The sample pages behind the query cache the service has.
    base = KnowledgeBase(
        CachedEmbedder(encoder, cache), QdrantVectorStore(encoder.dim), RetrievalSettings()
    )
    base.ingest(SAMPLE_DOCUMENTS)
    settings = settings_for_tests(
        kafka_server, keycloak_server, folder, generation=model.settings(read_timeout_seconds=30)
    )
    sections = [*chat_register, base, AnsweringSettings(generation_deadline_seconds=120)]
    with running_chat(settings, supplied=sections) as running:
        yield running
    cache.close()


def evidence_of(kafka: KafkaServer, system_id: str, use_id: str) -> list[ai_pb2.AiUsed]:
    uses = events_on(kafka.bootstrap_servers, AI_USED, system_id)
    return [u for u in uses if isinstance(u, ai_pb2.AiUsed) and u.use_id == use_id]


def test_a_page_closed_mid_answer_keeps_the_answer_so_far_and_its_evidence(
    chat: RunningChat,
    model: SlowModelServer,
    kafka_server: KafkaServer,
    register_system: dict[str, Any],
) -> None:
    with httpx.Client(base_url=chat.base_url, timeout=60) as http:
        conversation = http.post("/v1/conversations", json={"commune": METZ}).json()["id"]
        received = ""
        with http.stream(
            "POST",
            f"/v1/conversations/{conversation}/messages",
            json={"question": SATURDAY},
            headers={"Accept": "text/event-stream"},
        ) as response:
            assert response.status_code == 200
            for text in response.iter_text():
                received += text
                if "event: sentence" in received:
                    break  # the citizen closes the page: the connection goes
        assert SENTENCES[0] in received and "event: done" not in received
        served = model.replies[-1]
        assert served.cut.wait(30), "the model kept writing for nobody"
        assert not served.finished.is_set()

        def kept() -> list[dict[str, Any]]:
            turns = http.get(f"/v1/conversations/{conversation}").json()["turns"]
            return [t for t in turns if t["role"] == "assistant"]

        [answer] = wait_until(kept, timeout=30, what="the interrupted answer kept")
    assert answer["interrupted"] is True and answer["outcome"] == "answered"
    assert answer["text"].endswith(INTERRUPTED)
    assert "Le samedi, l'hôtel de ville de Metz est ouvert de 9 h à 12 h [1]." in answer["text"]
    assert SENTENCES[-1][:-1] not in answer["text"], "never written, yet kept"
    [used] = wait_until(
        lambda: evidence_of(kafka_server, register_system["id"], answer["answer_id"]),
        what="the ai.used of the interrupted answer",
    )
    assert used.parameters["interrupted"] == "true" and used.parameters["mode"] == "generative"
    assert used.outcome == ai_pb2.OUTCOME_COMPLETED and used.model == "generative/slow-model"
    [produced] = wait_until(
        lambda: events_on(kafka_server.bootstrap_servers, ANSWER_PRODUCED, conversation),
        what="the answer-produced of the interrupted answer",
    )
    assert isinstance(produced, chat_pb2.AnswerProduced)
    assert produced.interrupted and produced.mode == chat_pb2.ANSWER_MODE_GENERATIVE


def test_a_cancelled_grpc_ask_keeps_the_answer_so_far_and_stops_the_model(
    chat: RunningChat,
    model: SlowModelServer,
    kafka_server: KafkaServer,
    register_system: dict[str, Any],
    demo_tokens: DemoTokens,
) -> None:
    token = demo_tokens.for_service("integrator-demo")
    before = len(model.replies)
    with grpc.insecure_channel(chat.grpc_target) as channel:
        stub = chat_pb2_grpc.CitizenChatServiceStub(channel)
        call = stub.Ask.future(
            chat_api.AskRequest(question=SATURDAY, commune=METZ),
            metadata=(("authorization", f"Bearer {token}"),),
            timeout=60,
        )
        wait_until(lambda: len(model.replies) > before, what="the model called")
        served = model.replies[-1]
        assert served.started.wait(30)
        cancelled = call.cancel()  # type: ignore[no-untyped-call]  # grpc's futures are untyped
        assert cancelled, "the call ended before it could be cancelled"
    assert served.cut.wait(30), "the model kept writing for a cancelled call"
    conversations = chat.service.get(Conversations)

    def kept() -> list[TurnRow]:
        with conversations.sessions() as session:
            rows = session.scalars(select(TurnRow).where(TurnRow.role == "assistant")).all()
            return [row for row in rows if row.interrupted and SENTENCES[0][:20] in row.text]

    rows = wait_until(kept, timeout=30, what="the cancelled answer kept")
    answer_ids = {row.answer_id for row in rows}
    used = wait_until(
        lambda: [
            u
            for answer_id in answer_ids
            for u in evidence_of(kafka_server, register_system["id"], str(answer_id))
        ],
        what="the ai.used of the cancelled answer",
    )
    assert all(u.parameters["interrupted"] == "true" for u in used)


def test_erasure_over_http_clears_the_rows_and_the_query_cache(
    chat: RunningChat, encoder: QueryCounting
) -> None:
    question = "Les déchèteries acceptent-elles le bois et les gravats ?"
    with httpx.Client(base_url=chat.base_url, timeout=60) as http:
        first = http.post("/v1/conversations", json={"commune": METZ}).json()["id"]
        asked = http.post(f"/v1/conversations/{first}/messages", json={"question": question})
        assert asked.status_code == 200, asked.text
        second = http.post("/v1/conversations", json={"commune": METZ}).json()["id"]
        http.post(f"/v1/conversations/{second}/messages", json={"question": question})
        assert encoder.queries.count(question) == 1, "asked again, it came from the cache"

        assert http.delete(f"/v1/conversations/{first}").status_code == 204
        gone = http.get(f"/v1/conversations/{first}")
        assert gone.status_code == 404 and "effacée" in gone.json()["detail"]

        third = http.post("/v1/conversations", json={"commune": METZ}).json()["id"]
        http.post(f"/v1/conversations/{third}/messages", json={"question": question})
    assert encoder.queries.count(question) == 2, "after erasure, the query came from a cache"
