"""``collectivia-data-lake-jobs JOB``: the lake's maintenance, once, for a scheduler (the
chart's CronJobs). ``expire-snapshots`` forgets the versions past the retention (keeping the
last ones) and deletes the files no remaining version uses — what the expiry leaves at once,
what failed writes left (orphans) once a day old; ``compact`` merges every dataset's small
files."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from collectivia.data_lake import messages
from collectivia.data_lake.settings import DataLakeSettings
from collectivia.data_lake.storage.area import StorageSettings, open_lakehouse
from collectivia.lakehouse.maintenance import TableMaintenance
from collectivia.platform.jobs import Job, JobOutcome


def expire_snapshots(_settings: DataLakeSettings) -> JobOutcome:
    storage = StorageSettings()
    cutoff = datetime.now(UTC) - timedelta(days=storage.snapshot_retention_days)
    results = TableMaintenance(lakehouse=open_lakehouse(storage)).expire_every_table(
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


def compact(_settings: DataLakeSettings) -> JobOutcome:
    results = TableMaintenance(lakehouse=open_lakehouse(StorageSettings())).compact_every_table()
    message = messages.JOB_COMPACTED.format(
        tables=len(results),
        before=sum(r.files_before for r in results),
        after=sum(r.files_after for r in results),
    )
    return JobOutcome(succeeded=True, message=message)


JOBS: dict[str, Job[DataLakeSettings]] = {
    "expire-snapshots": expire_snapshots,
    "compact": compact,
}
