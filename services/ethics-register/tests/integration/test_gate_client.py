"""RegisterGate (collectivia.ai.use.gate) against the real register, Kafka and Keycloak:
another service's consumer hands a status change to the gate, which asks the register again."""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import grpc
import httpx
import pytest
from pydantic import SecretStr

from collectivia.ai.use.decisions import DenialReason
from collectivia.ai.use.gate import RegisterGate
from collectivia.ai.use.own_entry import OwnRegisterEntry
from collectivia.ethics_register.systems.area import SystemsSettings
from collectivia.events.v1.register_pb2 import SystemStatusChanged
from collectivia.platform.auth.service_tokens import ServiceTokenProvider
from collectivia.platform.events.catalogue import SYSTEM_STATUS_CHANGED
from collectivia.platform.events.consumer import EventConsumer, ReceivedEvent
from collectivia.platform.grpc_client import open_channel
from collectivia.platform.settings import KeycloakSettings, ServiceSettings
from collectivia.platform.telemetry import Telemetry, setup_telemetry
from collectivia.register.v1.types_pb2 import SYSTEM_STATUS_SUSPENDED
from collectivia.testkit.register_records import approved_system, system_body
from collectivia.testkit.servers import KafkaServer, KeycloakServer
from collectivia.testkit.tokens import DemoTokens, bearer
from collectivia.testkit.waiting import wait_until
from ethics_register_testing.running import RunningRegister, running_register, settings_for_tests

pytestmark = pytest.mark.integration
logger = logging.getLogger(__name__)

PURPOSE = "citizen-information"
CHECK_USE = "/collectivia.register.v1.RegisterService/CheckUse"


class CountingCalls(grpc.UnaryUnaryClientInterceptor):  # type: ignore[type-arg]
    """Counts the CheckUse calls that leave this service."""

    def __init__(self) -> None:
        self.count = 0
        self._lock = threading.Lock()

    def intercept_unary_unary(
        self, continuation: Callable[[Any, Any], Any], details: Any, request: Any
    ) -> Any:
        if details.method == CHECK_USE:
            with self._lock:
                self.count += 1
        return continuation(details, request)


