"""Translation between the register's domain values and the protobuf contracts."""

from __future__ import annotations

from datetime import UTC, datetime

from collectivia.ethics_register.systems.lifecycle import (
    SystemStatus,
    special_categories_approved,
)
from collectivia.ethics_register.systems.record import RiskClass
from collectivia.ethics_register.systems.schemas import SystemRead
from collectivia.events.v1 import register_pb2 as events_pb2
from collectivia.platform.events.payloads import timestamp
from collectivia.register.v1 import register_pb2, types_pb2

RISK_CLASS_TO_PROTO = {
    RiskClass.MINIMAL: types_pb2.RISK_CLASS_MINIMAL,
    RiskClass.LIMITED: types_pb2.RISK_CLASS_LIMITED,
    RiskClass.HIGH: types_pb2.RISK_CLASS_HIGH,
    RiskClass.PROHIBITED: types_pb2.RISK_CLASS_PROHIBITED,
}
STATUS_TO_PROTO = {
    SystemStatus.DRAFT: types_pb2.SYSTEM_STATUS_DRAFT,
    SystemStatus.IN_REVIEW: types_pb2.SYSTEM_STATUS_IN_REVIEW,
    SystemStatus.APPROVED: types_pb2.SYSTEM_STATUS_APPROVED,
    SystemStatus.SUSPENDED: types_pb2.SYSTEM_STATUS_SUSPENDED,
    SystemStatus.RETIRED: types_pb2.SYSTEM_STATUS_RETIRED,
}
RISK_CLASS_FROM_PROTO = {v: k for k, v in RISK_CLASS_TO_PROTO.items()}
STATUS_FROM_PROTO = {v: k for k, v in STATUS_TO_PROTO.items()}


def system_registered_event(system: SystemRead, registered_by: str) -> events_pb2.SystemRegistered:
    return events_pb2.SystemRegistered(
        system_id=system.id,
        name=system.name,
        purpose=system.purpose,
        owner=system.owner or "",
        risk_class=RISK_CLASS_TO_PROTO[system.risk_class],
        status=STATUS_TO_PROTO[system.status],
        version=system.version,
        registered_by=registered_by,
        registered_at=timestamp(system.created_at),
    )


def system_status_changed_event(
    system: SystemRead, previous: SystemStatus, changed_by: str, reason: str
) -> events_pb2.SystemStatusChanged:
    return events_pb2.SystemStatusChanged(
        system_id=system.id,
        previous_status=STATUS_TO_PROTO[previous],
        status=STATUS_TO_PROTO[system.status],
        version=system.version,
        purpose=system.purpose,
        risk_class=RISK_CLASS_TO_PROTO[system.risk_class],
        changed_by=changed_by,
        reason=reason,
        changed_at=timestamp(datetime.now(UTC)),
        special_categories_approved=special_categories_approved(
            system.status, system.special_category_data
        ),
    )


def system_message(system: SystemRead) -> register_pb2.System:
    return register_pb2.System(
        id=system.id,
        name=system.name,
        purpose=system.purpose,
        description=system.summary or system.description or "",
        owner=system.owner or "",
        risk_class=RISK_CLASS_TO_PROTO[system.risk_class],
        status=STATUS_TO_PROTO[system.status],
        version=system.version,
        created_at=timestamp(system.created_at),
        updated_at=timestamp(system.updated_at),
    )
