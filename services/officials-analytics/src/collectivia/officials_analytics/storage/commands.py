"""Maintenance commands of the analytics tables a scheduler runs, like the data lake's
(``collectivia-officials-analytics expire-snapshots``, ``compact``): the sink commits every
few seconds, so the tables gather snapshots and small files."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from collectivia.lakehouse.maintenance import TableMaintenance
from collectivia.officials_analytics.settings import OfficialsAnalyticsSettings
from collectivia.officials_analytics.storage.area import StorageSettings
from collectivia.platform.definition import Command

log = logging.getLogger(__name__)


def expire_snapshots(_settings: OfficialsAnalyticsSettings) -> int:
    """Forget the versions of every analytics table older than the retention (keeping the
    last ones), and delete the files only they used."""
    storage = StorageSettings()
    lakehouse = storage.open_lakehouse(storage.namespace)
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


def compact(_settings: OfficialsAnalyticsSettings) -> int:
    """Merge the small files of every analytics table (one per month partition): the same
    rows in a new version. A commit of the sink meanwhile makes the compaction's commit
    fail (nothing lost): run it again."""
    storage = StorageSettings()
    lakehouse = storage.open_lakehouse(storage.namespace)
    maintenance = TableMaintenance(lakehouse=lakehouse)
    for dataset_id in lakehouse.dataset_ids():
        result = maintenance.compact(dataset_id)
        log.info("compacted %s: %d → %d files", dataset_id, result.files_before, result.files_after)
    return 0


COMMANDS: dict[str, Command[OfficialsAnalyticsSettings]] = {
    "expire-snapshots": expire_snapshots,
    "compact": compact,
}
