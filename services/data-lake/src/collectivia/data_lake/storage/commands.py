"""Maintenance commands a scheduler runs (``collectivia-data-lake expire-snapshots``)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from collectivia.data_lake.settings import DataLakeSettings
from collectivia.data_lake.storage.area import StorageSettings, open_lakehouse
from collectivia.lakehouse.maintenance import TableMaintenance
from collectivia.platform.definition import Command


def expire_snapshots(_settings: DataLakeSettings) -> int:
    """Forget the versions older than the retention (keeping the last ones) in every
    dataset, and delete the files only they used."""
    storage = StorageSettings()
    TableMaintenance(lakehouse=open_lakehouse(storage)).expire_every_table(
        older_than=datetime.now(UTC) - timedelta(days=storage.snapshot_retention_days),
        keep_last=storage.snapshot_keep_last,
    )
    return 0


def compact(_settings: DataLakeSettings) -> int:
    """Merge the small files of every dataset (telemetry appends many)."""
    TableMaintenance(lakehouse=open_lakehouse(StorageSettings())).compact_every_table()
    return 0


COMMANDS: dict[str, Command[DataLakeSettings]] = {
    "expire-snapshots": expire_snapshots,
    "compact": compact,
}
