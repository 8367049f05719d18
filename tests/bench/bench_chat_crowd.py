"""Benchmark: the citizen chat under a crowd, served by one worker process, then several
(``COLLECTIVIA_CITIZEN_CHAT_WORKERS``), in the same run.

Starts the real service through its entry point (``collectivia-citizen-chat``, as ``make up``
does) on the 393 service-public.fr pages of ``../shared/eval/corpus/`` (``EVAL_CORPUS_DIR``),
with a register of its own (the gate allows: an approved entry) on the running Kafka and
Keycloak, the vectors from the shared embedding cache (``.cache/citizen-chat/``: the first run
embeds the corpus, minutes; later runs nothing). Then ``users`` citizens ask at once, each
question after the previous answer (httpx, async), each in a conversation of its own, every
question distinct (the dev questions of ``EVAL_QUESTIONS`` behind varied openings, so the
query-vector cache does not help): p50/p95/p99 of the full answer (the JSON answer of
``POST /v1/conversations/{id}/messages``), for 20 then 100 users, and the memory of each
process (RSS, and PSS: shared pages counted once among the processes that share them).

``BENCH_CROWD_WORKERS`` (default ``2``, the machine's cores) lists the worker counts after the
1-worker baseline, e.g. ``2,4``; ``BENCH_CROWD_ROUNDS`` the questions per user (default 4 for
20 users, a quarter of it for 100). The client runs on the same cores as the server.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from collectivia.testkit.processes import (
    ServiceProcess,
    platform_environment,
    register_settings,
    running_process,
    service_environment,
)
from collectivia.testkit.register_records import approved_system
from collectivia.testkit.servers import NativeKafka, NativeKeycloak, realm_file
from collectivia.testkit.tokens import DemoTokens

ROOT = Path(__file__).resolve().parents[2]
CORPUS_DIR = Path(os.environ.get("EVAL_CORPUS_DIR") or ROOT / "../shared/eval/corpus")
QUESTIONS = Path(os.environ.get("EVAL_QUESTIONS") or ROOT / "../shared/eval/dev_questions.jsonl")
EMBEDDING_CACHE = ROOT / ".cache" / "citizen-chat" / "embeddings.db"
# Openings a citizen may put before a question: each makes a distinct text to embed.
OPENINGS = (
    "",
    "Bonjour, ",
    "Bonsoir, ",
    "Excusez-moi, ",
    "S'il vous plaît, ",
    "Une question : ",
    "Je voudrais savoir : ",
    "Pouvez-vous me dire : ",
    "Bonjour madame, ",
    "Bonjour monsieur, ",
    "Petite question : ",
    "Merci de m'aider : ",
)
COMMUNE = "57463"
# Questions of the repeated round: each worker's query cache holds them after a warm-up.
REPEATED = 10


def emit(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


class RepeatedQuestions:
    """The same few questions again and again (citizens ask the same things): their query
    vectors are in each worker's cache once it has seen them."""

    def __init__(self, questions: list[str]) -> None:
        self.questions = questions
        self.next = 0

    def take(self) -> str:
        self.next += 1
        return self.questions[self.next % len(self.questions)]


