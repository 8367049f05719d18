"""The indicators area: the semantic layer (``catalogue.py``), computed per commune over
the analytics tables and the lake's datasets, small groups suppressed; HTTP and gRPC."""

from __future__ import annotations

from pydantic import Field

from collectivia.analytics.v1 import analytics_pb2, analytics_pb2_grpc
from collectivia.officials_analytics.indicators import views
from collectivia.officials_analytics.indicators.engine import IndicatorPolicy, Indicators
from collectivia.officials_analytics.indicators.grpc_servicer import AnalyticsServicer
from collectivia.officials_analytics.indicators.refresh import start_refreshing
from collectivia.officials_analytics.settings import OfficialsAnalyticsSection
from collectivia.officials_analytics.storage.area import Warehouse
from collectivia.officials_analytics.storage.communes import Communes
from collectivia.platform.areas import Area, GrpcEndpoint, Worker
from collectivia.platform.assembly import AreaContext


class IndicatorsSettings(OfficialsAnalyticsSection):
    # The period of a query that gives none: this many months up to the current one.
    kpi_default_months: int = Field(12, ge=1, le=120)
    # The longest period one query may cover, in months.
    kpi_max_months: int = Field(36, ge=1, le=240)
    # Results kept in memory, each for the tables' snapshots it was computed on (a write
    # makes a new entry) and the communes it covers.
    kpi_cache_entries: int = Field(256, ge=0, le=100_000)
    # The tables' rows kept in memory between queries (the columns the indicators read, every
    # commune; a new snapshot read incrementally), in MiB; 0: every query scans the tables.
    kpi_rows_cache_mib: int = Field(1024, ge=0, le=262_144)
    # How often a worker reads the tables' new snapshots into those rows, in seconds (the
    # sink's commits read before an official asks); 0: only when a query asks.
    kpi_rows_refresh_seconds: float = Field(5.0, ge=0, le=3_600)


def build(context: AreaContext) -> Indicators:
    settings = context.section(IndicatorsSettings)
    return Indicators(
        context.get(Warehouse),
        policy=IndicatorPolicy(
            default_months=settings.kpi_default_months,
            max_months=settings.kpi_max_months,
            cache_entries=settings.kpi_cache_entries,
            rows_cache_bytes=settings.kpi_rows_cache_mib * 1024 * 1024,
            rows_refresh_seconds=settings.kpi_rows_refresh_seconds,
        ),
        communes=context.get(Communes),
    )


def servicer(indicators: Indicators) -> AnalyticsServicer:
    return AnalyticsServicer(indicators)


AREA = Area(
    name="indicators",
    summary="Each indicator declared once (label, definition, unit, formula over the "
    "analytics tables, dimensions, owner, sources, privacy threshold) and computed by DuckDB "
    "embedded over the tables' Arrow rows or by Trino over the Iceberg tables (storage's "
    "query_engine), per commune by the caller's token; small groups suppressed, "
    "with complementary suppression; JSON, CSV and gRPC AnalyticsService.",
    build=build,
    routers=(views.router, views.communes_router),
    workers=(Worker(name="indicator-rows", start=start_refreshing),),
    grpc=(
        GrpcEndpoint(
            service=analytics_pb2.DESCRIPTOR.services_by_name["AnalyticsService"],
            add_to_server=analytics_pb2_grpc.add_AnalyticsServiceServicer_to_server,
            servicer=servicer,
        ),
    ),
    settings=IndicatorsSettings,
)
