"""The knowledge base: ingestion (chunk, embed once, index) and hybrid retrieval.

Retrieval ranks documents, each by its best chunk, in two lists: BM25 with the French analyzer
over the chunks (each with its document's title), and cosine similarity of e5 vectors over the
chunks plus one "title card" per document (title and theme). The lists are fused by their
normalised scores (``fusion.score_fusion``: 1 for a document first in both); an optional
cross-encoder (``rerank.py``) then re-orders the first fused documents, each judged on its
title and best passage. A query from commune X only ever sees X's documents and the shared
ones.

Ingestion embeds first (slow, ``prepare``), then swaps the new chunks in (fast, ``apply``,
under a lock): searches running meanwhile see the old version or the new one, never a mix,
and a withdrawn document is gone from every search that starts after ``withdraw`` returns.
Writers replace the maps whole instead of changing them, so readers need no lock.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field

from collectivia.citizen_chat.knowledge.analyzer import analyze, forget_words
from collectivia.citizen_chat.knowledge.bm25 import BM25Index
from collectivia.citizen_chat.knowledge.chunking import ChunkingPolicy, chunk_text
from collectivia.citizen_chat.knowledge.documents import Document
from collectivia.citizen_chat.knowledge.embeddings import CachedEmbedder, Embedder, Vector
from collectivia.citizen_chat.knowledge.fusion import reciprocal_rank_fusion, score_fusion
from collectivia.citizen_chat.knowledge.rerank import Reranker
from collectivia.citizen_chat.knowledge.vector_store import QdrantVectorStore

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class RetrievalSettings:
    chunking: ChunkingPolicy = field(default_factory=ChunkingPolicy)
    # Words of each chunk given to the encoder (after the title). The encoder costs about
    # 2 ms per word on one core: this bounds ingestion time; BM25 still sees every word.
    embed_words: int = 80
    # Share of the normalised BM25 score in a document's fused score, the rest is its
    # normalised similarity (``fusion.score_fusion``). Reciprocal ranks (lexical 1, dense 1.3)
    # lost how far the first page leads: on 66 paraphrases of tests/bench/data (the two sets'
    # development questions), R@1 0.59 -> 0.67, MRR 0.70 -> 0.76, with 0.55 to 0.65 alike.
    lexical_share: float = 0.6
    candidates: int = 100
    passages_per_document: int = 2
    ingest_group: int = 32
    # Fused documents the re-ranker (when there is one) re-orders; the others follow them.
    rerank_candidates: int = 20


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
    # The re-ranker's relevance; None when the fused order stands (no re-ranker, or it failed).
    rerank_score: float | None = None


@dataclass
class IngestReport:
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    chunks: int = 0


@dataclass(frozen=True)
class PreparedDocument:
    """A document chunked and embedded (its title card first), ready to be applied."""

    document: Document
    chunks: list[str]
    vectors: Vector


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
        reranker: Reranker | None = None,
    ) -> None:
        self.embedder = embedder
        self.store = store
        self.settings = settings or RetrievalSettings()
        self.reranker = reranker
        self._documents: dict[str, Document] = {}
        self._chunks: dict[str, list[str]] = {}
        # The lexical index and its units, built lazily for one generation of the maps.
        self._lexical: tuple[list[_Unit], BM25Index] | None = None
        self._generation = 0
        self._write_lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._documents)

    def document(self, document_id: str) -> Document | None:
        return self._documents.get(document_id)

    def documents(self) -> list[Document]:
        """Every document searched now."""
        return list(self._documents.values())

    def ingest(
        self, documents: Iterable[Document], progress: Progress | None = None
    ) -> IngestReport:
        """Add or replace documents; unchanged versions cost nothing."""
        report = IngestReport()
        todo: list[Document] = []
        for document in documents:
            known = self._documents.get(document.id)
            if known == document:  # same version, text and metadata
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
        self.apply(self.prepare(documents), report)

    def prepare(self, documents: Sequence[Document]) -> list[PreparedDocument]:
        """Chunk and embed (the slow part); nothing is searched differently yet."""
        words = self.settings.embed_words
        chunked = [chunk_text(d.text, self.settings.chunking) for d in documents]
        inputs: list[str] = []
        for document, chunks in zip(documents, chunked, strict=True):
            inputs.append(title_card(document))
            inputs.extend(f"{document.title}\n{' '.join(c.split()[:words])}" for c in chunks)
        vectors = self.embedder.embed_passages(inputs)
        prepared: list[PreparedDocument] = []
        offset = 0
        for document, chunks in zip(documents, chunked, strict=True):
            count = len(chunks) + 1
            prepared.append(PreparedDocument(document, chunks, vectors[offset : offset + count]))
            offset += count
        return prepared

    def apply(
        self, prepared: Sequence[PreparedDocument], report: IngestReport | None = None
    ) -> None:
        """Swap prepared documents in: each replaces its older version whole."""
        report = report if report is not None else IngestReport()
        with self._write_lock:
            documents, chunks = dict(self._documents), dict(self._chunks)
            for item in prepared:
                document = item.document
                # Points are keyed by the content: a new text never mixes with the old one's.
                self.store.replace_document(
                    document.id, document.content_hash, document.communes, item.vectors
                )
                if document.id in documents:
                    report.replaced += 1
                else:
                    report.added += 1
                report.chunks += len(item.chunks)
                documents[document.id] = document
                chunks[document.id] = item.chunks
            self._swap(documents, chunks)

    def withdraw(self, document_id: str) -> bool:
        """Remove a document from answers at once (its vectors too, even those of a document
        this process no longer knows); False when it was not searched."""
        with self._write_lock:
            documents, chunks = dict(self._documents), dict(self._chunks)
            known = documents.pop(document_id, None) is not None
            chunks.pop(document_id, None)
            self._swap(documents, chunks)
            self.store.remove_document(document_id)
        return known

    def _swap(self, documents: dict[str, Document], chunks: dict[str, list[str]]) -> None:
        # Chunks first: a reader that finds a new document in the map finds its chunks. The
        # generation moves after the maps, so a lexical index built from the old maps while
        # they changed is never kept.
        self._chunks = chunks
        self._documents = documents
        self._generation += 1
        self._lexical = None

    def _lexical_index(self) -> tuple[list[_Unit], BM25Index]:
        lexical = self._lexical
        if lexical is None:
            generation = self._generation
            documents, chunk_map = self._documents, self._chunks
            units: list[_Unit] = []
            for document_id, document in documents.items():
                units.extend(
                    _Unit(document_id, i + 1, f"{document.title}\n{c}")
                    for i, c in enumerate(chunk_map.get(document_id, []))
                )
            index = BM25Index(analyzer=analyze)
            index.add([unit.text for unit in units])
            lexical = (units, index)
            if generation == self._generation:  # not while a writer changed the maps
                self._lexical = lexical
        return lexical

    def forget_queries(self, questions: Collection[str]) -> int:
        """Forget what searching ``questions`` left in memory (their conversation was erased
        or purged): their query vectors, the analyzer's word stems; returns how many query
        vectors were dropped."""
        dropped = 0
        if isinstance(self.embedder, CachedEmbedder):
            dropped = self.embedder.forget_queries(questions)
        forget_words()
        return dropped

    def forget_queries_where(self, erased: Callable[[str], bool]) -> int:
        """``forget_queries`` for the questions ``erased`` tells (another worker erased them:
        only their digests are known here, ``conversations/forgetting.py``)."""
        dropped = 0
        if isinstance(self.embedder, CachedEmbedder):
            dropped = self.embedder.forget_queries_where(erased)
        forget_words()
        return dropped

    def term_weight(self, term: str) -> float:
        """BM25 inverse document frequency of an analysed term over the chunks (high: rare);
        0.0 for a term no chunk contains."""
        _, index = self._lexical_index()
        return index.idf(term) if term in index.vocabulary else 0.0

    def lexical_chunks(self, query: str, commune: str | None) -> list[tuple[str, int, float]]:
        """(document id, chunk index, BM25 score) of visible chunks, best first."""
        units, index = self._lexical_index()
        documents = self._documents
        ranked = sorted(index.scores(query).items(), key=lambda item: (-item[1], item[0]))
        hits: list[tuple[str, int, float]] = []
        for position, score in ranked:
            unit = units[position]
            document = documents.get(unit.document_id)
            if document is not None and document.visible_from(commune):
                hits.append((unit.document_id, unit.index, score))
        return hits

    def dense_chunks(self, query: str, commune: str | None) -> list[tuple[str, int, float]]:
        vector = self.embedder.embed_query(query)
        hits = self.store.search(vector, commune, self.settings.candidates)
        documents = self._documents
        return [
            (hit.document_id, hit.chunk_index, hit.score)
            for hit in hits
            if hit.document_id in documents and documents[hit.document_id].visible_from(commune)
        ]

    def search(self, query: str, commune: str | None = None, k: int = 10) -> list[DocumentHit]:
        """Documents ranked by the fusion of BM25 and dense retrieval (then re-ranked when a
        re-ranker is set), with best passages."""
        lexical = self.lexical_chunks(query, commune)
        dense = self.dense_chunks(query, commune)
        lexical_docs = _documents_in_order(lexical)
        dense_docs = _documents_in_order(dense)
        best_lexical: dict[str, float] = {}
        for document_id, _, score in lexical:
            best_lexical.setdefault(document_id, score)
        best_similarity: dict[str, float] = {}
        for document_id, _, score in dense:
            best_similarity.setdefault(document_id, score)
        fused = score_fusion(
            best_lexical,
            best_similarity,
            lexical_share=self.settings.lexical_share,
            dense_floor=dense[-1][2] if dense else 0.0,
        )
        lexical_rank = {d: r for r, d in enumerate(lexical_docs, start=1)}
        dense_rank = {d: r for r, d in enumerate(dense_docs, start=1)}
        depth = max(k, self.settings.rerank_candidates) if self.reranker is not None else k
        documents = self._documents
        hits: list[DocumentHit] = []
        for document_id, score in fused[:depth]:
            if document_id not in documents:
                continue  # withdrawn while this search ran
            hits.append(
                DocumentHit(
                    document=documents[document_id],
                    score=score,
                    confidence=min(1.0, score),  # 1.0000000000000002 is 1
                    lexical_rank=lexical_rank.get(document_id),
                    dense_rank=dense_rank.get(document_id),
                    dense_similarity=best_similarity.get(document_id, 0.0),
                    passages=self._passages(document_id, lexical, dense),
                )
            )
        if self.reranker is not None:
            hits = self._reranked(self.reranker, query, hits)
        return hits[:k]

    def _reranked(
        self, reranker: Reranker, query: str, hits: list[DocumentHit]
    ) -> list[DocumentHit]:
        """The first ``rerank_candidates`` hits in the re-ranker's order (ties keep the fused
        order), the others after them; the fused order when the re-ranker gives no scores."""
        head = hits[: self.settings.rerank_candidates]
        texts = [
            "\n".join([hit.document.title, *(p.text for p in hit.passages[:1])]) for hit in head
        ]
        scores = reranker.relevance(query, texts)
        if scores is None:
            return hits
        order = sorted(range(len(head)), key=lambda i: -scores[i])
        reranked = [dataclasses.replace(head[i], rerank_score=scores[i]) for i in order]
        return reranked + hits[len(head) :]

    def close(self) -> None:
        self.store.close()
        if self.reranker is not None:
            self.reranker.close()

    def _passages(
        self,
        document_id: str,
        lexical: Sequence[tuple[str, int, float]],
        dense: Sequence[tuple[str, int, float]],
    ) -> tuple[Passage, ...]:
        chunks = self._chunks.get(document_id, [])
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
