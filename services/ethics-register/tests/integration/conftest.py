"""A real ethics register (uvicorn + gRPC + consumer) on the real Kafka and Keycloak."""

from __future__ import annotations

from collections.abc import Iterator

import grpc
import httpx
import pytest

from collectivia.core.testing.servers import KafkaServer, KeycloakServer
from collectivia.ethics_register.testing import (
    RunningRegister,
    SystemBody,
    running_register,
    settings_for_tests,
    system_body,
)


@pytest.fixture(scope="module")
def register(
    kafka_server: KafkaServer,
    keycloak_server: KeycloakServer,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[RunningRegister]:
    database = tmp_path_factory.mktemp("register") / "register.db"
    with running_register(settings_for_tests(kafka_server, keycloak_server, database)) as running:
        yield running


@pytest.fixture
def http(register: RunningRegister) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=register.base_url, timeout=30) as client:
        yield client


@pytest.fixture
def channel(register: RunningRegister) -> Iterator[grpc.Channel]:
    with grpc.insecure_channel(register.grpc_target) as channel:
        yield channel


@pytest.fixture(name="system_body")
def system_body_fixture() -> SystemBody:
    return system_body
