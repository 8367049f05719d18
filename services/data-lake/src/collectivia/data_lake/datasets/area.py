"""The datasets area: metadata, access, versions and reads."""

from __future__ import annotations

from pydantic import Field

from collectivia.data_lake.datasets import views
from collectivia.data_lake.datasets.access import SUITE_SERVICES
from collectivia.data_lake.datasets.models import DatasetRow
from collectivia.data_lake.datasets.reading import DatasetReads
from collectivia.data_lake.datasets.service import Datasets
from collectivia.data_lake.settings import DataLakeSection
from collectivia.lakehouse.tables import Lakehouse
from collectivia.platform.areas import Area
from collectivia.platform.assembly import AreaContext


class DatasetsSettings(DataLakeSection):
    # Service accounts (Keycloak client ids, client-credentials tokens) that see the metadata
    # of every dataset through gRPC GetDataset and ListDatasets, restricted and personal ones
    # included, never their rows: the suite's own services (the register links its entries
    # to the datasets they use). A JSON list in the environment
    # (COLLECTIVIA_DATA_LAKE_METADATA_SERVICE_CLIENTS); DSP operators and integrators are
    # never listed: they see what their roles allow.
    metadata_service_clients: list[str] = Field(default_factory=lambda: sorted(SUITE_SERVICES))


def build(context: AreaContext) -> Datasets:
    settings = context.section(DatasetsSettings)
    datasets = Datasets(
        sessions=context.sessions,
        metadata_services=frozenset(settings.metadata_service_clients),
    )
    context.provide(DatasetReads(datasets=datasets, lakehouse=context.get(Lakehouse)))
    return datasets


AREA = Area(
    name="datasets",
    summary="Datasets with their DCAT-AP metadata, owner, steward and provenance; every "
    "version readable, as of a date or diffed; one access rule and row filter by commune "
    "for every read path; their metadata for the suite's own services.",
    build=build,
    routers=(views.router,),
    tables=(DatasetRow,),
    settings=DatasetsSettings,
)
