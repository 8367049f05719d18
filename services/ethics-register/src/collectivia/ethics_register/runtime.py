"""Everything the register runs besides HTTP: database, publisher, consumer, gRPC server."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import grpc
from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from collectivia.core.auth.grpc_interceptors import BearerTokenServerInterceptor
from collectivia.core.auth.tokens import TokenVerifier
from collectivia.core.events.catalogue import (
    AI_USED,
    CHARTER_ACCEPTED,
    SYSTEM_REGISTERED,
    SYSTEM_STATUS_CHANGED,
)
from collectivia.core.events.consumer import EventConsumer
from collectivia.core.events.publisher import KafkaEventPublisher
from collectivia.core.grpc_server import build_grpc_server
from collectivia.core.telemetry import Telemetry
from collectivia.ethics_register.audit.handlers import RegisterEventHandler
from collectivia.ethics_register.audit.service import AuditLog
from collectivia.ethics_register.database import (
    create_database_engine,
    create_schema,
    create_session_factory,
)
from collectivia.ethics_register.evidence.handlers import AiUsedBatchHandler, AiUsedHandler
from collectivia.ethics_register.evidence.service import Evidence
from collectivia.ethics_register.incidents.service import Incidents
from collectivia.ethics_register.literacy.handlers import CharterAcceptedHandler
from collectivia.ethics_register.literacy.service import LiteracyRecords
from collectivia.ethics_register.settings import RegisterSettings
from collectivia.ethics_register.systems.gate import SystemDirectory
from collectivia.ethics_register.systems.grpc_servicer import CHECK_USE_METHOD, RegisterServicer
from collectivia.ethics_register.systems.service import SystemRegistry
from collectivia.register.v1 import register_pb2_grpc

logger = logging.getLogger(__name__)


@dataclass
class RegisterRuntime:
    engine: Engine
    sessions: sessionmaker[Any]
    directory: SystemDirectory
    registry: SystemRegistry
    audit_log: AuditLog
    publisher: KafkaEventPublisher
    consumer: EventConsumer
    grpc_server: grpc.Server
    grpc_port: int
    evidence: Evidence
    incidents: Incidents
    literacy: LiteracyRecords

    @classmethod
    def start(
        cls, settings: RegisterSettings, telemetry: Telemetry, verifier: TokenVerifier
    ) -> RegisterRuntime:
        engine = create_database_engine(settings.database_url)
        create_schema(engine)
        sessions = create_session_factory(engine)
        directory = SystemDirectory()
        publisher = KafkaEventPublisher(settings.kafka, settings.service_name, telemetry)
        registry = SystemRegistry(sessions, publisher, directory)
        loaded = registry.load_directory()
        audit_log = AuditLog(sessions)
        incidents = Incidents(sessions, publisher, registry.exists)
        register_events = RegisterEventHandler(audit_log, directory)
        literacy = LiteracyRecords(sessions)
        evidence = Evidence(
            sessions, registry.get, settings.evidence_retention_days, incidents.count_for
        )
        consumer = EventConsumer(
            settings.kafka,
            group_id=settings.consumer_group,
            handlers={
                SYSTEM_REGISTERED: register_events,
                SYSTEM_STATUS_CHANGED: register_events,
                AI_USED: AiUsedHandler(evidence.log),
                CHARTER_ACCEPTED: CharterAcceptedHandler(literacy),
            },
            telemetry=telemetry,
            client_id=settings.service_name,
            batch_handlers={AI_USED: AiUsedBatchHandler(evidence.log)},
        )
        consumer.start()
        server = build_grpc_server(
            telemetry,
            [BearerTokenServerInterceptor(verifier, frozenset({CHECK_USE_METHOD}))],
        )
        register_pb2_grpc.add_RegisterServiceServicer_to_server(
            RegisterServicer(registry, directory, settings.check_use_cache_ttl_seconds), server
        )
        port = server.add_insecure_port(f"{settings.http_host}:{settings.grpc_port}")
        server.start()
        logger.info("register started: %d systems loaded, gRPC on port %d", loaded, port)
        return cls(
            engine,
            sessions,
            directory,
            registry,
            audit_log,
            publisher,
            consumer,
            server,
            port,
            evidence,
            incidents,
            literacy,
        )

    def stop(self) -> None:
        self.grpc_server.stop(grace=5).wait()
        self.consumer.stop()
        self.publisher.close()
        self.engine.dispose()
