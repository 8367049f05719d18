"""Fixtures of the service's own tests: the service in this process, on the real Kafka and
Keycloak (tokens from the demo realm)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from collectivia.service_template.definition import SERVICE
from collectivia.service_template.settings import ServiceTemplateSettings
from collectivia.testkit.apps import RunningApp, running_app, settings_for_tests
from collectivia.testkit.servers import KafkaServer, KeycloakServer

# The template has no Keycloak client of its own in the demo realm: it borrows the agents'
# assistant's audience. A new service adds its client to infra/keycloak/realm-collectivia.json.
AUDIENCE = "agent-assistant"


@pytest.fixture(scope="module")
def service(
    kafka_server: KafkaServer,
    keycloak_server: KeycloakServer,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[RunningApp[ServiceTemplateSettings]]:
    folder = tmp_path_factory.mktemp("service-template")
    settings = settings_for_tests(
        ServiceTemplateSettings,
        kafka_server,
        keycloak_server,
        folder / "service.db",
        client_id=AUDIENCE,
    )
    with running_app(SERVICE, settings) as running:
        yield running
