"""The sink area: the suite's events (the chat, the agents' assistant, AI uses, the register,
the lake) as rows of the analytics tables, once per event id, committed to Iceberg in large
appends."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from pydantic import Field

from collectivia.officials_analytics.settings import OfficialsAnalyticsSection
from collectivia.officials_analytics.sink.handlers import (
    ConversationErasedHandler,
    SinkBatchHandler,
    SinkHandler,
)
from collectivia.officials_analytics.sink.mapping import FRANCE_GCO2E_PER_KWH, EventFacts
from collectivia.officials_analytics.sink.models import (
    SinkErasureRow,
    SinkEventRow,
    SinkKeyRow,
    SinkPendingRow,
    SinkRecentEventRow,
)
from collectivia.officials_analytics.sink.writer import FlushLimits, SinkWriter, start_flushing
from collectivia.officials_analytics.storage.area import Warehouse
from collectivia.platform.areas import Area, Subscription, Worker
from collectivia.platform.assembly import AreaContext
from collectivia.platform.events.catalogue import (
    AI_USED,
    ANSWER_PRODUCED,
    CONVERSATION_ERASED,
    DATASET_UPDATED,
    DELIVERY_LATE,
    FEEDBACK_GIVEN,
    HANDOFF_REQUESTED,
    HANDOFF_RESOLVED,
    INCIDENT_REPORTED,
    SYSTEM_REGISTERED,
    SYSTEM_STATUS_CHANGED,
    TASK_COMPLETED,
    TELEMETRY_AGGREGATED,
)

# The events the sink takes, each into its table (``mapping.MAPPINGS``).
SUBSCRIBED = (
    ANSWER_PRODUCED,
    HANDOFF_REQUESTED,
    HANDOFF_RESOLVED,
    FEEDBACK_GIVEN,
    TASK_COMPLETED,
    AI_USED,
    SYSTEM_REGISTERED,
    SYSTEM_STATUS_CHANGED,
    INCIDENT_REPORTED,
    DATASET_UPDATED,
    TELEMETRY_AGGREGATED,
    DELIVERY_LATE,
)


class SinkSettings(OfficialsAnalyticsSection):
    # A table's staged rows that start its Iceberg commit at once.
    sink_flush_rows: int = Field(20_000, ge=1, le=5_000_000)
    # The longest an event waits for its Iceberg commit (the indicators see it then), in
    # seconds: fewer, larger commits against fresher indicators.
    sink_flush_delay_seconds: float = Field(30.0, ge=0, le=86_400)
    # The most rows in one commit (a backlog is committed in several).
    sink_max_commit_rows: int = Field(500_000, ge=1, le=10_000_000)
    # How often the flushing worker looks for due rows, in seconds.
    sink_check_interval_seconds: float = Field(1.0, gt=0, le=60)
    # A commit claimed by another process that has not finished after this long (seconds) is
    # taken over: that process died.
    sink_claim_timeout_seconds: float = Field(300.0, ge=1, le=86_400)
    # How long an event's id is kept to recognise a redelivery or a replay, in days (0: for
    # good); older ids are forgotten by the flushing worker. Longer than the longest
    # retention of the topics the sink reads (one year, infra/kafka/topics.toml): any event
    # Kafka can still deliver is still recognised and counted once. (The compacted topics
    # keep each key's latest event for ever: a replay from their start past this retention
    # adds those again — a telemetry period replaces its own rows, a status change counts
    # twice.)
    sink_event_retention_days: int = Field(400, ge=0, le=36_500)
    # The carbon intensity of electricity, gCO2e/kWh, for the AI uses' co2_g: ADEME, Base
    # Empreinte, « Électricité - 2022 - mix moyen - consommation », France continentale
    # (0,052 kgCO2e/kWh, life cycle). A row keeps the factor of the day it arrived.
    sink_electricity_gco2e_per_kwh: float = Field(FRANCE_GCO2E_PER_KWH, ge=0, le=2000)

    def limits(self) -> FlushLimits:
        return FlushLimits(
            flush_rows=self.sink_flush_rows,
            flush_delay=timedelta(seconds=self.sink_flush_delay_seconds),
            max_commit_rows=self.sink_max_commit_rows,
            claim_timeout=timedelta(seconds=self.sink_claim_timeout_seconds),
            check_interval=self.sink_check_interval_seconds,
            event_retention=(
                timedelta(days=self.sink_event_retention_days)
                if self.sink_event_retention_days
                else None
            ),
        )


@dataclass(frozen=True)
class Sink:
    writer: SinkWriter
    # How events become rows (the electricity's carbon factor).
    facts: EventFacts
    # One batch handler for every subscribed event: the consumer hands it the events of all
    # their topics of a poll at once (one staging transaction a poll, not one a topic).
    batch_handler: SinkBatchHandler


def build(context: AreaContext) -> Sink:
    section = context.section(SinkSettings)
    writer = SinkWriter(context.sessions, context.get(Warehouse).analytics, limits=section.limits())
    writer.ensure_tables()
    context.provide(writer)
    facts = EventFacts(gco2e_per_kwh=section.sink_electricity_gco2e_per_kwh)
    return Sink(writer, facts, SinkBatchHandler(writer, facts))


def _handler(sink: Sink) -> SinkHandler:
    return SinkHandler(sink.writer, sink.facts)


def _erasure_handler(sink: Sink) -> ConversationErasedHandler:
    return ConversationErasedHandler(sink.writer)


def _batch_handler(sink: Sink) -> SinkBatchHandler:
    return sink.batch_handler


AREA = Area(
    name="sink",
    summary="The suite's events (chat, agents' assistant, AI uses, register, lake) as rows of "
    "the analytics tables: once per event id, committed to Iceberg in large appends; the rows "
    "of a conversation the chat erased deleted, and kept out.",
    build=build,
    tables=(SinkEventRow, SinkRecentEventRow, SinkPendingRow, SinkKeyRow, SinkErasureRow),
    subscriptions=(
        *(Subscription(event, handler=_handler, batch=_batch_handler) for event in SUBSCRIBED),
        # An erased conversation's rows leave the tables (sink/erasure.py).
        Subscription(
            CONVERSATION_ERASED, handler=lambda sink: ConversationErasedHandler(sink.writer)
        ),
    ),
    workers=(Worker(name="sink-flush", start=lambda sink: start_flushing(sink.writer)),),
    settings=SinkSettings,
)
