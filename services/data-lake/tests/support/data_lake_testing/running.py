"""The data lake in this process, on the real Kafka and Keycloak, its catalog and warehouse
in a folder of the test's."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from collectivia.data_lake.definition import SERVICE
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
    with running_app(SERVICE, settings, supplied=[storage_in(folder), *supplied]) as running:
        yield running
