from __future__ import annotations

from pathlib import Path

import pytest

from citizen_chat_testing.knowledge import CountingEmbedder
from collectivia.citizen_chat.knowledge.base import KnowledgeBase, RetrievalSettings
from collectivia.citizen_chat.knowledge.documents import Document
from collectivia.citizen_chat.knowledge.embeddings import CachedEmbedder, EmbeddingCache
from collectivia.citizen_chat.knowledge.vector_store import QdrantVectorStore

LYON, PARIS = "69123", "75056"

DOCUMENTS = [
    Document(
        id="passeport",
        title="Combien coûte un passeport ?",
        text="Le prix du passeport dépend de l'âge du demandeur.\nPour un mineur, il coûte moins.",
        theme="Papiers > Passeport",
    ),
    Document(
        id="neige",
        title="Faut-il déneiger le trottoir ?",
        text="Le maire peut obliger les habitants à dégager la neige devant leur habitation.",
    ),
    Document(
        id="cantine-lyon",
        title="Cantine scolaire à Lyon",
        text="Les tarifs de la cantine scolaire dépendent du quotient familial.",
        communes=(LYON,),
    ),
    Document(
        id="cantine-paris",
        title="Cantine scolaire à Paris",
        text="À Paris, la cantine scolaire est facturée selon le quotient familial.",
        communes=(PARIS,),
    ),
]


def _base(embedder: CountingEmbedder, cache: Path | None = None) -> KnowledgeBase:
    wrapped = CachedEmbedder(embedder, EmbeddingCache(cache)) if cache else embedder
    return KnowledgeBase(wrapped, QdrantVectorStore(embedder.dim), RetrievalSettings())


def test_search_ranks_the_answering_document_first_with_passages() -> None:
    base = _base(CountingEmbedder())
    base.ingest(DOCUMENTS)
    hits = base.search("prix des passeports pour un enfant")
    assert hits[0].document.id == "passeport"
    assert hits[0].passages and "prix du passeport" in hits[0].passages[0].text
    assert 0 < hits[0].confidence <= 1
    assert hits[0].confidence >= hits[-1].confidence


def test_a_commune_sees_its_documents_and_shared_ones_never_another_communes() -> None:
    base = _base(CountingEmbedder())
    base.ingest(DOCUMENTS)
    from_lyon = {h.document.id for h in base.search("tarif cantine scolaire", commune=LYON)}
    assert "cantine-lyon" in from_lyon and "cantine-paris" not in from_lyon
    anywhere = {h.document.id for h in base.search("tarif cantine scolaire")}
    assert not anywhere & {"cantine-lyon", "cantine-paris"}
    for commune in (LYON, PARIS, None):
        dense = {d for d, _, _ in base.dense_chunks("cantine", commune)}
        lexical = {d for d, _, _ in base.lexical_chunks("cantine", commune)}
        other = {LYON: "cantine-paris", PARIS: "cantine-lyon", None: "cantine-lyon"}[commune]
        assert other not in dense | lexical


def test_a_second_ingestion_embeds_nothing(tmp_path: Path) -> None:
    cache = tmp_path / "cache" / "vectors.db"
    first = CountingEmbedder()
    report = _base(first, cache).ingest(DOCUMENTS)
    assert report.added == 4 and first.passages_embedded > 4
    # A fresh process (new knowledge base, same cache file): nothing is embedded again.
    second = CountingEmbedder()
    again = _base(second, cache)
    again.ingest(DOCUMENTS)
    assert second.passages_embedded == 0
    assert again.search("déneiger le trottoir")[0].document.id == "neige"
    # The same knowledge base skips unchanged versions without even asking the cache.
    assert again.ingest(DOCUMENTS).unchanged == 4


def test_only_the_changed_document_is_embedded_and_its_old_version_disappears(
    tmp_path: Path,
) -> None:
    embedder = CountingEmbedder()
    base = _base(embedder, tmp_path / "vectors.db")
    base.ingest(DOCUMENTS)
    before = embedder.passages_embedded
    changed = Document(id="neige", title=DOCUMENTS[1].title, text="Le verglas : saler le trottoir.")
    report = base.ingest([*DOCUMENTS[:1], changed])
    assert (report.replaced, report.unchanged) == (1, 1)
    # Its one new chunk only: its title card did not change, so the cache has it.
    assert embedder.passages_embedded - before == 1
    hits = base.search("dégager la neige devant leur habitation")
    assert all("dégager la neige" not in p.text for h in hits for p in h.passages)
    assert base.store.count() == sum(1 + len(base._chunks[d.id]) for d in DOCUMENTS)


def test_a_withdrawn_document_disappears_at_once() -> None:
    base = _base(CountingEmbedder())
    base.ingest(DOCUMENTS)
    assert base.withdraw("passeport")
    assert "passeport" not in {h.document.id for h in base.search("prix du passeport")}
    assert not base.withdraw("passeport")


def test_fusion_puts_the_document_both_lists_agree_on_first() -> None:
    base = _base(CountingEmbedder())
    base.ingest(DOCUMENTS)
    hits = base.search("neige trottoir habitation")
    assert hits[0].document.id == "neige"
    assert hits[0].lexical_rank == 1 and hits[0].dense_rank == 1
    assert hits[0].confidence == pytest.approx(1.0)
