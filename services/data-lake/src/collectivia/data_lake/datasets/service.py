"""The datasets' metadata: declared by data stewards, read by whoever may see them (the
suite's own services see every dataset's metadata, never its rows: ``may_describe``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import sessionmaker

from collectivia.data_lake import messages
from collectivia.data_lake.datasets.access import SUITE_SERVICES, Reader, may_describe, may_read
from collectivia.data_lake.datasets.models import DatasetRow
from collectivia.data_lake.datasets.schemas import (
    AccessRights,
    DatasetCreate,
    DatasetRead,
    PartitionField,
)
from collectivia.lakehouse.tables import Version
from collectivia.platform.errors import Conflict, NotFound, PermissionDenied, RuleViolation

PERSONAL_NEVER_PUBLIC = "donnees-personnelles-jamais-publiques"


def _now() -> datetime:
    return datetime.now(UTC)


class Datasets:
    def __init__(
        self,
        *,
        sessions: sessionmaker[Any],
        clock: Callable[[], datetime] = _now,
        metadata_services: frozenset[str] = SUITE_SERVICES,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        # Service accounts that see every dataset's metadata (``may_describe``).
        self._metadata_services = metadata_services

    def create(self, body: DatasetCreate, *, by: Reader) -> DatasetRead:
        if not by.is_steward:
            raise PermissionDenied(messages.STEWARD_REQUIRED)
        if len(set(body.key_columns)) != len(body.key_columns):
            repeated = next(c for c in body.key_columns if body.key_columns.count(c) > 1)
            raise RuleViolation(messages.KEY_COLUMN_REPEATED.format(column=repeated), "cle")
        now = self._clock()
        row = DatasetRow(
            **body.model_dump(exclude={"partitioning", "kind", "frequency", "access_rights"}),
            kind=body.kind.value,
            frequency=body.frequency.value,
            access_rights=body.access_rights.value,
            partitioning=[p.model_dump() for p in body.partitioning],
            created_at=now,
            updated_at=now,
            latest_snapshot_id=None,
            schema_version="",
            row_count=0,
        )
        with self._sessions.begin() as session:
            if session.get(DatasetRow, body.id) is not None:
                raise Conflict(messages.DATASET_EXISTS.format(dataset_id=body.id))
            session.add(row)
        return read(row)

    def set_access(self, dataset_id: str, access: AccessRights, *, by: Reader) -> DatasetRead:
        if not by.is_steward:
            raise PermissionDenied(messages.STEWARD_REQUIRED)
        with self._sessions.begin() as session:
            row = self._row(session, dataset_id)
            if row.access_rights == AccessRights.PERSONAL.value and access is AccessRights.PUBLIC:
                raise RuleViolation(
                    messages.PERSONAL_NEVER_PUBLIC.format(dataset_id=dataset_id),
                    PERSONAL_NEVER_PUBLIC,
                )
            row.access_rights = access.value
            row.updated_at = self._clock()
            return read(row)

    def get(self, dataset_id: str, *, reader: Reader) -> DatasetRead:
        """The dataset when ``reader`` may see it; NotFound otherwise (its existence is not
        disclosed)."""
        dataset = self.describe(dataset_id)
        if not may_read(dataset, reader):
            raise NotFound(messages.DATASET_NOT_FOUND.format(dataset_id=dataset_id))
        return dataset

    def metadata(self, dataset_id: str, *, reader: Reader) -> DatasetRead:
        """The dataset's metadata when ``reader`` may describe it (its readers, the suite's
        own services); NotFound otherwise. Rows are read through :meth:`get` only."""
        dataset = self.describe(dataset_id)
        if not may_describe(dataset, reader, self._metadata_services):
            raise NotFound(messages.DATASET_NOT_FOUND.format(dataset_id=dataset_id))
        return dataset

    def list_metadata(self, *, reader: Reader, theme: str = "") -> list[DatasetRead]:
        """The datasets ``reader`` may describe, by title."""
        return [d for d in self._all(theme) if may_describe(d, reader, self._metadata_services)]

    def describe(self, dataset_id: str) -> DatasetRead:
        """The dataset, whoever asks: for the service's own work (loads, catalogue)."""
        with self._sessions() as session:
            return read(self._row(session, dataset_id))

    def _all(self, theme: str) -> list[DatasetRead]:
        with self._sessions() as session:
            rows = session.query(DatasetRow).order_by(DatasetRow.title).all()
            datasets = [read(row) for row in rows]
        return [d for d in datasets if not theme or theme in d.themes]

    def list(self, *, reader: Reader, theme: str = "") -> list[DatasetRead]:
        return [d for d in self._all(theme) if may_read(d, reader)]

    def record_version(self, dataset_id: str, version: Version, *, schema_version: str) -> None:
        with self._sessions.begin() as session:
            row = self._row(session, dataset_id)
            row.latest_snapshot_id = version.snapshot_id
            row.row_count = version.total_rows
            row.schema_version = schema_version
            row.updated_at = self._clock()

    @staticmethod
    def _row(session: Any, dataset_id: str) -> DatasetRow:
        row = session.get(DatasetRow, dataset_id)
        if row is None:
            raise NotFound(messages.DATASET_NOT_FOUND.format(dataset_id=dataset_id))
        assert isinstance(row, DatasetRow)
        return row


def read(row: DatasetRow) -> DatasetRead:
    return DatasetRead(
        id=row.id,
        title=row.title,
        description=row.description,
        kind=row.kind,
        publisher=row.publisher,
        contact_name=row.contact_name,
        contact_email=row.contact_email,
        licence=row.licence,
        themes=list(row.themes),
        keywords=list(row.keywords),
        communes=list(row.communes),
        temporal_start=row.temporal_start,
        temporal_end=row.temporal_end,
        frequency=row.frequency,
        access_rights=row.access_rights,
        schema_name=row.schema_name,
        schema_version=row.schema_version,
        owner_department=row.owner_department,
        steward=row.steward,
        provider=row.provider,
        contract_id=row.contract_id,
        commune_column=row.commune_column,
        key_columns=list(row.key_columns),
        partitioning=[PartitionField(**p) for p in row.partitioning],
        created_at=row.created_at,
        updated_at=row.updated_at,
        latest_snapshot_id=str(row.latest_snapshot_id) if row.latest_snapshot_id else None,
        row_count=row.row_count,
    )
