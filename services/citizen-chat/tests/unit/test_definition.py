"""The chat, declared: its areas declare what its hand-written runtime used to wire, in an
order where each finds what it needs, and every setting keeps its variable's name."""

from __future__ import annotations

import pytest
from fastapi.routing import APIRoute
from pydantic import ValidationError

from collectivia.citizen_chat.answering.area import AnsweringSettings
from collectivia.citizen_chat.conversations.settings import ConversationSettings
from collectivia.citizen_chat.database import create_database_engine
from collectivia.citizen_chat.definition import SERVICE
from collectivia.citizen_chat.emergencies.settings import EmergencySettings
from collectivia.citizen_chat.feedback.area import FeedbackSettings
from collectivia.citizen_chat.handover.settings import HandoverSettings
from collectivia.citizen_chat.knowledge.settings import KnowledgeSettings
from collectivia.citizen_chat.library.area import LibrarySettings
from collectivia.citizen_chat.settings import ChatAiUseSettings, ChatOutboxSettings, ChatSettings
from collectivia.citizen_chat.web.theme import ThemeSettings
from collectivia.platform.events.catalogue import (
    AI_USED,
    ANSWER_PRODUCED,
    CONVERSATION_ERASED,
    DOCUMENT_PUBLISHED,
    DOCUMENT_WITHDRAWN,
    FEEDBACK_GIVEN,
    HANDOFF_REQUESTED,
    HANDOFF_RESOLVED,
    SYSTEM_STATUS_CHANGED,
)


def test_the_ai_use_area_comes_first_and_the_page_serving_the_root_last() -> None:
    names = [area.name for area in SERVICE.areas]
    assert names == [
        "ai-use",
        "outbox",
        "knowledge",
        "library",
        "answering",
        "conversations",
        "feedback",
        "handover",
        "emergencies",
        "web",
    ]
    served_last = {
        route.path
        for router in SERVICE.areas[-1].routers
        for route in router.routes
        if isinstance(route, APIRoute)
    }
    assert "/" in served_last


def test_the_chat_consumes_what_the_runtime_consumed() -> None:
    consumed = {s.event for area in SERVICE.areas for s in area.subscriptions}
    assert consumed == {
        SYSTEM_STATUS_CHANGED,
        HANDOFF_RESOLVED,
        DOCUMENT_PUBLISHED,
        DOCUMENT_WITHDRAWN,
    }
    assert SYSTEM_STATUS_CHANGED in {s.event for s in SERVICE.area("ai-use").subscriptions}


def test_the_chat_declares_what_it_publishes_and_calls() -> None:
    published = {event for area in SERVICE.areas for event in area.publishes}
    assert published == {
        AI_USED,
        ANSWER_PRODUCED,
        CONVERSATION_ERASED,
        FEEDBACK_GIVEN,
        HANDOFF_REQUESTED,
    }
    calls = {call.target for area in SERVICE.areas for call in area.calls}
    assert "POST /v1/incidents" in calls
    assert "collectivia.register.v1.RegisterService/CheckUse" in calls


def test_the_grpc_endpoints_serve_citizens_and_reveal_contacts_to_services_only() -> None:
    endpoints = {e.service.full_name: e for area in SERVICE.areas for e in area.grpc}
    assert set(endpoints) == {
        "collectivia.chat.v1.CitizenChatService",
        "collectivia.chat.v1.HandoverContactService",
    }
    chat = endpoints["collectivia.chat.v1.CitizenChatService"]
    assert {m.name for m in chat.service.methods} == {"Ask", "Search"}
    assert chat.service_only == ()
    # A citizen's contact is revealed to the assistant's service token, never to a person's.
    contacts = endpoints["collectivia.chat.v1.HandoverContactService"]
    assert contacts.service_only == ("RevealContact",)


def test_the_workers_index_imports_and_purge_old_conversations() -> None:
    workers = {w.name for area in SERVICE.areas for w in area.workers}
    assert workers == {
        "library-indexing",
        "retention-purge",
        "erasure-following",
        "outbox-relay",
        "privacy-model-warm-up",
    }
    assert set(SERVICE.commands) == {"purge"}


