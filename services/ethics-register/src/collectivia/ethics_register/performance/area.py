"""The performance area: the figures services measure at each run of a register entry
(``ai.performance-measured``), kept as a history; the latest is shown on the entry's public
page and in the exports."""

from __future__ import annotations

from collectivia.ethics_register.performance import views
from collectivia.ethics_register.performance.handlers import PerformanceMeasuredHandler
from collectivia.ethics_register.performance.models import PerformanceMeasurementRow
from collectivia.ethics_register.performance.service import PerformanceRecords
from collectivia.ethics_register.systems.service import SystemRegistry
from collectivia.platform.areas import Area, Subscription
from collectivia.platform.assembly import AreaContext
from collectivia.platform.events.catalogue import PERFORMANCE_MEASURED


def build(context: AreaContext) -> PerformanceRecords:
    registry = context.get(SystemRegistry)
    return PerformanceRecords(
        context.sessions, system_exists=registry.exists, find_system=registry.get
    )


AREA = Area(
    name="performance",
    summary="The performance services measure at each run of an entry (a forecast's "
    "back-test errors...): kept as a history, the latest shown on the public page and in the "
    "exports.",
    build=build,
    routers=(views.router,),
    tables=(PerformanceMeasurementRow,),
    subscriptions=(Subscription(PERFORMANCE_MEASURED, handler=PerformanceMeasuredHandler),),
)
