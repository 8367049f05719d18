"""The content gaps area: the themes and the questions the chat could not answer, ranked,
per commune, with the indicators' access rule and suppression."""

from __future__ import annotations

from pydantic import Field

from collectivia.officials_analytics.gaps import views
from collectivia.officials_analytics.gaps.service import Gaps, GapsPolicy
from collectivia.officials_analytics.indicators.engine import Indicators
from collectivia.officials_analytics.settings import OfficialsAnalyticsSection
from collectivia.officials_analytics.storage.area import Warehouse
from collectivia.platform.areas import Area
from collectivia.platform.assembly import AreaContext


class GapsSettings(OfficialsAnalyticsSection):
    # A theme's figure or a group of questions is shown from this many distinct
    # conversations (the indicators' threshold).
    gaps_min_conversations: int = Field(5, ge=1, le=1000)
    # The most groups of questions listed.
    gaps_max_questions: int = Field(50, ge=1, le=1000)


def build(context: AreaContext) -> Gaps:
    settings = context.section(GapsSettings)
    return Gaps(
        context.get(Warehouse),
        context.get(Indicators),
        GapsPolicy(
            min_conversations=settings.gaps_min_conversations,
            max_questions=settings.gaps_max_questions,
        ),
    )


AREA = Area(
    name="gaps",
    summary="Content gaps: the themes and the (masked, grouped) questions the chat could not "
    "answer, ranked over a period, per commune; a group shown only when enough distinct "
    "conversations asked it; counted by the indicators' engine (DuckDB embedded or Trino).",
    build=build,
    routers=(views.router,),
    settings=GapsSettings,
)
