"""Erasure (and the retention purge) clear every copy of what the citizen asked: the rows, and
the query vectors and word stems kept in memory; other conversations' queries stay cached."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from citizen_chat_testing.knowledge import SAMPLE_DOCUMENTS, QueryCounting
from collectivia.ai.use.pathway import AiUsePathway
from collectivia.citizen_chat.answering.service import Answerer, AnsweringPolicy
from collectivia.citizen_chat.conversations.questions import QuestionPolicy, Questions
from collectivia.citizen_chat.conversations.service import Conversations
from collectivia.citizen_chat.database import create_database_engine
from collectivia.citizen_chat.definition import SERVICE
from collectivia.citizen_chat.knowledge import analyzer
from collectivia.citizen_chat.knowledge.base import KnowledgeBase, RetrievalSettings
from collectivia.citizen_chat.knowledge.embeddings import CachedEmbedder, EmbeddingCache
from collectivia.citizen_chat.knowledge.vector_store import QdrantVectorStore
from collectivia.platform.database import create_session_factory
from collectivia.platform.errors import NotFound
from collectivia.testkit.doubles import FixedPermission, RecordingPublisher
from collectivia.testkit.knowledge_pages import METZ

# Nothing to mask: the question reaches retrieval (and its caches) as written.
ASKED = "Quels sont les horaires de l'hôtel de ville le samedi pour un mariage ?"
FOLLOW_UP = "Et en semaine ?"
OTHER = "Les déchèteries acceptent-elles le bois ?"


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Chat:
    conversations: Conversations
    questions: Questions
    encoder: QueryCounting
    clock: Clock


@pytest.fixture
def chat(tmp_path: Path) -> Iterator[Chat]:
    encoder = QueryCounting()
    cache = EmbeddingCache(tmp_path / "embeddings.db")
    embedder = CachedEmbedder(encoder, cache)
    base = KnowledgeBase(embedder, QdrantVectorStore(encoder.dim), RetrievalSettings())
    base.ingest(SAMPLE_DOCUMENTS)
    engine = create_database_engine(f"sqlite:///{tmp_path / 'chat.db'}")
    SERVICE.create_schema(engine)
    clock = Clock()
    conversations = Conversations(
        create_session_factory(engine), retention_days=30, clock=clock, copies=(base,)
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
    yield Chat(conversations, questions, encoder, clock)
    base.close()
    cache.close()
    engine.dispose()


def asked_twice(chat: Chat, question: str) -> str:
    """A conversation where ``question`` was asked and then followed up; returns its id."""
    conversation = chat.conversations.start(METZ, None).id
    chat.questions.ask(conversation, question, None)
    chat.questions.ask(conversation, FOLLOW_UP, None)
    return conversation


def test_after_erasure_a_repeated_query_is_not_served_from_the_cache(chat: Chat) -> None:
    erased = asked_twice(chat, ASKED)
    asked_twice(chat, OTHER)
    # Asked again elsewhere: served from the cache, the encoder does not see it again.
    chat.questions.ask(chat.conversations.start(METZ, None).id, ASKED, None)
    assert chat.encoder.queries.count(ASKED) == 1
    chat.encoder.queries.clear()

    chat.conversations.erase(erased, None)

    with pytest.raises(NotFound):
        chat.conversations.get(erased, None)
    # The erased question, and the follow-up that was searched with it, are embedded afresh.
    chat.questions.ask(chat.conversations.start(METZ, None).id, ASKED, None)
    follow_up = chat.conversations.start(METZ, None).id
    chat.questions.ask(follow_up, ASKED, None)
    chat.questions.ask(follow_up, FOLLOW_UP, None)
    assert chat.encoder.queries == [ASKED, f"{ASKED}\n{FOLLOW_UP}"]
    # Another conversation's queries were not dropped with it.
    chat.questions.ask(chat.conversations.start(METZ, None).id, OTHER, None)
    assert OTHER not in chat.encoder.queries


def test_erasure_empties_the_word_stems_kept_in_memory(chat: Chat) -> None:
    erased = asked_twice(chat, ASKED)
    analyzer.analyze(ASKED)
    assert analyzer._stem.cache_info().currsize > 0
    chat.conversations.erase(erased, None)
    assert analyzer._stem.cache_info().currsize == 0


def test_the_retention_purge_forgets_the_cached_queries_too(chat: Chat) -> None:
    asked_twice(chat, ASKED)
    chat.clock.now += timedelta(days=31)
    recent = asked_twice(chat, OTHER)
    chat.encoder.queries.clear()
    assert chat.conversations.purge() == 1
    chat.questions.ask(chat.conversations.start(METZ, None).id, ASKED, None)
    chat.questions.ask(chat.conversations.start(METZ, None).id, OTHER, None)
    # The purged conversation's question is embedded afresh; the recent one's is still cached.
    assert chat.encoder.queries == [ASKED]
    assert chat.conversations.get(recent, None).turns


def test_an_erasure_refused_forgets_nothing(chat: Chat) -> None:
    conversation = asked_twice(chat, ASKED)
    chat.encoder.queries.clear()
    with pytest.raises(NotFound):
        chat.conversations.erase("00000000-0000-0000-0000-000000000000", None)
    chat.questions.ask(chat.conversations.start(METZ, None).id, ASKED, None)
    assert chat.encoder.queries == []
    assert chat.conversations.get(conversation, None).turns
