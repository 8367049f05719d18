"""The emergency desk: an emergency described while an agent is on duty is handed over to the
agents' inbox at once, flagged urgent, in the conversation (the citizen gave no contact)."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from collectivia.citizen_chat.emergencies.duty import DutySchedule
from collectivia.citizen_chat.handover.service import Channel, Handovers

logger = logging.getLogger(__name__)


class EmergencyDesk:
    def __init__(self, *, schedule: DutySchedule, handovers: Handovers) -> None:
        self.schedule = schedule
        self.handovers = handovers

    def on_duty(self) -> bool:
        return self.schedule.on_duty()

    def hand_over(self, conversation_id: str, owner: str | None, situations: Sequence[str]) -> None:
        receipt = self.handovers.request(
            conversation_id, owner, Channel.CONVERSATION, "", urgent=True
        )
        logger.warning(
            "emergency (%s) handed over urgently as %s", ", ".join(situations), receipt.handoff_id
        )
