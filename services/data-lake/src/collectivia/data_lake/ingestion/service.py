"""Loads: a file for a dataset, read and validated against the dataset's Table Schema at the
door, then written all or nothing as the dataset's new version and announced; or refused,
with its report, and kept in quarantine. Every load is recorded, accepted or not.

Who may load: data stewards (``submit``), or a DSP operator the contracts area has already
authorised for the dataset's contract (``submit_delivery``, in-process only: no route
reaches it), or one of the suite's services through Kafka (``submit_records``: a batch of
rows appended, see ``records``)."""

from __future__ import annotations

import hashlib
import logging
import threading
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from collectivia.data_lake import messages
from collectivia.data_lake.datasets.access import Reader
from collectivia.data_lake.datasets.schemas import DatasetKind, DatasetRead
from collectivia.data_lake.datasets.service import Datasets
from collectivia.data_lake.ingestion import records
from collectivia.data_lake.ingestion.announcements import APPEND, REPLACE, DatasetUpdates
from collectivia.data_lake.ingestion.models import LoadRow, QuarantinedLoad
from collectivia.data_lake.ingestion.quarantine import PENDING, REPLACED, Quarantine
from collectivia.data_lake.ingestion.schemas import IssueRead, LoadRead
from collectivia.data_lake.ingestion.uploads import UploadTooLarge
from collectivia.data_lake.validation.readers import RawTable, ReadLimits, read_table
from collectivia.data_lake.validation.schemas import SchemaCatalogue, TableSchemaDefinition
from collectivia.data_lake.validation.validator import ValidationReport, validate
from collectivia.lakehouse.tables import Lakehouse, Partitioning, Version
from collectivia.platform.errors import (
    DependencyUnavailable,
    InvalidInput,
    NotFound,
    PermissionDenied,
    RuleViolation,
)

log = logging.getLogger(__name__)

ACCEPTED = "accepted"
REJECTED = "rejected"
FAILED = "failed"
# Rules of the refusals that come before any reading (the problem's ``rule``).
TABLES_ONLY = "chargement-de-tables"
SCHEMA_REQUIRED = "schema-requis"
SCHEMA_UNKNOWN = "schema-inconnu"
DELIVERY_OF_CONTRACT = "livraison-du-contrat"
# The rule of a file refused as a whole, before its rows could be checked (empty,
# unreadable, a formula, too many rows...: the message says which).
FILE_REFUSED = "fichier-refuse"


def _now() -> datetime:
    return datetime.now(UTC)


def _new_id() -> str:
    return uuid.uuid4().hex


def pseudonym(subject: str) -> str:
    """Who submitted, without their identity: the SHA-256 of the token's subject."""
    return hashlib.sha256(subject.encode()).hexdigest()


@dataclass(frozen=True)
class LoadLimits:
    """What a load may weigh: the file's bytes, its rows, the unpacked size of an XLSX (a
    small zip can unpack to gigabytes), and the errors a report lists."""

    max_bytes: int
    max_rows: int
    max_uncompressed_bytes: int
    max_errors: int


@dataclass(frozen=True)
class LoadOutcome:
    """What became of a file: accepted as ``version``, or refused with its ``issues`` (and
    ``detail``, the French sentence saying so) and kept in quarantine. ``duplicate``: a batch
    of records stored before, ignored (``load`` is what it became then)."""

    load: LoadRead
    version: Version | None
    issues: tuple[IssueRead, ...]
    detail: str
    duplicate: bool = False

    @property
    def accepted(self) -> bool:
        return self.load.accepted


@dataclass(frozen=True)
class _Checked:
    """A file after the door: rows ready to write, or a report of why not."""

    report: dict[str, Any]
    issues: tuple[IssueRead, ...]
    rows: Any = None  # pyarrow.Table when valid


