"""One row per measurement received (the history); the latest is the one with the greatest
``measured_at``, whatever the order the events arrived in."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from collectivia.ethics_register.database import Base, UtcDateTime


class PerformanceMeasurementRow(Base):
    __tablename__ = "performance_measurements"
    __table_args__ = (
        Index("ix_performance_measurements_latest", "system_id", "measured_at"),
        Index("ix_performance_measurements_run", "system_id", "run_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # The CloudEvent id: a redelivered event is kept once.
    event_id: Mapped[str] = mapped_column(String(64), unique=True)
    system_id: Mapped[str] = mapped_column(String(64))
    system_version: Mapped[int] = mapped_column(Integer)
    service: Mapped[str] = mapped_column(String(100))
    run_id: Mapped[str | None] = mapped_column(String(64))
    measured_at: Mapped[datetime] = mapped_column(UtcDateTime)
    method: Mapped[str] = mapped_column(Text)
    # JSON: [{"name", "value", "unit", "description"}, ...] in the order measured.
    metrics: Mapped[str] = mapped_column(Text)
    # JSON: the ids of the data the measurement ran on.
    data_sources: Mapped[str] = mapped_column(Text)
    samples: Mapped[int] = mapped_column(Integer)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)
