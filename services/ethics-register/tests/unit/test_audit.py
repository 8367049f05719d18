from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from collectivia.ethics_register.audit.service import AuditLog, AuditRecord
from collectivia.ethics_register.definition import SERVICE
from collectivia.platform.database import create_database_engine, create_session_factory


def test_an_event_is_logged_once_however_often_it_comes(tmp_path: Path) -> None:
    engine = create_database_engine(f"sqlite:///{tmp_path / 'audit.db'}")
    SERVICE.create_schema(engine)
    log = AuditLog(create_session_factory(engine))
    record = AuditRecord(
        "ce-1",
        "fr.collectivia.register.system-registered.v1",
        "sys-1",
        "sub-1",
        datetime.now(UTC),
        "{}",
    )
    assert log.append(record)
    assert not log.append(record)
    assert log.count("ce-1") == 1
    assert log.append(
        AuditRecord("ce-2", record.event_type, "sys-1", "sub-1", record.occurred_at, "{}")
    )
    assert [r.event_id for r in log.entries_for("sys-1")] == ["ce-1", "ce-2"]
