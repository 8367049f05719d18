"""When an agent of the collectivity is on duty to take emergencies: a weekly schedule in the
collectivity's time zone. Outside it, the citizen gets the numbers alone and is told nobody
is on duty (never a promise nobody keeps)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_WINDOW = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


def _time(hours: str, minutes: str) -> time:
    hour, minute = int(hours), int(minutes)
    if hour == 24 and minute == 0:
        return time.max
    return time(hour, minute)  # ValueError past 23:59


def windows_of(text: str) -> tuple[tuple[time, time], ...]:
    """ "08:30-12:00, 13:30-17:30" -> the windows; ValueError (English, for operators) when
    one is not HH:MM-HH:MM with its start before its end."""
    windows: list[tuple[time, time]] = []
    for part in filter(str.strip, text.split(",")):
        found = _WINDOW.match(part)
        if found is None:
            raise ValueError(f"{part.strip()!r} is not a HH:MM-HH:MM window")
        start, end = _time(*found.group(1, 2)), _time(*found.group(3, 4))
        if start >= end:
            raise ValueError(f"{part.strip()!r} ends before it starts (a night: two days)")
        windows.append((start, end))
    return tuple(windows)


def check_hours(hours: Mapping[str, str]) -> None:
    for day, text in hours.items():
        if day not in DAYS:
            raise ValueError(f"{day!r} is not a day: use {', '.join(DAYS)}")
        windows_of(text)


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class DutySchedule:
    hours: Mapping[str, str]
    timezone: str = "Europe/Paris"
    clock: Callable[[], datetime] = _now

    def on_duty(self) -> bool:
        local = self.clock().astimezone(ZoneInfo(self.timezone))
        today = DAYS[local.weekday()]
        now = local.time().replace(tzinfo=None)
        return any(start <= now < end for start, end in windows_of(self.hours.get(today, "")))
