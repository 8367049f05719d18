"""AI-literacy records on the real broker and Keycloak: the assistant's charter acceptances
are counted per department and charter version, for staff only."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from collectivia.events.v1 import assistant_pb2
from collectivia.platform.events.publisher import KafkaEventPublisher
from collectivia.platform.telemetry import setup_telemetry
from collectivia.testkit.tokens import DemoTokens, bearer
from collectivia.testkit.waiting import wait_until
from ethics_register_testing.running import RunningRegister

pytestmark = pytest.mark.integration


@pytest.fixture
def publisher(register: RunningRegister) -> Iterator[KafkaEventPublisher]:
    publisher = KafkaEventPublisher(
        register.settings.kafka, "agent-assistant", setup_telemetry(register.settings)
    )
    yield publisher
    publisher.close()


def accepted(agent: str, department: str, version: str) -> assistant_pb2.CharterAccepted:
    message = assistant_pb2.CharterAccepted(
        agent=agent, department=department, charter_version=version
    )
    message.accepted_at.FromDatetime(datetime.now(UTC))
    return message


def test_charter_acceptances_are_counted_per_department_and_version(
    http: httpx.Client, demo_tokens: DemoTokens, publisher: KafkaEventPublisher
) -> None:
    department = f"etat-civil-{uuid.uuid4().hex[:6]}"
    other = f"dechets-{uuid.uuid4().hex[:6]}"
    alice, bob = uuid.uuid4().hex, uuid.uuid4().hex
    for agent, where, version in [
        (alice, department, "1"),
        (bob, department, "1"),
        (alice, department, "1"),  # accepted twice: one agent still
        (alice, department, "2"),
        (bob, other, "2"),
    ]:
        publisher.publish(accepted(agent, where, version), key=agent, wait=True)
    staff = bearer(demo_tokens.for_role("ethics-officer"))

    def counts() -> dict[tuple[str, str], int] | None:
        response = http.get("/v1/literacy/charter-acceptances", headers=staff)
        response.raise_for_status()
        rows: list[dict[str, Any]] = response.json()
        found = {
            (r["department"], r["charter_version"]): r["agents"]
            for r in rows
            if r["department"] in (department, other)
        }
        return found if sum(found.values()) == 4 else None

    assert wait_until(counts, timeout=30, what="the acceptances counted") == {
        (department, "1"): 2,
        (department, "2"): 1,
        (other, "2"): 1,
    }


def test_the_literacy_records_are_for_staff_only(
    http: httpx.Client, demo_tokens: DemoTokens
) -> None:
    assert http.get("/v1/literacy/charter-acceptances").status_code == 401
    agent = bearer(demo_tokens.for_role("agent"))
    assert http.get("/v1/literacy/charter-acceptances", headers=agent).status_code == 403
