"""The web area: the citizens' page (accessible French HTML, themed for the collectivity),
its assets and the installable app. Last of the areas: it serves "/"."""

from __future__ import annotations

from collectivia.citizen_chat.settings import ChatAiUseSettings, ChatSettings
from collectivia.citizen_chat.web import views
from collectivia.citizen_chat.web.layout import Theme
from collectivia.citizen_chat.web.theme import ThemeSettings
from collectivia.platform.areas import Area
from collectivia.platform.assembly import AreaContext


def build(context: AreaContext) -> Theme:
    return Theme.of(
        context.get(ChatSettings),
        context.section(ThemeSettings),
        context.section(ChatAiUseSettings),
    )


AREA = Area(
    name="web",
    summary="The citizens' page in French (RGAA/WCAG), themed for the collectivity, with the AI "
    "disclosure and the register's link; installable, with an offline page.",
    build=build,
    routers=(views.router,),
    settings=ThemeSettings,
)
