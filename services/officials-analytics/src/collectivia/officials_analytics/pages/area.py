"""The officials' page area: the elected officials' French page (Keycloak sign-in with PKCE:
dashboard per commune, drill-down, content gaps, forecasts), the indicators' charts as SVG
and the council's report as PDF (matplotlib), and its assets; it serves "/", so it comes
last."""

from __future__ import annotations

from collectivia.officials_analytics.pages import views
from collectivia.officials_analytics.pages.layout import Frame
from collectivia.officials_analytics.pages.settings import PagesSettings
from collectivia.officials_analytics.settings import OfficialsAnalyticsSettings
from collectivia.platform.areas import Area
from collectivia.platform.assembly import AreaContext


def build(context: AreaContext) -> Frame:
    return Frame.of(context.get(OfficialsAnalyticsSettings), context.section(PagesSettings))


AREA = Area(
    name="pages",
    summary="The elected officials' page in French (Keycloak sign-in with PKCE): a dashboard "
    "per commune and period, each indicator's breakdown, content gaps, the month's briefing, "
    "forecasts; the charts "
    "as accessible SVG (matplotlib, with their data tables and summaries) and the council's "
    "printable report (PDF); its assets.",
    build=build,
    routers=(views.router,),
    settings=PagesSettings,
)
