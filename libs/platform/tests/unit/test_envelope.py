from __future__ import annotations

from datetime import UTC, datetime

import pytest

from collectivia.events.v1 import register_pb2
from collectivia.platform.events.catalogue import (
    SYSTEM_REGISTERED,
    UnknownEventType,
    event_type_named,
    event_type_of,
)
from collectivia.platform.events.envelope import (
    CloudEvent,
    InvalidEvent,
    decode_headers,
    parse_cloud_event,
)

EVENT = CloudEvent(
    id="0b5c2f4e-1",
    source="ethics-register",
    type=SYSTEM_REGISTERED.ce_type,
    time=datetime(2026, 11, 26, 10, 0, tzinfo=UTC),
    data_content_type=SYSTEM_REGISTERED.content_type,
    subject="sys-1",
)
TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"


def test_binary_mode_headers_round_trip() -> None:
    headers = EVENT.kafka_headers({"traceparent": TRACEPARENT, "baggage": "ignored"})
    names = [name for name, _ in headers]
    assert {"ce_specversion", "ce_id", "ce_source", "ce_type", "ce_time", "ce_subject"} <= set(
        names
    )
    assert "content-type" in names
    assert "baggage" not in names
    decoded = decode_headers(headers)
    assert decoded["traceparent"] == TRACEPARENT
    assert parse_cloud_event(decoded) == EVENT


def test_topic_and_dead_letter_follow_the_type() -> None:
    assert SYSTEM_REGISTERED.topic == "register.system-registered.v1"
    assert SYSTEM_REGISTERED.dead_letter_topic == "register.system-registered.v1.dlq"
    assert "collectivia.events.v1.SystemRegistered" in SYSTEM_REGISTERED.content_type


@pytest.mark.parametrize("missing", ["ce_id", "ce_type", "ce_source", "ce_specversion"])
def test_missing_required_attribute_is_invalid(missing: str) -> None:
    headers = decode_headers(EVENT.kafka_headers({}))
    del headers[missing]
    with pytest.raises(InvalidEvent, match=missing):
        parse_cloud_event(headers)


def test_wrong_specversion_or_time_is_invalid() -> None:
    headers = decode_headers(EVENT.kafka_headers({}))
    with pytest.raises(InvalidEvent, match="specversion"):
        parse_cloud_event({**headers, "ce_specversion": "0.3"})
    with pytest.raises(InvalidEvent, match="ce_time"):
        parse_cloud_event({**headers, "ce_time": "yesterday"})


def test_non_utf8_header_is_invalid() -> None:
    with pytest.raises(InvalidEvent, match="UTF-8"):
        decode_headers([("ce_id", b"\xff\xfe")])


def test_catalogue_lookups() -> None:
    assert event_type_of(register_pb2.SystemRegistered()) is SYSTEM_REGISTERED
    assert event_type_named(SYSTEM_REGISTERED.ce_type) is SYSTEM_REGISTERED
    with pytest.raises(UnknownEventType):
        event_type_named("fr.collectivia.nothing.v1")
