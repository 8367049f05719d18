"""The datasets area: metadata, access, versions and reads."""

from __future__ import annotations

from collectivia.data_lake.datasets import views
from collectivia.data_lake.datasets.models import DatasetRow
from collectivia.data_lake.datasets.reading import DatasetReads
from collectivia.data_lake.datasets.service import Datasets
from collectivia.data_lake.storage.lakehouse import Lakehouse
from collectivia.platform.areas import Area
from collectivia.platform.assembly import AreaContext


def build(context: AreaContext) -> Datasets:
    datasets = Datasets(sessions=context.sessions)
    context.provide(DatasetReads(datasets=datasets, lakehouse=context.get(Lakehouse)))
    return datasets


AREA = Area(
    name="datasets",
    summary="Datasets with their DCAT-AP metadata, owner, steward and provenance; every "
    "version readable, as of a date or diffed; one access rule and row filter by commune "
    "for every read path.",
    build=build,
    routers=(views.router,),
    tables=(DatasetRow,),
)
