"""Maintenance commands a scheduler runs (``collectivia-data-lake expire-snapshots``)."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from collectivia.data_lake.settings import DataLakeSettings
from collectivia.data_lake.storage.area import StorageSettings, open_lakehouse
from collectivia.lakehouse.maintenance import TableMaintenance
from collectivia.platform.definition import Command

log = logging.getLogger(__name__)


def expire_snapshots(_settings: DataLakeSettings) -> int:
    """Forget the versions older than the retention (keeping the last ones) in every
    dataset, and delete the files only they used."""
    storage = StorageSettings()
    lakehouse = open_lakehouse(storage)
    maintenance = TableMaintenance(lakehouse=lakehouse)
    older_than = datetime.now(UTC) - timedelta(days=storage.snapshot_retention_days)
    for dataset_id in lakehouse.dataset_ids():
        result = maintenance.expire(
            dataset_id, older_than=older_than, keep_last=storage.snapshot_keep_last
        )
        log.info(
            "expired %d snapshots of %s, removed %d files",
            result.snapshots_expired,
            dataset_id,
            result.files_removed,
        )
    return 0


def compact(_settings: DataLakeSettings) -> int:
    """Merge the small files of every dataset (telemetry appends many)."""
    lakehouse = open_lakehouse(StorageSettings())
    maintenance = TableMaintenance(lakehouse=lakehouse)
    for dataset_id in lakehouse.dataset_ids():
        result = maintenance.compact(dataset_id)
        log.info("compacted %s: %d → %d files", dataset_id, result.files_before, result.files_after)
    return 0


COMMANDS: dict[str, Command[DataLakeSettings]] = {
    "expire-snapshots": expire_snapshots,
    "compact": compact,
}
