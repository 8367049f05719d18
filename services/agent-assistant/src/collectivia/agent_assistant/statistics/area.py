"""The statistics area: the tasks' completions (``assistant.task-completed``, pseudonymous)
counted per department and month for managers, small groups suppressed; the prompt
library's use counts."""

from __future__ import annotations

from collectivia.agent_assistant.settings import AssistantSettings
from collectivia.agent_assistant.statistics import views
from collectivia.agent_assistant.statistics.handlers import (
    TaskCompletedBatchHandler,
    TaskCompletedHandler,
)
from collectivia.agent_assistant.statistics.models import TaskUsageRow, TemplateUseCountRow
from collectivia.agent_assistant.statistics.service import UsageStatistics
from collectivia.platform.areas import Area, Subscription
from collectivia.platform.assembly import AreaContext
from collectivia.platform.events.catalogue import TASK_COMPLETED


def build(context: AreaContext) -> UsageStatistics:
    settings = context.get(AssistantSettings)
    return UsageStatistics(context.sessions, settings.statistics_min_group_size)


AREA = Area(
    name="statistics",
    summary="Usage statistics per department and month from the tasks' completions "
    "(pseudonymous), small groups suppressed; the prompt library's use counts.",
    build=build,
    routers=(views.router,),
    tables=(TaskUsageRow, TemplateUseCountRow),
    subscriptions=(
        Subscription(
            TASK_COMPLETED,
            handler=TaskCompletedHandler,
            batch=TaskCompletedBatchHandler,
        ),
    ),
)
