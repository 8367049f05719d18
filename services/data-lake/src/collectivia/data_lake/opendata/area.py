"""The open-data area: the DCAT-AP 3 catalogue and the CSV and Parquet downloads."""

from __future__ import annotations

from pydantic import Field

from collectivia.data_lake import messages
from collectivia.data_lake.datasets.reading import DatasetReads
from collectivia.data_lake.datasets.service import Datasets
from collectivia.data_lake.opendata import views
from collectivia.data_lake.opendata.catalogue import CatalogueInfo
from collectivia.data_lake.opendata.service import OpenData
from collectivia.data_lake.settings import DataLakeSection, DataLakeSettings
from collectivia.platform.areas import Area
from collectivia.platform.assembly import AreaContext


class OpenDataSettings(DataLakeSection):
    # The catalogue's own description (DCAT-AP: title, description, publisher).
    catalogue_title: str = Field(messages.CATALOGUE_TITLE, min_length=3, max_length=300)
    catalogue_description: str = Field(
        messages.CATALOGUE_DESCRIPTION, min_length=10, max_length=2000
    )
    catalogue_publisher: str = Field(messages.CATALOGUE_PUBLISHER, min_length=2, max_length=300)
    # Versions of each dataset listed in the catalogue, the most recent first (all of them
    # stay downloadable with ?version=).
    catalogue_max_versions: int = Field(50, ge=1, le=10_000)


def build(context: AreaContext) -> OpenData:
    section = context.section(OpenDataSettings)
    settings = context.get(DataLakeSettings)
    info = CatalogueInfo(
        title=section.catalogue_title,
        description=section.catalogue_description,
        publisher=section.catalogue_publisher,
        public_url=str(settings.public_url).rstrip("/"),
    )
    return OpenData(
        datasets=context.get(Datasets),
        reads=context.get(DatasetReads),
        info=info,
        max_versions=section.catalogue_max_versions,
    )


AREA = Area(
    name="opendata",
    summary="The DCAT-AP 3 catalogue of the public datasets (each a series of versions; "
    "JSON-LD, Turtle, RDF/XML) and downloads of any version in CSV or Parquet, through the "
    "one access rule and row filter.",
    build=build,
    routers=(views.router,),
    settings=OpenDataSettings,
)
