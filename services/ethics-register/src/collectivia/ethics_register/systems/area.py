"""The systems area: register entries (record, versions, lifecycle, risk triage), their data
sources linked to the data lake's datasets, and the runtime gate every service asks before
each use of AI (gRPC ``RegisterService``)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from pydantic import Field

from collectivia.ethics_register.settings import RegisterSection
from collectivia.ethics_register.systems.datasets import DatasetLookup
from collectivia.ethics_register.systems.directory import SystemDirectory
from collectivia.ethics_register.systems.grpc_servicer import RegisterServicer
from collectivia.ethics_register.systems.lake_client import LakeDatasets
from collectivia.ethics_register.systems.models import AiSystem, AiSystemVersion
from collectivia.ethics_register.systems.service import SystemRegistry
from collectivia.ethics_register.systems.views import entries, triage
from collectivia.lake.v1 import lake_pb2
from collectivia.platform.areas import Area, Call, GrpcEndpoint
from collectivia.platform.assembly import AreaContext
from collectivia.platform.events.catalogue import SYSTEM_REGISTERED, SYSTEM_STATUS_CHANGED
from collectivia.platform.events.outbox.writer import Outbox
from collectivia.platform.lake_datasets import LakeDatasetsClient
from collectivia.register.v1 import register_pb2, register_pb2_grpc

logger = logging.getLogger(__name__)

_LAKE = lake_pb2.DESCRIPTOR.services_by_name["DataLakeService"].full_name


class SystemsSettings(RegisterSection):
    # How long services may cache a CheckUse answer: suspensions reach them within this.
    check_use_cache_ttl_seconds: int = Field(5, ge=0, le=300)
    # The data lake's gRPC DataLakeService (host:port), where the data sources' dataset ids
    # are looked up when an entry goes to review; empty: no lake, the ids are kept unchecked.
    lake_grpc_target: str = ""
    # How long one dataset look-up may take before the move is refused (503), in seconds.
    lake_timeout_seconds: float = Field(2.0, gt=0, le=30)


@dataclass(frozen=True)
class Systems:
    registry: SystemRegistry
    directory: SystemDirectory
    settings: SystemsSettings


def build(context: AreaContext) -> Systems:
    settings = context.section(SystemsSettings)
    directory = SystemDirectory()
    registry = SystemRegistry(
        context.sessions, context.get(Outbox), directory, datasets=lake_lookup(context, settings)
    )
    logger.info("%d systems loaded into the gate", registry.load_directory())
    context.provide(registry)
    context.provide(directory)
    return Systems(registry, directory, settings)


def lake_lookup(context: AreaContext, settings: SystemsSettings) -> DatasetLookup | None:
    """The data lake's datasets, with the register's token; None when no lake is configured.
    A test may supply its own ``DatasetLookup``."""
    supplied = context.supplied(DatasetLookup)
    if supplied is not None:
        return supplied
    if not settings.lake_grpc_target:
        logger.info("no data lake configured: the data sources' dataset ids stay unchecked")
        return None
    client = LakeDatasetsClient(
        context.channel(settings.lake_grpc_target), timeout_seconds=settings.lake_timeout_seconds
    )
    return LakeDatasets(client)


def servicer(systems: Systems) -> RegisterServicer:
    return RegisterServicer(
        systems.registry, systems.directory, systems.settings.check_use_cache_ttl_seconds
    )


AREA = Area(
    name="systems",
    summary="Register entries (AI systems and algorithms): record, versions, lifecycle, risk "
    "triage, data sources linked to the data lake's datasets; the runtime gate (CheckUse) "
    "every service asks before each use.",
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
    calls=(
        Call(
            f"{_LAKE}/GetDataset",
            "the dataset a data source names: it exists, its title, access and latest version",
        ),
    ),
    settings=SystemsSettings,
)