def test_every_table_is_declared_by_one_area() -> None:
    assert sorted(t.name for t in SERVICE.tables()) == [
        "conversations",
        "feedback",
        "forgotten_questions",
        "handoff_contacts",
        "handoffs",
        "library_documents",
        "library_imports",
        "library_reviews",
        "outbox",
        "outbox_lease",
        "question_counts",
        "turns",
    ]


def test_sqlite_commits_skip_the_fsync_of_each_transaction() -> None:
    assert SERVICE.engine_factory is create_database_engine
    engine = create_database_engine("sqlite://")
    try:
        with engine.connect() as connection:
            # 1: NORMAL (the default is FULL, 2).
            assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("cls", "field", "value", "variable"),
    [
        (ChatAiUseSettings, "register_grpc_target", "reg:1", "REGISTER_GRPC_TARGET"),
        (ChatAiUseSettings, "register_public_url", "https://r.example", "REGISTER_PUBLIC_URL"),
        (ChatAiUseSettings, "system_id", "sys-9", "SYSTEM_ID"),
        (ChatAiUseSettings, "system_name", "Assistant", "SYSTEM_NAME"),
        (ChatAiUseSettings, "purpose", "citizen-help", "PURPOSE"),
        (FeedbackSettings, "register_url", "https://r.example", "REGISTER_URL"),
        (LibrarySettings, "import_max_bytes", 4096, "IMPORT_MAX_BYTES"),
        (KnowledgeSettings, "qdrant_collection", "chunks", "QDRANT_COLLECTION"),
        (AnsweringSettings, "min_confidence", 0.7, "MIN_CONFIDENCE"),
        (AnsweringSettings, "generation_deadline_seconds", 12.0, "GENERATION_DEADLINE_SECONDS"),
        (ConversationSettings, "retention_days", 7, "RETENTION_DAYS"),
        (ConversationSettings, "rate_limit_per_minute", 5, "RATE_LIMIT_PER_MINUTE"),
        (ThemeSettings, "theme_primary_color", "#00594f", "THEME_PRIMARY_COLOR"),
        (ChatSettings, "collectivity_name", "Eurométropole", "COLLECTIVITY_NAME"),
        (ChatSettings, "max_question_chars", 500, "MAX_QUESTION_CHARS"),
        (ChatOutboxSettings, "outbox_poll_seconds", 2.5, "OUTBOX_POLL_SECONDS"),
    ],
)
def test_each_setting_keeps_its_variable(
    monkeypatch: pytest.MonkeyPatch, cls: type, field: str, value: object, variable: str
) -> None:
    monkeypatch.setenv(f"COLLECTIVIA_CITIZEN_CHAT_{variable}", str(value))
    assert getattr(cls(), field) == value


def test_the_member_communes_are_codes_of_the_official_list(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert ChatSettings().member_communes == ["57463", "57480", "57751", "57447"]
    monkeypatch.setenv("COLLECTIVIA_CITIZEN_CHAT_MEMBER_COMMUNES", '["57751", "2a004", "57751"]')
    assert ChatSettings().member_communes == ["57751", "2A004"]
    monkeypatch.setenv("COLLECTIVIA_CITIZEN_CHAT_MEMBER_COMMUNES", '["57463", "99999"]')
    with pytest.raises(ValidationError, match="99999"):
        ChatSettings()


def test_the_replaced_commune_names_variable_stops_the_start(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLLECTIVIA_CITIZEN_CHAT_COMMUNE_NAMES", '{"57463": "Metz"}')
    with pytest.raises(ValidationError, match="MEMBER_COMMUNES"):
        ChatSettings()


def test_the_ai_use_section_defaults_to_the_citizen_assistants_entry() -> None:
    section = ChatAiUseSettings()
    assert (section.purpose, section.system_name) == (
        "citizen-information",
        "Assistant virtuel citoyen",
    )
    assert SERVICE.sections() == [
        ChatAiUseSettings,
        ChatOutboxSettings,
        KnowledgeSettings,
        LibrarySettings,
        AnsweringSettings,
        ConversationSettings,
        FeedbackSettings,
        HandoverSettings,
        EmergencySettings,
        ThemeSettings,
    ]
