"""The emergencies area: a message describing an emergency gets the national numbers first
(``answering/emergencies.py`` recognises it, ``answering/emergency_answer.py`` answers); when an
agent is on duty (the schedule in the settings) the conversation is also handed over to the
agents' inbox, flagged urgent. It plugs itself into the questions use case at start."""

from __future__ import annotations

from collectivia.citizen_chat.conversations.questions import Questions
from collectivia.citizen_chat.emergencies.desk import EmergencyDesk
from collectivia.citizen_chat.emergencies.duty import DutySchedule
from collectivia.citizen_chat.emergencies.settings import EmergencySettings
from collectivia.citizen_chat.handover.service import Handovers
from collectivia.platform.areas import Area
from collectivia.platform.assembly import AreaContext


def build(context: AreaContext) -> EmergencyDesk:
    section = context.section(EmergencySettings)
    desk = EmergencyDesk(
        schedule=DutySchedule(section.emergency_duty_hours, section.emergency_duty_timezone),
        handovers=context.get(Handovers),
    )
    context.get(Questions).urgent = desk
    return desk


AREA = Area(
    name="emergencies",
    summary="Emergencies described in a question: the national numbers first (15, 17, 18, "
    "112, 114, 3114, 119, 3919), and an urgent handover to the agents on duty, when any.",
    build=build,
    settings=EmergencySettings,
)
