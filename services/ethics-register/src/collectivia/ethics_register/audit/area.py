"""The audit area: the register's own events, consumed back, so that every replica's gate
learns of every change and the audit log records what was announced to the suite."""

from __future__ import annotations

from collectivia.ethics_register.audit.handlers import RegisterEventHandler
from collectivia.ethics_register.audit.models import AuditEntry
from collectivia.ethics_register.audit.service import AuditLog
from collectivia.ethics_register.systems.directory import SystemDirectory
from collectivia.platform.areas import Area, Subscription
from collectivia.platform.assembly import AreaContext
from collectivia.platform.events.catalogue import SYSTEM_REGISTERED, SYSTEM_STATUS_CHANGED


def build(context: AreaContext) -> RegisterEventHandler:
    audit_log = AuditLog(context.sessions)
    context.provide(audit_log)
    return RegisterEventHandler(audit_log, context.get(SystemDirectory))


def handler(events: RegisterEventHandler) -> RegisterEventHandler:
    return events


AREA = Area(
    name="audit",
    summary="The register's own events consumed back: every replica's gate learns of every "
    "change; the audit log keeps what was announced.",
    build=build,
    tables=(AuditEntry,),
    subscriptions=(
        Subscription(SYSTEM_REGISTERED, handler=handler),
        Subscription(SYSTEM_STATUS_CHANGED, handler=handler),
    ),
)
