"""The register away while citizens use the chat: the gate fails closed (no AI answer, the
citizen told in French and offered an agent), then the chat recovers by itself once the
register is back — without restarting the chat. Two ways to be away: the process is killed
(connections refused), or it hangs (SIGSTOP: connections accepted, nothing answered)."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from collectivia.testkit.fault_suite import ask, chat_environment, register_environment
from collectivia.testkit.french import assert_french
from collectivia.testkit.processes import ServiceProcess, running_process
from collectivia.testkit.register_records import approved_system
from collectivia.testkit.restartable import RestartableService
from collectivia.testkit.servers import KafkaServer, KeycloakServer
from collectivia.testkit.tokens import DemoTokens
from collectivia.testkit.waiting import wait_until

pytestmark = [pytest.mark.integration, pytest.mark.embedding_model, pytest.mark.timeout(600)]

# The register lets the gate keep an answer this long (its default: 5 s).
GATE_CACHE_SECONDS = 5


@pytest.fixture(scope="module")
def register(
    kafka_server: KafkaServer, keycloak_server: KeycloakServer, tmp_path_factory: Any
) -> Iterator[RestartableService]:
    folder: Path = tmp_path_factory.mktemp("register-to-stop")
    environment = register_environment(kafka_server, keycloak_server, folder)
    with RestartableService("ethics-register", environment, folder=folder) as register:
        yield register


@pytest.fixture(scope="module")
def chat(
    kafka_server: KafkaServer,
    keycloak_server: KeycloakServer,
    register: RestartableService,
    demo_tokens: DemoTokens,
    tmp_path_factory: Any,
) -> Iterator[ServiceProcess]:
    with httpx.Client(base_url=register.running.base_url, timeout=30) as http:
        system = approved_system(http, demo_tokens)
    folder: Path = tmp_path_factory.mktemp("chat-of-a-stopped-register")
    environment = chat_environment(
        kafka_server, keycloak_server, register.running, system["id"], folder
    )
    with running_process("citizen-chat", environment, folder=folder) as process:
        yield process


def _refused(http: httpx.Client) -> dict[str, Any] | None:
    """The chat's answer when it is the fail-closed one, else None."""
    answer = ask(http)
    return answer if answer["outcome"] == "unavailable" else None


def _assert_fail_closed(answer: dict[str, Any] | None) -> None:
    assert answer is not None
    assert answer["citations"] == [], "an AI answer was given without the register's consent"
    assert answer["offer_handoff"] is True
    assert "momentanément indisponible" in answer["text"], answer["text"]
    assert_french(answer["text"])


def test_killed_register_closes_the_gate_and_it_reopens_by_itself(
    register: RestartableService, chat: ServiceProcess
) -> None:
    with httpx.Client(base_url=chat.base_url, timeout=30) as http:
        assert ask(http)["outcome"] == "answered"

        register.kill()
        closed = wait_until(
            lambda: _refused(http),
            timeout=GATE_CACHE_SECONDS + 20,
            interval=0.5,
            what="the gate to close once its cached answer is over",
        )
        _assert_fail_closed(closed)
        # Closed stays closed: no answer slips through while the register is away.
        for _ in range(3):
            answer = ask(http)
            assert answer["outcome"] == "unavailable"

        register.start()
        wait_until(
            lambda: ask(http)["outcome"] == "answered",
            timeout=90,
            interval=0.5,
            what="the chat to answer again once the register is back (no restart)",
        )


def test_hung_register_closes_the_gate_within_its_deadline(
    register: RestartableService, chat: ServiceProcess
) -> None:
    with httpx.Client(base_url=chat.base_url, timeout=30) as http:
        wait_until(lambda: ask(http)["outcome"] == "answered", timeout=60, what="an answer")
        os.kill(register.pid, signal.SIGSTOP)
        try:
            closed = wait_until(
                lambda: _refused(http),
                timeout=GATE_CACHE_SECONDS + 30,
                interval=0.5,
                what="the gate to close when the register does not answer",
            )
            _assert_fail_closed(closed)
        finally:
            os.kill(register.pid, signal.SIGCONT)
        wait_until(
            lambda: ask(http)["outcome"] == "answered",
            timeout=90,
            interval=0.5,
            what="the chat to answer again once the register answers",
        )
