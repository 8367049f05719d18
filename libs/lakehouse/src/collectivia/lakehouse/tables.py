"""One Iceberg table per dataset: loads written all or nothing, every load a version.

A load is one Iceberg transaction; its snapshots carry the load's id in their summary
(``collectivia.load-id``), so that a "replace" (pyiceberg writes a delete then an append
snapshot) is one version for people."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pyarrow as pa
from pyiceberg.catalog import Catalog
from pyiceberg.exceptions import NoSuchTableError
from pyiceberg.expressions import AlwaysTrue, BooleanExpression
from pyiceberg.table import Table
from pyiceberg.table.snapshots import Snapshot
from pyiceberg.transforms import DayTransform, IdentityTransform, MonthTransform, Transform

LOAD_ID = "collectivia.load-id"
OPERATION = "collectivia.operation"

# Appends merge small manifests as they go: a telemetry table takes a commit every few
# seconds, and its metadata would otherwise grow by one manifest each time.
TABLE_PROPERTIES = {"commit.manifest-merge.enabled": "true"}

_TRANSFORMS: Mapping[str, Transform[Any, Any]] = {
    "identity": IdentityTransform(),
    "day": DayTransform(),
    "month": MonthTransform(),
}
# Dataset ids have no underscore: the table name (dashes as underscores) maps back to the id.
_TABLE_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,119}$")


class UnknownTable(LookupError):
    """The dataset has no table yet (never loaded) or the version is not one of its own."""


@dataclass(frozen=True)
class Partitioning:
    """How a dataset's table is partitioned: a column and a transform (identity, day, month)."""

    column: str
    transform: str = "identity"


@dataclass(frozen=True)
class Version:
    """One accepted load of a dataset: the snapshot that holds its result."""

    snapshot_id: int
    load_id: str
    operation: str
    committed_at: datetime
    rows_added: int
    rows_removed: int
    total_rows: int


