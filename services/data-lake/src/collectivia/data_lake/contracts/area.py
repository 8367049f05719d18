"""The contracts area: DSP contracts and their data clauses, the operators' deliveries,
their compliance per period, and the lateness watch announcing what did not come."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo, available_timezones

from pydantic import Field, field_validator

from collectivia.data_lake.contracts import views
from collectivia.data_lake.contracts.compliance import Compliance, LatenessWatch
from collectivia.data_lake.contracts.deliveries import Deliveries
from collectivia.data_lake.contracts.models import (
    ContractDatasetRow,
    ContractRow,
    DeliveryPeriodRow,
    DeliveryRow,
)
from collectivia.data_lake.contracts.registry import ContractRegistry
from collectivia.data_lake.datasets.service import Datasets
from collectivia.data_lake.ingestion.service import Loads
from collectivia.data_lake.settings import DataLakeSection
from collectivia.platform.areas import Area, Worker
from collectivia.platform.assembly import AreaContext
from collectivia.platform.events.catalogue import DELIVERY_LATE
from collectivia.platform.events.outbox.writer import Outbox


class ContractsSettings(DataLakeSection):
    # How often the lateness watch looks for periods past their deadline (seconds); it also
    # runs once at start.
    delivery_check_interval_seconds: float = Field(3600.0, ge=1.0, le=86_400.0)
    # The deadlines fall at midnight in this time zone (the collectivity's).
    delivery_timezone: str = "Europe/Paris"

    @field_validator("delivery_timezone")
    @classmethod
    def known_zone(cls, value: str) -> str:
        if value not in available_timezones():
            raise ValueError(f"unknown time zone: {value}")
        return value


@dataclass(frozen=True)
class DspContracts:
    registry: ContractRegistry
    compliance: Compliance
    deliveries: Deliveries
    settings: ContractsSettings


def build(context: AreaContext) -> DspContracts:
    settings = context.section(ContractsSettings)
    registry = ContractRegistry(sessions=context.sessions, datasets=context.get(Datasets))
    compliance = Compliance(
        sessions=context.sessions,
        registry=registry,
        outbox=context.get(Outbox),
        zone=ZoneInfo(settings.delivery_timezone),
    )
    deliveries = Deliveries(
        sessions=context.sessions,
        registry=registry,
        compliance=compliance,
        loads=context.get(Loads),
    )
    context.provide(registry)
    context.provide(compliance)
    context.provide(deliveries)
    return DspContracts(registry, compliance, deliveries, settings)


def watch_lateness(contracts: DspContracts) -> LatenessWatch:
    return LatenessWatch.started(
        contracts.compliance, contracts.settings.delivery_check_interval_seconds
    )


AREA = Area(
    name="contracts",
    summary="DSP contracts and their data clauses (returned assets, open data or its "
    "published exemption); operators' deliveries through validation at the door, on time "
    "or late; compliance per period; late or missing deliveries announced once.",
    build=build,
    routers=(views.router,),
    tables=(ContractRow, ContractDatasetRow, DeliveryRow, DeliveryPeriodRow),
    publishes=(DELIVERY_LATE,),
    workers=(Worker("delivery-lateness", start=watch_lateness),),
    settings=ContractsSettings,
)
