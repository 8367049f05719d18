"""The library area: which documents the chat answers from and where each came from — the
start-up folder, the admin's imports (indexed in the background), the data lake's
publications and withdrawals — kept in the database and indexed in the knowledge base."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Literal

from pydantic import Field

from collectivia.citizen_chat.knowledge.base import KnowledgeBase
from collectivia.citizen_chat.knowledge.sanitizing import DEFAULT_ALLOWED_DOMAINS, LinkPolicy
from collectivia.citizen_chat.knowledge.screening import PersonalDataScreen
from collectivia.citizen_chat.knowledge_loading import documents_in
from collectivia.citizen_chat.library import views
from collectivia.citizen_chat.library.following import FollowingWorker, LibraryFollower
from collectivia.citizen_chat.library.handlers import LakeDocumentHandlers
from collectivia.citizen_chat.library.models import ImportRow, LibraryDocumentRow
from collectivia.citizen_chat.library.review import ReviewRow
from collectivia.citizen_chat.library.service import Library, LibraryPolicy
from collectivia.citizen_chat.library.worker import IndexingWorker
from collectivia.citizen_chat.settings import ChatSection
from collectivia.citizen_chat.worker_processes import (
    WorkerRole,
    announce_restored,
    wait_until_restored,
)
from collectivia.platform.areas import Area, Subscription, Worker
from collectivia.platform.assembly import AreaContext
from collectivia.platform.events.catalogue import DOCUMENT_PUBLISHED, DOCUMENT_WITHDRAWN

logger = logging.getLogger(__name__)


class LibrarySettings(ChatSection):
    # Documents taken in at start (Markdown, HTML, JSON Lines...), e.g. infra/demo/knowledge.
    knowledge_dir: Path | None = None
    # Largest file the admin import takes (bytes; 20 MiB by default).
    import_max_bytes: int = Field(20 * 1024 * 1024, ge=1024, le=1024 * 1024 * 1024)
    # With several worker processes, how often each takes in the library's changes another
    # made (documents published, withdrawn, imported), from the database.
    follow_seconds: float = Field(1.0, gt=0, le=60)
    # Domains the documents' links may send a citizen to (a domain allows its subdomains): a
    # sentence with an address elsewhere is dropped at intake (JSON list in the variable).
    allowed_link_domains: tuple[str, ...] = DEFAULT_ALLOWED_DOMAINS
    # Sources whose new versions are cited only after a second person approves them
    # (GET/POST /v1/knowledge/reviews): "import", "lake" (JSON list; empty: none).
    review_sources: frozenset[Literal["import", "lake"]] = frozenset()
    # A version in which the privacy guard finds personal data waits for review.
    hold_personal_data: bool = True


def build(context: AreaContext) -> Library:
    section = context.section(LibrarySettings)
    library = Library(
        context.sessions,
        context.get(KnowledgeBase),
        LibraryPolicy(
            max_import_bytes=section.import_max_bytes,
            links=LinkPolicy(tuple(d.lower().strip(".") for d in section.allowed_link_domains)),
            review_sources=frozenset(section.review_sources),
            screen=PersonalDataScreen() if section.hold_personal_data else None,
        ),
    )
    role = context.supplied(WorkerRole) or WorkerRole()
    if role.primary:
        library.restore(documents_in(section.knowledge_dir) if section.knowledge_dir else [])
        announce_restored(role)
    else:  # the primary takes the folder in; a follower starts from what the table holds
        if not wait_until_restored(role):
            logger.warning("the primary has not taken the start-up folder in: following")
        LibraryFollower(context.sessions, library.knowledge).follow()
    return library


def start_following(library: Library, interval: float) -> FollowingWorker:
    """The library followed from the database (several workers: ``worker_processes.py``)."""
    worker = FollowingWorker(
        LibraryFollower(library.sessions, library.knowledge), interval, library.has_pending
    )
    worker.start()
    return worker


def start_indexing(library: Library) -> IndexingWorker:
    worker = IndexingWorker(library)
    worker.start()
    return worker


AREA = Area(
    name="library",
    summary="The documents answers may cite: the start-up folder, imports by the admin and the "
    "data steward (indexed in the background), the data lake's publications and withdrawals.",
    build=build,
    routers=(views.router, views.review_router),
    tables=(LibraryDocumentRow, ImportRow, ReviewRow),
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
