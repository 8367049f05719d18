"""The assistant, declared: its areas in order (the AI-use area first, the page serving "/"
last), every table owned by one area, the events each publishes and consumes, the chat's
Search declared as a call, the gRPC limit from the upload limit, and every setting still
read from the variable it always had."""

from __future__ import annotations

import pytest

from collectivia.agent_assistant.database import Base
from collectivia.agent_assistant.definition import SERVICE
from collectivia.agent_assistant.delivery.settings import DeliverySettings
from collectivia.agent_assistant.gateway.settings import GatewaySettings
from collectivia.agent_assistant.inbox.area import InboxSettings
from collectivia.agent_assistant.prompts.area import PromptsSettings
from collectivia.agent_assistant.settings import (
    AssistantAiUseSettings,
    AssistantOutboxSettings,
    AssistantSettings,
)
from collectivia.agent_assistant.tasks.area import GRPC_REQUEST_MARGIN_BYTES, grpc_receive_limit
from collectivia.agent_assistant.tasks.service import TasksPolicy
from collectivia.agent_assistant.tasks.settings import TasksSettings
from collectivia.agent_assistant.web.settings import IntranetSettings
from collectivia.platform.events.catalogue import (
    AI_USED,
    CHARTER_ACCEPTED,
    CONVERSATION_ERASED,
    DOCUMENT_PUBLISHED,
    HANDOFF_REQUESTED,
    HANDOFF_RESOLVED,
    SYSTEM_STATUS_CHANGED,
    TASK_COMPLETED,
)
from collectivia.platform.grpc_server import DEFAULT_MAX_RECEIVE_BYTES
from collectivia.platform.settings import AreaSettings

PREFIX = "COLLECTIVIA_AGENT_ASSISTANT_"


def test_the_areas_in_start_order() -> None:
    assert [area.name for area in SERVICE.areas] == [
        "ai-use",
        "outbox",
        "charter",
        "prompts",
        "gateway",
        "inbox",
        "delivery",
        "tasks",
        "experiments",
        "statistics",
        "web",
    ]
    assert SERVICE.name == "agent-assistant" and SERVICE.settings is AssistantSettings


def test_every_table_belongs_to_one_area() -> None:
    declared = [table.name for table in SERVICE.tables()]
    assert len(declared) == len(set(declared))
    # The outbox's tables come from the platform, with their own metadata.
    assert set(declared) == set(Base.metadata.tables) | {"outbox", "outbox_lease"}


def test_what_each_area_publishes_consumes_and_calls() -> None:
    published = {area.name: set(area.publishes) for area in SERVICE.areas}
    assert published["ai-use"] == {AI_USED}
    assert published["charter"] == {CHARTER_ACCEPTED}
    assert published["gateway"] == {TASK_COMPLETED}
    assert published["inbox"] == {HANDOFF_RESOLVED, DOCUMENT_PUBLISHED}
    consumed = {
        (area.name, subscription.event)
        for area in SERVICE.areas
        for subscription in area.subscriptions
    }
    assert consumed == {
        ("ai-use", SYSTEM_STATUS_CHANGED),
        ("inbox", HANDOFF_REQUESTED),
        ("delivery", CONVERSATION_ERASED),
        ("statistics", TASK_COMPLETED),
    }
    inbox = SERVICE.area("inbox")
    assert [call.target for call in inbox.calls] == [
        "collectivia.chat.v1.CitizenChatService/Search"
    ]
    assert [worker.name for worker in inbox.workers] == ["suggestion-expiry"]
    [endpoint] = SERVICE.area("tasks").grpc
    assert endpoint.service.full_name == "collectivia.assistant.v1.AgentAssistantService"
    assert endpoint.max_receive_bytes is not None


def test_the_grpc_limit_takes_the_largest_upload() -> None:
    policy = TasksPolicy(max_upload_bytes=10 * 1024 * 1024, max_text_chars=200_000)
    limit = grpc_receive_limit(policy)
    assert limit == 10 * 1024 * 1024 + GRPC_REQUEST_MARGIN_BYTES > DEFAULT_MAX_RECEIVE_BYTES


@pytest.mark.parametrize(
    ("section", "variable", "value", "field", "expected"),
    [
        (AssistantAiUseSettings, "SYSTEM_ID", "abc", "system_id", "abc"),
        (AssistantAiUseSettings, "REGISTER_GRPC_TARGET", "r:1", "register_grpc_target", "r:1"),
        (
            AssistantAiUseSettings,
            "REGISTER_PUBLIC_URL",
            "https://r",
            "register_public_url",
            "https://r",
        ),
        (AssistantAiUseSettings, "SYSTEM_NAME", "Autre", "system_name", "Autre"),
        (AssistantAiUseSettings, "PURPOSE", "other-drafting", "purpose", "other-drafting"),
        (InboxSettings, "CHAT_GRPC_TARGET", "c:2", "chat_grpc_target", "c:2"),
        (InboxSettings, "SEARCH_TIMEOUT_SECONDS", "3", "search_timeout_seconds", 3.0),
        (InboxSettings, "SUGGESTION_LIFETIME_SECONDS", "60", "suggestion_lifetime_seconds", 60.0),
        (InboxSettings, "SUGGESTION_SWEEP_SECONDS", "5", "suggestion_sweep_seconds", 5.0),
        (TasksSettings, "MAX_UPLOAD_BYTES", "2048", "max_upload_bytes", 2048),
        (TasksSettings, "MAX_TEXT_CHARS", "5000", "max_text_chars", 5000),
        (TasksSettings, "MAX_REQUEST_CHARS", "500", "max_request_chars", 500),
        (TasksSettings, "SUMMARY_WORDS", "80", "summary_words", 80),
        (GatewaySettings, "MODEL_TIMEOUT_SECONDS", "30", "model_timeout_seconds", 30.0),
        (GatewaySettings, "MAX_MODEL_CHARS", "2000", "max_model_chars", 2000),
        (GatewaySettings, "MAX_OUTPUT_TOKENS", "64", "max_output_tokens", 64),
        (PromptsSettings, "DEMO_TEMPLATES", "false", "demo_templates", False),
        (IntranetSettings, "INTRANET_CLIENT_ID", "page", "intranet_client_id", "page"),
    ],
)
def test_each_section_reads_the_variables_it_always_read(
    monkeypatch: pytest.MonkeyPatch,
    section: type[AreaSettings],
    variable: str,
    value: str,
    field: str,
    expected: object,
) -> None:
    monkeypatch.setenv(PREFIX + variable, value)
    assert getattr(section(), field) == expected


def test_the_assistant_s_entry_and_purpose_come_from_its_settings() -> None:
    entry = AssistantAiUseSettings()
    assert (entry.purpose, entry.system_name) == ("agent-drafting", "Assistant des agents")
    assert set(SERVICE.sections()) == {
        AssistantAiUseSettings,
        AssistantOutboxSettings,
        PromptsSettings,
        GatewaySettings,
        InboxSettings,
        DeliverySettings,
        TasksSettings,
        IntranetSettings,
    }