@pytest.fixture(scope="module")
def register(
    kafka_server: KafkaServer,
    keycloak_server: KeycloakServer,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[RunningRegister]:
    database = tmp_path_factory.mktemp("gate") / "register.db"
    # A long TTL: only the status change, not expiry, can make the gate ask again.
    settings = settings_for_tests(kafka_server, keycloak_server, database)
    with running_register(
        settings, sections=[SystemsSettings(check_use_cache_ttl_seconds=300)]
    ) as running:
        yield running


@pytest.fixture(scope="module")
def caller(keycloak_server: KeycloakServer) -> tuple[Telemetry, ServiceTokenProvider]:
    settings = ServiceSettings(
        service_name="citizen-chat",
        client_id="citizen-chat",
        client_secret=SecretStr("citizen-chat-dev-secret"),
        keycloak=KeycloakSettings(url=keycloak_server.url),
    )
    tokens = ServiceTokenProvider(
        settings.keycloak, settings.client_id, settings.client_secret.get_secret_value()
    )
    return setup_telemetry(settings), tokens


@pytest.fixture
def counted() -> CountingCalls:
    return CountingCalls()


@pytest.fixture
def gate(
    register: RunningRegister,
    caller: tuple[Telemetry, ServiceTokenProvider],
    counted: CountingCalls,
) -> Iterator[RegisterGate]:
    channel = open_channel(register.grpc_target, *caller)
    yield RegisterGate(grpc.intercept_channel(channel, counted), deadline_seconds=10)
    channel.close()


def registered(register: RunningRegister, demo_tokens: DemoTokens) -> str:
    """An approved system, through the register's own workflow."""
    with httpx.Client(base_url=register.base_url, timeout=30) as http:
        return str(approved_system(http, demo_tokens)["id"])


def test_a_suspension_makes_the_gate_ask_again_within_seconds(
    register: RunningRegister,
    caller: tuple[Telemetry, ServiceTokenProvider],
    gate: RegisterGate,
    counted: CountingCalls,
    demo_tokens: DemoTokens,
) -> None:
    system_id = registered(register, demo_tokens)
    assert gate.check_use(system_id, PURPOSE).allowed
    assert gate.check_use(system_id, PURPOSE).allowed
    assert counted.count == 1, "the second use should have been answered from the cache"

    # Another service's consumer: what a caller of the gate runs beside it.
    received: list[SystemStatusChanged] = []

    def on_status_changed(event: ReceivedEvent) -> None:
        assert isinstance(event.payload, SystemStatusChanged)
        received.append(event.payload)
        gate.on_status_changed(event.payload)

    telemetry, _ = caller
    consumer = EventConsumer(
        register.settings.kafka,
        group_id=f"citizen-chat-gate-test-{uuid.uuid4().hex[:8]}",
        handlers={SYSTEM_STATUS_CHANGED: on_status_changed},
        telemetry=telemetry,
        client_id="citizen-chat",
    )
    consumer.start()
    try:
        assert consumer.wait_for_assignment()
        # The register's administrator suspends the system: the register announces it.
        with httpx.Client(base_url=register.base_url, timeout=30) as http:
            url = f"/v1/systems/{system_id}"
            version = http.get(url).json()["version"]
            published_at = time.monotonic()
            suspended = http.post(
                f"{url}/suspend",
                json={"version": version, "reason": "incident under review"},
                headers={"Authorization": f"Bearer {demo_tokens.for_role('admin')}"},
            )
        assert suspended.status_code == 200, suspended.text

        def asked_again() -> bool:
            gate.check_use(system_id, PURPOSE)
            return counted.count == 2

        wait_until(asked_again, timeout=5, interval=0.02, what="the gate to ask the register")
        delay = time.monotonic() - published_at
    finally:
        consumer.stop()
    logger.info("status change published -> gate asked the register again: %.0f ms", delay * 1000)
    # The workflow's earlier announcements (in review, approved) may reach the consumer too:
    # the register's outbox relays after commit, sometimes after this consumer joined (within
    # a second). Per system, in order: the suspension comes once, and last.
    changes = [p.status for p in received if p.system_id == system_id]
    assert changes.count(SYSTEM_STATUS_SUSPENDED) == 1
    assert changes[-1] == SYSTEM_STATUS_SUSPENDED
    assert changes == sorted(changes)
    denied = gate.check_use(system_id, PURPOSE)
    assert not denied.allowed
    assert denied.reason is DenialReason.NOT_APPROVED


def test_the_registers_denials_reach_the_caller(
    register: RunningRegister, gate: RegisterGate, demo_tokens: DemoTokens
) -> None:
    system_id = registered(register, demo_tokens)
    mismatch = gate.check_use(system_id, "benefit-eligibility")
    assert not mismatch.allowed
    assert mismatch.reason is DenialReason.PURPOSE_MISMATCH
    assert mismatch.system_version == 4  # created, triaged, submitted, approved
    unknown = gate.check_use(str(uuid.uuid4()), PURPOSE)
    assert not unknown.allowed
    assert unknown.reason is DenialReason.NOT_REGISTERED


def test_a_stopped_register_is_a_denial(
    kafka_server: KafkaServer,
    keycloak_server: KeycloakServer,
    caller: tuple[Telemetry, ServiceTokenProvider],
    demo_tokens: DemoTokens,
    tmp_path: Path,
) -> None:
    settings = settings_for_tests(kafka_server, keycloak_server, tmp_path / "register.db")
    sections = [SystemsSettings(check_use_cache_ttl_seconds=0)]
    with running_register(settings, sections=sections) as stopping:
        system_id = registered(stopping, demo_tokens)
        channel = open_channel(stopping.grpc_target, *caller)
        gate = RegisterGate(channel, deadline_seconds=2)
        assert gate.check_use(system_id, PURPOSE).allowed
    try:
        decision = gate.check_use(system_id, PURPOSE)
    finally:
        channel.close()
    assert not decision.allowed
    assert decision.reason is DenialReason.REGISTER_UNREACHABLE


def test_a_service_finds_its_own_approved_entry_by_purpose_and_name(
    register: RunningRegister,
    caller: tuple[Telemetry, ServiceTokenProvider],
    gate: RegisterGate,
    demo_tokens: DemoTokens,
) -> None:
    name = f"Assistant {uuid.uuid4().hex[:8]}"
    channel = open_channel(register.grpc_target, *caller)
    try:
        entry = OwnRegisterEntry(gate, channel, purpose=PURPOSE, system_name=name)
        # Nothing approved under that name yet: every use is denied, and it looks again later.
        with httpx.Client(base_url=register.base_url, timeout=30) as http:
            draft = http.post(
                "/v1/systems",
                json=system_body(name=name),
                headers=bearer(demo_tokens.for_role("ethics-officer")),
            )
            assert draft.status_code == 201, draft.text
            first = entry.check()
            assert not first.allowed
            assert first.reason is DenialReason.NOT_REGISTERED
            system_id = str(approved_system(http, demo_tokens, name=name)["id"])
        allowed = entry.check()
        assert allowed.allowed and allowed.system_id == system_id
        assert allowed.system_version == 4
        # A configured id wins over the lookup; another purpose is refused by the gate.
        configured = OwnRegisterEntry(
            gate, channel, purpose="benefit-eligibility", system_id=system_id
        )
        refused = configured.check()
        assert refused.system_id == system_id and not refused.allowed
        assert refused.reason is DenialReason.PURPOSE_MISMATCH
    finally:
        channel.close()
