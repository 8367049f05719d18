"""The storage area: the analytics tables' namespace and the lake's, in one catalog."""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import Field

from collectivia.lakehouse.engines import EmbeddedDuckDb, QueryEngine
from collectivia.lakehouse.settings import LakehouseFields, QueryEngineFields
from collectivia.lakehouse.tables import Lakehouse
from collectivia.officials_analytics.settings import OfficialsAnalyticsSection
from collectivia.officials_analytics.storage.communes import Communes
from collectivia.platform.areas import Area
from collectivia.platform.assembly import AreaContext


class StorageSettings(OfficialsAnalyticsSection, LakehouseFields, QueryEngineFields):
    # The namespace of the analytics tables (the suite's events, as rows).
    namespace: str = Field("analytics", pattern=r"^[a-z][a-z0-9_]{0,62}$")
    # The data lake's namespace, whose datasets the indicators may read (same catalog).
    lake_namespace: str = Field("collectivia", pattern=r"^[a-z][a-z0-9_]{0,62}$")
    # Versions of the analytics tables younger than this are kept by the expire-snapshots
    # command, in days: far longer than a sink's claim may wait (its recovery looks for its
    # load id in the snapshots), and the days a query may ask back.
    snapshot_retention_days: int = Field(7, ge=1, le=36_500)
    # The expire-snapshots command keeps at least this many versions of every table.
    snapshot_keep_last: int = Field(10, ge=1, le=10_000)
    # The lake's dataset of the collectivity's member communes (code_insee, nom,
    # population): their names on the pages and in the questions; absent: codes shown.
    communes_dataset: str = Field("communes-membres", pattern=r"^[a-z0-9][a-z0-9-]{1,79}$")


@dataclass(frozen=True)
class Warehouse:
    """The analytics tables, and the lake's datasets beside them."""

    analytics: Lakehouse
    lake: Lakehouse
    # What runs the indicators' queries over them: DuckDB embedded, or Trino at scale.
    query_engine: QueryEngine = field(default_factory=EmbeddedDuckDb)


def build(context: AreaContext) -> Warehouse:
    settings = context.section(StorageSettings)
    warehouse = context.supplied(Warehouse) or Warehouse(
        analytics=settings.open_lakehouse(settings.namespace),
        lake=settings.open_lakehouse(settings.lake_namespace),
        query_engine=settings.open_query_engine(),
    )
    if context.supplied(Communes) is None:
        context.provide(Communes(warehouse.lake, dataset=settings.communes_dataset))
    return warehouse


AREA = Area(
    name="storage",
    summary="The analytics tables in the data lake's Iceberg catalog (their own namespace), "
    "beside the lake's datasets: DuckDB embedded, Trino at scale.",
    build=build,
    settings=StorageSettings,
)
