"""The notes area: what it adds to the service. A real area also declares, when it has
them: ``subscriptions`` (events it consumes, ``Subscription(EVENT, handler=...)``),
``publishes``, ``grpc`` (``GrpcEndpoint``), ``workers`` and ``calls`` to other services;
see services/ethics-register for each."""

from __future__ import annotations

from pydantic import Field

from collectivia.platform.areas import Area
from collectivia.platform.assembly import AreaContext
from collectivia.service_template.notes import views
from collectivia.service_template.notes.models import NoteRow
from collectivia.service_template.notes.service import Notes
from collectivia.service_template.settings import ServiceTemplateSection


class NotesSettings(ServiceTemplateSection):
    # How many notes the list shows.
    notes_shown: int = Field(50, ge=1, le=1000)


def build(context: AreaContext) -> Notes:
    return Notes(sessions=context.sessions, max_notes=context.section(NotesSettings).notes_shown)


AREA = Area(
    name="notes",
    summary="Short texts an agent keeps: the template's example area.",
    build=build,
    routers=(views.router,),
    tables=(NoteRow,),
    settings=NotesSettings,
)
