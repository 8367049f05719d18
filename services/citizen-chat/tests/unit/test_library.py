"""The library: imports all or nothing, free re-imports, indexing by groups that resumes
after an interruption, withdrawals, the start-up folder, the lake's events in order."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from citizen_chat_testing.knowledge import CountingEmbedder
from collectivia.citizen_chat.database import create_database_engine
from collectivia.citizen_chat.definition import SERVICE
from collectivia.citizen_chat.knowledge.base import KnowledgeBase, RetrievalSettings
from collectivia.citizen_chat.knowledge.documents import Document
from collectivia.citizen_chat.knowledge.embeddings import CachedEmbedder, EmbeddingCache, Vector
from collectivia.citizen_chat.knowledge.intake import DocumentMetadata
from collectivia.citizen_chat.knowledge.vector_store import QdrantVectorStore
from collectivia.citizen_chat.library.models import ImportRow, LibraryDocumentRow
from collectivia.citizen_chat.library.records import ImportStatus, Origin, Status
from collectivia.citizen_chat.library.service import Library, LibraryPolicy
from collectivia.platform.database import create_session_factory
from collectivia.platform.errors import InvalidInput, NotFound

NO_METADATA = DocumentMetadata()
T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def _page(number: int, text: str = "") -> dict[str, object]:
    return {
        "id": f"fiche-{number}",
        "title": f"Fiche pratique numéro {number}",
        "text": text or f"Le service {number} reçoit le public pour la démarche {number}.",
    }


def _jsonl(pages: Sequence[dict[str, object]]) -> bytes:
    return "\n".join(json.dumps(p, ensure_ascii=False) for p in pages).encode()


class Setup:
    """A library on a SQLite file, a knowledge base on a vector cache file: a restart is a
    new Setup on the same folder."""

    def __init__(self, folder: Path, embedder: CountingEmbedder | None = None) -> None:
        engine = create_database_engine(f"sqlite:///{folder / 'chat.db'}")
        SERVICE.create_schema(engine)
        self.sessions: sessionmaker[Session] = create_session_factory(engine)
        self.embedder = embedder or CountingEmbedder()
        cached = CachedEmbedder(self.embedder, EmbeddingCache(folder / "vectors.db"))
        store = QdrantVectorStore(self.embedder.dim)
        self.knowledge = KnowledgeBase(cached, store, RetrievalSettings())
        self.library = Library(self.sessions, self.knowledge, LibraryPolicy(group=2))

    def found(self, query: str) -> list[str]:
        return [hit.document.id for hit in self.knowledge.search(query)]

    def count(self, model: type[LibraryDocumentRow] | type[ImportRow]) -> int:
        with self.sessions() as session:
            return session.scalar(select(func.count()).select_from(model)) or 0


@pytest.fixture
def setup(tmp_path: Path) -> Setup:
    return Setup(tmp_path)


def test_an_import_is_kept_at_once_then_indexed_by_groups(setup: Setup) -> None:
    pages = [_page(n) for n in range(1, 6)]
    job = setup.library.import_file(_jsonl(pages), "fiches.jsonl", NO_METADATA, "steward")
    assert (job.status, job.total, job.unchanged, job.indexed) == ("running", 5, 0, 0)
    assert setup.library.has_pending.is_set() and setup.library.pending() == 5
    assert setup.found("démarche 3") == []  # kept, not searched yet
    assert setup.library.index_pending() == 5
    done = setup.library.import_job(job.id)
    assert (done.status, done.indexed, done.finished_at is not None) == ("done", 5, True)
    assert done.document_ids == tuple(f"fiche-{n}" for n in range(1, 6))
    assert setup.found("démarche 3")[0] == "fiche-3"
    entry = setup.library.entry("fiche-3")
    assert (entry.status, entry.origin, entry.import_id) == ("indexed", "import", job.id)
    assert entry.document is not None and entry.content_hash == entry.document.content_hash


def test_re_importing_unchanged_documents_costs_nothing(setup: Setup) -> None:
    pages = [_page(n) for n in range(1, 4)]
    setup.library.import_file(_jsonl(pages), "fiches.jsonl", NO_METADATA, "steward")
    setup.library.index_pending()
    embedded = setup.embedder.passages_embedded
    again = setup.library.import_file(_jsonl(pages), "fiches.jsonl", NO_METADATA, "admin")
    assert (again.status, again.unchanged, again.total) == ("done", 3, 3)
    assert setup.library.pending() == 0 and setup.library.index_pending() == 0
    changed = [*pages[:2], _page(3, "Le service 3 déménage : rendez-vous en ligne uniquement.")]
    third = setup.library.import_file(_jsonl(changed), "fiches.jsonl", NO_METADATA, "admin")
    assert (third.unchanged, third.total) == (2, 3)
    assert setup.library.index_pending() == 1
    assert setup.embedder.passages_embedded == embedded + 1  # its one new chunk only
    assert "fiche-3" not in setup.found("démarche 3 reçoit le public")[:1]
    assert setup.found("déménage rendez-vous en ligne")[0] == "fiche-3"


@pytest.mark.parametrize(
    ("content", "name", "metadata"),
    [
        (_jsonl([_page(1), {"id": "x", "title": "T"}]), "fiches.jsonl", NO_METADATA),
        (b"%PDF-1.4 broken", "x.pdf", NO_METADATA),
        (b"# Titre\n\nTexte.", "x.md", DocumentMetadata(communes=("Metz",))),
        (b"data", "x.xlsx", NO_METADATA),
    ],
)
def test_a_bad_file_keeps_nothing(
    setup: Setup, content: bytes, name: str, metadata: DocumentMetadata
) -> None:
    with pytest.raises(InvalidInput):
        setup.library.import_file(content, name, metadata, "steward")
    assert setup.count(LibraryDocumentRow) == 0 and setup.count(ImportRow) == 0
    assert not setup.library.has_pending.is_set()


def test_a_withdrawn_document_is_gone_at_once_and_comes_back_only_when_imported(
    setup: Setup,
) -> None:
    pages = [_page(1), _page(2)]
    setup.library.import_file(_jsonl(pages), "fiches.jsonl", NO_METADATA, "steward")
    setup.library.index_pending()
    entry = setup.library.withdraw("fiche-1", "obsolète", "admin")
    assert (entry.status, entry.withdrawn_reason) == ("withdrawn", "obsolète")
    assert "fiche-1" not in setup.found("démarche 1 service 1")
    assert [e.document_id for e in setup.library.entries(Status.WITHDRAWN)] == ["fiche-1"]
    with pytest.raises(NotFound, match=r"^Aucun document 'nope' dans la bibliothèque\.$"):
        setup.library.withdraw("nope", "", "admin")
    # An import of the same file again brings it back, on purpose.
    job = setup.library.import_file(_jsonl(pages), "fiches.jsonl", NO_METADATA, "steward")
    assert (job.unchanged, job.total) == (1, 2)
    setup.library.index_pending()
    assert setup.found("démarche 1 service 1")[0] == "fiche-1"


def test_an_interrupted_import_resumes_after_a_restart_without_embedding_twice(
    tmp_path: Path,
) -> None:
    class CrashingEmbedder(CountingEmbedder):
        """Dies on its second batch, like a process killed in the middle of an import."""

        def embed_passages(self, texts: Sequence[str]) -> Vector:
            if self.calls == 1:
                raise RuntimeError("killed")
            return super().embed_passages(texts)

    first = Setup(tmp_path, CrashingEmbedder())
    pages = [_page(n) for n in range(1, 6)]
    job = first.library.import_file(_jsonl(pages), "fiches.jsonl", NO_METADATA, "steward")
    with pytest.raises(RuntimeError, match="killed"):
        first.library.index_pending()
    assert first.library.import_job(job.id).indexed == 2  # the first group of two
    assert first.library.pending() == 3

    restarted = Setup(tmp_path)
    assert restarted.library.restore([]) == 3
    assert restarted.library.has_pending.is_set()
    assert set(restarted.found("démarche 1")[:1]) == {"fiche-1"}  # indexed before the crash
    assert restarted.embedder.passages_embedded == 0  # ... and its vectors were cached
    assert restarted.library.index_pending() == 3
    resumed = restarted.library.import_job(job.id)
    assert (resumed.status, resumed.indexed) == (ImportStatus.DONE, 5)
    # Three documents of two passages each (title card and one chunk), embedded once.
    assert restarted.embedder.passages_embedded == 6
    assert restarted.found("démarche 5")[0] == "fiche-5"


def test_the_folder_comes_in_at_start_but_never_over_an_import_or_a_withdrawal(
    tmp_path: Path,
) -> None:
    folder = [
        Document(id="a", title="Piscine", text="La piscine ouvre à 8 h."),
        Document(id="b", title="Bibliothèque", text="La bibliothèque ouvre à 10 h."),
        Document(id="c", title="Marché", text="Le marché a lieu le jeudi."),
    ]
    first = Setup(tmp_path)
    first.library.restore(folder)
    assert {e.document_id: e.origin for e in first.library.entries()} == dict.fromkeys(
        "abc", Origin.FOLDER
    )
    assert first.found("piscine")[0] == "a"
    first.library.withdraw("a", "fermée", "admin")
    imported = "---\nid: b\n---\n# Bibliothèque\n\nLa bibliothèque ouvre à 9 h le samedi.\n"
    first.library.import_file(imported.encode(), "b.md", NO_METADATA, "steward")
    first.library.index_pending()

    restarted = Setup(tmp_path)
    changed_c = Document(id="c", title="Marché", text="Le marché a lieu le vendredi.")
    restarted.library.restore([folder[0], folder[1], changed_c])
    assert "a" not in restarted.found("piscine")
    assert restarted.knowledge.document("b") is not None
    assert "samedi" in restarted.knowledge.document("b").text  # type: ignore[union-attr]
    assert restarted.found("marché vendredi")[0] == "c"
    # A file taken out of the folder takes its document with it.
    again = Setup(tmp_path)
    again.library.restore([folder[0]])
    assert {e.document_id for e in again.library.entries()} == {"a", "b"}
    assert again.knowledge.document("c") is None


def test_lake_events_apply_in_the_order_of_their_times(setup: Setup) -> None:
    v1 = Document(id="lake-1", title="Marché", text="Le marché a lieu le jeudi.", version="1")
    v2 = Document(id="lake-1", title="Marché", text="Le marché a lieu le samedi.", version="2")
    assert setup.library.publish(v1, T0)
    assert setup.library.publish(v2, T0 + timedelta(hours=1))
    assert not setup.library.publish(v1, T0)  # late redelivery of the first version
    assert setup.knowledge.document("lake-1") == v2
    assert not setup.library.publish(v2, T0 + timedelta(hours=2))  # already there
    # A withdrawal that overtakes a publication (another topic) wins over it.
    assert setup.library.withdraw_published("lake-2", "erreur", T0 + timedelta(hours=3))
    late = Document(id="lake-2", title="Brocante", text="La brocante a lieu en mai.")
    assert not setup.library.publish(late, T0 + timedelta(hours=2))
    assert setup.knowledge.document("lake-2") is None
    entry = setup.library.entry("lake-2")
    assert (entry.status, entry.document) == ("withdrawn", None)
    assert setup.library.withdraw_published("lake-1", "", T0 + timedelta(hours=4))
    assert setup.found("marché samedi") == []
    assert setup.library.publish(v2, T0 + timedelta(hours=5))  # published again, later
    assert setup.found("marché samedi")[0] == "lake-1"


def test_an_import_whose_document_the_lake_took_over_still_ends(setup: Setup) -> None:
    job = setup.library.import_file(_jsonl([_page(1)]), "f.jsonl", NO_METADATA, "steward")
    newer = Document(id="fiche-1", title="Fiche 1", text="Version du lac, plus récente.")
    assert setup.library.publish(newer, T0)
    assert setup.library.index_pending() == 0
    ended = setup.library.import_job(job.id)
    assert (ended.status, ended.indexed) == ("done", 0)
    assert setup.knowledge.document("fiche-1") == newer
