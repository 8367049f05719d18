"""The experiments area: experiments a department runs with the assistant (ratings,
comments, minutes saved), their reports shared with other departments, small groups
suppressed."""

from __future__ import annotations

from collectivia.agent_assistant.experiments import views
from collectivia.agent_assistant.experiments.models import (
    ExperimentParticipantRow,
    ExperimentRow,
    ExperimentUseRow,
)
from collectivia.agent_assistant.experiments.service import Experiments
from collectivia.agent_assistant.settings import AssistantSettings
from collectivia.platform.areas import Area
from collectivia.platform.assembly import AreaContext


def build(context: AreaContext) -> Experiments:
    settings = context.get(AssistantSettings)
    return Experiments(context.sessions, settings.statistics_min_group_size)


AREA = Area(
    name="experiments",
    summary="Experiments a department runs with the assistant: ratings, comments, minutes "
    "saved; reports shared with other departments, small groups suppressed.",
    build=build,
    routers=(views.router,),
    tables=(ExperimentRow, ExperimentParticipantRow, ExperimentUseRow),
)
