"""Settings of the emergencies area (prefix ``COLLECTIVIA_CITIZEN_CHAT_``)."""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, field_validator

from collectivia.citizen_chat.emergencies.duty import check_hours
from collectivia.citizen_chat.settings import ChatSection


class EmergencySettings(ChatSection):
    # When an agent is on duty to take emergencies handed over from the chat, by day (mon ...
    # sun) -> "HH:MM-HH:MM" windows, comma-separated (JSON in the variable), e.g.
    # {"mon": "08:30-12:00,13:30-17:30"}. Empty: nobody; the citizen gets the numbers alone.
    emergency_duty_hours: dict[str, str] = Field(default_factory=dict)
    # The time zone of the schedule.
    emergency_duty_timezone: str = "Europe/Paris"

    @field_validator("emergency_duty_hours")
    @classmethod
    def _hours_are_windows(cls, value: dict[str, str]) -> dict[str, str]:
        check_hours(value)
        return value

    @field_validator("emergency_duty_timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"unknown time zone {value!r}") from error
        return value
