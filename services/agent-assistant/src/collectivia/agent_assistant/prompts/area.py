"""The prompts area: the agents' shared library of prompt templates (versions, ratings,
import and export), with its demo templates."""

from __future__ import annotations

from collectivia.agent_assistant.prompts import views
from collectivia.agent_assistant.prompts.models import (
    PromptRatingRow,
    PromptTemplateRow,
    PromptTemplateTagRow,
    PromptTemplateVersionRow,
)
from collectivia.agent_assistant.prompts.seed import seed_demo_templates
from collectivia.agent_assistant.prompts.service import PromptLibrary
from collectivia.agent_assistant.settings import AssistantSection
from collectivia.platform.areas import Area
from collectivia.platform.assembly import AreaContext


class PromptsSettings(AssistantSection):
    # Enter the demo templates of the library (prompts/seed.py) when they are missing.
    demo_templates: bool = True


def build(context: AreaContext) -> PromptLibrary:
    library = PromptLibrary(context.sessions)
    if context.section(PromptsSettings).demo_templates:
        seed_demo_templates(library)
    return library


AREA = Area(
    name="prompts",
    summary="The agents' shared library of prompt templates with {{variables}}: versions, "
    "ratings and comments, most useful first, JSON import and export.",
    build=build,
    routers=(views.router,),
    tables=(PromptTemplateRow, PromptTemplateVersionRow, PromptTemplateTagRow, PromptRatingRow),
    settings=PromptsSettings,
)
