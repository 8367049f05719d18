"""Benchmark: the privacy guard's quality on the labelled set, and its masking speed.

- precision, recall and F1 per type and overall, span-exact (type and text must both match),
  on ``libs/ai/tests/privacy_cases.jsonl``, the set citizen-chat and agent-assistant share;
- masking throughput in characters per second: the labelled messages one by one, and one long
  document made of them.

Run with `make bench` or `.venv/bin/python tests/bench/bench_privacy.py`. Needs no server.
Prints its figures; asserts nothing (quality is asserted in the unit tests, speed nowhere).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from collectivia.ai.privacy import mask
from collectivia.ai.privacy.evaluation import Score, evaluate, load_cases

CASES_PATH = Path(__file__).resolve().parents[2] / "libs/ai/tests/privacy_cases.jsonl"


def out(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def score_line(label: str, score: Score) -> str:
    support = score.true_positives + score.false_negatives
    return (
        f"  {label:<16} precision={score.precision:.3f} recall={score.recall:.3f} "
        f"f1={score.f1:.3f}  (tp={score.true_positives} fp={score.false_positives} "
        f"fn={score.false_negatives} support={support})"
    )


def throughput(texts: list[str], min_seconds: float) -> float:
    """Characters masked per second, repeating ``texts`` for at least ``min_seconds``."""
    characters = 0
    started = time.perf_counter()
    while (elapsed := time.perf_counter() - started) < min_seconds:
        for text in texts:
            mask(text)
            characters += len(text)
    return characters / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=Path, default=CASES_PATH)
    parser.add_argument("--seconds", type=float, default=2.0, help="per throughput figure")
    args = parser.parse_args()

    cases = load_cases(args.cases)
    report = evaluate(cases)
    out(f"privacy guard on {args.cases.name}: {len(cases)} labelled messages")
    for kind, score in report.by_type.items():
        out(score_line(kind.value, score))
    out(score_line("overall", report.overall))
    out(f"  misses and false alarms: {len(report.errors)}")
    for error in report.errors:
        out(f"    {error}")

    texts = [case.text for case in cases]
    document = "\n".join(texts * 20)
    out(f"masking, message by message: {throughput(texts, args.seconds):,.0f} characters/s")
    out(
        f"masking, one {len(document):,}-character document: "
        f"{throughput([document], args.seconds):,.0f} characters/s"
    )


if __name__ == "__main__":
    main()
