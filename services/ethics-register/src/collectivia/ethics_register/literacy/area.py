"""The AI-literacy area (AI Act Art. 4): the agents' acceptances of the assistant's usage
charter, kept once per agent and version, reported to the register team."""

from __future__ import annotations

from collectivia.ethics_register.literacy import views
from collectivia.ethics_register.literacy.handlers import CharterAcceptedHandler
from collectivia.ethics_register.literacy.models import CharterAcceptanceRecord
from collectivia.ethics_register.literacy.service import LiteracyRecords
from collectivia.platform.areas import Area, Subscription
from collectivia.platform.assembly import AreaContext
from collectivia.platform.events.catalogue import CHARTER_ACCEPTED


def build(context: AreaContext) -> LiteracyRecords:
    return LiteracyRecords(context.sessions)


AREA = Area(
    name="literacy",
    summary="AI-literacy records (AI Act Art. 4): the agents' acceptances of the usage "
    "charter, once per agent and version.",
    build=build,
    routers=(views.router,),
    tables=(CharterAcceptanceRecord,),
    subscriptions=(Subscription(CHARTER_ACCEPTED, handler=CharterAcceptedHandler),),
)
