"""What each worker process keeps in memory, when several serve one database: the questions
of an erased conversation are forgotten by every worker (``conversations/forgetting.py``),
and a follow-up asked through another worker than its first question still has its context
(read from the database, not from the worker that answered first)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from citizen_chat_testing.knowledge import SAMPLE_DOCUMENTS, QueryCounting
from collectivia.ai.use.pathway import AiUsePathway
from collectivia.citizen_chat.answering.service import Answerer, AnsweringPolicy
from collectivia.citizen_chat.conversations.forgetting import (
    KEPT_FOR,
    ForgottenQuestionRow,
    QuestionForgetting,
)
from collectivia.citizen_chat.conversations.questions import QuestionPolicy, Questions
from collectivia.citizen_chat.conversations.service import Conversations
from collectivia.citizen_chat.database import create_database_engine
from collectivia.citizen_chat.definition import SERVICE
from collectivia.citizen_chat.knowledge.base import KnowledgeBase, RetrievalSettings
from collectivia.citizen_chat.knowledge.embeddings import CachedEmbedder, EmbeddingCache
from collectivia.citizen_chat.knowledge.vector_store import QdrantVectorStore
from collectivia.platform.database import create_session_factory
from collectivia.testkit.doubles import FixedPermission, RecordingPublisher
from collectivia.testkit.knowledge_pages import METZ

ASKED = "Quels sont les horaires de l'hôtel de ville le samedi pour un mariage ?"
FOLLOW_UP = "Et en semaine ?"
OTHER = "Les déchèteries acceptent-elles le bois ?"


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Worker:
    conversations: Conversations
    questions: Questions
    forgetting: QuestionForgetting
    encoder: QueryCounting

    def ask(self, conversation: str, question: str) -> None:
        self.questions.ask(conversation, question, None)

    def ask_alone(self, question: str) -> None:
        self.ask(self.conversations.start(METZ, None).id, question)


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Engine]:
    engine = create_database_engine(f"sqlite:///{tmp_path / 'chat.db'}")
    SERVICE.create_schema(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def workers(tmp_path: Path, database: Engine, clock: Clock) -> Iterator[list[Worker]]:
    """Two workers on one database, each with its own knowledge base and query cache."""
    made: list[Worker] = []
    closing = []
    for slot in range(2):
        encoder = QueryCounting()
        cache = EmbeddingCache(tmp_path / f"embeddings-{slot}.db")
        base = KnowledgeBase(
            CachedEmbedder(encoder, cache), QdrantVectorStore(encoder.dim), RetrievalSettings()
        )
        base.ingest(SAMPLE_DOCUMENTS)
        # Each worker its own engine, as each process has.
        sessions = create_session_factory(create_database_engine(str(database.url)))
        forgetting = QuestionForgetting(
            sessions, base.forget_queries_where, salt="salt", clock=clock
        )
        conversations = Conversations(
            sessions, retention_days=30, clock=clock, copies=(base,), forgetting=forgetting
        )
        pathway = AiUsePathway(
            FixedPermission(system_id="sys-1"),
            RecordingPublisher(),
            service="citizen-chat",
            purpose="citizen-information",
        )
        questions = Questions(
            conversations,
            Answerer(base, AnsweringPolicy()),
            pathway,
            RecordingPublisher(),
            QuestionPolicy(model="extractive/test", pseudonym_salt="salt"),
        )
        made.append(Worker(conversations, questions, forgetting, encoder))
        closing.append((base, cache))
    yield made
    for base, cache in closing:
        base.close()
        cache.close()


def test_an_erasure_through_one_worker_empties_the_other_workers_query_cache(
    workers: list[Worker],
) -> None:
    first, second = workers
    erased = first.conversations.start(METZ, None).id
    first.ask(erased, ASKED)
    first.ask(erased, FOLLOW_UP)
    # The second worker met the same question (another citizen) and its follow-up.
    second.ask_alone(ASKED)
    later = second.conversations.start(METZ, None).id
    second.ask(later, OTHER)
    second.ask(later, FOLLOW_UP)
    second.encoder.queries.clear()
    second.ask_alone(ASKED)
    assert second.encoder.queries == []  # served from its cache

    first.conversations.erase(erased, None)
    # Its copy of the erased question, and the query holding the erased follow-up's text.
    assert second.forgetting.follow() == 2

    second.ask_alone(ASKED)  # embedded afresh: the second worker forgot it too
    second.ask_alone(OTHER)  # another conversation's question is still cached
    assert second.encoder.queries == [ASKED]
    assert second.forgetting.follow() == 0  # nothing new


def test_the_purge_of_the_primary_reaches_every_worker(workers: list[Worker], clock: Clock) -> None:
    primary, follower = workers
    follower.ask_alone(ASKED)
    clock.now += timedelta(days=31)
    follower.encoder.queries.clear()
    assert primary.conversations.purge() == 1
    follower.forgetting.follow()
    follower.ask_alone(ASKED)
    assert follower.encoder.queries == [ASKED]


def test_the_database_keeps_digests_of_erased_questions_for_a_while_only(
    workers: list[Worker], database: Engine, clock: Clock
) -> None:
    first, second = workers
    conversation = first.conversations.start(METZ, None).id
    first.ask(conversation, ASKED)
    first.conversations.erase(conversation, None)
    with database.connect() as connection:
        kept = connection.execute(select(ForgottenQuestionRow.digest)).scalars().all()
    assert kept == [first.forgetting.digest(ASKED)]
    assert ASKED not in kept[0] and len(kept[0]) == 64
    second.forgetting.follow()
    clock.now += KEPT_FOR + timedelta(seconds=1)
    second.forgetting.follow()
    with database.connect() as connection:
        assert connection.execute(select(ForgottenQuestionRow.id)).first() is None


def test_a_follow_up_asked_through_another_worker_has_its_context(workers: list[Worker]) -> None:
    first, second = workers
    conversation = first.conversations.start(METZ, None).id
    first.ask(conversation, ASKED)
    second.ask(conversation, FOLLOW_UP)
    # The second worker never answered the first question: the context came from the database.
    assert second.encoder.queries[0] == f"{ASKED}\n{FOLLOW_UP}"
