"""The data lake, declared: its areas in start order and its maintenance commands."""

from __future__ import annotations

from collectivia.data_lake.datasets.area import AREA as DATASETS
from collectivia.data_lake.settings import DataLakeSettings
from collectivia.data_lake.storage.area import AREA as STORAGE
from collectivia.data_lake.storage.commands import COMMANDS
from collectivia.platform.definition import ServiceDefinition

SERVICE = ServiceDefinition(
    name="data-lake",
    summary="The collectivity's own data: validated at the door, versioned in Iceberg tables, "
    "owned (including what DSP operators must hand over) and published as open data.",
    settings=DataLakeSettings,
    title=lambda _settings: "CollectivIA — Lac de données",
    areas=(STORAGE, DATASETS),
    commands=COMMANDS,
)
