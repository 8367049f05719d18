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
    payload: events_pb2.SystemRegistered | events_pb2.SystemStatusChanged,
) -> GateEntry:
    known_risk = RISK_CLASS_FROM_PROTO.get(payload.risk_class)
    known_status = STATUS_FROM_PROTO.get(payload.status)
    if not payload.system_id or known_risk is None or known_status is None or payload.version < 1:
        raise InvalidEvent("system_id, risk_class, status and version are required")
    # Carried by status changes since it was added; absent (older producers): not known.
    special = (
        payload.special_categories_approved
        if isinstance(payload, events_pb2.SystemStatusChanged)
        and payload.HasField("special_categories_approved")
        else None
    )
    return GateEntry(payload.purpose, known_risk, known_status, payload.version, special)


class RegisterEventHandler:
    """Handles ``SystemRegistered`` and ``SystemStatusChanged``: both carry what the gate
    needs (purpose, risk class, status, version; status changes the special-categories
    approval too) and who acted."""

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
        self._directory.upsert(payload.system_id, _gate_entry(payload))
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
