"""Who hears of an emergency besides the citizen: the agents on duty, when there are any.

The questions use case only asks these two things; the emergencies area supplies the real
ones (the duty schedule, and an urgent handover to the agents' inbox)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol


class UrgentHandover(Protocol):
    def on_duty(self) -> bool:
        """Whether an agent is on duty now (the answer then says the message is passed on)."""
        ...

    def hand_over(self, conversation_id: str, owner: str | None, situations: Sequence[str]) -> None:
        """Pass the conversation to the agents on duty, flagged urgent."""
        ...


class NoAgentOnDuty:
    """Nobody to alert: the numbers alone."""

    def on_duty(self) -> bool:
        return False

    def hand_over(self, conversation_id: str, owner: str | None, situations: Sequence[str]) -> None:
        return None
