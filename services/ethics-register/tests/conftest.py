"""Fixtures of the register's own tests: the register in this process (module scope), an
approved entry in it, HTTP and gRPC clients."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import grpc
import httpx
import pytest

from collectivia.testkit.register_records import SystemBody, approved_system, system_body
from collectivia.testkit.servers import KafkaServer, KeycloakServer
from collectivia.testkit.tokens import DemoTokens
from ethics_register_testing.running import RunningRegister, running_register, settings_for_tests


@pytest.fixture(scope="module")
def register(
    kafka_server: KafkaServer,
    keycloak_server: KeycloakServer,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[RunningRegister]:
    database = tmp_path_factory.mktemp("register") / "register.db"
    with running_register(settings_for_tests(kafka_server, keycloak_server, database)) as running:
        yield running


@pytest.fixture(scope="module")
def register_system(register: RunningRegister, demo_tokens: DemoTokens) -> dict[str, Any]:
    with httpx.Client(base_url=register.base_url, timeout=30) as http:
        return approved_system(http, demo_tokens)


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
