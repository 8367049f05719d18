"""The sink area: the suite's events (the chat, the agents' assistant, AI uses, the register,
the lake) as rows of the analytics tables, once per event id, committed to Iceberg in large
appends."""

from __future__ import annotations

from datetime import timedelta

from pydantic import Field

from collectivia.officials_analytics.settings import OfficialsAnalyticsSection
from collectivia.officials_analytics.sink.handlers import SinkBatchHandler, SinkHandler
from collectivia.officials_analytics.sink.models import SinkEventRow, SinkKeyRow, SinkPendingRow
from collectivia.officials_analytics.sink.writer import FlushLimits, SinkWriter, start_flushing
from collectivia.officials_analytics.storage.area import Warehouse
from collectivia.platform.areas import Area, Subscription, Worker
from collectivia.platform.assembly import AreaContext
from collectivia.platform.events.catalogue import (
    AI_USED,
    ANSWER_PRODUCED,
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

    def limits(self) -> FlushLimits:
        return FlushLimits(
            flush_rows=self.sink_flush_rows,
            flush_delay=timedelta(seconds=self.sink_flush_delay_seconds),
            max_commit_rows=self.sink_max_commit_rows,
            claim_timeout=timedelta(seconds=self.sink_claim_timeout_seconds),
            check_interval=self.sink_check_interval_seconds,
        )


def build(context: AreaContext) -> SinkWriter:
    writer = SinkWriter(
        context.sessions,
        context.get(Warehouse).analytics,
        limits=context.section(SinkSettings).limits(),
    )
    writer.ensure_tables()
    return writer


AREA = Area(
    name="sink",
    summary="The suite's events (chat, agents' assistant, AI uses, register, lake) as rows of "
    "the analytics tables: once per event id, committed to Iceberg in large appends.",
    build=build,
    tables=(SinkEventRow, SinkPendingRow, SinkKeyRow),
    subscriptions=tuple(
        Subscription(event, handler=SinkHandler, batch=SinkBatchHandler) for event in SUBSCRIBED
    ),
    workers=(Worker(name="sink-flush", start=start_flushing),),
    settings=SinkSettings,
)
