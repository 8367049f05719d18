"""Versions that wait for a second person (library/review.py): per source, or for personal
data; four eyes, a diff against the live version, French errors."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from citizen_chat_testing.knowledge import CountingEmbedder
from collectivia.citizen_chat.database import create_database_engine
from collectivia.citizen_chat.definition import SERVICE
from collectivia.citizen_chat.knowledge.base import KnowledgeBase, RetrievalSettings
from collectivia.citizen_chat.knowledge.documents import Document
from collectivia.citizen_chat.knowledge.intake import DocumentMetadata
from collectivia.citizen_chat.knowledge.vector_store import QdrantVectorStore
from collectivia.citizen_chat.library.records import Origin, Status
from collectivia.citizen_chat.library.review import LAKE_PROPOSER, ReviewStatus
from collectivia.citizen_chat.library.service import Library, LibraryPolicy
from collectivia.platform.database import create_session_factory
from collectivia.platform.errors import InvalidInput, NotFound, RuleViolation

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
POOL = "# Piscine\n\nLa piscine Lothaire ouvre à 9 heures du lundi au samedi.\n"
POOL_CHANGED = "# Piscine\n\nLa piscine Lothaire ouvre à 10 heures du lundi au dimanche.\n"


def _library(folder: Path, **policy: object) -> Library:
    engine = create_database_engine(f"sqlite:///{folder / 'chat.db'}")
    SERVICE.create_schema(engine)
    sessions: sessionmaker[Session] = create_session_factory(engine)
    embedder = CountingEmbedder()
    knowledge = KnowledgeBase(embedder, QdrantVectorStore(embedder.dim), RetrievalSettings())
    return Library(sessions, knowledge, LibraryPolicy(**policy))  # type: ignore[arg-type]


def _import(library: Library, text: str, actor: str) -> None:
    library.import_file(text.encode(), "piscine.md", DocumentMetadata(), actor)
    library.index_pending()


def _searched(library: Library) -> str | None:
    document = library.knowledge.document("piscine")
    return document.text if document else None


def test_an_import_from_a_reviewed_source_waits_for_another_person(tmp_path: Path) -> None:
    library = _library(tmp_path, review_sources=frozenset({"import"}))
    _import(library, POOL, "alice")
    assert _searched(library) is None
    [waiting] = library.reviews()
    assert waiting.proposed_by == "alice" and waiting.origin is Origin.IMPORT
    assert "seconde personne" in waiting.reasons[0]
    assert "+La piscine Lothaire ouvre à 9 heures" in waiting.diff

    with pytest.raises(RuleViolation, match="quatre yeux"):
        library.review("piscine", "alice", True, "")
    approved = library.review("piscine", "bruno", True, "Vérifié avec le service des sports.")
    assert approved.status is ReviewStatus.APPROVED and approved.reviewed_by == "bruno"
    library.index_pending()
    assert "9 heures" in (_searched(library) or "")
    assert library.entry("piscine").status is Status.INDEXED
    assert library.reviews() == []


def test_a_new_version_shows_its_diff_and_the_live_one_stays_until_approved(
    tmp_path: Path,
) -> None:
    library = _library(tmp_path)
    _import(library, POOL, "alice")
    library.policy = LibraryPolicy(review_sources=frozenset({"import"}))
    _import(library, POOL_CHANGED, "alice")
    assert "9 heures" in (_searched(library) or "")
    [waiting] = library.reviews()
    assert "-La piscine Lothaire ouvre à 9 heures du lundi au samedi." in waiting.diff
    assert "+La piscine Lothaire ouvre à 10 heures du lundi au dimanche." in waiting.diff

    rejected = library.review("piscine", "bruno", False, "Horaires d'été, pas encore votés.")
    assert rejected.status is ReviewStatus.REJECTED
    library.index_pending()
    assert "9 heures" in (_searched(library) or "")


def test_decisions_are_checked_with_french_reasons(tmp_path: Path) -> None:
    library = _library(tmp_path, review_sources=frozenset({"import"}))
    with pytest.raises(NotFound, match="attend de relecture"):
        library.review("piscine", "bruno", True, "")
    _import(library, POOL, "alice")
    with pytest.raises(InvalidInput, match="approuvez"):
        library.review("piscine", "bruno", None, "")
    with pytest.raises(InvalidInput, match="raison du refus"):
        library.review("piscine", "bruno", False, "  ")
    with pytest.raises(InvalidInput, match="dépasse 1000 caractères"):
        library.review("piscine", "bruno", True, "x" * 1001)
    assert len(library.reviews()) == 1


def test_personal_data_holds_a_version_even_from_an_unreviewed_source(tmp_path: Path) -> None:
    library = _library(tmp_path)
    _import(library, POOL + "Astreinte du maître-nageur : 06 12 34 56 78.\n", "alice")
    assert _searched(library) is None
    [waiting] = library.reviews()
    assert "TELEPHONE" in waiting.reasons[0]


def test_a_lake_publication_waits_when_the_lake_is_reviewed(tmp_path: Path) -> None:
    library = _library(tmp_path, review_sources=frozenset({"lake"}))
    document = Document(id="piscine", title="Piscine", text="La piscine ouvre à 9 heures.")
    assert library.publish(document, T0) is False
    [waiting] = library.reviews()
    assert waiting.proposed_by == LAKE_PROPOSER and waiting.origin is Origin.LAKE
    library.review("piscine", "bruno", True, "")
    library.index_pending()
    assert _searched(library) == "La piscine ouvre à 9 heures."
    assert library.entry("piscine").origin is Origin.LAKE


def test_a_newer_version_replaces_the_one_waiting(tmp_path: Path) -> None:
    library = _library(tmp_path, review_sources=frozenset({"import"}))
    _import(library, POOL, "alice")
    _import(library, POOL_CHANGED, "alice")
    [waiting] = library.reviews()
    assert "10 heures" in waiting.diff and "9 heures" not in waiting.diff
