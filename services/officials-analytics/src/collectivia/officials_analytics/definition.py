"""The officials' analytics, declared: its areas in start order. The AI-use area comes first
(the register's gate and the evidence every forecast run goes through)."""

from __future__ import annotations

from collectivia.ai.use.area import ai_use_area
from collectivia.officials_analytics.briefings.area import AREA as BRIEFINGS
from collectivia.officials_analytics.forecasts.area import AREA as FORECASTS
from collectivia.officials_analytics.gaps.area import AREA as GAPS
from collectivia.officials_analytics.indicators.area import AREA as INDICATORS
from collectivia.officials_analytics.jobs import JOBS
from collectivia.officials_analytics.pages.area import AREA as PAGES
from collectivia.officials_analytics.questions.area import AREA as QUESTIONS
from collectivia.officials_analytics.settings import (
    AnalyticsAiUseSettings,
    AnalyticsOutboxSettings,
    OfficialsAnalyticsSettings,
)
from collectivia.officials_analytics.sink.area import AREA as SINK
from collectivia.officials_analytics.sink.demo import seed_demo
from collectivia.officials_analytics.storage.area import AREA as STORAGE
from collectivia.officials_analytics.storage.commands import COMMANDS as STORAGE_COMMANDS
from collectivia.platform.definition import ServiceDefinition
from collectivia.platform.events.outbox.area import outbox_area

SERVICE = ServiceDefinition(
    name="officials-analytics",
    summary="Per-commune indicators for elected officials from the suite's events and the "
    "lake's datasets, private by design; content gaps; forecasts that declare themselves.",
    settings=OfficialsAnalyticsSettings,
    title=lambda _settings: "CollectivIA — Pilotage des élus",
    areas=(
        ai_use_area(AnalyticsAiUseSettings),
        outbox_area(AnalyticsOutboxSettings),
        STORAGE,
        SINK,
        INDICATORS,
        QUESTIONS,
        GAPS,
        BRIEFINGS,
        FORECASTS,
        PAGES,
    ),
    # Maintenance commands: `collectivia-officials-analytics seed-demo` (make up's demo activity),
    # `expire-snapshots` and `compact` (the analytics tables, as the data lake's).
    commands={"seed-demo": seed_demo, **STORAGE_COMMANDS},
    jobs=JOBS,
)
