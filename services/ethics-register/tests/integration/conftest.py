"""A real ethics register (uvicorn + gRPC + consumer) on the real Kafka and Keycloak."""

from __future__ import annotations

from collections.abc import Iterator

import grpc
import httpx
import pytest

from collectivia.ethics_register.testing import (
    RunningRegister,
    SystemBody,
    system_body,
)


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
