"""The library area: which documents the chat answers from and where each came from — the
start-up folder, the admin's imports (indexed in the background), the data lake's
publications and withdrawals — kept in the database and indexed in the knowledge base."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from collectivia.citizen_chat.knowledge.base import KnowledgeBase
from collectivia.citizen_chat.knowledge_loading import documents_in
from collectivia.citizen_chat.library import views
from collectivia.citizen_chat.library.handlers import LakeDocumentHandlers
from collectivia.citizen_chat.library.models import ImportRow, LibraryDocumentRow
from collectivia.citizen_chat.library.service import Library, LibraryPolicy
from collectivia.citizen_chat.library.worker import IndexingWorker
from collectivia.citizen_chat.settings import ChatSection
from collectivia.platform.areas import Area, Subscription, Worker
from collectivia.platform.assembly import AreaContext
from collectivia.platform.events.catalogue import DOCUMENT_PUBLISHED, DOCUMENT_WITHDRAWN


class LibrarySettings(ChatSection):
    # Documents taken in at start (Markdown, HTML, JSON Lines...), e.g. infra/demo/knowledge.
    knowledge_dir: Path | None = None
    # Largest file the admin import takes (bytes; 20 MiB by default).
    import_max_bytes: int = Field(20 * 1024 * 1024, ge=1024, le=1024 * 1024 * 1024)


def build(context: AreaContext) -> Library:
    section = context.section(LibrarySettings)
    library = Library(
        context.sessions,
        context.get(KnowledgeBase),
        LibraryPolicy(max_import_bytes=section.import_max_bytes),
    )
    library.restore(documents_in(section.knowledge_dir) if section.knowledge_dir else [])
    return library


def start_indexing(library: Library) -> IndexingWorker:
    worker = IndexingWorker(library)
    worker.start()
    return worker


AREA = Area(
    name="library",
    summary="The documents answers may cite: the start-up folder, imports by the admin and the "
    "data steward (indexed in the background), the data lake's publications and withdrawals.",
    build=build,
    routers=(views.router,),
    tables=(LibraryDocumentRow, ImportRow),
    subscriptions=(
        Subscription(
            DOCUMENT_PUBLISHED, handler=lambda library: LakeDocumentHandlers(library).on_published
        ),
        Subscription(
            DOCUMENT_WITHDRAWN, handler=lambda library: LakeDocumentHandlers(library).on_withdrawn
        ),
    ),
    workers=(Worker("library-indexing", start=start_indexing),),
    settings=LibrarySettings,
)
