"""Whether each operator delivers what it owes: per contract, dataset and period, what was
expected, received, valid, late or missing; the record kept over time (one row per period
that saw a delivery or passed its deadline); and the lateness watch, which announces every
period past its deadline without a complete delivery as
``fr.collectivia.lake.delivery-late.v1``.

A period's status is a matter of facts and of the clock: settled (a complete delivery —
valid and not empty — arrived) on time or late; else pending until the deadline, then
invalid (files came, none complete) or missing (nothing came).

Each status of a period (missing, invalid, late) is announced once: what was announced is
recorded with the period, so that neither a later round nor a restart repeats it. A period
announced missing whose delivery then comes late is announced again, as late. The event is
written to the outbox in the transaction that records it: both or neither; the relay sends
it once committed, at least once."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from collectivia.data_lake import messages
from collectivia.data_lake.contracts.models import DeliveryPeriodRow, DeliveryRow
from collectivia.data_lake.contracts.periods import DeliveryFrequency, Period, periods_owed
from collectivia.data_lake.contracts.registry import ContractRegistry, is_operator_of
from collectivia.data_lake.contracts.schemas import (
    ComplianceRead,
    ContractRead,
    DatasetCompliance,
    DatasetObligation,
    DeliveryStatus,
    PeriodCompliance,
)
from collectivia.data_lake.datasets.access import Reader
from collectivia.events.v1 import lake_pb2
from collectivia.platform.errors import DomainError, PermissionDenied
from collectivia.platform.events.payloads import timestamp
from collectivia.platform.events.protocol import EventOutbox

log = logging.getLogger(__name__)

ANNOUNCED = frozenset({DeliveryStatus.MISSING, DeliveryStatus.INVALID, DeliveryStatus.LATE})


def _now() -> datetime:
    return datetime.now(UTC)


def status_of(
    *, deadline: datetime, received: int, settled_at: datetime | None, now: datetime
) -> DeliveryStatus:
    if settled_at is not None:
        return DeliveryStatus.ON_TIME if settled_at < deadline else DeliveryStatus.LATE
    if now < deadline:
        return DeliveryStatus.PENDING
    return DeliveryStatus.INVALID if received else DeliveryStatus.MISSING


def late_key(contract_id: str, dataset_id: str, period_start: date) -> str:
    """The key of a period's delivery-late events: contract, dataset and period."""
    return f"{contract_id}/{dataset_id}/{period_start.isoformat()}"


