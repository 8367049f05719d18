"""The officials' analytics in this process, on the real Kafka and Keycloak, its tables in
a folder of the test's."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from collectivia.officials_analytics.definition import SERVICE
from collectivia.officials_analytics.forecasts.settings import ForecastSettings
from collectivia.officials_analytics.settings import (
    AnalyticsAiUseSettings,
    OfficialsAnalyticsSettings,
)
from collectivia.officials_analytics.storage.area import StorageSettings
from collectivia.testkit.apps import RunningApp, running_app, settings_for_tests
from collectivia.testkit.processes import free_port
from collectivia.testkit.servers import KafkaServer, KeycloakServer


def storage_in(folder: Path) -> StorageSettings:
    return StorageSettings(
        catalog_url=f"sqlite:///{folder / 'catalog.db'}", warehouse=str(folder / "warehouse")
    )


@contextmanager
def running_analytics(
    kafka: KafkaServer,
    keycloak: KeycloakServer,
    folder: Path,
    *,
    supplied: Iterable[object] = (),
) -> Iterator[RunningApp[OfficialsAnalyticsSettings]]:
    """``supplied`` overrides any default (a section, a stand-in)."""
    settings = settings_for_tests(
        OfficialsAnalyticsSettings, kafka, keycloak, folder / "analytics.db"
    )
    # No forecast run at start unless a test asks for one, and no register unless a test
    # gives one: never the register of a `make up` running on the default port.
    defaults = [
        storage_in(folder),
        ForecastSettings(forecast_refresh_hours=0),
        AnalyticsAiUseSettings(register_grpc_target=f"127.0.0.1:{free_port()}"),
    ]
    with running_app(SERVICE, settings, supplied=[*defaults, *supplied]) as running:
        yield running
