"""The register killed (SIGKILL, as a crash or the OOM killer would) while officers write
entries and the evidence of AI uses streams in: at restart its database is consistent — the
SQLite file passes its integrity and foreign-key checks, every write it acknowledged is there
with its whole history, no version is half-written, the evidence chain verifies, every use
sent is logged exactly once — and it takes writes again on the very entries that were being
changed."""

from __future__ import annotations

import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from collectivia.events.v1 import ai_pb2
from collectivia.platform.events.publisher import KafkaEventPublisher
from collectivia.platform.settings import KafkaSettings, ServiceSettings
from collectivia.platform.telemetry import setup_telemetry
from collectivia.testkit.fault_suite import register_environment
from collectivia.testkit.register_records import approved_system, system_body
from collectivia.testkit.restartable import RestartableService
from collectivia.testkit.servers import KafkaServer, KeycloakServer
from collectivia.testkit.tokens import DemoTokens, bearer
from collectivia.testkit.waiting import wait_until

pytestmark = [pytest.mark.integration, pytest.mark.timeout(600)]

WRITERS = 4
USES = 300


@pytest.fixture
def register(
    kafka_server: KafkaServer, keycloak_server: KeycloakServer, tmp_path: Path
) -> Iterator[RestartableService]:
    environment = register_environment(kafka_server, keycloak_server, tmp_path)
    with RestartableService("ethics-register", environment, folder=tmp_path) as register:
        yield register


@pytest.fixture
def publisher(kafka_server: KafkaServer) -> Iterator[KafkaEventPublisher]:
    settings = ServiceSettings(service_name="citizen-chat", client_id="x", client_secret="x")
    telemetry = setup_telemetry(settings)
    publisher = KafkaEventPublisher(
        KafkaSettings(bootstrap_servers=kafka_server.bootstrap_servers), "citizen-chat", telemetry
    )
    yield publisher
    publisher.close()
    telemetry.shutdown()


def _ai_used(system_id: str) -> ai_pb2.AiUsed:
    message = ai_pb2.AiUsed(
        use_id=str(uuid.uuid4()),
        system_id=system_id,
        system_version=1,
        purpose="citizen-information",
        service="citizen-chat",
        actor="9f86d081884c7d65",
        outcome=ai_pb2.OUTCOME_COMPLETED,
        human_review=ai_pb2.HUMAN_REVIEW_NONE,
        contribution="Réponse extractive sourcée.",
    )
    message.used_at.FromDatetime(datetime.now(UTC))
    return message


class Writers:
    """Officers creating and editing entries without pause; what the register acknowledged
    (entry id -> highest version answered 2xx)."""

    def __init__(self, base_url: str, token: str) -> None:
        self.acknowledged: dict[str, int] = {}
        self.failures = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._threads = [
            threading.Thread(target=self._write, args=(base_url, token), daemon=True)
            for _ in range(WRITERS)
        ]

    def __enter__(self) -> Writers:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(60)

    def _ack(self, answer: dict[str, Any]) -> None:
        with self._lock:
            self.acknowledged[answer["id"]] = answer["version"]

    def _write(self, base_url: str, token: str) -> None:
        with httpx.Client(base_url=base_url, timeout=10, headers=bearer(token)) as http:
            while not self._stop.is_set():
                try:
                    created = http.post("/v1/systems", json=system_body())
                    if created.status_code != 201:
                        continue
                    entry = created.json()
                    self._ack(entry)
                    for _ in range(3):
                        body = {**system_body(), "version": entry["version"]}
                        edited = http.put(f"/v1/systems/{entry['id']}", json=body)
                        if edited.status_code != 200:
                            break
                        entry = edited.json()
                        self._ack(entry)
                except httpx.HTTPError:
                    with self._lock:
                        self.failures += 1
                    time.sleep(0.2)


def _database_checks(path: Path) -> tuple[str, list[Any]]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
        foreign_keys = db.execute("PRAGMA foreign_key_check").fetchall()
    return integrity, foreign_keys


def test_a_register_killed_mid_write_restarts_consistent(
    register: RestartableService,
    publisher: KafkaEventPublisher,
    demo_tokens: DemoTokens,
    tmp_path: Path,
) -> None:
    officer = demo_tokens.for_role("ethics-officer")
    base_url = register.running.base_url
    with httpx.Client(base_url=base_url, timeout=30) as http:
        system = approved_system(http, demo_tokens)
    uses = [_ai_used(system["id"]) for _ in range(USES)]

    def send_uses() -> None:
        # Spread over the seconds around the kill: some consumed before, some redelivered.
        for use in uses:
            publisher.publish(use, key=system["id"])
            time.sleep(0.02)
        publisher.flush()

    sender = threading.Thread(target=send_uses, daemon=True)
    with Writers(base_url, officer) as writers:
        sender.start()
        wait_until(lambda: len(writers.acknowledged) >= 15, timeout=120, what="some writes")
        with httpx.Client(base_url=base_url, timeout=10) as http:
            logged_before = http.get(f"/v1/systems/{system['id']}/usage").json()["total_uses"]
        register.kill()  # writers are mid-request: some writes were never answered
        sender.join(60)
    acknowledged = dict(writers.acknowledged)
    assert writers.failures > 0, "the kill did not land during a request"
    assert logged_before < USES, "the kill did not land while evidence was streaming in"

    integrity, foreign_keys = _database_checks(tmp_path / "ethics-register.db")
    assert integrity == "ok"
    assert foreign_keys == []

    register.start()
    with httpx.Client(base_url=base_url, timeout=30, headers=bearer(officer)) as http:
        for entry_id, version in acknowledged.items():
            stored = http.get(f"/v1/systems/{entry_id}")
            assert stored.status_code == 200, f"acknowledged entry {entry_id} lost"
            current = stored.json()["version"]
            assert current >= version, f"{entry_id}: acknowledged v{version}, stored v{current}"
            history = http.get(f"/v1/systems/{entry_id}/history").json()
            versions = sorted(v["version"] for v in history)
            assert versions == list(range(1, current + 1)), f"{entry_id}: versions {versions}"
            # The entry takes writes again from the version the register says it has.
            edited = http.put(f"/v1/systems/{entry_id}", json={**system_body(), "version": current})
            assert edited.status_code == 200, edited.text

        # Every use sent is logged once (redelivered records after the restart included).
        usage = f"/v1/systems/{system['id']}/usage"
        wait_until(
            lambda: http.get(usage).json()["total_uses"] >= USES,
            timeout=120,
            what="every ai.used to be logged after the restart",
        )
        assert http.get(usage).json()["total_uses"] == USES
        for use in uses[:: USES // 30]:
            explained = http.get(f"/v1/decisions/{use.use_id}/explanation")
            assert explained.status_code == 200, explained.text
        dpo = bearer(demo_tokens.for_role("dpo"))
        report = http.get("/v1/evidence/verification", headers=dpo).json()
        assert report["intact"] is True, report
        assert report["checked_entries"] == USES, report