class Loads:
    def __init__(
        self,
        *,
        sessions: sessionmaker[Any],
        datasets: Datasets,
        lakehouse: Lakehouse,
        schemas: SchemaCatalogue,
        updates: DatasetUpdates,
        quarantine: Quarantine,
        limits: LoadLimits,
        record_producers: Iterable[str] = (),
        clock: Callable[[], datetime] = _now,
    ) -> None:
        self._sessions = sessions
        self._datasets = datasets
        self._lakehouse = lakehouse
        self._schemas = schemas
        self._updates = updates
        self._quarantine = quarantine
        self.limits = limits
        # The services whose batches of rows (records-submitted) are taken.
        self.record_producers = frozenset(record_producers)
        self._clock = clock
        self._locks: dict[str, threading.Lock] = {}
        self._locks_guard = threading.Lock()

    def submit(
        self,
        *,
        dataset_id: str,
        filename: str,
        content: bytes,
        by: Reader,
        contract_id: str | None = None,
    ) -> LoadOutcome:
        """A data steward's file for ``dataset_id`` (``contract_id``: the DSP contract it
        was delivered under, if any). Raises when the load cannot even be tried (role,
        unknown dataset, no schema, too large); otherwise returns the outcome, accepted or
        refused."""
        dataset = self.admit(dataset_id, by=by)
        return self._load(dataset, filename, content, by=by, contract_id=contract_id)

    def admit(self, dataset_id: str, *, by: Reader) -> DatasetRead:
        """The dataset, when ``by`` may load a file into it: checked before an upload is
        even read (a refused caller's 2 GB are never read)."""
        if not by.is_steward:
            raise PermissionDenied(messages.LOADS_STEWARD_REQUIRED)
        dataset = self._datasets.describe(dataset_id)
        self._schema_of(dataset)
        return dataset

    def submit_delivery(
        self, *, dataset_id: str, filename: str, content: bytes, by: Reader, contract_id: str
    ) -> LoadOutcome:
        """A DSP operator's delivery, for the contracts area, which has already checked that
        ``by`` delivers under ``contract_id``: the dataset must be that contract's."""
        dataset = self._datasets.describe(dataset_id)
        if dataset.contract_id != contract_id:
            raise RuleViolation(
                messages.DELIVERY_OTHER_CONTRACT.format(
                    dataset_id=dataset_id, contract_id=contract_id
                ),
                DELIVERY_OF_CONTRACT,
            )
        return self._load(dataset, filename, content, by=by, contract_id=contract_id)

    def submit_records(self, batch: records.RecordBatch) -> LoadOutcome:
        """A batch of rows from one of the suite's services (``records``): appended to the
        dataset's table as one new version, or refused whole and kept in quarantine; ignored
        when stored before (``duplicate``). Raises when the batch can never be stored (no
        producer or batch id, a producer not listed, no rows; an unknown dataset, not a table
        or without a known schema) and when the write fails (to be tried again)."""
        records.admit(batch, self.record_producers)
        dataset = self._datasets.describe(batch.dataset_id)
        schema = self._schema_of(dataset)
        with self._lock(dataset.id):
            with self._sessions() as session:
                duplicate = _duplicate(session, batch)
            if duplicate is not None:
                return duplicate
            content = batch.content()
            now = self._clock()
            load = LoadRow(
                id=batch.load_id,
                dataset_id=dataset.id,
                filename=batch.filename,
                size_bytes=len(content),
                sha256=hashlib.sha256(content).hexdigest(),
                submitted_by=batch.producer,
                schema_name=dataset.schema_name,
                schema_version=schema.version or "",
                contract_id=None,
                snapshot_id=None,
                quarantine_id=None,
                announced=False,
                submitted_at=now,
            )
            stored = records.received(batch, now)
            try:
                raw = records.raw_table(batch, max_rows=self.limits.max_rows)
            except InvalidInput as refused:
                checked = _file_refused(FILE_REFUSED, refused.detail)
            else:
                checked = self._validated(raw, schema)
            if checked.rows is None:
                return self._refuse(
                    load, content, checked, rejected=messages.RECORDS_REJECTED, also=(stored,)
                )
            return self._accept(
                dataset,
                load,
                checked,
                schema,
                mode=APPEND,
                operation=records.OPERATION,
                also=(stored,),
                written=self._written_before(dataset.id, load.id),
            )

    def history(self, dataset_id: str, *, by: Reader) -> list[LoadRead]:
        """The dataset's loads, the latest first."""
        if not by.is_steward:
            raise PermissionDenied(messages.LOADS_STEWARD_REQUIRED)
        self._datasets.describe(dataset_id)
        query = (
            select(LoadRow)
            .where(LoadRow.dataset_id == dataset_id)
            .order_by(LoadRow.submitted_at.desc())
        )
        with self._sessions() as session:
            return [load_read(row) for row in session.scalars(query)]

    def get(self, load_id: str, *, by: Reader) -> LoadRead:
        if not by.is_steward:
            raise PermissionDenied(messages.LOADS_STEWARD_REQUIRED)
        with self._sessions() as session:
            row = session.get(LoadRow, load_id)
            if row is None:
                raise NotFound(messages.LOAD_NOT_FOUND.format(load_id=load_id[:64]))
            return load_read(row)

    def _load(
        self,
        dataset: DatasetRead,
        filename: str,
        content: bytes,
        *,
        by: Reader,
        contract_id: str | None,
    ) -> LoadOutcome:
        schema = self._schema_of(dataset)
        if len(content) > self.limits.max_bytes:
            raise UploadTooLarge(self.limits.max_bytes)
        load = LoadRow(
            id=_new_id(),
            dataset_id=dataset.id,
            filename=filename,
            size_bytes=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            submitted_by=pseudonym(by.subject or by.client_id),
            schema_name=dataset.schema_name,
            schema_version=schema.version or "",
            contract_id=contract_id,
            snapshot_id=None,
            quarantine_id=None,
            announced=False,
            submitted_at=self._clock(),
        )
        checked = self._check(filename, content, schema)
        if checked.rows is None:
            return self._refuse(load, content, checked)
        with self._lock(dataset.id):
            return self._accept(dataset, load, checked, schema)

    def _schema_of(self, dataset: DatasetRead) -> TableSchemaDefinition:
        if dataset.kind is not DatasetKind.TABLE:
            raise RuleViolation(
                messages.NOT_A_TABLE_DATASET.format(dataset_id=dataset.id, kind=dataset.kind.value),
                TABLES_ONLY,
            )
        if not dataset.schema_name:
            raise RuleViolation(
                messages.SCHEMA_REQUIRED.format(dataset_id=dataset.id), SCHEMA_REQUIRED
            )
        if dataset.schema_name not in self._schemas:
            raise RuleViolation(
                messages.SCHEMA_UNKNOWN.format(
                    dataset_id=dataset.id, schema_name=dataset.schema_name
                ),
                SCHEMA_UNKNOWN,
            )
        return self._schemas.get(dataset.schema_name)

    def _check(self, filename: str, content: bytes, schema: TableSchemaDefinition) -> _Checked:
        """Read then validate: the rows when valid, the report otherwise."""
        limits = ReadLimits(
            max_bytes=self.limits.max_bytes,
            max_rows=self.limits.max_rows,
            max_uncompressed_bytes=self.limits.max_uncompressed_bytes,
        )
        try:
            raw = read_table(filename=filename, content=content, limits=limits)
        except InvalidInput as unreadable:
            return _file_refused(FILE_REFUSED, unreadable.detail)
        return self._validated(raw, schema)

    def _validated(self, raw: RawTable, schema: TableSchemaDefinition) -> _Checked:
        outcome = validate(raw, schema, max_errors=self.limits.max_errors)
        report = _report(outcome.report)
        issues = tuple(IssueRead(**issue) for issue in report["errors"])
        if not outcome.report.valid or outcome.table is None:
            return _Checked(report=report, issues=issues)
        return _Checked(report=report, issues=(), rows=outcome.table)

    def _refuse(
        self,
        load: LoadRow,
        content: bytes,
        checked: _Checked,
        *,
        rejected: str = messages.LOAD_REJECTED,
        also: Sequence[object] = (),
    ) -> LoadOutcome:
        """Record ``load`` refused, its file and report in quarantine (``also``: other rows
        stored with them, in the same transaction)."""
        report = checked.report
        entry_id = _new_id()
        load.status, load.accepted = REJECTED, False
        load.rows = int(report["row_count"])
        load.quarantine_id = entry_id
        count = messages.load_errors_count(int(report["error_count"]))
        detail = rejected.format(
            filename=load.filename,
            schema_name=load.schema_name,
            errors=count,
            quarantine_id=entry_id,
        )
        load.summary = _summary(report, detail)
        entry = QuarantinedLoad(
            id=entry_id,
            dataset_id=load.dataset_id,
            load_id=load.id,
            filename=load.filename,
            submitted_by=load.submitted_by,
            size_bytes=load.size_bytes,
            sha256=load.sha256,
            schema_name=load.schema_name,
            error_count=int(report["error_count"]),
            report=report,
            contract_id=load.contract_id,
            status=PENDING,
            file_kept=True,
            created_at=load.submitted_at,
            closed_at=None,
        )
        self._quarantine.files.write(entry_id, content)
        try:
            with self._sessions.begin() as session:
                session.add_all([load, entry, *also])
        except BaseException:
            self._quarantine.files.delete([entry_id])
            raise
        log.info(
            "load %s of %s refused (%d issues), quarantined as %s",
            load.id,
            load.dataset_id,
            report["error_count"],
            entry_id,
        )
        return LoadOutcome(load=load_read(load), version=None, issues=checked.issues, detail=detail)

    def _accept(
        self,
        dataset: DatasetRead,
        load: LoadRow,
        checked: _Checked,
        schema: TableSchemaDefinition,
        *,
        mode: str = REPLACE,
        operation: str = "load",
        also: Sequence[object] = (),
        written: Version | None = None,
    ) -> LoadOutcome:
        """Write ``load``'s rows as the dataset's new version (``mode``: they replace its
        content or are appended to it), record and announce it; ``also``: other rows stored
        with the load. ``written``: the version the load already became (committed, but not
        recorded): recorded and announced, not written again."""
        load.summary = _summary(checked.report, "")
        try:
            version = written or self._lakehouse.write(
                dataset.id,
                checked.rows,
                load_id=load.id,
                operation=operation,
                replace=mode == REPLACE,
                partitioning=[Partitioning(p.column, p.transform) for p in dataset.partitioning],
            )
        except Exception:
            # Nothing of the load is visible (one Iceberg transaction); it is recorded failed.
            log.exception("load %s of %s: the write to the lake failed", load.id, dataset.id)
            load.status, load.accepted, load.rows = FAILED, False, int(checked.report["row_count"])
            load.summary = _summary(checked.report, messages.LOAD_WRITE_FAILED)
            with self._sessions.begin() as session:
                session.merge(load)  # a batch of records tried again keeps its load id
            raise DependencyUnavailable(messages.LOAD_WRITE_FAILED) from None
        current = version if written is None else self._lakehouse.latest_version(dataset.id)
        self._datasets.record_version(dataset.id, current, schema_version=schema.version or "")
        load.status, load.accepted = ACCEPTED, True
        load.rows = version.total_rows
        load.snapshot_id = version.snapshot_id
        described = self._datasets.describe(dataset.id)
        # Recorded and announced together (outbox): the event is sent once committed.
        load.announced = True
        with self._sessions.begin() as session:
            session.merge(load)  # a batch of records whose write failed before: now accepted
            session.add_all(also)
            # The rows that replace the content replace the refused files; appended rows don't.
            replaced = (
                self._quarantine.close_pending(session, dataset.id, status=REPLACED)
                if mode == REPLACE
                else []
            )
            self._updates.announce(
                session,
                described,
                version,
                mode=mode,
                schema_version=schema.version or "",
                contract_id=load.contract_id,
            )
        self._quarantine.files.delete(replaced)
        log.info(
            "load %s of %s accepted: snapshot %d, %d rows",
            load.id,
            dataset.id,
            version.snapshot_id,
            version.total_rows,
        )
        return LoadOutcome(load=load_read(load), version=version, issues=(), detail="")

    def _written_before(self, dataset_id: str, load_id: str) -> Version | None:
        """The version ``load_id`` became, if the table has it (committed by an earlier try
        that stopped before recording it)."""
        if not self._lakehouse.has_table(dataset_id):
            return None
        for version in reversed(self._lakehouse.versions(dataset_id)):
            if version.load_id == load_id:
                return version
        return None

    def _lock(self, dataset_id: str) -> threading.Lock:
        """One load at a time per dataset in this process (Iceberg would refuse the second
        commit of two concurrent replaces)."""
        with self._locks_guard:
            return self._locks.setdefault(dataset_id, threading.Lock())


