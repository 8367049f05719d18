"""The systems area: register entries (record, versions, lifecycle, risk triage) and the
runtime gate every service asks before each use of AI (gRPC ``RegisterService``)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from pydantic import Field

from collectivia.ethics_register.settings import RegisterSection
from collectivia.ethics_register.systems.directory import SystemDirectory
from collectivia.ethics_register.systems.grpc_servicer import RegisterServicer
from collectivia.ethics_register.systems.models import AiSystem, AiSystemVersion
from collectivia.ethics_register.systems.service import SystemRegistry
from collectivia.ethics_register.systems.views import entries, triage
from collectivia.platform.areas import Area, GrpcEndpoint
from collectivia.platform.assembly import AreaContext
from collectivia.platform.events.catalogue import SYSTEM_REGISTERED, SYSTEM_STATUS_CHANGED
from collectivia.register.v1 import register_pb2, register_pb2_grpc

logger = logging.getLogger(__name__)


class SystemsSettings(RegisterSection):
    # How long services may cache a CheckUse answer: suspensions reach them within this.
    check_use_cache_ttl_seconds: int = Field(5, ge=0, le=300)


@dataclass(frozen=True)
class Systems:
    registry: SystemRegistry
    directory: SystemDirectory
    settings: SystemsSettings


def build(context: AreaContext) -> Systems:
    directory = SystemDirectory()
    registry = SystemRegistry(context.sessions, context.publisher, directory)
    logger.info("%d systems loaded into the gate", registry.load_directory())
    context.provide(registry)
    context.provide(directory)
    return Systems(registry, directory, context.section(SystemsSettings))


def servicer(systems: Systems) -> RegisterServicer:
    return RegisterServicer(
        systems.registry, systems.directory, systems.settings.check_use_cache_ttl_seconds
    )


AREA = Area(
    name="systems",
    summary="Register entries (AI systems and algorithms): record, versions, lifecycle, risk "
    "triage; the runtime gate (CheckUse) every service asks before each use.",
    build=build,
    routers=(entries.router, triage.router),
    tables=(AiSystem, AiSystemVersion),
    publishes=(SYSTEM_REGISTERED, SYSTEM_STATUS_CHANGED),
    grpc=(
        GrpcEndpoint(
            service=register_pb2.DESCRIPTOR.services_by_name["RegisterService"],
            add_to_server=register_pb2_grpc.add_RegisterServiceServicer_to_server,
            servicer=servicer,
            service_only=("CheckUse",),
        ),
    ),
    settings=SystemsSettings,
)
