"""The answer to a message describing an emergency: the right national numbers first, what
the assistant cannot do, and whether an agent on duty was alerted. Nothing is quoted from
the knowledge base (no dose, no diagnosis can slip in) and nothing is generated."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from collectivia.citizen_chat.answering import texts
from collectivia.citizen_chat.answering.emergencies import Situation
from collectivia.citizen_chat.answering.models import Answer, Outcome
from collectivia.citizen_chat.answering.service import Answerer

# The numbers of each situation, the most specific first.
NUMBERS: dict[Situation, tuple[str, ...]] = {
    Situation.SUICIDE: ("3114", "15"),
    Situation.HEALTH: ("15",),
    Situation.HEATWAVE: ("15",),
    Situation.FIRE: ("18",),
    Situation.DOMESTIC_VIOLENCE: ("3919", "17"),
    Situation.CHILD_IN_DANGER: ("119", "17"),
    Situation.VIOLENCE: ("17",),
}
# Given in every case: any phone, and those who cannot call.
ALWAYS = ("112", "114")


def numbers_for(situations: Sequence[Situation]) -> tuple[str, ...]:
    found = [number for situation in situations for number in NUMBERS[situation]]
    return tuple(dict.fromkeys([*found, *ALWAYS]))


def emergency_answer(
    answerer: Answerer,
    situations: Sequence[Situation],
    *,
    agent_alerted: bool,
    commune: str | None,
    register_url: str,
) -> Answer:
    numbers = numbers_for(situations)
    lines = [texts.EMERGENCY_CALL]
    lines.extend(
        texts.emergency_number_line(number, last=i == len(numbers) - 1)
        for i, number in enumerate(numbers)
    )
    lines.append(texts.EMERGENCY_LIMITS)
    lines.append(texts.EMERGENCY_AGENT_ALERTED if agent_alerted else texts.EMERGENCY_NO_AGENT)
    answer = answerer.finish(
        Outcome.HANDED_OVER if agent_alerted else Outcome.ANSWERED,
        lines,
        (),
        (),
        1.0,
        commune,
        register_url,
        offer_handoff=not agent_alerted,
        theme=texts.EMERGENCY_THEME,
    )
    return dataclasses.replace(answer, emergency=tuple(s.value for s in situations))
