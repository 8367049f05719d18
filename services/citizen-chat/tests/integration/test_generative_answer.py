"""The generative path against a real OpenAI-compatible server (llama.cpp with a tiny packaged
model, fixture generation_server): question, prompt, streamed reply, post-check, SSE events,
evidence. The model's French is poor and its answers often wrong, so what is checked is the
structure: every sentence shown passed the check and cites a listed source, every sentence of
the reply was either shown or counted as dropped, and a dead server means quoted answers."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import httpx
import pytest

from citizen_chat_testing.knowledge import SAMPLE_DOCUMENTS, sample_knowledge_base
from citizen_chat_testing.running import running_chat, settings_for_tests
from collectivia.ai.generation import ChatMessage, GenerationClient
from collectivia.ai.use.pathway import AiUsePathway
from collectivia.citizen_chat.answering import prompt
from collectivia.citizen_chat.answering.area import AnsweringSettings
from collectivia.citizen_chat.answering.chat_model import ServedChatModel
from collectivia.citizen_chat.answering.generative import (
    GenerationPolicy,
    GenerativeAnswerer,
    said_unknown,
)
from collectivia.citizen_chat.answering.grounding import SentenceBuffer
from collectivia.citizen_chat.answering.models import AnswerMode, Fallback, Outcome
from collectivia.citizen_chat.answering.service import Answerer, AnsweringPolicy
from collectivia.citizen_chat.conversations.questions import QuestionPolicy, Questions
from collectivia.citizen_chat.conversations.service import Conversations
from collectivia.citizen_chat.conversations.views import answer_events
from collectivia.citizen_chat.database import create_database_engine
from collectivia.citizen_chat.definition import SERVICE
from collectivia.citizen_chat.knowledge.base import KnowledgeBase
from collectivia.citizen_chat.knowledge.settings import KnowledgeSettings
from collectivia.citizen_chat.library.area import LibrarySettings
from collectivia.events.v1 import ai_pb2
from collectivia.platform.database import create_session_factory
from collectivia.platform.events.catalogue import AI_USED
from collectivia.testkit.doubles import FixedPermission, RecordingPublisher
from collectivia.testkit.knowledge_pages import METZ
from collectivia.testkit.llm_server import GenerationServer
from collectivia.testkit.servers import KafkaServer, KeycloakServer
from collectivia.testkit.topics import events_on
from collectivia.testkit.waiting import wait_until

pytestmark = [pytest.mark.integration, pytest.mark.generation_model]
PAGE = (
    "---\nid: horaires\nurl: https://demo.example/horaires\npublished: 2026-01-05\n"
    "communes: 57463\n---\n# Horaires de l'hôtel de ville\n\n"
    "L'hôtel de ville est ouvert du lundi au vendredi de 8 h 30 à 17 h 30.\n\n"
    "Le samedi, l'hôtel de ville est ouvert de 9 h à 12 h.\n"
)

QUESTIONS = [
    "Quels sont les horaires de l'hôtel de ville le samedi ?",
    "Les déchèteries acceptent-elles le bois ?",
]


class RecordingModel(ServedChatModel):
    """The served model, keeping what it was sent and its whole reply."""

    def __init__(self, client: GenerationClient) -> None:
        super().__init__(client, max_tokens=48)
        self.sent: list[list[ChatMessage]] = []
        self.replies: list[str] = []

    def stream(self, messages: Sequence[ChatMessage]) -> Iterator[str]:
        self.sent.append(list(messages))
        self.replies.append("")
        for delta in super().stream(messages):
            self.replies[-1] += delta
            yield delta


@pytest.fixture(scope="module")
def base() -> KnowledgeBase:
    return sample_knowledge_base()


@pytest.fixture
def conversations(tmp_path: Path) -> Iterator[Conversations]:
    engine = create_database_engine(f"sqlite:///{tmp_path / 'chat.db'}")
    SERVICE.create_schema(engine)
    yield Conversations(create_session_factory(engine), retention_days=30)
    engine.dispose()


def questions(
    base: KnowledgeBase,
    conversations: Conversations,
    publisher: RecordingPublisher,
    model: ServedChatModel,
) -> Questions:
    answerer = Answerer(base, AnsweringPolicy(member_communes=(METZ,)))
    # Two sources keep the prompt short for a small CPU model; a generous deadline.
    policy = GenerationPolicy(
        collectivity="Metz Métropole", sources=2, max_sentences=20, deadline_seconds=240
    )
    pathway = AiUsePathway(
        FixedPermission(system_id="sys-1"),
        publisher,
        service="citizen-chat",
        purpose="citizen-information",
    )
    return Questions(
        conversations,
        answerer,
        pathway,
        publisher,
        QuestionPolicy(model="extractive/test", pseudonym_salt="salt"),
        GenerativeAnswerer(answerer, model, policy),
    )


def sse(lines: Iterator[str]) -> list[tuple[str, dict[str, Any]]]:
    events = []
    for block in "".join(lines).strip().split("\n\n"):
        event, data = block.split("\n")
        events.append((event.removeprefix("event: "), json.loads(data.removeprefix("data: "))))
    return events


def test_a_streamed_answer_shows_only_checked_sentences_of_the_reply(
    generation_server: GenerationServer, base: KnowledgeBase, conversations: Conversations
) -> None:
    client = GenerationClient(generation_server.settings(read_timeout_seconds=240))
    model = RecordingModel(client)
    publisher = RecordingPublisher()
    chat = questions(base, conversations, publisher, model)
    conversation = conversations.start(METZ, None).id
    try:
        for question in QUESTIONS:
            events = sse(answer_events(chat.ask_streamed(conversation, question, None)))
            names = [name for name, _ in events]
            assert names[0] == "meta" and names[-1] == "done" and "error" not in names
            done = events[-1][1]
            streamed = [data for name, data in events if name == "sentence"]
            assert done["outcome"] in {"answered", "refused"}
            if done["outcome"] == "answered":
                assert streamed == done["sentences"], "a shown sentence was later dropped"
                numbers = {c["number"] for c in done["citations"]}
                for sentence in streamed:
                    assert set(sentence["citations"]) <= numbers
            reply = model.replies[-1]
            assert reply.strip(), "the model sent nothing"
            buffer = SentenceBuffer()
            written = [s for s in [*buffer.feed(reply), *buffer.flush()] if not said_unknown(s)]
            if done["mode"] == "generative" and done["outcome"] == "answered":
                assert len(streamed) + int(done["dropped_sentences"]) == len(written)
            else:
                # Nothing the model wrote was shown: the answer quotes the sources verbatim.
                assert int(done["dropped_sentences"]) == len(written)
                texts = "\n".join(d.text for d in SAMPLE_DOCUMENTS)
                assert all(str(s["text"]) in texts for s in streamed)
    finally:
        client.close()
    [system, user] = model.sent[0]
    assert system == prompt.system_message("Metz Métropole", "Metz")
    assert user.content.startswith("<sources>") and QUESTIONS[0] in user.content
    assert "<historique>" in model.sent[1][1].content, "the follow-up lacks the earlier turn"
    used = [p for p in publisher.published if isinstance(p, ai_pb2.AiUsed)]
    assert len(used) == len(QUESTIONS)
    for evidence in used:
        mode = evidence.parameters["mode"]
        assert evidence.model == (
            "generative/smollm2-135m-instruct" if mode == "generative" else "extractive/test"
        )


def test_an_unreachable_model_server_gives_the_quoted_answer(
    generation_server: GenerationServer, base: KnowledgeBase, conversations: Conversations
) -> None:
    # The real server's address with its port shut: connection refused.
    client = GenerationClient(generation_server.settings(base_url="http://127.0.0.1:9/v1"))
    publisher = RecordingPublisher()
    chat = questions(base, conversations, publisher, ServedChatModel(client))
    try:
        asked = chat.ask(conversations.start(METZ, None).id, QUESTIONS[0], None)
    finally:
        client.close()
    assert asked.answer.outcome is Outcome.ANSWERED
    assert asked.answer.mode is AnswerMode.EXTRACTIVE
    assert asked.answer.fallback is Fallback.MODEL_FAILED
    [used] = [p for p in publisher.published if isinstance(p, ai_pb2.AiUsed)]
    assert used.parameters["fallback"] == "model-failed" and used.model == "extractive/test"


@pytest.fixture(scope="module")
def chat_url(
    generation_server: GenerationServer,
    kafka_server: KafkaServer,
    keycloak_server: KeycloakServer,
    chat_register: list[object],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[str]:
    """The chat service itself, its generative model set to the local model server."""
    folder = tmp_path_factory.mktemp("generative-chat")
    pages = folder / "pages"
    pages.mkdir()
    (pages / "horaires.md").write_text(PAGE, encoding="utf-8")
    settings = settings_for_tests(
        kafka_server,
        keycloak_server,
        folder,
        generation=generation_server.settings(max_tokens=48, read_timeout_seconds=240),
    )
    sections = [
        *chat_register,
        LibrarySettings(knowledge_dir=pages),
        KnowledgeSettings(
            embedding_cache=folder / "embeddings.db",
            qdrant_path=folder / "qdrant",
            embedding_workers=1,
        ),
        AnsweringSettings(generation_deadline_seconds=240),
    ]
    with running_chat(settings, supplied=sections) as chat:
        yield chat.base_url


@pytest.mark.embedding_model
def test_the_service_streams_the_generative_answer_and_its_evidence(
    chat_url: str, kafka_server: KafkaServer, register_system: dict[str, Any]
) -> None:
    with httpx.Client(base_url=chat_url, timeout=300) as http:
        created = http.post("/v1/conversations", json={"commune": METZ})
        conversation = created.json()["id"]
        with http.stream(
            "POST",
            f"/v1/conversations/{conversation}/messages",
            json={"question": QUESTIONS[0]},
            headers={"Accept": "text/event-stream"},
        ) as response:
            assert response.status_code == 200
            events = sse(response.iter_text())
    names = [name for name, _ in events]
    assert names[0] == "meta" and names[-1] == "done" and "error" not in names
    done = events[-1][1]
    assert done["outcome"] == "answered" and done["mode"] in {"generative", "extractive"}
    streamed = [data for name, data in events if name == "sentence"]
    assert streamed == done["sentences"] and streamed

    def evidence() -> list[ai_pb2.AiUsed]:
        # ai.used is keyed by the system id; this answer's use is the one with its id.
        uses = events_on(kafka_server.bootstrap_servers, AI_USED, register_system["id"])
        return [
            use
            for use in uses
            if isinstance(use, ai_pb2.AiUsed) and use.use_id == done["answer_id"]
        ]

    [used] = wait_until(evidence, timeout=30, what="AI_USED of the answer")
    assert used.parameters["mode"] == done["mode"]
    # What it consumed: this process's CPU time, measured step by step in the server's
    # threads; the model's call (its size is not declared here: no energy, and it says so).
    assert used.cpu_seconds > 0
    if used.parameters.get("fallback") != "model-failed":
        assert used.model_latency_seconds > 0
        assert used.energy_method == "not-estimated/model-size-unknown"
        assert not used.HasField("energy_wh")
    if done["mode"] == "generative":
        assert used.model == "generative/smollm2-135m-instruct"
    else:  # the tiny model's sentences were all dropped, or it failed: quoted, and said why
        assert used.parameters["fallback"] in {"nothing-kept", "model-failed"}
        assert used.model.startswith("extractive/")
