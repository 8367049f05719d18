"""Several worker processes, one library: a worker's knowledge base follows the table that
another worker's library writes — publications, new versions, metadata, withdrawals,
imports waiting for the primary — and embeds nothing the shared cache holds."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from citizen_chat_testing.knowledge import CountingEmbedder
from collectivia.citizen_chat.database import create_database_engine
from collectivia.citizen_chat.definition import SERVICE
from collectivia.citizen_chat.knowledge.base import KnowledgeBase, RetrievalSettings
from collectivia.citizen_chat.knowledge.documents import Document
from collectivia.citizen_chat.knowledge.embeddings import CachedEmbedder, EmbeddingCache
from collectivia.citizen_chat.knowledge.intake import DocumentMetadata
from collectivia.citizen_chat.knowledge.vector_store import QdrantVectorStore
from collectivia.citizen_chat.library.following import FollowingWorker, LibraryFollower
from collectivia.citizen_chat.library.service import Library
from collectivia.platform.database import create_session_factory
from collectivia.testkit.waiting import wait_until

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
LUDOTHEQUE = Document(
    id="ludotheque",
    title="La ludothèque",
    text="La ludothèque prête des jeux de société aux familles le mercredi après-midi.",
)
PISCINE = Document(
    id="piscine",
    title="La piscine municipale",
    text="La piscine municipale ouvre ses bassins le samedi matin de 9 h à 12 h.",
)


class Worker:
    """One worker process's knowledge base, on the shared database and vector cache."""

    def __init__(self, folder: Path, sessions: sessionmaker[Session]) -> None:
        self.encoder = CountingEmbedder()
        cached = CachedEmbedder(self.encoder, EmbeddingCache(folder / "vectors.db"))
        self.knowledge = KnowledgeBase(
            cached, QdrantVectorStore(self.encoder.dim), RetrievalSettings()
        )
        self.library = Library(sessions, self.knowledge)
        self.follower = LibraryFollower(sessions, self.knowledge)

    def found(self, query: str) -> list[str]:
        return [hit.document.id for hit in self.knowledge.search(query)]


def _sessions(folder: Path) -> sessionmaker[Session]:
    engine = create_database_engine(f"sqlite:///{folder / 'chat.db'}")
    SERVICE.create_schema(engine)
    return create_session_factory(engine)


def test_a_document_published_through_one_worker_is_searched_by_the_other(
    tmp_path: Path,
) -> None:
    sessions = _sessions(tmp_path)
    primary, follower = Worker(tmp_path, sessions), Worker(tmp_path, sessions)
    primary.library.publish(LUDOTHEQUE, T0)
    assert follower.found("ludothèque jeux") == []

    report = follower.follower.follow()

    assert (report.applied, report.withdrawn) == (1, 0)
    assert follower.found("ludothèque jeux")[:1] == ["ludotheque"]
    # The vectors came from the cache the publishing worker filled.
    assert follower.encoder.passages_embedded == 0
    # A round with nothing new applies nothing.
    assert follower.follower.follow().applied == 0


def test_a_new_version_and_new_metadata_replace_the_old_one(tmp_path: Path) -> None:
    sessions = _sessions(tmp_path)
    primary, follower = Worker(tmp_path, sessions), Worker(tmp_path, sessions)
    primary.library.publish(LUDOTHEQUE, T0)
    follower.follower.follow()
    moved = Document(
        id="ludotheque",
        title="La ludothèque",
        text="La ludothèque prête des jeux de société aux familles le jeudi soir.",
        communes=("57463",),
    )
    primary.library.publish(moved, T0 + timedelta(hours=1))

    assert follower.follower.follow().applied == 1
    held = follower.knowledge.document("ludotheque")
    assert held is not None
    assert "jeudi" in held.text
    assert held.communes == ("57463",)


def test_a_withdrawal_through_one_worker_removes_the_document_from_the_other(
    tmp_path: Path,
) -> None:
    sessions = _sessions(tmp_path)
    primary, follower = Worker(tmp_path, sessions), Worker(tmp_path, sessions)
    primary.library.publish(LUDOTHEQUE, T0)
    primary.library.publish(PISCINE, T0)
    follower.follower.follow()
    assert "ludotheque" in follower.found("ludothèque jeux")

    primary.library.withdraw_published("ludotheque", "obsolète", T0 + timedelta(hours=1))
    report = follower.follower.follow()

    assert report.withdrawn == 1
    assert "ludotheque" not in follower.found("ludothèque jeux")
    assert follower.knowledge.document("piscine") is not None
    # And the other way: withdrawn through the follower, gone from the primary.
    follower.library.withdraw("piscine", "fermée", "admin")
    assert primary.follower.follow().withdrawn == 1
    assert primary.knowledge.document("piscine") is None


def test_an_import_kept_by_a_follower_wakes_the_primary_indexing(tmp_path: Path) -> None:
    sessions = _sessions(tmp_path)
    primary, follower = Worker(tmp_path, sessions), Worker(tmp_path, sessions)
    content = b"# Les encombrants\n\nLa collecte des encombrants passe le premier lundi du mois.\n"
    job = follower.library.import_file(
        content, "encombrants.md", DocumentMetadata(document_id="encombrants"), "admin"
    )
    assert job.total == 1
    woken = threading.Event()
    worker = FollowingWorker(primary.follower, 0.01, woken)
    worker.start()
    try:
        assert woken.wait(5), "the primary's indexing was never woken"
    finally:
        worker.stop()
    # The primary indexes it (as its indexing worker does), the follower then follows.
    assert primary.library.index_pending() == 1
    assert follower.follower.follow().applied == 1
    assert follower.found("encombrants lundi")[:1] == ["encombrants"]


def test_the_following_worker_carries_on_after_a_failed_round(tmp_path: Path) -> None:
    sessions = _sessions(tmp_path)
    primary, follower = Worker(tmp_path, sessions), Worker(tmp_path, sessions)
    rounds: list[str] = []

    class Flaky(LibraryFollower):
        def follow(self):  # type: ignore[no-untyped-def]
            rounds.append("round")
            if len(rounds) == 1:
                raise RuntimeError("database away")
            return super().follow()

    primary.library.publish(PISCINE, T0)
    worker = FollowingWorker(Flaky(sessions, follower.knowledge), 0.01)
    worker.start()
    try:
        wait_until(lambda: follower.knowledge.document("piscine") is not None, timeout=5)
    finally:
        worker.stop()
    assert len(rounds) >= 2