def _duplicate(session: Session, batch: records.RecordBatch) -> LoadOutcome | None:
    """What a batch of records stored before became (its load), to ignore it."""
    known = records.seen(session, batch)
    earlier = session.get(LoadRow, known.load_id) if known is not None else None
    if known is None or earlier is None:
        return None
    log.info(
        "records batch %s of %s for %s: stored before as load %s, ignored",
        batch.batch_id,
        batch.producer,
        batch.dataset_id,
        known.load_id,
    )
    detail = messages.RECORDS_DUPLICATE.format(
        batch_id=batch.batch_id, producer=batch.producer, load_id=known.load_id
    )
    return LoadOutcome(
        load=load_read(earlier), version=None, issues=(), detail=detail, duplicate=True
    )


def _file_refused(rule: str, message: str) -> _Checked:
    issue = {"row": None, "column": None, "rule": rule, "message": message}
    report = {
        "valid": False,
        "row_count": 0,
        "error_count": 1,
        "truncated": False,
        "counts": {rule: 1},
        "warnings": [],
        "errors": [issue],
    }
    return _Checked(report=report, issues=(IssueRead(**issue),))


def _report(report: ValidationReport) -> dict[str, Any]:
    """The validation report as stored (JSON) and shown: ``error_count`` counts every error,
    ``errors`` lists the first ones (``truncated`` when there are more), ``counts`` counts
    them by rule."""
    return {
        "valid": report.valid,
        "row_count": report.row_count,
        "error_count": report.error_count,
        "truncated": report.truncated,
        "counts": dict(report.counts),
        "warnings": list(report.warnings),
        "errors": [
            {"row": e.row, "column": e.column, "rule": e.rule, "message": e.message}
            for e in report.errors
        ],
    }


def _summary(report: dict[str, Any], detail: str) -> dict[str, Any]:
    return {
        "valid": report["valid"],
        "row_count": report["row_count"],
        "error_count": report["error_count"],
        "truncated": report["truncated"],
        "rules": report["counts"],
        "warnings": report["warnings"],
        "detail": detail,
    }


def load_read(row: LoadRow) -> LoadRead:
    summary = row.summary or {}
    return LoadRead(
        id=row.id,
        dataset_id=row.dataset_id,
        status=row.status,
        accepted=row.accepted,
        filename=row.filename,
        size_bytes=row.size_bytes,
        sha256=row.sha256,
        rows=row.rows,
        snapshot_id=str(row.snapshot_id) if row.snapshot_id is not None else None,
        schema_name=row.schema_name,
        schema_version=row.schema_version,
        error_count=int(summary.get("error_count", 0)),
        truncated=bool(summary.get("truncated", False)),
        detail=str(summary.get("detail", "")),
        warnings=[str(w) for w in summary.get("warnings", [])],
        quarantine_id=row.quarantine_id,
        contract_id=row.contract_id,
        announced=bool(row.announced),
        submitted_by=row.submitted_by,
        submitted_at=row.submitted_at,
    )