class Lakehouse:
    """The datasets' tables in one namespace of an Iceberg catalog."""

    def __init__(self, *, catalog: Catalog, namespace: str) -> None:
        self._catalog = catalog
        self._namespace = namespace
        catalog.create_namespace_if_not_exists(namespace)

    @property
    def catalog(self) -> Catalog:
        return self._catalog

    def identifier(self, dataset_id: str) -> str:
        if not _TABLE_NAME.match(dataset_id):
            raise ValueError(f"not a dataset id usable as a table name: {dataset_id!r}")
        return f"{self._namespace}.{dataset_id.replace('-', '_')}"

    def table(self, dataset_id: str) -> Table:
        try:
            return self._catalog.load_table(self.identifier(dataset_id))
        except NoSuchTableError:
            raise UnknownTable(dataset_id) from None

    def dataset_ids(self) -> list[str]:
        """The datasets that have a table, by id."""
        return sorted(
            name.replace("_", "-") for _ns, name in self._catalog.list_tables(self._namespace)
        )

    def has_table(self, dataset_id: str) -> bool:
        return self._catalog.table_exists(self.identifier(dataset_id))

    def write(
        self,
        dataset_id: str,
        rows: pa.Table,
        *,
        load_id: str,
        operation: str,
        replace: bool,
        partitioning: Sequence[Partitioning] = (),
    ) -> Version:
        """Write ``rows`` as the new content (``replace``) or after the current rows, in one
        transaction: either the whole load is visible or nothing of it is."""
        table = self._table_for(dataset_id, rows.schema, partitioning)
        properties = {LOAD_ID: load_id, OPERATION: operation}
        with table.transaction() as transaction:
            if not _same_columns(table, rows.schema):
                with transaction.update_schema() as update:
                    update.union_by_name(rows.schema)
            if replace:
                transaction.overwrite(rows, snapshot_properties=properties)
            else:
                transaction.append(rows, snapshot_properties=properties)
        return self.latest_version(dataset_id)

    def delete(
        self, dataset_id: str, condition: BooleanExpression, *, load_id: str, operation: str
    ) -> None:
        table = self.table(dataset_id)
        table.delete(condition, snapshot_properties={LOAD_ID: load_id, OPERATION: operation})

    def versions(self, dataset_id: str) -> list[Version]:
        """The dataset's versions, oldest first: one per load on the current lineage."""
        table = self.table(dataset_id)
        lineage = _lineage(table)
        versions: list[Version] = []
        group: list[Snapshot] = []
        for snapshot in lineage:
            if group and _load_id(snapshot) != _load_id(group[0]):
                versions.append(_version_of(group))
                group = []
            group.append(snapshot)
        if group:
            versions.append(_version_of(group))
        return versions

    def latest_version(self, dataset_id: str) -> Version:
        """The current version, from the current snapshot back to the first of its load only
        (a telemetry table has thousands of versions: the whole history is not walked)."""
        table = self.table(dataset_id)
        current = table.current_snapshot()
        if current is None:
            raise UnknownTable(dataset_id)
        group = [current]
        while group[0].parent_snapshot_id is not None:
            parent = table.snapshot_by_id(group[0].parent_snapshot_id)
            if parent is None or _load_id(parent) != _load_id(current):
                break
            group.insert(0, parent)
        return _version_of(group)

    def version(self, dataset_id: str, snapshot_id: int) -> Version:
        for version in self.versions(dataset_id):
            if version.snapshot_id == snapshot_id:
                return version
        raise UnknownTable(f"{dataset_id}@{snapshot_id}")

    def version_as_of(self, dataset_id: str, moment: datetime) -> Version:
        """The version that was current at ``moment``."""
        earlier = [v for v in self.versions(dataset_id) if v.committed_at <= moment]
        if not earlier:
            raise UnknownTable(f"{dataset_id}@{moment.isoformat()}")
        return earlier[-1]

    def read(
        self,
        dataset_id: str,
        *,
        snapshot_id: int | None = None,
        row_filter: BooleanExpression | None = None,
        columns: Sequence[str] | None = None,
    ) -> pa.Table:
        table = self.table(dataset_id)
        if snapshot_id is not None:
            self.version(dataset_id, snapshot_id)  # only a version, never an inner snapshot
        scan = table.scan(
            snapshot_id=snapshot_id,
            selected_fields=tuple(columns) if columns else ("*",),
            row_filter=row_filter if row_filter is not None else AlwaysTrue(),
        )
        return scan.to_arrow()

    def drop(self, dataset_id: str) -> None:
        if self.has_table(dataset_id):
            self._catalog.purge_table(self.identifier(dataset_id))

    def _table_for(
        self, dataset_id: str, schema: pa.Schema, partitioning: Sequence[Partitioning]
    ) -> Table:
        identifier = self.identifier(dataset_id)
        if self._catalog.table_exists(identifier):
            return self._catalog.load_table(identifier)
        table = self._catalog.create_table(
            identifier, schema=_nullable(schema), properties=TABLE_PROPERTIES
        )
        if partitioning:
            with table.update_spec() as spec:
                for part in partitioning:
                    spec.add_field(
                        part.column, _TRANSFORMS[part.transform], f"{part.column}_{part.transform}"
                    )
            table = self._catalog.load_table(identifier)
        return table


def _nullable(schema: pa.Schema) -> pa.Schema:
    # Every column optional: a later load may leave a column empty without a schema change.
    return pa.schema([field.with_nullable(True) for field in schema])


def _same_columns(table: Table, schema: pa.Schema) -> bool:
    return set(schema.names) <= {field.name for field in table.schema().fields}


def _lineage(table: Table) -> list[Snapshot]:
    current = table.current_snapshot()
    chain: list[Snapshot] = []
    while current is not None:
        chain.append(current)
        parent = current.parent_snapshot_id
        current = table.snapshot_by_id(parent) if parent is not None else None
    chain.reverse()
    return chain


def _load_id(snapshot: Snapshot) -> str:
    # A snapshot written outside the service (another engine) is a version of its own.
    load_id = snapshot.summary.get(LOAD_ID) if snapshot.summary is not None else None
    return load_id or str(snapshot.snapshot_id)


def _version_of(group: list[Snapshot]) -> Version:
    last = group[-1]
    added = removed = 0
    for snapshot in group:
        summary = snapshot.summary
        if summary is not None:
            added += int(summary.get("added-records") or 0)
            removed += int(summary.get("deleted-records") or 0)
    summary = last.summary
    return Version(
        snapshot_id=last.snapshot_id,
        load_id=_load_id(last),
        operation=(summary.get(OPERATION) if summary else None) or "load",
        committed_at=datetime.fromtimestamp(last.timestamp_ms / 1000, tz=UTC),
        rows_added=added,
        rows_removed=removed,
        total_rows=int((summary.get("total-records") if summary else None) or 0),
    )
