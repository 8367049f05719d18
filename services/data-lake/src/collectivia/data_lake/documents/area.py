"""The documents area: documents published by data stewards for the public and the citizen
chat, every version kept, each change announced."""

from __future__ import annotations

from collectivia.data_lake.documents import views
from collectivia.data_lake.documents.models import DocumentRow, DocumentVersionRow
from collectivia.data_lake.documents.service import Documents
from collectivia.platform.areas import Area
from collectivia.platform.assembly import AreaContext
from collectivia.platform.events.catalogue import DOCUMENT_PUBLISHED, DOCUMENT_WITHDRAWN
from collectivia.platform.events.outbox.writer import Outbox


def build(context: AreaContext) -> Documents:
    return Documents(sessions=context.sessions, outbox=context.get(Outbox))


AREA = Area(
    name="documents",
    summary="Documents (Markdown or text) published by data stewards for the public and the "
    "citizen chat's knowledge base; every version kept; publications and withdrawals "
    "announced on Kafka.",
    build=build,
    routers=(views.router,),
    tables=(DocumentRow, DocumentVersionRow),
    publishes=(DOCUMENT_PUBLISHED, DOCUMENT_WITHDRAWN),
)
