"""The register's event flow on the real broker: dead letters, and a broker restart."""

from __future__ import annotations

import threading
import uuid
from collections import Counter
from datetime import UTC, datetime

import httpx
import pytest
from kafka import KafkaProducer

from collectivia.ethics_register.audit.service import AuditLog
from collectivia.events.v1 import register_pb2 as events_pb2
from collectivia.platform.errors import DependencyUnavailable
from collectivia.platform.events.catalogue import SYSTEM_REGISTERED
from collectivia.platform.events.envelope import CloudEvent
from collectivia.platform.events.publisher import KafkaEventPublisher
from collectivia.platform.telemetry import setup_telemetry
from collectivia.register.v1 import types_pb2
from collectivia.testkit.register_records import SystemBody
from collectivia.testkit.servers import KafkaServer
from collectivia.testkit.tokens import DemoTokens
from collectivia.testkit.topics import dead_letters_of, read_topic
from collectivia.testkit.waiting import wait_until
from ethics_register_testing.running import RunningRegister

pytestmark = pytest.mark.integration


def test_bad_records_are_dead_lettered_and_the_consumer_goes_on(
    register: RunningRegister,
    kafka_server: KafkaServer,
    http: httpx.Client,
    demo_tokens: DemoTokens,
    system_body: SystemBody,
) -> None:
    marker = f"bad-{uuid.uuid4().hex[:8]}"

    def valid_headers() -> list[tuple[str, bytes]]:
        # A fresh ce_id each: the consumer skips ids it has already handled or parked.
        return CloudEvent(
            id=str(uuid.uuid4()),
            source="test",
            type=SYSTEM_REGISTERED.ce_type,
            time=datetime.now(UTC),
            data_content_type=SYSTEM_REGISTERED.content_type,
        ).kafka_headers({})

    unknown_risk = events_pb2.SystemRegistered(system_id=marker, version=1).SerializeToString()
    producer = KafkaProducer(bootstrap_servers=kafka_server.bootstrap_servers, acks="all")
    partitions = sorted(producer.partitions_for(SYSTEM_REGISTERED.topic))
    for partition in partitions:  # in front of whatever comes next, on every partition
        key = f"{marker}-{partition}".encode()
        producer.send(
            SYSTEM_REGISTERED.topic, key=key + b"-noheaders", value=b"junk", partition=partition
        )
        producer.send(
            SYSTEM_REGISTERED.topic,
            key=key + b"-truncated",
            value=b"\x0a\xff",
            headers=valid_headers(),
            partition=partition,
        )
        producer.send(
            SYSTEM_REGISTERED.topic,
            key=key + b"-handler",
            value=unknown_risk,
            headers=valid_headers(),
            partition=partition,
        )
    producer.flush(30)
    producer.close()

    created = http.post(
        "/v1/systems",
        json=system_body(),
        headers={"Authorization": f"Bearer {demo_tokens.for_role('ethics-officer')}"},
    )
    assert created.status_code == 201
    system_id = created.json()["id"]
    wait_until(
        lambda: register.service.get(AuditLog).entries_for(system_id), what="the audit entry"
    )

    expected = 3 * len(partitions)

    def dead_letters() -> list[tuple[bytes, dict[str, bytes]]]:
        found = dead_letters_of(
            kafka_server.bootstrap_servers,
            SYSTEM_REGISTERED.topic,
            marker.encode(),
            register.settings.consumer_group,
        )
        return found if len(found) >= expected else []

    parked = wait_until(dead_letters, what=f"{expected} dead letters")
    assert len(parked) == expected
    errors = {key.decode().rsplit("-", 1)[-1]: headers for key, headers in parked}
    assert errors["noheaders"]["collectivia_error_type"] == b"InvalidEvent"
    assert b"missing CloudEvents headers" in errors["noheaders"]["collectivia_error_message"]
    assert errors["truncated"]["collectivia_error_type"] == b"InvalidEvent"
    # Refused by the handler as unusable: parked at the first attempt, not retried.
    assert errors["handler"]["collectivia_error_type"] == b"InvalidEvent"
    assert errors["handler"]["collectivia_delivery_attempts"] == b"1"
    assert errors["handler"]["collectivia_original_topic"] == SYSTEM_REGISTERED.topic.encode()


def test_broker_restart_loses_no_acknowledged_event_and_applies_none_twice(
    register: RunningRegister, kafka_server: KafkaServer
) -> None:
    run = f"restart-{uuid.uuid4().hex[:8]}"
    publisher = KafkaEventPublisher(
        register.settings.kafka, "restart-test", setup_telemetry(register.settings)
    )
    acknowledged: list[str] = []
    refused: list[int] = []
    stop = threading.Event()

    def publish_until_stopped() -> None:
        for i in range(100_000):
            if stop.is_set():
                return
            event = events_pb2.SystemRegistered(
                system_id=f"{run}-{i}",
                name="Test",
                purpose="restart-test",
                owner="tests",
                risk_class=types_pb2.RISK_CLASS_MINIMAL,
                status=types_pb2.SYSTEM_STATUS_DRAFT,
                version=1,
                registered_by="test",
            )
            try:
                acknowledged.append(publisher.publish(event, key=f"{run}-{i}", wait=True))
            except DependencyUnavailable:
                refused.append(i)

    thread = threading.Thread(target=publish_until_stopped, daemon=True)
    thread.start()
    try:
        wait_until(lambda: len(acknowledged) >= 50, what="events before the restart")
        kafka_server.restart()
        after_restart = len(acknowledged)
        wait_until(
            lambda: len(acknowledged) >= after_restart + 50,
            timeout=90,
            what="publishing to resume after the restart",
        )
    finally:
        stop.set()
        thread.join(120)
        publisher.close()

    audit = register.service.get(AuditLog)
    # The consumer rejoins its group once the restarted broker has loaded the group's offsets:
    # on a loaded CI machine, more than a minute.
    wait_until(
        lambda: all(audit.count(ce_id) == 1 for ce_id in acknowledged[-20:]),
        timeout=180,
        what="the last events to be consumed",
    )
    missing = [ce_id for ce_id in acknowledged if audit.count(ce_id) != 1]
    assert missing == [], f"{len(missing)} acknowledged events were not applied exactly once"
    on_topic = Counter(
        headers["ce_id"].decode()
        for _, headers in read_topic(
            kafka_server.bootstrap_servers, SYSTEM_REGISTERED.topic, run.encode()
        )
    )
    assert set(acknowledged) <= set(on_topic)
    duplicates = {ce_id: n for ce_id, n in on_topic.items() if n > 1}
    assert duplicates == {}, "the idempotent producer wrote an event twice"
