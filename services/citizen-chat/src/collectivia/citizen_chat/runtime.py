"""Everything the chat runs besides HTTP: database, knowledge base, publisher, gate,
consumer (status changes of the register, agents' replies), retention purge, gRPC server
(CitizenChatService, for integrators)."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Any

import grpc
import httpx
from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from collectivia.chat.v1 import chat_pb2_grpc
from collectivia.citizen_chat.answering.service import Answerer, AnsweringPolicy
from collectivia.citizen_chat.conversations.assistant import Assistant, AssistantPolicy
from collectivia.citizen_chat.conversations.grpc_servicer import CitizenChatServicer
from collectivia.citizen_chat.conversations.service import Conversations
from collectivia.citizen_chat.database import (
    create_database_engine,
    create_schema,
    create_session_factory,
)
from collectivia.citizen_chat.feedback.service import Feedbacks
from collectivia.citizen_chat.handover.service import Handovers
from collectivia.citizen_chat.knowledge.base import KnowledgeBase
from collectivia.citizen_chat.knowledge.settings import open_knowledge_base
from collectivia.citizen_chat.knowledge_loading import documents_in
from collectivia.citizen_chat.limits import RateLimiter
from collectivia.citizen_chat.register_client import RegisterIncidents, RegisterUse
from collectivia.citizen_chat.settings import ChatSettings
from collectivia.core.auth.grpc_interceptors import BearerTokenServerInterceptor
from collectivia.core.auth.service_tokens import ServiceTokenProvider
from collectivia.core.auth.tokens import TokenVerifier
from collectivia.core.events.catalogue import HANDOFF_RESOLVED, SYSTEM_STATUS_CHANGED
from collectivia.core.events.consumer import EventConsumer, ReceivedEvent
from collectivia.core.events.publisher import KafkaEventPublisher
from collectivia.core.grpc_client import open_channel
from collectivia.core.grpc_server import build_grpc_server
from collectivia.core.telemetry import Telemetry
from collectivia.events.v1.chat_pb2 import HandoffResolved
from collectivia.events.v1.register_pb2 import SystemStatusChanged
from collectivia.register.gate import RegisterGate

logger = logging.getLogger(__name__)

PURGE_INTERVAL_SECONDS = 3600.0


def load_knowledge(settings: ChatSettings) -> KnowledgeBase:
    base, encoder = open_knowledge_base(settings.knowledge)
    try:
        if settings.knowledge_dir is not None:
            documents = documents_in(settings.knowledge_dir)
            report = base.ingest(documents)
            logger.info(
                "knowledge: %d documents from %s (%d added, %d unchanged, %d chunks)",
                len(documents),
                settings.knowledge_dir,
                report.added,
                report.unchanged,
                report.chunks,
            )
    finally:
        encoder.close()  # queries are embedded in this process; the pool was for ingestion
    return base


@dataclass
class ChatRuntime:
    engine: Engine
    sessions: sessionmaker[Any]
    knowledge: KnowledgeBase
    publisher: KafkaEventPublisher
    consumer: EventConsumer
    channel: grpc.Channel
    register_http: httpx.Client
    gate: RegisterGate
    conversations: Conversations
    assistant: Assistant
    feedbacks: Feedbacks
    handovers: Handovers
    rate_limiter: RateLimiter
    _stopping: threading.Event
    _purger: threading.Thread
    verifier: TokenVerifier
    grpc_server: grpc.Server
    grpc_port: int

    @classmethod
    def start(
        cls, settings: ChatSettings, telemetry: Telemetry, knowledge: KnowledgeBase | None = None
    ) -> ChatRuntime:
        engine = create_database_engine(settings.database_url)
        create_schema(engine)
        sessions = create_session_factory(engine)
        knowledge = knowledge if knowledge is not None else load_knowledge(settings)
        publisher = KafkaEventPublisher(settings.kafka, settings.service_name, telemetry)
        tokens = ServiceTokenProvider(
            settings.keycloak, settings.client_id, settings.client_secret.get_secret_value()
        )
        channel = open_channel(settings.register_grpc_target, telemetry, tokens)
        gate = RegisterGate(channel)
        register_http = httpx.Client(base_url=settings.register_url, timeout=5)
        telemetry.instrument_httpx(register_http)
        permission = RegisterUse(
            gate,
            register_http,
            settings.system_id,
            settings.purpose,
            settings.register_public_url,
            settings.system_name,
        )
        conversations = Conversations(sessions, settings.retention_days)
        answerer = Answerer(
            knowledge,
            AnsweringPolicy(
                min_confidence=settings.min_confidence,
                outdated_after_days=settings.outdated_after_days,
                commune_names=settings.commune_names,
            ),
        )
        assistant = Assistant(
            conversations,
            answerer,
            permission,
            publisher,
            AssistantPolicy(
                max_question_chars=settings.max_question_chars,
                model=f"extractive/{knowledge.embedder.model_id}",
                pseudonym_salt=settings.pseudonym_salt.get_secret_value(),
            ),
        )
        feedbacks = Feedbacks(
            conversations, publisher, RegisterIncidents(register_http), permission
        )
        handovers = Handovers(conversations, publisher)

        def on_status_changed(event: ReceivedEvent) -> None:
            if isinstance(event.payload, SystemStatusChanged):
                gate.on_status_changed(event.payload)

        def on_handoff_resolved(event: ReceivedEvent) -> None:
            if isinstance(event.payload, HandoffResolved):
                handovers.resolved(event.payload)

        consumer = EventConsumer(
            settings.kafka,
            group_id=settings.consumer_group,
            handlers={
                SYSTEM_STATUS_CHANGED: on_status_changed,
                HANDOFF_RESOLVED: on_handoff_resolved,
            },
            telemetry=telemetry,
            client_id=settings.service_name,
        )
        consumer.start()
        stopping = threading.Event()
        purger = threading.Thread(
            target=_purge_periodically, args=(conversations, stopping), daemon=True
        )
        purger.start()
        verifier = TokenVerifier(settings.keycloak, audience=settings.client_id)
        telemetry.instrument_httpx(verifier.http)
        server = build_grpc_server(telemetry, [BearerTokenServerInterceptor(verifier, frozenset())])
        chat_pb2_grpc.add_CitizenChatServiceServicer_to_server(
            CitizenChatServicer(
                assistant, conversations, settings.pseudonym_salt.get_secret_value()
            ),
            server,
        )
        grpc_port = server.add_insecure_port(f"{settings.http_host}:{settings.grpc_port}")
        server.start()
        logger.info(
            "citizen chat started: %d documents, gRPC on port %d", len(knowledge), grpc_port
        )
        return cls(
            engine,
            sessions,
            knowledge,
            publisher,
            consumer,
            channel,
            register_http,
            gate,
            conversations,
            assistant,
            feedbacks,
            handovers,
            RateLimiter(settings.rate_limit_per_minute),
            stopping,
            purger,
            verifier,
            server,
            grpc_port,
        )

    def stop(self) -> None:
        self.grpc_server.stop(grace=5).wait()
        self.verifier.http.close()
        self._stopping.set()
        self.consumer.stop()
        self.publisher.close()
        self.channel.close()
        self.register_http.close()
        self.knowledge.store.close()
        self.engine.dispose()


def _purge_periodically(conversations: Conversations, stopping: threading.Event) -> None:
    while True:
        try:
            purged = conversations.purge()
            if purged:
                logger.info("retention: %d conversations deleted", purged)
        except Exception:
            logger.exception("retention purge failed; retried in an hour")
        if stopping.wait(PURGE_INTERVAL_SECONDS):
            return
