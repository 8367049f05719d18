"""The data lake, declared: its areas in start order and its maintenance commands."""

from __future__ import annotations

from collectivia.data_lake.contracts.area import AREA as CONTRACTS
from collectivia.data_lake.datasets.area import AREA as DATASETS
from collectivia.data_lake.documents.area import AREA as DOCUMENTS
from collectivia.data_lake.flight.area import AREA as FLIGHT
from collectivia.data_lake.ingestion.area import AREA as INGESTION
from collectivia.data_lake.jobs import JOBS
from collectivia.data_lake.opendata.area import AREA as OPENDATA
from collectivia.data_lake.pages.area import AREA as PAGES
from collectivia.data_lake.settings import DataLakeSettings, LakeOutboxSettings
from collectivia.data_lake.storage.area import AREA as STORAGE
from collectivia.data_lake.storage.commands import COMMANDS
from collectivia.data_lake.telemetry.area import AREA as TELEMETRY
from collectivia.platform.definition import ServiceDefinition
from collectivia.platform.events.outbox.area import outbox_area

SERVICE = ServiceDefinition(
    name="data-lake",
    summary="The collectivity's own data: validated at the door, versioned in Iceberg tables, "
    "owned (including what DSP operators must hand over) and published as open data.",
    settings=DataLakeSettings,
    title=lambda _settings: "CollectivIA — Lac de données",
    # PAGES (the stewards' page) serves "/" and /static/*: it stays last.
    # The outbox first: the areas after it write their events in their data's transactions.
    areas=(
        outbox_area(LakeOutboxSettings),
        STORAGE,
        DATASETS,
        INGESTION,
        CONTRACTS,
        TELEMETRY,
        OPENDATA,
        FLIGHT,
        DOCUMENTS,
        PAGES,
    ),
    commands=COMMANDS,
    jobs=JOBS,
)
