"""The knowledge base: ingestion (chunk, embed once, index) and hybrid retrieval.

Retrieval ranks documents, each by its best chunk, in two lists: BM25 with the French analyzer
over the chunks (each with its document's title), and cosine similarity of e5 vectors over the
chunks plus one "title card" per document (title and theme). The lists are fused by
reciprocal rank. A query from commune X only ever sees X's documents and the shared ones.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from collectivia.citizen_chat.knowledge.analyzer import analyze
from collectivia.citizen_chat.knowledge.bm25 import BM25Index
from collectivia.citizen_chat.knowledge.chunking import ChunkingPolicy, chunk_text
from collectivia.citizen_chat.knowledge.documents import Document
from collectivia.citizen_chat.knowledge.embeddings import Embedder
from collectivia.citizen_chat.knowledge.fusion import best_possible, reciprocal_rank_fusion
from collectivia.citizen_chat.knowledge.vector_store import QdrantVectorStore

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class RetrievalSettings:
    chunking: ChunkingPolicy = field(default_factory=ChunkingPolicy)
    # Words of each chunk given to the encoder (after the title). The encoder costs about
    # 2 ms per word on one core: this bounds ingestion time; BM25 still sees every word.
    embed_words: int = 80
    lexical_weight: float = 1.0
    dense_weight: float = 1.0
    candidates: int = 100
    passages_per_document: int = 2
    ingest_group: int = 32


@dataclass(frozen=True)
class Passage:
    chunk_index: int
    text: str


@dataclass(frozen=True)
class DocumentHit:
    document: Document
    score: float
    confidence: float
    lexical_rank: int | None
    dense_rank: int | None
    dense_similarity: float
    passages: tuple[Passage, ...]


@dataclass
class IngestReport:
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    chunks: int = 0


@dataclass(frozen=True)
class _Unit:
    document_id: str
    index: int
    text: str


def title_card(document: Document) -> str:
    return f"{document.title}\n{document.theme}" if document.theme else document.title


class KnowledgeBase:
    def __init__(
        self,
        embedder: Embedder,
        store: QdrantVectorStore,
        settings: RetrievalSettings | None = None,
    ) -> None:
        self.embedder = embedder
        self.store = store
        self.settings = settings or RetrievalSettings()
        self._documents: dict[str, Document] = {}
        self._chunks: dict[str, list[str]] = {}
        self._bm25: BM25Index | None = None
        self._units: list[_Unit] = []

    def __len__(self) -> int:
        return len(self._documents)

    def document(self, document_id: str) -> Document | None:
        return self._documents.get(document_id)

    def ingest(
        self, documents: Iterable[Document], progress: Progress | None = None
    ) -> IngestReport:
        """Add or replace documents; unchanged versions cost nothing."""
        report = IngestReport()
        todo: list[Document] = []
        for document in documents:
            known = self._documents.get(document.id)
            if known is not None and known.version == document.version:
                report.unchanged += 1
            else:
                todo.append(document)
        group = self.settings.ingest_group
        for start in range(0, len(todo), group):
            self._ingest_group(todo[start : start + group], report)
            if progress is not None:
                progress(min(start + group, len(todo)), len(todo))
        return report

    def _ingest_group(self, documents: Sequence[Document], report: IngestReport) -> None:
        words = self.settings.embed_words
        chunked = [chunk_text(d.text, self.settings.chunking) for d in documents]
        inputs: list[str] = []
        for document, chunks in zip(documents, chunked, strict=True):
            inputs.append(title_card(document))
            inputs.extend(f"{document.title}\n{' '.join(c.split()[:words])}" for c in chunks)
        vectors = self.embedder.embed_passages(inputs)
        offset = 0
        for document, chunks in zip(documents, chunked, strict=True):
            count = len(chunks) + 1
            self.store.replace_document(
                document.id, document.version, document.communes, vectors[offset : offset + count]
            )
            offset += count
            if document.id in self._documents:
                report.replaced += 1
            else:
                report.added += 1
            report.chunks += len(chunks)
            self._documents[document.id] = document
            self._chunks[document.id] = chunks
        self._bm25 = None

    def withdraw(self, document_id: str) -> bool:
        """Remove a document from answers at once."""
        if self._documents.pop(document_id, None) is None:
            return False
        self._chunks.pop(document_id, None)
        self.store.remove_document(document_id)
        self._bm25 = None
        return True

    def _lexical_index(self) -> BM25Index:
        if self._bm25 is None:
            units: list[_Unit] = []
            for document_id, chunks in self._chunks.items():
                title = self._documents[document_id].title
                units.extend(
                    _Unit(document_id, i + 1, f"{title}\n{c}") for i, c in enumerate(chunks)
                )
            index = BM25Index(analyzer=analyze)
            index.add([unit.text for unit in units])
            self._units, self._bm25 = units, index
        return self._bm25

    def term_weight(self, term: str) -> float:
        """BM25 inverse document frequency of an analysed term over the chunks (high: rare);
        0.0 for a term no chunk contains."""
        index = self._lexical_index()
        return index.idf(term) if term in index.vocabulary else 0.0

    def lexical_chunks(self, query: str, commune: str | None) -> list[tuple[str, int, float]]:
        """(document id, chunk index, BM25 score) of visible chunks, best first."""
        index = self._lexical_index()
        ranked = sorted(index.scores(query).items(), key=lambda item: (-item[1], item[0]))
        hits: list[tuple[str, int, float]] = []
        for position, score in ranked:
            unit = self._units[position]
            if self._documents[unit.document_id].visible_from(commune):
                hits.append((unit.document_id, unit.index, score))
        return hits

    def dense_chunks(self, query: str, commune: str | None) -> list[tuple[str, int, float]]:
        vector = self.embedder.embed_query(query)
        hits = self.store.search(vector, commune, self.settings.candidates)
        return [
            (hit.document_id, hit.chunk_index, hit.score)
            for hit in hits
            if hit.document_id in self._documents
            and self._documents[hit.document_id].visible_from(commune)
        ]

    def search(self, query: str, commune: str | None = None, k: int = 10) -> list[DocumentHit]:
        """Documents ranked by the fusion of BM25 and dense retrieval, with best passages."""
        lexical = self.lexical_chunks(query, commune)
        dense = self.dense_chunks(query, commune)
        lexical_docs = _documents_in_order(lexical)
        dense_docs = _documents_in_order(dense)
        weights = [self.settings.lexical_weight, self.settings.dense_weight]
        fused = reciprocal_rank_fusion([lexical_docs, dense_docs], weights)
        ceiling = best_possible(weights)
        best_similarity: dict[str, float] = {}
        for document_id, _, score in dense:
            best_similarity.setdefault(document_id, score)
        lexical_rank = {d: r for r, d in enumerate(lexical_docs, start=1)}
        dense_rank = {d: r for r, d in enumerate(dense_docs, start=1)}
        hits: list[DocumentHit] = []
        for document_id, score in fused[:k]:
            hits.append(
                DocumentHit(
                    document=self._documents[document_id],
                    score=score,
                    confidence=score / ceiling,
                    lexical_rank=lexical_rank.get(document_id),
                    dense_rank=dense_rank.get(document_id),
                    dense_similarity=best_similarity.get(document_id, 0.0),
                    passages=self._passages(document_id, lexical, dense),
                )
            )
        return hits

    def _passages(
        self,
        document_id: str,
        lexical: Sequence[tuple[str, int, float]],
        dense: Sequence[tuple[str, int, float]],
    ) -> tuple[Passage, ...]:
        chunks = self._chunks[document_id]
        rankings = [
            [str(i) for d, i, _ in hits if d == document_id and i > 0] for hits in (lexical, dense)
        ]
        ordered = [int(i) for i, _ in reciprocal_rank_fusion(rankings)] or [1]
        limit = self.settings.passages_per_document
        return tuple(Passage(i, chunks[i - 1]) for i in ordered[:limit] if 0 < i <= len(chunks))


def _documents_in_order(hits: Sequence[tuple[str, int, float]]) -> list[str]:
    """Document ids by their best chunk, best first (hits are sorted best first)."""
    seen: dict[str, None] = {}
    for document_id, _, _ in hits:
        seen.setdefault(document_id, None)
    return list(seen)
