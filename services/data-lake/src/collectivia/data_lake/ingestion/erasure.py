"""The right to erasure (GDPR Art. 17) in a personal-data dataset: a person's rows deleted
from every version — the history collapses to one version, since an older version would
still hold them — the files that held them deleted, the dataset's quarantined files with
them. The erasure is recorded with the value's hash only, never the value."""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from pyiceberg.expressions import EqualTo
from pyiceberg.expressions.visitors import bind
from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from collectivia.data_lake import messages
from collectivia.data_lake.datasets.access import Reader
from collectivia.data_lake.datasets.schemas import AccessRights, DatasetRead
from collectivia.data_lake.datasets.service import Datasets
from collectivia.data_lake.ingestion.announcements import REPLACE, DatasetUpdates
from collectivia.data_lake.ingestion.models import ErasureRow
from collectivia.data_lake.ingestion.quarantine import Quarantine
from collectivia.data_lake.ingestion.schemas import ErasureRead
from collectivia.data_lake.ingestion.service import pseudonym
from collectivia.lakehouse.maintenance import TableMaintenance
from collectivia.lakehouse.tables import Lakehouse, UnknownTable
from collectivia.platform.errors import (
    FieldError,
    InvalidInput,
    NotFound,
    PermissionDenied,
    RuleViolation,
)

log = logging.getLogger(__name__)

ERASERS = frozenset({"dpo", "data-steward"})
PERSONAL_ONLY = "effacement-donnees-personnelles"


def _now() -> datetime:
    return datetime.now(UTC)


def value_hash(column: str, value: str) -> str:
    """What is kept of the erased value: a SHA-256 over the column and the value, enough to
    answer "was this person's erasure done?" given the same request, never the value."""
    return hashlib.sha256(f"{column}\x00{value}".encode()).hexdigest()


class Erasures:
    def __init__(
        self,
        *,
        sessions: sessionmaker[Any],
        datasets: Datasets,
        lakehouse: Lakehouse,
        maintenance: TableMaintenance,
        quarantine: Quarantine,
        updates: DatasetUpdates,
        clock: Callable[[], datetime] = _now,
    ) -> None:
        self._sessions = sessions
        self._datasets = datasets
        self._lakehouse = lakehouse
        self._maintenance = maintenance
        self._quarantine = quarantine
        self._updates = updates
        self._clock = clock

    def erase(
        self, dataset_id: str, *, column: str, value: str | int | float | bool, by: Reader
    ) -> ErasureRead:
        """Delete the rows whose ``column`` equals ``value`` from every version of a
        personal-data dataset; recorded whether any row matched or not."""
        if not by.has_any(ERASERS):
            raise PermissionDenied(messages.ERASURE_ROLE_REQUIRED)
        dataset = self._datasets.describe(dataset_id)
        if dataset.access_rights is not AccessRights.PERSONAL:
            raise RuleViolation(
                messages.ERASURE_PERSONAL_ONLY.format(
                    dataset_id=dataset_id, access_rights=dataset.access_rights.value
                ),
                PERSONAL_ONLY,
            )
        text = _as_text(value)
        condition = self._condition(dataset, column, text)
        versions = self._lakehouse.versions(dataset_id)
        if not versions:
            raise NotFound(messages.NO_VERSION_YET.format(dataset_id=dataset_id))
        matched_now = self._count(dataset_id, condition, column, versions[-1].snapshot_id)
        matched_before = any(
            self._count(dataset_id, condition, column, v.snapshot_id) for v in versions[:-1]
        )
        row = ErasureRow(
            id=uuid.uuid4().hex,
            dataset_id=dataset_id,
            column=column,
            value_sha256=value_hash(column, text),
            requested_by=pseudonym(by.subject or by.client_id),
            rows_erased=matched_now,
            versions_removed=0,
            files_removed=0,
            quarantined_files_removed=0,
            snapshot_id=None,
            erased_at=self._clock(),
        )
        if matched_now or matched_before:
            result = self._maintenance.erase(dataset_id, condition)
            version = self._lakehouse.latest_version(dataset_id)
            self._datasets.record_version(
                dataset_id, version, schema_version=dataset.schema_version
            )
            row.versions_removed = len(versions)
            row.files_removed = result.files_removed
            row.snapshot_id = version.snapshot_id
        described = self._datasets.describe(dataset_id) if row.snapshot_id is not None else None
        with self._sessions.begin() as session:
            # The quarantine may hold the person's rows too (and its reports quote cells).
            forgotten = self._quarantine.forget(session, dataset_id)
            row.quarantined_files_removed = len(forgotten)
            session.add(row)
            if described is not None:  # announced with the erasure's record (outbox)
                self._updates.announce(
                    session,
                    described,
                    self._lakehouse.latest_version(dataset_id),
                    mode=REPLACE,
                    schema_version=dataset.schema_version,
                )
        self._quarantine.files.delete(forgotten)
        log.info(
            "erasure %s in %s: %d rows now, %d versions removed, %d files removed",
            row.id,
            dataset_id,
            row.rows_erased,
            row.versions_removed,
            row.files_removed,
        )
        return erasure_read(row)

    def history(self, dataset_id: str, *, by: Reader) -> list[ErasureRead]:
        if not by.has_any(ERASERS):
            raise PermissionDenied(messages.ERASURE_ROLE_REQUIRED)
        self._datasets.describe(dataset_id)
        query = (
            select(ErasureRow)
            .where(ErasureRow.dataset_id == dataset_id)
            .order_by(ErasureRow.erased_at.desc())
        )
        with self._sessions() as session:
            return [erasure_read(row) for row in session.scalars(query)]

    def _condition(self, dataset: DatasetRead, column: str, text: str) -> EqualTo:
        try:
            schema = self._lakehouse.table(dataset.id).schema()
        except UnknownTable:
            raise NotFound(messages.NO_VERSION_YET.format(dataset_id=dataset.id)) from None
        field = next((f for f in schema.fields if f.name == column), None)
        if field is None:
            message = messages.ERASURE_UNKNOWN_COLUMN.format(dataset_id=dataset.id, column=column)
            raise InvalidInput(message, [FieldError("column", message)])
        condition = EqualTo(term=column, value=text)
        try:
            bind(schema, condition, case_sensitive=True)
        except (ValueError, TypeError):
            message = messages.ERASURE_VALUE_INVALID.format(column=column, type=field.field_type)
            raise InvalidInput(message, [FieldError("value", message)]) from None
        return condition

    def _count(self, dataset_id: str, condition: EqualTo, column: str, snapshot_id: int) -> int:
        rows = self._lakehouse.read(
            dataset_id, snapshot_id=snapshot_id, row_filter=condition, columns=[column]
        )
        return int(rows.num_rows)


def _as_text(value: str | int | float | bool) -> str:
    """The value as Iceberg converts it to the column's type (a JSON number for a text
    column is its text)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def erasure_read(row: ErasureRow) -> ErasureRead:
    return ErasureRead(
        id=row.id,
        dataset_id=row.dataset_id,
        column=row.column,
        rows_erased=row.rows_erased,
        versions_removed=row.versions_removed,
        files_removed=row.files_removed,
        quarantined_files_removed=row.quarantined_files_removed,
        snapshot_id=str(row.snapshot_id) if row.snapshot_id is not None else None,
        erased_at=row.erased_at,
    )
