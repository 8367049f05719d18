"""The data lake in this process, on the real Kafka and Keycloak, its catalog and warehouse
in a folder of the test's."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from collectivia.data_lake.definition import SERVICE
from collectivia.data_lake.flight.area import FlightSettings
from collectivia.data_lake.ingestion.area import IngestionSettings
from collectivia.data_lake.settings import DataLakeSettings
from collectivia.data_lake.storage.area import StorageSettings
from collectivia.testkit.apps import RunningApp, running_app, settings_for_tests
from collectivia.testkit.servers import KafkaServer, KeycloakServer


def storage_in(folder: Path) -> StorageSettings:
    return StorageSettings(
        catalog_url=f"sqlite:///{folder / 'catalog.db'}", warehouse=str(folder / "warehouse")
    )


@contextmanager
def running_lake(
    kafka: KafkaServer,
    keycloak: KeycloakServer,
    folder: Path,
    *,
    supplied: Iterable[object] = (),
) -> Iterator[RunningApp[DataLakeSettings]]:
    settings = settings_for_tests(DataLakeSettings, kafka, keycloak, folder / "lake.db")
    # Free ports and the test's folder for everything the lake keeps (a lake of `make up` or of
    # another test run may be running); ``supplied`` overrides any of them.
    defaults = [
        storage_in(folder),
        FlightSettings(flight_port=0),
        IngestionSettings(quarantine_folder=str(folder / "quarantine")),
    ]
    with running_app(SERVICE, settings, supplied=[*defaults, *supplied]) as running:
        yield running
