"""The forecasts area: monthly series forecast with AutoETS, only while the register allows
the forecasting entry, each run recorded as an AI use."""

from __future__ import annotations

from collectivia.ai.use.pathway import AiUsePathway
from collectivia.officials_analytics.forecasts import views
from collectivia.officials_analytics.forecasts.facts import WarehouseFacts
from collectivia.officials_analytics.forecasts.models import ForecastRow, ForecastRunRow
from collectivia.officials_analytics.forecasts.schedule import ForecastSchedule
from collectivia.officials_analytics.forecasts.service import Forecasts
from collectivia.officials_analytics.forecasts.settings import ForecastSettings
from collectivia.officials_analytics.storage.area import Warehouse
from collectivia.platform.areas import Area, Worker
from collectivia.platform.assembly import AreaContext
from collectivia.platform.events.catalogue import PERFORMANCE_MEASURED
from collectivia.platform.events.outbox.writer import Outbox

_HOUR = 3600.0


def build(context: AreaContext) -> Forecasts:
    settings = context.section(ForecastSettings)
    return Forecasts(
        context.sessions,
        WarehouseFacts(context.get(Warehouse)),
        context.get(AiUsePathway),
        settings,
        actor=context.settings.service_name,
        outbox=context.get(Outbox),
    )


def schedule(forecasts: Forecasts) -> ForecastSchedule:
    return ForecastSchedule.started(forecasts, forecasts.settings.forecast_refresh_hours * _HOUR)


AREA = Area(
    name="forecasts",
    summary="Monthly series (citizen demand by theme, water consumption by commune, "
    "handovers) forecast six months ahead with AutoETS, intervals and back-test errors beside "
    "a seasonal naive baseline; shown only while the register allows the forecasting entry, "
    "each run recorded as an AI use.",
    build=build,
    routers=(views.router,),
    tables=(ForecastRunRow, ForecastRow),
    workers=(Worker("forecast-runs", start=schedule),),
    publishes=(PERFORMANCE_MEASURED,),
    settings=ForecastSettings,
)
