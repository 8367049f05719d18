"""The CloudEvents 1.0 Kafka protocol binding, binary content mode.

Attributes travel as ``ce_*`` headers, the payload's media type as ``content-type``, the
W3C trace context as ``traceparent``/``tracestate``; the record value is the protobuf
payload and the key the aggregate id.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

SPEC_VERSION = "1.0"
REQUIRED_HEADERS = ("ce_specversion", "ce_id", "ce_source", "ce_type")
TRACE_HEADERS = ("traceparent", "tracestate")


class InvalidEvent(ValueError):
    """A record that is not a valid CollectivIA CloudEvent; it cannot be retried."""


@dataclass(frozen=True)
class CloudEvent:
    id: str
    source: str
    type: str
    time: datetime
    data_content_type: str
    subject: str | None = None

    def kafka_headers(self, trace_carrier: Mapping[str, str]) -> list[tuple[str, bytes]]:
        headers = {
            "ce_specversion": SPEC_VERSION,
            "ce_id": self.id,
            "ce_source": self.source,
            "ce_type": self.type,
            "ce_time": self.time.isoformat(),
            "content-type": self.data_content_type,
        }
        if self.subject is not None:
            headers["ce_subject"] = self.subject
        headers.update({k: v for k, v in trace_carrier.items() if k in TRACE_HEADERS})
        return [(name, value.encode()) for name, value in headers.items()]


def decode_headers(raw: Iterable[tuple[str, bytes | None]] | None) -> dict[str, str]:
    headers: dict[str, str] = {}
    for name, value in raw or ():
        try:
            headers[name] = (value or b"").decode()
        except UnicodeDecodeError:
            raise InvalidEvent(f"header {name!r} is not UTF-8") from None
    return headers


def parse_cloud_event(headers: Mapping[str, str]) -> CloudEvent:
    # Checked in one expression first: this runs for every record a consumer takes.
    if not (
        headers.get("ce_specversion")
        and headers.get("ce_id")
        and headers.get("ce_source")
        and headers.get("ce_type")
    ):
        missing = [name for name in REQUIRED_HEADERS if not headers.get(name)]
        raise InvalidEvent(f"missing CloudEvents headers: {', '.join(missing)}")
    if headers["ce_specversion"] != SPEC_VERSION:
        raise InvalidEvent(f"unsupported CloudEvents specversion {headers['ce_specversion']!r}")
    try:
        time = datetime.fromisoformat(headers["ce_time"])
    except (KeyError, ValueError):
        raise InvalidEvent("ce_time is missing or not an RFC 3339 timestamp") from None
    return CloudEvent(
        id=headers["ce_id"],
        source=headers["ce_source"],
        type=headers["ce_type"],
        time=time,
        data_content_type=headers.get("content-type", ""),
        subject=headers.get("ce_subject"),
    )