class DistinctQuestions:
    """Every call a question not asked before in this service's life."""

    def __init__(self, questions: list[str]) -> None:
        self.questions = questions
        self.next = 0

    def take(self) -> str:
        index = self.next
        self.next += 1
        opening = OPENINGS[(index // len(self.questions)) % len(OPENINGS)]
        question = self.questions[index % len(self.questions)]
        return opening + (question[0].lower() + question[1:] if opening else question)


async def ask(http: httpx.AsyncClient, question: str) -> tuple[float, str]:
    """(milliseconds to the full answer, its outcome); "error" for a failed request (counted
    and shown: never left out of the figures silently)."""
    started = time.perf_counter()
    try:
        created = await http.post("/v1/conversations", json={"commune": COMMUNE})
        created.raise_for_status()
        conversation = created.json()["id"]
        started = time.perf_counter()
        answered = await http.post(
            f"/v1/conversations/{conversation}/messages", json={"question": question}
        )
        answered.raise_for_status()
    except httpx.HTTPError:
        return (time.perf_counter() - started) * 1000, "error"
    return (time.perf_counter() - started) * 1000, str(answered.json().get("outcome", ""))


async def crowd(
    base_url: str, questions: DistinctQuestions | RepeatedQuestions, users: int, rounds: int
) -> tuple[list[float], list[str], float]:
    # Idle connections dropped before uvicorn's 5 s keep-alive ends: never a request sent on
    # a connection the server is closing.
    limits = httpx.Limits(
        max_connections=users, max_keepalive_connections=users, keepalive_expiry=2.0
    )
    async with httpx.AsyncClient(base_url=base_url, timeout=120, limits=limits) as http:

        async def user() -> list[tuple[float, str]]:
            return [await ask(http, questions.take()) for _ in range(rounds)]

        started = time.perf_counter()
        results = await asyncio.gather(*(user() for _ in range(users)))
        elapsed = time.perf_counter() - started
    flat = [result for each in results for result in each]
    return [ms for ms, _ in flat], [outcome for _, outcome in flat], elapsed


def memory_of(pid: int) -> tuple[int, int]:
    """(RSS, PSS) in MiB of one process."""
    rss = pss = 0
    with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as lines:
        for line in lines:
            if line.startswith("Rss:"):
                rss = int(line.split()[1]) // 1024
            elif line.startswith("Pss:"):
                pss = int(line.split()[1]) // 1024
    return rss, pss


def processes_of(run: str) -> list[tuple[int, str]]:
    """(pid, role) of the processes of one run of the service: its command (the supervisor
    when there are workers), the worker processes, multiprocessing's resource tracker."""
    marker = f"BENCH_CROWD_RUN={run}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if marker not in (entry / "environ").read_bytes():
                continue
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        role = (
            "worker"
            if "multiprocessing.spawn" in command
            else "tracker"
            if "resource_tracker" in command
            else "main"
        )
        found.append((int(entry.name), role))
    return sorted(found)


def memory_line(run: str) -> str:
    parts = []
    total_pss = 0
    for pid, role in processes_of(run):
        try:
            rss, pss = memory_of(pid)
        except OSError:
            continue
        total_pss += pss
        parts.append(f"{role} {rss} MiB RSS / {pss} MiB PSS")
    return f"memory: {'; '.join(parts)} (PSS total {total_pss} MiB)"


@contextmanager
def chat_with(
    workers: int, folder: Path, register: ServiceProcess, system_id: str
) -> Iterator[tuple[ServiceProcess, str]]:
    run = uuid.uuid4().hex[:8]
    kafka, keycloak = NativeKafka(), NativeKeycloak()
    environment = {
        **platform_environment(kafka, keycloak),
        **service_environment(
            "citizen-chat",
            folder,
            knowledge_dir=str(CORPUS_DIR.resolve()),
            embedding_cache=str(EMBEDDING_CACHE),
            qdrant_path=str(folder / "qdrant"),
            system_id=system_id,
            workers=str(workers),
            rate_limit_per_minute="100000",
            **register_settings(register),
        ),
        "COLLECTIVIA_TELEMETRY_LOG_LEVEL": "INFO",
        "BENCH_CROWD_RUN": run,
    }
    with running_process("citizen-chat", environment, folder=folder, ready_timeout=3600) as chat:
        yield chat, run


def wait_for_every_worker(chat: ServiceProcess, questions: DistinctQuestions, workers: int) -> None:
    """Every worker started (a follower starts once the primary took the corpus in, then
    loads it), then warmed: a few questions per worker."""
    deadline = time.monotonic() + 3600
    while chat.log.read_text(errors="replace").count("Application startup complete") < workers:
        if time.monotonic() > deadline:
            raise RuntimeError(f"not every worker started:\n{chat.log_tail()}")
        time.sleep(0.5)
    asyncio.run(crowd(chat.base_url, questions, users=2 * workers, rounds=2))


def cpu_seconds(run: str) -> float:
    """CPU time (user and system) the run's processes used so far."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid, _ in processes_of(run):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (after the command's name)
    return total / ticks


def summary(
    label: str,
    run: str,
    base_url: str,
    questions: DistinctQuestions | RepeatedQuestions,
    users: int,
    rounds: int,
) -> None:
    cpu_before = cpu_seconds(run)
    latencies, outcomes, elapsed = asyncio.run(crowd(base_url, questions, users, rounds))
    # The server's own CPU per question does not depend on what else runs on the machine:
    # with it, a crowd's wait on an idle machine is about users x CPU / cores used.
    cpu_ms = (cpu_seconds(run) - cpu_before) * 1000 / len(latencies)
    answered = sum(outcome == "answered" for outcome in outcomes) / len(outcomes)
    errors = sum(outcome == "error" for outcome in outcomes)
    emit(
        f"{label}, {users} users back to back: full answer "
        f"p50={statistics.median(latencies):.0f} ms p95={percentile(latencies, 0.95):.0f} ms "
        f"p99={percentile(latencies, 0.99):.0f} ms ({len(latencies)} questions, "
        f"{len(latencies) / elapsed:.1f}/s, server CPU {cpu_ms:.0f} ms per question, "
        f"answered {answered:.0%}, {errors} errors)"
    )


def measure(
    label: str,
    base_url: str,
    texts: list[str],
    questions: DistinctQuestions,
    run: str,
    workers: int,
) -> None:
    rounds = int(os.environ.get("BENCH_CROWD_ROUNDS", "4"))
    for users, per_user in ((20, rounds), (100, max(1, rounds // 4))):
        summary(f"{label}, distinct questions", run, base_url, questions, users, per_user)
    repeated = RepeatedQuestions(texts[:REPEATED])
    asyncio.run(crowd(base_url, repeated, users=REPEATED, rounds=3 * workers))  # seen by all
    summary(f"{label}, repeated questions", run, base_url, repeated, 20, rounds)
    emit(f"{label}, {memory_line(run)}")


def main() -> None:
    with QUESTIONS.open(encoding="utf-8") as lines:
        texts = [json.loads(line)["question"] for line in lines if line.strip()]
    counts = [1, *(int(n) for n in os.environ.get("BENCH_CROWD_WORKERS", "2").split(","))]
    emit(
        f"chat crowd on {CORPUS_DIR.name}/ ({os.cpu_count()} cores, load average "
        f"{os.getloadavg()[0]:.1f} at start)"
    )
    kafka, keycloak = NativeKafka(), NativeKeycloak()
    tokens = DemoTokens(keycloak.url, realm_file())
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "register").mkdir()
        environment = {
            **platform_environment(kafka, keycloak),
            **service_environment("ethics-register", folder / "register"),
            "COLLECTIVIA_TELEMETRY_LOG_LEVEL": "WARNING",
        }
        with running_process("ethics-register", environment, folder=folder / "register") as reg:
            with httpx.Client(base_url=reg.base_url, timeout=30) as http:
                system = approved_system(http, tokens)
            for workers in counts:
                run_folder = folder / f"chat-{workers}"
                run_folder.mkdir()
                started = time.perf_counter()
                with chat_with(workers, run_folder, reg, system["id"]) as (chat, run):
                    questions = DistinctQuestions(texts)
                    wait_for_every_worker(chat, questions, workers)
                    label = f"chat, {workers} worker process{'es' if workers > 1 else ''}"
                    emit(f"{label}: ready and warm in {time.perf_counter() - started:.0f} s")
                    measure(label, chat.base_url, texts, questions, run, workers)


if __name__ == "__main__":
    main()
