"""``collectivia-officials-analytics-jobs JOB``: maintenance of the analytics tables, once,
for a scheduler (the chart's CronJobs), like the data lake's. The sink commits every few
seconds: ``expire-snapshots`` forgets the versions past the retention (keeping the last ones)
and deletes the files no remaining version uses; ``compact`` merges the small files (a sink
commit meanwhile makes it fail, nothing lost: exit 3, run again)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from collectivia.lakehouse.maintenance import TableMaintenance
from collectivia.officials_analytics import messages
from collectivia.officials_analytics.settings import OfficialsAnalyticsSettings
from collectivia.officials_analytics.storage.area import StorageSettings
from collectivia.platform.jobs import Job, JobOutcome


def _maintenance(storage: StorageSettings) -> TableMaintenance:
    return TableMaintenance(lakehouse=storage.open_lakehouse(storage.namespace))


def expire_snapshots(_settings: OfficialsAnalyticsSettings) -> JobOutcome:
    storage = StorageSettings()
    cutoff = datetime.now(UTC) - timedelta(days=storage.snapshot_retention_days)
    results = _maintenance(storage).expire_every_table(
        older_than=cutoff, keep_last=storage.snapshot_keep_last
    )
    message = messages.JOB_SNAPSHOTS_EXPIRED.format(
        tables=len(results),
        expired=sum(r.snapshots_expired for r in results),
        cutoff=cutoff.date().isoformat(),
        keep_last=storage.snapshot_keep_last,
        removed=sum(r.files_removed for r in results),
        files=sum(r.files_after for r in results),
    )
    return JobOutcome(succeeded=True, message=message)


def compact(_settings: OfficialsAnalyticsSettings) -> JobOutcome:
    results = _maintenance(StorageSettings()).compact_every_table()
    message = messages.JOB_COMPACTED.format(
        tables=len(results),
        before=sum(r.files_before for r in results),
        after=sum(r.files_after for r in results),
    )
    return JobOutcome(succeeded=True, message=message)


JOBS: dict[str, Job[OfficialsAnalyticsSettings]] = {
    "expire-snapshots": expire_snapshots,
    "compact": compact,
}
