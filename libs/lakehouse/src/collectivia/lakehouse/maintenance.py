"""Keeping the tables lean and the erased really gone: snapshot expiry, small-file
compaction, erasure of a person's rows, and removal of the files no snapshot references
(an expiry's at once, a failed write's once a day old: a younger one may be a write in
progress).

pyiceberg 0.12 expires snapshots from the metadata only and has no orphan-file removal or
compaction action, so both are written here, on its public scan and inspect APIs."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from pyarrow import fs as arrow_fs
from pyiceberg.expressions import BooleanExpression
from pyiceberg.io.pyarrow import PyArrowFileIO
from pyiceberg.table import Table
from pyiceberg.table.snapshots import Snapshot

from collectivia.lakehouse.tables import Lakehouse

log = logging.getLogger(__name__)

# A file no version ever named may belong to a write not yet committed (the services write
# while a scheduled expiry runs): it is deleted as an orphan only once this old.
ORPHAN_MIN_AGE = timedelta(days=1)


@dataclass(frozen=True)
class MaintenanceResult:
    dataset_id: str
    snapshots_expired: int
    files_removed: int
    files_before: int
    files_after: int


class TableMaintenance:
    def __init__(self, *, lakehouse: Lakehouse) -> None:
        self._lakehouse = lakehouse

    def expire(self, dataset_id: str, *, older_than: datetime, keep_last: int) -> MaintenanceResult:
        """Forget the versions older than ``older_than``, always keeping the last
        ``keep_last`` ones, and delete the files only they used."""
        table = self._lakehouse.table(dataset_id)
        versions = self._lakehouse.versions(dataset_id)
        kept_versions = {v.snapshot_id for v in versions[-max(keep_last, 1) :]}
        kept_versions |= {v.snapshot_id for v in versions if v.committed_at >= older_than}
        oldest_kept = min(
            (v.committed_at for v in versions if v.snapshot_id in kept_versions), default=None
        )
        expired = [
            s.snapshot_id
            for s in table.snapshots()
            if oldest_kept is None or s.timestamp_ms < oldest_kept.timestamp() * 1000
        ]
        files_before = len(table.inspect.data_files())
        released = _referenced(table, [s for s in table.snapshots() if s.snapshot_id in expired])
        if expired:
            table.maintenance.expire_snapshots().by_ids(expired).commit()
        removed = remove_unreferenced_files(
            self._lakehouse.table(dataset_id),
            released=released,
            orphans_written_before=datetime.now(UTC) - ORPHAN_MIN_AGE,
        )
        return MaintenanceResult(
            dataset_id, len(expired), removed, files_before, self._data_file_count(dataset_id)
        )

    def compact(self, dataset_id: str) -> MaintenanceResult:
        """Rewrite the current rows into as few files as the partitioning allows (a new
        version with the same rows), when there is more than one file to merge."""
        table = self._lakehouse.table(dataset_id)
        files_before = self._data_file_count(dataset_id)
        if files_before <= 1:
            return MaintenanceResult(dataset_id, 0, 0, files_before, files_before)
        rows = table.scan().to_arrow()
        self._lakehouse.write(
            dataset_id, rows, load_id=_new_id(), operation="compaction", replace=True
        )
        return MaintenanceResult(dataset_id, 0, 0, files_before, self._data_file_count(dataset_id))

    def expire_every_table(
        self, *, older_than: datetime, keep_last: int
    ) -> list[MaintenanceResult]:
        """``expire`` on each table of the namespace (what a scheduled command runs)."""
        results = []
        for dataset_id in self._lakehouse.dataset_ids():
            result = self.expire(dataset_id, older_than=older_than, keep_last=keep_last)
            log.info(
                "expired %d snapshots of %s, removed %d files",
                result.snapshots_expired,
                dataset_id,
                result.files_removed,
            )
            results.append(result)
        return results

    def compact_every_table(self) -> list[MaintenanceResult]:
        """``compact`` on each table of the namespace (what a scheduled command runs)."""
        results = []
        for dataset_id in self._lakehouse.dataset_ids():
            result = self.compact(dataset_id)
            log.info(
                "compacted %s: %d → %d files", dataset_id, result.files_before, result.files_after
            )
            results.append(result)
        return results

    def erase(self, dataset_id: str, condition: BooleanExpression) -> MaintenanceResult:
        """Delete the rows matching ``condition`` from every version: the rows are deleted,
        the rest rewritten into fresh files, every older version expired and every file
        that held the rows deleted. The dataset's history collapses to one version: the
        right to erasure wins over versioning."""
        table = self._lakehouse.table(dataset_id)
        files_before = self._data_file_count(dataset_id)
        load_id = _new_id()
        self._lakehouse.delete(dataset_id, condition, load_id=load_id, operation="erasure")
        rows = self._lakehouse.table(dataset_id).scan().to_arrow()
        # Rewritten: the delete's own manifest still names the deleted file with its bounds.
        self._lakehouse.write(dataset_id, rows, load_id=load_id, operation="erasure", replace=True)
        table = self._lakehouse.table(dataset_id)
        current = table.current_snapshot()
        expired = [
            s.snapshot_id
            for s in table.snapshots()
            if current is None or s.snapshot_id != current.snapshot_id
        ]
        if expired:
            table.maintenance.expire_snapshots().by_ids(expired).commit()
        removed = remove_unreferenced_files(self._lakehouse.table(dataset_id))
        log.info(
            "erasure in %s: %d snapshots expired, %d files removed",
            dataset_id,
            len(expired),
            removed,
        )
        return MaintenanceResult(
            dataset_id, len(expired), removed, files_before, self._data_file_count(dataset_id)
        )

    def _data_file_count(self, dataset_id: str) -> int:
        return len(self._lakehouse.table(dataset_id).inspect.data_files())


def remove_unreferenced_files(
    table: Table,
    *,
    released: Collection[str] = (),
    orphans_written_before: datetime | None = None,
) -> int:
    """Delete the data and manifest files under the table's location that no remaining
    snapshot references: those the expired snapshots named (``released``, what an expiry
    leaves behind) at once; the others (orphans: a failed write's, or one not committed yet)
    only if written before ``orphans_written_before`` (None: at once, as an erasure needs)."""
    referenced = _referenced(table, table.snapshots())
    io = table.io
    if not isinstance(io, PyArrowFileIO):
        raise TypeError("file removal needs pyiceberg's PyArrow file IO")
    scheme, netloc, root = io.parse_location(table.location(), io.properties)
    filesystem = io.fs_by_scheme(scheme, netloc)
    removed = 0
    for folder in ("data", "metadata"):
        selector = arrow_fs.FileSelector(f"{root}/{folder}", recursive=True, allow_not_found=True)
        for info in filesystem.get_file_info(selector):
            if info.type != arrow_fs.FileType.File:
                continue
            if folder == "metadata" and not info.path.endswith(".avro"):
                continue  # table metadata files hold no rows; the catalog points at one
            path = _path(info.path)
            if path in referenced:
                continue
            recent = orphans_written_before is not None and (
                info.mtime is None or info.mtime >= orphans_written_before
            )
            if recent and path not in released:
                continue
            filesystem.delete_file(info.path)
            removed += 1
    return removed


def _referenced(table: Table, snapshots: Iterable[Snapshot]) -> set[str]:
    """The manifest lists, manifests and data files ``snapshots`` name."""
    referenced: set[str] = set()
    for snapshot in snapshots:
        referenced.add(_path(snapshot.manifest_list))
        for manifest in snapshot.manifests(table.io):
            referenced.add(_path(manifest.manifest_path))
            for entry in manifest.fetch_manifest_entry(table.io, discard_deleted=True):
                referenced.add(_path(entry.data_file.file_path))
    return referenced


def _path(location: str) -> str:
    """A location without its scheme and authority (file:///x, s3://bucket/x → /x, bucket/x)."""
    if "://" in location:
        location = location.split("://", 1)[1]
    return location.lstrip("/")


def _new_id() -> str:
    return uuid.uuid4().hex
