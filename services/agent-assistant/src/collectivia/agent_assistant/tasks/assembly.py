"""The tasks and their model gateway, built from the settings at start-up (``runtime``)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import sessionmaker

from collectivia.agent_assistant.gateway.openai_generator import OpenAICompatibleGenerator
from collectivia.agent_assistant.gateway.service import GatewayPolicy, ModelGateway
from collectivia.agent_assistant.inbox.ports import KnowledgeSearch
from collectivia.agent_assistant.inbox.routing import DepartmentRouting
from collectivia.agent_assistant.permission import UsePermission
from collectivia.agent_assistant.settings import AssistantSettings
from collectivia.agent_assistant.tasks.classification import RequestClassifier
from collectivia.agent_assistant.tasks.keyword_classifier import KeywordClassifier
from collectivia.agent_assistant.tasks.ports import TemplateRenderer
from collectivia.agent_assistant.tasks.publication import EditorialReviews
from collectivia.agent_assistant.tasks.service import AssistantTasks, TasksPolicy
from collectivia.agent_assistant.tasks.themes import DEFAULT_THEMES
from collectivia.ai.generation import GenerationClient
from collectivia.platform.events.protocol import EventPublisher
from collectivia.platform.telemetry import Telemetry


def model_client(settings: AssistantSettings, telemetry: Telemetry) -> GenerationClient | None:
    """The OpenAI-compatible client when an endpoint is configured (close it at stop)."""
    generation = settings.gateway.generation
    return GenerationClient(generation, telemetry=telemetry) if generation.enabled else None


# Room in a gRPC request for what is not the document (filename, variables, framing).
GRPC_REQUEST_MARGIN_BYTES = 1024 * 1024


def grpc_receive_limit(settings: AssistantSettings) -> int:
    """The largest gRPC request to accept: the largest upload, or the longest pasted text
    (4 bytes a character at most in UTF-8), plus a margin; a document over the upload limit
    still arrives, to be refused in French (INVALID_ARGUMENT) by the task itself."""
    options = settings.gateway
    return max(options.max_upload_bytes, 4 * options.max_text_chars) + GRPC_REQUEST_MARGIN_BYTES


def assemble_tasks(
    settings: AssistantSettings,
    client: GenerationClient | None,
    sessions: sessionmaker[Any],
    publisher: EventPublisher,
    permission: UsePermission,
    knowledge_search: KnowledgeSearch | None,
    templates: TemplateRenderer,
) -> AssistantTasks:
    options = settings.gateway
    gateway = ModelGateway(
        permission,
        OpenAICompatibleGenerator(client) if client is not None else None,
        publisher,
        GatewayPolicy(
            service=settings.service_name,
            purpose=settings.purpose,
            register_public_url=options.register_public_url,
            timeout_seconds=options.model_timeout_seconds,
            max_model_chars=options.max_model_chars,
            max_output_tokens=options.max_output_tokens,
        ),
    )
    classifier = RequestClassifier(
        KeywordClassifier(DEFAULT_THEMES),
        DepartmentRouting(
            settings.theme_departments, settings.commune_departments, settings.default_department
        ),
        knowledge_search,
    )
    return AssistantTasks(
        gateway,
        templates,
        classifier,
        EditorialReviews(sessions),
        TasksPolicy(
            summary_words=options.summary_words,
            max_upload_bytes=options.max_upload_bytes,
            max_text_chars=options.max_text_chars,
            max_request_chars=options.max_request_chars,
        ),
    )