class Compliance:
    def __init__(
        self,
        *,
        sessions: sessionmaker[Any],
        registry: ContractRegistry,
        outbox: EventOutbox,
        zone: ZoneInfo,
        clock: Callable[[], datetime] = _now,
    ) -> None:
        self._sessions = sessions
        self._registry = registry
        self._outbox = outbox
        self.zone = zone
        self._clock = clock
        # One writer of the period records at a time (deliveries and the watch).
        self._lock = threading.Lock()

    def now(self) -> datetime:
        return self._clock()

    def record_delivery(self, contract: ContractRead, delivery: DeliveryRow) -> DeliveryStatus:
        """Record a delivery and count it in its period's record, in one transaction; the
        period's status after it."""
        received_at = delivery.received_at
        key = (contract.id, delivery.dataset_id, delivery.period_start)
        with self._lock, self._sessions.begin() as session:
            session.add(delivery)
            row = session.get(DeliveryPeriodRow, key)
            if row is None:
                period = Period(delivery.period_start, delivery.period_end)
                row = _new_period(
                    contract.id, delivery.dataset_id, period, delivery.deadline, received_at
                )
                session.add(row)
            row.received = (row.received or 0) + 1
            row.valid_received = (row.valid_received or 0) + int(delivery.valid)
            if row.first_received_at is None:
                row.first_received_at = received_at
            if delivery.complete and row.settled_at is None:
                row.settled_at, row.settled_by = received_at, delivery.id
            status = status_of(
                deadline=row.deadline,
                received=row.received,
                settled_at=row.settled_at,
                now=received_at,
            )
            row.status, row.updated_at = status.value, received_at
        return status

    def announce_period(
        self, contract: ContractRead, dataset_id: str, period: Period, *, now: datetime
    ) -> bool:
        """Announce the period's status if it is one to announce and was not yet (a late
        delivery, at once). When Kafka does not answer, the lateness watch's next round
        announces it."""
        with self._lock:
            with self._sessions() as session:
                row = session.get(DeliveryPeriodRow, (contract.id, dataset_id, period.start))
            if row is None:
                return False
            try:
                return self._announce(contract, row, now)
            except DomainError as error:
                log.warning(
                    "delivery-late of %s/%s for %s not announced yet: %s",
                    contract.id,
                    dataset_id,
                    period.start,
                    error.detail,
                )
                return False

    def announce_overdue(self, now: datetime | None = None) -> int:
        """The lateness watch's round: every period of every contract whose deadline has
        passed by ``now`` without a complete delivery (or settled late), announced once per
        status. The number of events written to the outbox; the round stops at the first
        period it could not record (the next round goes on from there)."""
        moment = now or self._clock()
        published = 0
        for contract in self._registry.all():
            for obligation in contract.datasets:
                if obligation.frequency is DeliveryFrequency.CONTINUOUS:
                    continue
                count, interrupted = self._announce_dataset(contract, obligation, moment)
                published += count
                if interrupted:
                    return published
        return published

    def report(
        self,
        contract_id: str,
        *,
        reader: Reader,
        dataset_id: str | None = None,
        now: datetime | None = None,
    ) -> ComplianceRead:
        """Every period owed so far, per dataset, with its status as of ``now``."""
        contract = self._registry.describe(contract_id)
        if not (reader.is_steward or is_operator_of(contract, reader)):
            raise PermissionDenied(messages.CONTRACT_READERS.format(contract_id=contract_id))
        moment = now or self._clock()
        datasets = [
            self._dataset_compliance(contract, obligation, moment)
            for obligation in contract.datasets
            if dataset_id is None or obligation.dataset_id == dataset_id
        ]
        return ComplianceRead(
            contract_id=contract.id,
            operator_name=contract.operator_name,
            as_of=moment,
            datasets=datasets,
        )

    def _announce_dataset(
        self, contract: ContractRead, obligation: DatasetObligation, now: datetime
    ) -> tuple[int, bool]:
        published = 0
        with self._lock:
            with self._sessions() as session:
                records = self._records(session, contract.id, obligation.dataset_id)
            for period in self._periods(contract, obligation, now):
                deadline = period.deadline(obligation.deadline_days, self.zone)
                if deadline > now:
                    break  # the later periods are not due either
                row = records.get(period.start) or _new_period(
                    contract.id, obligation.dataset_id, period, deadline, now
                )
                try:
                    published += self._announce(contract, row, now)
                except DomainError as error:
                    log.warning(
                        "delivery-late of %s/%s for %s not announced: %s",
                        contract.id,
                        obligation.dataset_id,
                        period.start,
                        error.detail,
                    )
                    return published, True
        return published, False

    def _announce(self, contract: ContractRead, row: DeliveryPeriodRow, now: datetime) -> bool:
        """Record the period's status, and its announcement in the outbox, if it is one to
        announce and was not yet. ``row`` is a detached copy."""
        status = status_of(
            deadline=row.deadline, received=row.received, settled_at=row.settled_at, now=now
        )
        if status not in ANNOUNCED or row.announced_status == status.value:
            return False
        with self._sessions.begin() as session:
            stored = session.get(
                DeliveryPeriodRow, (row.contract_id, row.dataset_id, row.period_start)
            )
            if stored is None:  # a period nothing came for: its record starts here
                stored = _new_period(
                    row.contract_id,
                    row.dataset_id,
                    Period(row.period_start, row.period_end),
                    row.deadline,
                    now,
                )
                session.add(stored)
            self._outbox.add(
                session,
                lake_pb2.DeliveryLate(
                    contract_id=contract.id,
                    operator=contract.operator_name,
                    dataset_id=row.dataset_id,
                    period_start=row.period_start.isoformat(),
                    period_end=row.period_end.isoformat(),
                    deadline=timestamp(row.deadline),
                    status=status.value,
                    observed_at=timestamp(now),
                ),
                key=late_key(contract.id, row.dataset_id, row.period_start),
            )
            stored.status = status.value
            stored.announced_status, stored.announced_at, stored.updated_at = (
                status.value,
                now,
                now,
            )
        log.info(
            "delivery %s of %s/%s for %s announced",
            status.value,
            contract.id,
            row.dataset_id,
            row.period_start,
        )
        return True

    def _dataset_compliance(
        self, contract: ContractRead, obligation: DatasetObligation, now: datetime
    ) -> DatasetCompliance:
        with self._sessions() as session:
            records = self._records(session, contract.id, obligation.dataset_id)
        periods = [
            self._period_compliance(obligation, period, records.get(period.start), now)
            for period in self._periods(contract, obligation, now)
        ]
        counts = {status: 0 for status in DeliveryStatus}
        for period_compliance in periods:
            counts[period_compliance.status] += 1
        return DatasetCompliance(
            dataset_id=obligation.dataset_id,
            frequency=obligation.frequency,
            deadline_days=obligation.deadline_days,
            expected=len(periods),
            received=sum(1 for p in periods if p.received),
            on_time=counts[DeliveryStatus.ON_TIME],
            late=counts[DeliveryStatus.LATE],
            invalid=counts[DeliveryStatus.INVALID],
            missing=counts[DeliveryStatus.MISSING],
            pending=counts[DeliveryStatus.PENDING],
            periods=periods,
        )

    def _period_compliance(
        self,
        obligation: DatasetObligation,
        period: Period,
        row: DeliveryPeriodRow | None,
        now: datetime,
    ) -> PeriodCompliance:
        deadline = row.deadline if row else period.deadline(obligation.deadline_days, self.zone)
        received = row.received if row else 0
        settled_at = row.settled_at if row else None
        status = status_of(deadline=deadline, received=received, settled_at=settled_at, now=now)
        announced = row.announced_status if row else None
        return PeriodCompliance(
            dataset_id=obligation.dataset_id,
            period_start=period.start,
            period_end=period.end,
            deadline=deadline,
            status=status,
            status_label=messages.DELIVERY_STATUS_LABELS[status.value],
            expected=True,
            received=received,
            valid=row.valid_received if row else 0,
            late=status is DeliveryStatus.LATE,
            missing=status is DeliveryStatus.MISSING,
            first_received_at=row.first_received_at if row else None,
            settled_at=settled_at,
            announced_status=DeliveryStatus(announced) if announced else None,
        )

    def _periods(
        self, contract: ContractRead, obligation: DatasetObligation, now: datetime
    ) -> Iterable[Period]:
        return periods_owed(
            obligation.frequency,
            contract.starts_on,
            contract.ends_on,
            until=now.astimezone(self.zone).date(),
        )

    @staticmethod
    def _records(session: Session, contract_id: str, dataset_id: str) -> dict[date, Any]:
        rows = session.scalars(
            select(DeliveryPeriodRow).where(
                DeliveryPeriodRow.contract_id == contract_id,
                DeliveryPeriodRow.dataset_id == dataset_id,
            )
        )
        return {row.period_start: row for row in rows}


