"""Kafka handlers of the register's own events: audit records and gate updates.

The register consumes what it publishes so that every replica's gate learns of every
change, and so that the audit log records what was actually announced to the suite.
"""

from __future__ import annotations

from google.protobuf.json_format import MessageToJson

from collectivia.ethics_register.audit.service import AuditLog, AuditRecord
from collectivia.ethics_register.systems.contracts import RISK_CLASS_FROM_PROTO, STATUS_FROM_PROTO
from collectivia.ethics_register.systems.directory import GateEntry, SystemDirectory
from collectivia.events.v1 import register_pb2 as events_pb2
from collectivia.platform.events.consumer import ReceivedEvent
from collectivia.platform.events.envelope import InvalidEvent


def _gate_entry(
    system_id: str, purpose: str, risk_class: int, status: int, version: int
) -> GateEntry:
    known_risk = RISK_CLASS_FROM_PROTO.get(risk_class)  # type: ignore[call-overload]
    known_status = STATUS_FROM_PROTO.get(status)  # type: ignore[call-overload]
    if not system_id or known_risk is None or known_status is None or version < 1:
        raise InvalidEvent("system_id, risk_class, status and version are required")
    return GateEntry(purpose, known_risk, known_status, version)


class RegisterEventHandler:
    """Handles ``SystemRegistered`` and ``SystemStatusChanged``: both carry what the gate
    needs (purpose, risk class, status, version) and who acted."""

    def __init__(self, audit_log: AuditLog, directory: SystemDirectory) -> None:
        self._audit_log = audit_log
        self._directory = directory

    def __call__(self, event: ReceivedEvent) -> None:
        payload = event.payload
        if isinstance(payload, events_pb2.SystemRegistered):
            actor = payload.registered_by
        elif isinstance(payload, events_pb2.SystemStatusChanged):
            actor = payload.changed_by
        else:
            raise InvalidEvent(f"not a register event: {type(payload).__name__}")
        entry = _gate_entry(
            payload.system_id, payload.purpose, payload.risk_class, payload.status, payload.version
        )
        self._directory.upsert(payload.system_id, entry)
        self._audit_log.append(
            AuditRecord(
                event_id=event.cloud_event.id,
                event_type=event.cloud_event.type,
                subject=payload.system_id,
                actor=actor,
                occurred_at=event.cloud_event.time,
                details=MessageToJson(payload, indent=None),
            )
        )
