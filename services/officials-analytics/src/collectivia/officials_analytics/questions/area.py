"""The questions area: a French question about the indicators answered by choosing a
declared indicator and its filters (never free SQL), computed by the indicators' engine for
the caller, with what was understood."""

from __future__ import annotations

from collectivia.officials_analytics.indicators.engine import Indicators
from collectivia.officials_analytics.questions import views
from collectivia.officials_analytics.questions.service import DimensionValues, Questions
from collectivia.officials_analytics.storage.area import Warehouse
from collectivia.officials_analytics.storage.communes import Communes
from collectivia.platform.areas import Area
from collectivia.platform.assembly import AreaContext


def build(context: AreaContext) -> Questions:
    return Questions(
        context.get(Indicators),
        context.get(Communes),
        DimensionValues(context.get(Warehouse)),
    )


AREA = Area(
    name="questions",
    summary="Questions in French about the indicators (« combien de questions à Metz en "
    "mars ? ») answered by a declared indicator and filters — never free SQL — computed for "
    "the caller by the indicators' engine, with the indicator, the filters understood and "
    "« J'ai compris : … »; a French 422 with the close indicators when nothing fits.",
    build=build,
    routers=(views.router,),
)
