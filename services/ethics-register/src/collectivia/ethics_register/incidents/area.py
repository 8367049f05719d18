"""The incidents area: problems reported with an AI output (by anyone), their review within
deadlines by severity, serious ones flagged for notification (AI Act Art. 26(5), 73)."""

from __future__ import annotations

from collectivia.ethics_register.incidents import views
from collectivia.ethics_register.incidents.models import Incident
from collectivia.ethics_register.incidents.service import Incidents
from collectivia.ethics_register.systems.service import SystemRegistry
from collectivia.platform.areas import Area
from collectivia.platform.assembly import AreaContext
from collectivia.platform.events.catalogue import INCIDENT_REPORTED
from collectivia.platform.events.outbox.writer import Outbox


def build(context: AreaContext) -> Incidents:
    registry = context.get(SystemRegistry)
    return Incidents(context.sessions, context.get(Outbox), registry.is_published)


AREA = Area(
    name="incidents",
    summary="Problems reported with an AI output, reviewed within deadlines by severity; "
    "serious ones flagged for notification (AI Act Art. 26(5), 73).",
    build=build,
    routers=(views.router,),
    tables=(Incident,),
    publishes=(INCIDENT_REPORTED,),
)
