"""Deliveries: an operator hands over a file for a dataset of its contract and a period.

Only the contract's operator delivers (its client-credentials token: realm role
``dsp-operator``, client id named in the contract), only the datasets its contract lists,
only periods of the contract's term that have ended. The file goes through the ingestion's
door (validation against the dataset's Table Schema; the new version when valid, the
quarantine with a French report when not); the delivery is recorded either way: on time or
late (received before the period's deadline or not), valid or not, complete or not.

Complete means valid and not empty: the file passed validation and holds at least one row.
Whether the rows really cover the whole period is for the dataset's schema to require (a
date column constrained to the period), not guessed here. A complete delivery settles its
period; files that came later for the same period are recorded, each a new version."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from collectivia.data_lake import messages
from collectivia.data_lake.contracts.compliance import Compliance
from collectivia.data_lake.contracts.models import DeliveryRow
from collectivia.data_lake.contracts.periods import (
    DeliveryFrequency,
    Period,
    period_of,
    within_term,
)
from collectivia.data_lake.contracts.registry import (
    OPERATOR_ROLE,
    ContractRegistry,
    is_operator_of,
    obligation_of,
)
from collectivia.data_lake.contracts.schemas import (
    ContractRead,
    DatasetObligation,
    DeliveryRead,
    DeliveryStatus,
)
from collectivia.data_lake.datasets.access import Reader
from collectivia.data_lake.ingestion.schemas import IssueRead
from collectivia.data_lake.ingestion.service import Loads
from collectivia.platform.errors import InvalidInput, PermissionDenied, RuleViolation

log = logging.getLogger(__name__)

CONTINUOUS_RULE = "telemetrie-en-continu"


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class DeliveryOutcome:
    """A recorded delivery, and when its file was refused, why (the validation's issues)."""

    delivery: DeliveryRead
    issues: tuple[IssueRead, ...]


@dataclass(frozen=True)
class Admitted:
    """A delivery the operator may make: checked before its file is even read."""

    contract: ContractRead
    obligation: DatasetObligation
    period: Period
    deadline: datetime


class Deliveries:
    def __init__(
        self,
        *,
        sessions: sessionmaker[Any],
        registry: ContractRegistry,
        compliance: Compliance,
        loads: Loads,
        clock: Callable[[], datetime] = _now,
    ) -> None:
        self._sessions = sessions
        self._registry = registry
        self._compliance = compliance
        self._loads = loads
        self._clock = clock

    @property
    def max_bytes(self) -> int:
        """The largest file a delivery may carry (the ingestion's limit)."""
        return self._loads.limits.max_bytes

    def admit(
        self, contract_id: str, *, dataset_id: str, period_start: date, by: Reader
    ) -> Admitted:
        """The delivery, when ``by`` may make it; PermissionDenied (with its French reason)
        for a token that is not the contract's operator or a dataset outside the contract,
        InvalidInput or RuleViolation for a period it cannot be for."""
        if OPERATOR_ROLE not in by.roles:
            raise PermissionDenied(messages.DELIVERY_OPERATORS_ONLY)
        contract = self._registry.describe(contract_id)
        if not is_operator_of(contract, by):
            raise PermissionDenied(
                messages.DELIVERY_NOT_YOUR_CONTRACT.format(
                    contract_id=contract.id,
                    operator_name=contract.operator_name,
                    client_id=by.client_id,
                )
            )
        obligation = obligation_of(contract, dataset_id)
        if obligation is None:
            raise PermissionDenied(
                messages.DELIVERY_DATASET_NOT_IN_CONTRACT.format(
                    dataset_id=dataset_id[:120], contract_id=contract.id
                )
            )
        if obligation.frequency is DeliveryFrequency.CONTINUOUS:
            raise RuleViolation(
                messages.DELIVERY_OF_TELEMETRY.format(dataset_id=dataset_id), CONTINUOUS_RULE
            )
        period = period_of(obligation.frequency, period_start)
        if period.start != period_start:
            raise InvalidInput(
                messages.PERIOD_NOT_ALIGNED.format(
                    period_start=period_start.isoformat(),
                    frequency=messages.FREQUENCY_LABELS[obligation.frequency.value],
                    suggestion=period.start.isoformat(),
                )
            )
        if not within_term(period, contract.starts_on, contract.ends_on):
            raise InvalidInput(
                messages.PERIOD_OUTSIDE_TERM.format(
                    period_start=period.start.isoformat(),
                    contract_id=contract.id,
                    starts_on=contract.starts_on.isoformat(),
                    ends_on=contract.ends_on.isoformat(),
                )
            )
        today = self._clock().astimezone(self._compliance.zone).date()
        if period.end > today:
            raise InvalidInput(
                messages.PERIOD_NOT_OVER.format(
                    period_start=period.start.isoformat(), period_end=period.end.isoformat()
                )
            )
        deadline = period.deadline(obligation.deadline_days, self._compliance.zone)
        return Admitted(contract, obligation, period, deadline)

    def deliver(
        self, admitted: Admitted, *, filename: str, content: bytes, by: Reader
    ) -> DeliveryOutcome:
        """Load the file through the ingestion's door and record the delivery; a late one
        (or an invalid one past the deadline) is announced at once."""
        contract, period = admitted.contract, admitted.period
        dataset_id = admitted.obligation.dataset_id
        outcome = self._loads.submit_delivery(
            dataset_id=dataset_id,
            filename=filename,
            content=content,
            by=by,
            contract_id=contract.id,
        )
        received_at = self._clock()
        valid = outcome.accepted
        rows = outcome.load.rows if valid else 0
        delivery = DeliveryRow(
            id=uuid.uuid4().hex,
            contract_id=contract.id,
            dataset_id=dataset_id,
            period_start=period.start,
            period_end=period.end,
            deadline=admitted.deadline,
            received_at=received_at,
            on_time=received_at < admitted.deadline,
            valid=valid,
            complete=valid and rows > 0,
            rows=rows,
            filename=filename,
            load_id=outcome.load.id,
            quarantine_id=outcome.load.quarantine_id,
            snapshot_id=outcome.version.snapshot_id if outcome.version else None,
            detail=outcome.detail,
        )
        status = self._compliance.record_delivery(contract, delivery)
        log.info(
            "delivery %s of %s/%s for %s: %s, %s (period %s)",
            delivery.id,
            contract.id,
            dataset_id,
            period.start,
            "valid" if valid else "invalid",
            "on time" if delivery.on_time else "late",
            status.value,
        )
        self._compliance.announce_period(contract, dataset_id, period, now=received_at)
        return DeliveryOutcome(delivery_read(delivery, status), outcome.issues)

    def list(
        self, contract_id: str, *, reader: Reader, dataset_id: str | None = None
    ) -> list[DeliveryRead]:
        """The contract's deliveries, the latest first (a data steward or its operator)."""
        contract = self._registry.get(contract_id, reader=reader)
        query = (
            select(DeliveryRow)
            .where(DeliveryRow.contract_id == contract.id)
            .order_by(DeliveryRow.received_at.desc())
        )
        if dataset_id:
            query = query.where(DeliveryRow.dataset_id == dataset_id)
        report = self._compliance.report(contract.id, reader=reader)
        statuses = {
            (p.dataset_id, p.period_start): p.status for d in report.datasets for p in d.periods
        }
        with self._sessions() as session:
            return [
                delivery_read(
                    row,
                    statuses.get((row.dataset_id, row.period_start), DeliveryStatus.PENDING),
                )
                for row in session.scalars(query)
            ]


def delivery_read(row: DeliveryRow, status: DeliveryStatus) -> DeliveryRead:
    return DeliveryRead(
        id=row.id,
        contract_id=row.contract_id,
        dataset_id=row.dataset_id,
        period_start=row.period_start,
        period_end=row.period_end,
        deadline=row.deadline,
        received_at=row.received_at,
        on_time=row.on_time,
        valid=row.valid,
        complete=row.complete,
        rows=row.rows,
        filename=row.filename,
        load_id=row.load_id,
        quarantine_id=row.quarantine_id,
        snapshot_id=str(row.snapshot_id) if row.snapshot_id is not None else None,
        detail=row.detail,
        period_status=status,
    )
