"""The charter area: the usage charter every agent accepts, per version, before any task;
each acceptance is published for the register's AI-literacy records."""

from __future__ import annotations

from collectivia.agent_assistant.charter import views
from collectivia.agent_assistant.charter.models import CharterAcceptanceRow, CharterVersionRow
from collectivia.agent_assistant.charter.service import Charters
from collectivia.platform.areas import Area
from collectivia.platform.assembly import AreaContext
from collectivia.platform.events.catalogue import CHARTER_ACCEPTED
from collectivia.platform.events.outbox.writer import Outbox


def build(context: AreaContext) -> Charters:
    charters = Charters(context.sessions, context.get(Outbox))
    charters.ensure_default()
    return charters


AREA = Area(
    name="charter",
    summary="The usage charter every agent accepts (per version) before any task; each "
    "acceptance published for the register's AI-literacy records.",
    build=build,
    routers=(views.router,),
    tables=(CharterVersionRow, CharterAcceptanceRow),
    publishes=(CHARTER_ACCEPTED,),
)
