"""The period of a query: months "YYYY-MM" (local months, as the tables count them),
inclusive; by default the last months up to the current one."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from collectivia.officials_analytics import messages
from collectivia.platform import messages as platform_messages
from collectivia.platform.errors import FieldError, InvalidInput

_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class Period:
    first: str
    last: str


def _index(month: str) -> int:
    year, number = month.split("-")
    return int(year) * 12 + int(number) - 1


def _month(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _parsed(value: str, field: str) -> int:
    if not _MONTH.match(value):
        detail = messages.MONTH_INVALID.format(
            field=field, value=platform_messages.shown_identifier(value)
        )
        raise InvalidInput(detail, [FieldError(field, detail)])
    return _index(value)


def period(first: str, last: str, *, today: date, default_months: int, max_months: int) -> Period:
    """The period from ``first`` to ``last`` (empty: ``default_months`` up to the current
    month, or from/up to the one given)."""
    current = today.year * 12 + today.month - 1
    end = _parsed(last, "to") if last else None
    start = _parsed(first, "from") if first else None
    if end is None:
        end = max(current, start) if start is not None else current
    if start is None:
        start = end - default_months + 1
    if start > end:
        detail = messages.PERIOD_REVERSED.format(first=_month(start), last=_month(end))
        raise InvalidInput(detail, [FieldError("from", detail)])
    months = end - start + 1
    if months > max_months:
        detail = messages.PERIOD_TOO_LONG.format(months=months, limit=max_months)
        raise InvalidInput(detail, [FieldError("from", detail)])
    return Period(_month(start), _month(end))
