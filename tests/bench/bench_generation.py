"""Benchmark: the generation client against the test model server (llama.cpp's server from
the xllamacpp wheel, SmolLM2-135M-Instruct Q4_1), on this machine's CPUs.

Prints the server's load time, then for 1 and 2 llama.cpp threads: time to the first delta
and decoding speed of streamed answers (128 tokens at most, temperature 0), and the latency
of embedding 8 short texts. These are figures of the tiny test model, not of a production one.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from collectivia.ai.generation import ChatMessage, GenerationClient
from collectivia.testkit.llm_server import start_generation_server

QUESTION = [
    ChatMessage("system", "Tu es l'assistant d'une mairie. Réponds en français."),
    ChatMessage("user", "Comment faire une demande de carte d'identité ?"),
]
TEXTS = [f"Démarche administrative numéro {n} en mairie" for n in range(8)]
ROUNDS = 5


def emit(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def measure(threads: int) -> None:
    with tempfile.TemporaryDirectory() as work:
        started = time.perf_counter()
        server = start_generation_server(Path(work), threads=threads)
        emit(f"threads={threads}: server ready in {time.perf_counter() - started:.1f} s")
        try:
            with GenerationClient(server.settings(read_timeout_seconds=300)) as client:
                client.complete_chat(QUESTION, max_tokens=4)  # warm-up
                firsts, speeds = [], []
                for _ in range(ROUNDS):
                    sent = time.perf_counter()
                    first = 0.0
                    with client.stream_chat(QUESTION, max_tokens=128, temperature=0) as stream:
                        for _delta in stream:
                            first = first or time.perf_counter() - sent
                    total = time.perf_counter() - sent
                    assert stream.usage is not None
                    firsts.append(first)
                    speeds.append((stream.usage.completion_tokens - 1) / (total - first))
                embeds = []
                for _ in range(ROUNDS):
                    sent = time.perf_counter()
                    client.embed(TEXTS)
                    embeds.append(time.perf_counter() - sent)
        finally:
            server.stop()
    emit(
        f"threads={threads}: first delta median {statistics.median(firsts) * 1000:.0f} ms, "
        f"decoding median {statistics.median(speeds):.1f} tokens/s "
        f"(min {min(speeds):.1f}, max {max(speeds):.1f}), "
        f"embed 8 texts median {statistics.median(embeds) * 1000:.0f} ms"
    )


def main() -> None:
    for threads in (1, 2):
        measure(threads)


if __name__ == "__main__":
    main()
