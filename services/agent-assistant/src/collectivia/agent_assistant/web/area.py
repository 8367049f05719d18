"""The intranet page area: the agents' French page (Keycloak sign-in, every screen of the
assistant) and its assets; it serves "/", so it comes last."""

from __future__ import annotations

from collectivia.agent_assistant.settings import AssistantAiUseSettings, AssistantSettings
from collectivia.agent_assistant.tasks.settings import TasksSettings
from collectivia.agent_assistant.web import views
from collectivia.agent_assistant.web.layout import Frame
from collectivia.agent_assistant.web.settings import IntranetSettings
from collectivia.platform.areas import Area
from collectivia.platform.assembly import AreaContext


def build(context: AreaContext) -> Frame:
    return Frame.of(
        context.get(AssistantSettings),
        context.section(IntranetSettings),
        context.get(AssistantAiUseSettings),
        context.get(TasksSettings),
    )


AREA = Area(
    name="web",
    summary="The agents' intranet page in French (Keycloak sign-in with PKCE): inbox, tasks, "
    "prompt library, steering; its assets.",
    build=build,
    routers=(views.router,),
    settings=IntranetSettings,
)
