"""Kafka stopped while citizens use the chat: questions are still answered (the register's
gate needs no Kafka), and every event of those answers — ``answer-produced`` and the
``ai.used`` evidence the register keeps — is delivered once Kafka is back: none lost, none
invented (a record the producer sends again keeps its event id), each use kept once.

The broker is a private one (its own ports and data), never the shared one. The outage lasts
OUTAGE_SECONDS (20 s, plus the broker's restart) rather than the issue's minute: under the
producer's delivery timeout (60 s) the producer's own buffer carries the events through; the
transactional outbox carries them through any outage, and this test holds with it too.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from collectivia.platform.events.catalogue import ANSWER_PRODUCED
from collectivia.testkit.fault_suite import ask, chat_environment, register_environment
from collectivia.testkit.private_servers import PrivateKafka, start_private_kafka
from collectivia.testkit.processes import ServiceProcess, running_process
from collectivia.testkit.register_records import approved_system
from collectivia.testkit.servers import KeycloakServer
from collectivia.testkit.tokens import DemoTokens
from collectivia.testkit.topics import read_topic
from collectivia.testkit.waiting import wait_until

pytestmark = [pytest.mark.integration, pytest.mark.embedding_model, pytest.mark.timeout(600)]

OUTAGE_SECONDS = 20


@pytest.fixture(scope="module")
def private_kafka(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrivateKafka]:
    kafka = start_private_kafka(tmp_path_factory.mktemp("private-kafka"))
    yield kafka
    kafka.stop()


@pytest.fixture(scope="module")
def register(
    private_kafka: PrivateKafka, keycloak_server: KeycloakServer, tmp_path_factory: Any
) -> Iterator[ServiceProcess]:
    folder: Path = tmp_path_factory.mktemp("register-on-private-kafka")
    environment = register_environment(private_kafka, keycloak_server, folder)
    with running_process("ethics-register", environment, folder=folder) as process:
        yield process


@pytest.fixture(scope="module")
def chat_system(register: ServiceProcess, demo_tokens: DemoTokens) -> str:
    """The chat's approved entry in the register."""
    with httpx.Client(base_url=register.base_url, timeout=30) as http:
        return str(approved_system(http, demo_tokens)["id"])


@pytest.fixture(scope="module")
def chat(
    private_kafka: PrivateKafka,
    keycloak_server: KeycloakServer,
    register: ServiceProcess,
    chat_system: str,
    tmp_path_factory: Any,
) -> Iterator[ServiceProcess]:
    folder: Path = tmp_path_factory.mktemp("chat-on-private-kafka")
    environment = chat_environment(private_kafka, keycloak_server, register, chat_system, folder)
    with running_process("citizen-chat", environment, folder=folder) as process:
        yield process


def _answer_events(bootstrap: str, conversations: list[str]) -> dict[str, Counter[str]]:
    """The ``answer-produced`` records of each answer id: how many of each event id (a record
    sent again after a broker restart keeps its event id; consumers skip it)."""
    seen: dict[str, Counter[str]] = {}
    for conversation in conversations:
        for _, headers in read_topic(bootstrap, ANSWER_PRODUCED.topic, conversation.encode()):
            answer_id = headers["ce_subject"].decode()
            seen.setdefault(answer_id, Counter())[headers["ce_id"].decode()] += 1
    return seen


def _evidence_kept(register: httpx.Client, answer_id: str) -> bool:
    return register.get(f"/v1/decisions/{answer_id}/explanation").status_code == 200


def test_answers_go_on_while_kafka_is_stopped_and_their_events_arrive_after(
    private_kafka: PrivateKafka, register: ServiceProcess, chat: ServiceProcess, chat_system: str
) -> None:
    with (
        httpx.Client(base_url=chat.base_url, timeout=30) as citizen,
        httpx.Client(base_url=register.base_url, timeout=30) as public,
    ):
        # Before: the producers know the topics' partitions.
        before = ask(citizen)
        wait_until(lambda: _evidence_kept(public, before["answer_id"]), what="evidence before")

        private_kafka.stop()
        assert not private_kafka.reachable(), "the broker still answers"
        during: list[dict[str, Any]] = []
        ends = time.monotonic() + OUTAGE_SECONDS
        slowest = 0.0
        while time.monotonic() < ends:
            began = time.monotonic()
            during.append(ask(citizen))
            slowest = max(slowest, time.monotonic() - began)
            time.sleep(1)
        print(f"Kafka stopped: {len(during)} answers, the slowest in {slowest:.1f} s")  # noqa: T201
        # The register's own pages and exports need no Kafka either.
        assert public.get("/v1/systems").status_code == 200
        private_kafka.start()

        assert len(during) >= 5
        refused = [answer for answer in during if answer["outcome"] == "unavailable"]
        assert refused == [], "the gate or the chat refused while only Kafka was away"
        assert all(answer["citations"] for answer in during), "answers lost their sources"

        answers = [before, *during]
        ids = [answer["answer_id"] for answer in answers]
        wait_until(
            lambda: all(_evidence_kept(public, answer_id) for answer_id in ids),
            timeout=120,
            what="the ai.used evidence of every answer given while Kafka was stopped",
        )
        conversations = [answer["conversation_id"] for answer in answers]
        wait_until(
            lambda: set(_answer_events(private_kafka.bootstrap_servers, conversations)) >= set(ids),
            timeout=60,
            what="answer-produced of every answer",
        )
        events = _answer_events(private_kafka.bootstrap_servers, conversations)
        # At least once, never a second event for one answer: consumers dedupe by event id.
        invented = {
            answer_id: dict(events[answer_id]) for answer_id in ids if len(events[answer_id]) != 1
        }
        assert invented == {}, "an answer announced under two event ids"
        resent = sum(sum(events[answer_id].values()) - 1 for answer_id in ids)
        print(f"answer-produced: {len(ids)} answers, {resent} records sent again")  # noqa: T201
        # Each use kept once in the register's evidence (redelivered records skipped).
        usage = public.get(f"/v1/systems/{chat_system}/usage").json()
        assert usage["total_uses"] == len(ids), usage
