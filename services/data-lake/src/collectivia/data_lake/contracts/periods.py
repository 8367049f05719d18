"""The periods a DSP operator owes a delivery for, and their deadlines.

Periods are calendar periods (a day, a month, a quarter, a year) that overlap the contract's
term; each is owed once, by ``deadline_days`` days after its end, at midnight in the
collectivity's time zone: a monthly report of January with a 15-day deadline is due before
16 February, 00:00 (Paris time). A "continuous" dataset (telemetry streamed over gRPC) owes
no periodic delivery."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo


class DeliveryFrequency(StrEnum):
    DAILY = "daily"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    YEARLY = "yearly"
    # Streamed (telemetry): no periodic delivery, no deadline.
    CONTINUOUS = "continuous"


@dataclass(frozen=True)
class Period:
    """One period owed: ``start`` inclusive, ``end`` exclusive."""

    start: date
    end: date

    def deadline(self, deadline_days: int, zone: ZoneInfo) -> datetime:
        return datetime.combine(self.end + timedelta(days=deadline_days), time(0), tzinfo=zone)


def period_of(frequency: DeliveryFrequency, day: date) -> Period:
    """The period of ``frequency`` that holds ``day``."""
    if frequency is DeliveryFrequency.DAILY:
        return Period(day, day + timedelta(days=1))
    if frequency is DeliveryFrequency.MONTHLY:
        start = day.replace(day=1)
        return Period(start, _add_months(start, 1))
    if frequency is DeliveryFrequency.QUARTERLY:
        start = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
        return Period(start, _add_months(start, 3))
    if frequency is DeliveryFrequency.YEARLY:
        return Period(date(day.year, 1, 1), date(day.year + 1, 1, 1))
    raise ValueError("a continuous dataset has no periods")


def is_period_start(frequency: DeliveryFrequency, day: date) -> bool:
    return period_of(frequency, day).start == day


def periods_owed(
    frequency: DeliveryFrequency, starts_on: date, ends_on: date, *, until: date
) -> Iterator[Period]:
    """The periods overlapping the term ``[starts_on, ends_on]`` (``ends_on`` is the term's
    last day) that have started on or before ``until``, oldest first."""
    if frequency is DeliveryFrequency.CONTINUOUS:
        return
    period = period_of(frequency, starts_on)
    while period.start <= min(ends_on, until):
        yield period
        period = period_of(frequency, period.end)


def within_term(period: Period, starts_on: date, ends_on: date) -> bool:
    return period.start <= ends_on and period.end > starts_on


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)
