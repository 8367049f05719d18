"""Kafka handlers of the register: translate events into audit records and gate updates."""

from __future__ import annotations

from google.protobuf.json_format import MessageToJson

from collectivia.core.events.consumer import ReceivedEvent
from collectivia.core.events.envelope import InvalidEvent
from collectivia.ethics_register.audit.service import AuditLog, AuditRecord
from collectivia.ethics_register.systems.contracts import RISK_CLASS_FROM_PROTO, STATUS_FROM_PROTO
from collectivia.ethics_register.systems.gate import GateEntry, SystemDirectory
from collectivia.events.v1 import register_pb2 as events_pb2


def _gate_entry(payload: events_pb2.SystemRegistered) -> GateEntry:
    risk_class = RISK_CLASS_FROM_PROTO.get(payload.risk_class)
    status = STATUS_FROM_PROTO.get(payload.status)
    if not payload.system_id or risk_class is None or status is None or payload.version < 1:
        raise InvalidEvent("system_id, risk_class, status and version are required")
    return GateEntry(payload.purpose, risk_class, status, payload.version)


class SystemRegisteredHandler:
    def __init__(self, audit_log: AuditLog, directory: SystemDirectory) -> None:
        self._audit_log = audit_log
        self._directory = directory

    def __call__(self, event: ReceivedEvent) -> None:
        payload = event.payload
        assert isinstance(payload, events_pb2.SystemRegistered)
        self._directory.upsert(payload.system_id, _gate_entry(payload))
        self._audit_log.append(
            AuditRecord(
                event_id=event.cloud_event.id,
                event_type=event.cloud_event.type,
                subject=payload.system_id,
                actor=payload.registered_by,
                occurred_at=event.cloud_event.time,
                details=MessageToJson(payload, indent=None),
            )
        )
