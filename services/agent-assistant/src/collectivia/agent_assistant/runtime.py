"""Everything the assistant runs besides HTTP: database, publisher, register gate, the
chat's Search client, consumer (handovers, register status changes), gRPC server
(AgentAssistantService, for integrators), and each area's service object.

To add an area's piece: build it in ``start`` after the shared objects, add a field below
(keyword construction at the end of ``start``), add its Kafka handlers to ``handlers``
before the consumer starts, its gRPC servicer before the server starts, and anything it
must close to ``stop``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import grpc
from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from collectivia.agent_assistant.charter.service import Charters
from collectivia.agent_assistant.database import (
    create_database_engine,
    create_schema,
    create_session_factory,
)
from collectivia.agent_assistant.experiments.service import Experiments
from collectivia.agent_assistant.inbox.curation import CuratedAnswers
from collectivia.agent_assistant.inbox.expiry import SuggestionExpiry
from collectivia.agent_assistant.inbox.generative_reply import GatewayReplyWriter
from collectivia.agent_assistant.inbox.knowledge_client import ChatKnowledgeSearch
from collectivia.agent_assistant.inbox.ports import KnowledgeSearch
from collectivia.agent_assistant.inbox.routing import DepartmentRouting
from collectivia.agent_assistant.inbox.service import Inbox
from collectivia.agent_assistant.prompts.seed import seed_demo_templates
from collectivia.agent_assistant.prompts.service import PromptLibrary
from collectivia.agent_assistant.settings import AssistantSettings
from collectivia.agent_assistant.statistics.handlers import (
    TaskCompletedBatchHandler,
    TaskCompletedHandler,
)
from collectivia.agent_assistant.statistics.service import UsageStatistics
from collectivia.agent_assistant.tasks.assembly import (
    assemble_tasks,
    grpc_receive_limit,
    model_client,
)
from collectivia.agent_assistant.tasks.grpc_servicer import AgentAssistantServicer
from collectivia.agent_assistant.tasks.service import AssistantTasks
from collectivia.ai.generation import GenerationClient
from collectivia.ai.use.gate import RegisterGate
from collectivia.ai.use.own_entry import OwnRegisterEntry
from collectivia.assistant.v1 import assistant_pb2_grpc
from collectivia.events.v1.chat_pb2 import HandoffRequested
from collectivia.events.v1.register_pb2 import SystemStatusChanged
from collectivia.platform.auth.grpc_interceptors import BearerTokenServerInterceptor
from collectivia.platform.auth.service_tokens import ServiceTokenProvider
from collectivia.platform.auth.tokens import TokenVerifier
from collectivia.platform.events.catalogue import (
    HANDOFF_REQUESTED,
    SYSTEM_STATUS_CHANGED,
    TASK_COMPLETED,
    EventType,
)
from collectivia.platform.events.consumer import EventConsumer, Handler, ReceivedEvent
from collectivia.platform.events.publisher import KafkaEventPublisher
from collectivia.platform.grpc_client import open_channel
from collectivia.platform.grpc_server import build_grpc_server
from collectivia.platform.telemetry import Telemetry

logger = logging.getLogger(__name__)


@dataclass
class AssistantRuntime:
    settings: AssistantSettings
    telemetry: Telemetry
    engine: Engine
    sessions: sessionmaker[Any]
    publisher: KafkaEventPublisher
    service_tokens: ServiceTokenProvider
    register_channel: grpc.Channel
    gate: RegisterGate
    register_use: OwnRegisterEntry
    chat_channel: grpc.Channel
    knowledge_search: KnowledgeSearch
    consumer: EventConsumer
    verifier: TokenVerifier
    grpc_server: grpc.Server
    grpc_port: int
    # --- areas ---
    charters: Charters
    inbox: Inbox
    curated_answers: CuratedAnswers
    prompts: PromptLibrary
    experiments: Experiments
    statistics: UsageStatistics
    # The model gateway's OpenAI-compatible client (None: offline fallbacks), the tasks.
    model_client: GenerationClient | None
    tasks: AssistantTasks
    # Records and withdraws the suggested replies nobody replied to in time.
    suggestion_expiry: SuggestionExpiry

    @classmethod
    def start(
        cls,
        settings: AssistantSettings,
        telemetry: Telemetry,
        verifier: TokenVerifier,
        knowledge_search: KnowledgeSearch | None = None,
    ) -> AssistantRuntime:
        """``verifier`` (the app's) checks the gRPC callers' tokens; its owner closes it."""
        # Shared objects.
        engine = create_database_engine(settings.database_url)
        create_schema(engine)
        sessions = create_session_factory(engine)
        publisher = KafkaEventPublisher(settings.kafka, settings.service_name, telemetry)
        tokens = ServiceTokenProvider(
            settings.keycloak, settings.client_id, settings.client_secret.get_secret_value()
        )
        register_channel = open_channel(settings.register_grpc_target, telemetry, tokens)
        gate = RegisterGate(register_channel)
        register_use = OwnRegisterEntry(
            gate,
            register_channel,
            purpose=settings.purpose,
            system_name=settings.system_name,
            system_id=settings.system_id,
        )
        chat_channel = open_channel(settings.chat_grpc_target, telemetry, tokens)
        if knowledge_search is None:
            knowledge_search = ChatKnowledgeSearch(chat_channel, settings.search_timeout_seconds)

        # Areas.
        charters = Charters(sessions, publisher)
        charters.ensure_default()
        curated_answers = CuratedAnswers(sessions, publisher)
        prompts = PromptLibrary(sessions)
        if settings.demo_templates:
            seed_demo_templates(prompts)
        experiments = Experiments(sessions, settings.statistics_min_group_size)
        statistics = UsageStatistics(sessions, settings.statistics_min_group_size)
        client = model_client(settings, telemetry)
        tasks = assemble_tasks(
            settings, client, sessions, publisher, register_use, knowledge_search, prompts
        )
        inbox = Inbox(
            sessions,
            publisher,
            DepartmentRouting(
                settings.theme_departments,
                settings.commune_departments,
                settings.default_department,
            ),
            knowledge_search,
            register_use,
            GatewayReplyWriter(tasks.gateway),
            tasks.gateway,
            timedelta(seconds=settings.suggestion_lifetime_seconds),
        )
        suggestion_expiry = SuggestionExpiry(inbox, settings.suggestion_sweep_seconds)

        def on_status_changed(event: ReceivedEvent) -> None:
            if isinstance(event.payload, SystemStatusChanged):
                gate.on_status_changed(event.payload)

        def on_handoff_requested(event: ReceivedEvent) -> None:
            if isinstance(event.payload, HandoffRequested):
                inbox.received(event.payload)

        handlers: dict[EventType[Any], Handler] = {
            SYSTEM_STATUS_CHANGED: on_status_changed,
            HANDOFF_REQUESTED: on_handoff_requested,
            TASK_COMPLETED: TaskCompletedHandler(statistics),
        }
        consumer = EventConsumer(
            settings.kafka,
            group_id=settings.consumer_group,
            handlers=handlers,
            telemetry=telemetry,
            client_id=settings.service_name,
            batch_handlers={TASK_COMPLETED: TaskCompletedBatchHandler(statistics)},
        )
        consumer.start()
        suggestion_expiry.start()

        server = build_grpc_server(
            telemetry,
            [BearerTokenServerInterceptor(verifier, frozenset())],
            max_receive_bytes=grpc_receive_limit(settings),
        )
        assistant_pb2_grpc.add_AgentAssistantServiceServicer_to_server(
            AgentAssistantServicer(tasks, settings.pseudonym_salt.get_secret_value()), server
        )
        grpc_port = server.add_insecure_port(f"{settings.http_host}:{settings.grpc_port}")
        server.start()
        logger.info("agent assistant started: gRPC on port %d", grpc_port)
        return cls(
            settings=settings,
            telemetry=telemetry,
            engine=engine,
            sessions=sessions,
            publisher=publisher,
            service_tokens=tokens,
            register_channel=register_channel,
            gate=gate,
            register_use=register_use,
            chat_channel=chat_channel,
            knowledge_search=knowledge_search,
            consumer=consumer,
            verifier=verifier,
            grpc_server=server,
            grpc_port=grpc_port,
            charters=charters,
            inbox=inbox,
            curated_answers=curated_answers,
            prompts=prompts,
            experiments=experiments,
            statistics=statistics,
            model_client=client,
            tasks=tasks,
            suggestion_expiry=suggestion_expiry,
        )

    def stop(self) -> None:
        self.grpc_server.stop(grace=5).wait()
        self.suggestion_expiry.stop()
        self.consumer.stop()
        self.publisher.close()
        self.register_channel.close()
        self.chat_channel.close()
        if self.model_client is not None:
            self.model_client.close()
        self.engine.dispose()
