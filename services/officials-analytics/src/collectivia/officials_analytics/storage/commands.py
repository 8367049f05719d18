"""Maintenance commands of the analytics tables a scheduler runs, like the data lake's
(``collectivia-officials-analytics expire-snapshots``, ``compact``): the sink commits every
few seconds, so the tables gather snapshots and small files."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from collectivia.lakehouse.maintenance import TableMaintenance
from collectivia.officials_analytics.settings import OfficialsAnalyticsSettings
from collectivia.officials_analytics.storage.area import StorageSettings
from collectivia.platform.definition import Command


def expire_snapshots(_settings: OfficialsAnalyticsSettings) -> int:
    """Forget the versions of every analytics table older than the retention (keeping the
    last ones), and delete the files only they used."""
    storage = StorageSettings()
    maintenance = TableMaintenance(lakehouse=storage.open_lakehouse(storage.namespace))
    maintenance.expire_every_table(
        older_than=datetime.now(UTC) - timedelta(days=storage.snapshot_retention_days),
        keep_last=storage.snapshot_keep_last,
    )
    return 0


def compact(_settings: OfficialsAnalyticsSettings) -> int:
    """Merge the small files of every analytics table (one per month partition): the same
    rows in a new version. A commit of the sink meanwhile makes the compaction's commit
    fail (nothing lost): run it again."""
    storage = StorageSettings()
    TableMaintenance(lakehouse=storage.open_lakehouse(storage.namespace)).compact_every_table()
    return 0


COMMANDS: dict[str, Command[OfficialsAnalyticsSettings]] = {
    "expire-snapshots": expire_snapshots,
    "compact": compact,
}