def _new_period(
    contract_id: str, dataset_id: str, period: Period, deadline: datetime, now: datetime
) -> DeliveryPeriodRow:
    return DeliveryPeriodRow(
        contract_id=contract_id,
        dataset_id=dataset_id,
        period_start=period.start,
        period_end=period.end,
        deadline=deadline,
        received=0,
        valid_received=0,
        first_received_at=None,
        settled_at=None,
        settled_by=None,
        status=DeliveryStatus.PENDING.value,
        announced_status=None,
        announced_at=None,
        updated_at=now,
    )


class LatenessWatch:
    """A thread that runs the compliance's round at start, then every ``interval_seconds``
    until stopped."""

    def __init__(self, compliance: Compliance, interval_seconds: float) -> None:
        self.compliance = compliance
        self.interval_seconds = interval_seconds
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="delivery-lateness", daemon=True)

    @classmethod
    def started(cls, compliance: Compliance, interval_seconds: float) -> LatenessWatch:
        watch = cls(compliance, interval_seconds)
        watch._thread.start()
        return watch

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join(timeout=10)

    def _run(self) -> None:
        while True:
            try:
                announced = self.compliance.announce_overdue()
                if announced:
                    log.info("%d late deliveries announced", announced)
            except Exception:  # thread edge: log, try again at the next round
                log.exception("the lateness watch failed; retried at the next round")
            if self._stopping.wait(self.interval_seconds):
                return
