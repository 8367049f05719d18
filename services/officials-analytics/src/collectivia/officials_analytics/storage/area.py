"""The storage area: the analytics tables' namespace and the lake's, in one catalog."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import Field

from collectivia.lakehouse.settings import LakehouseFields
from collectivia.lakehouse.tables import Lakehouse
from collectivia.officials_analytics.settings import OfficialsAnalyticsSection
from collectivia.platform.areas import Area
from collectivia.platform.assembly import AreaContext


class StorageSettings(OfficialsAnalyticsSection, LakehouseFields):
    # The namespace of the analytics tables (the suite's events, as rows).
    namespace: str = Field("analytics", pattern=r"^[a-z][a-z0-9_]{0,62}$")
    # The data lake's namespace, whose datasets the indicators may read (same catalog).
    lake_namespace: str = Field("collectivia", pattern=r"^[a-z][a-z0-9_]{0,62}$")


@dataclass(frozen=True)
class Warehouse:
    """The analytics tables, and the lake's datasets beside them."""

    analytics: Lakehouse
    lake: Lakehouse


def build(context: AreaContext) -> Warehouse:
    supplied = context.supplied(Warehouse)
    if supplied is not None:
        return supplied
    settings = context.section(StorageSettings)
    return Warehouse(
        analytics=settings.open_lakehouse(settings.namespace),
        lake=settings.open_lakehouse(settings.lake_namespace),
    )


AREA = Area(
    name="storage",
    summary="The analytics tables in the data lake's Iceberg catalog (their own namespace), "
    "beside the lake's datasets: DuckDB embedded, Trino at scale.",
    build=build,
    settings=StorageSettings,
)
