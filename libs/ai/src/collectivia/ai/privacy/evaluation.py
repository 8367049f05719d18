"""Precision and recall of the guard on a labelled set (span-exact, by type).

The labelled set is JSON Lines: ``{"id": ..., "text": ..., "spans": [{"type": "EMAIL",
"text": "..."}]}``, with each span's ``type`` a placeholder label (``PiiType`` value).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from collectivia.ai.privacy.guard import detect
from collectivia.ai.privacy.spans import PiiType, Span


@dataclass(frozen=True, slots=True)
class LabelledCase:
    id: str
    text: str
    expected: tuple[tuple[PiiType, str], ...]


@dataclass(frozen=True, slots=True)
class Score:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    def __add__(self, other: Score) -> Score:
        return Score(
            self.true_positives + other.true_positives,
            self.false_positives + other.false_positives,
            self.false_negatives + other.false_negatives,
        )

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


@dataclass(frozen=True, slots=True)
class Report:
    by_type: dict[PiiType, Score]
    errors: list[str] = field(default_factory=list)

    @property
    def overall(self) -> Score:
        return sum(self.by_type.values(), Score())


def load_cases(path: Path, *, half: str | None = None) -> list[LabelledCase]:
    """The cases of ``path``; with ``half``, only those whose ``half`` field says so (a set
    split before it was first measured: one half to tune on, the other measured once)."""
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            raw = json.loads(line)
            if half is not None and raw.get("half") != half:
                continue
            expected = tuple((PiiType(s["type"]), s["text"]) for s in raw["spans"])
            cases.append(LabelledCase(raw["id"], raw["text"], expected))
    return cases


def score_case(case: LabelledCase, found: Iterable[Span]) -> dict[PiiType, Score]:
    """Multiset comparison of (type, text) pairs, per type."""
    expected = Counter(case.expected)
    actual = Counter((span.type, span.text) for span in found)
    scores: dict[PiiType, Score] = {}
    for kind in PiiType:
        hits = sum(min(n, actual[key]) for key, n in expected.items() if key[0] is kind)
        wanted = sum(n for key, n in expected.items() if key[0] is kind)
        got = sum(n for key, n in actual.items() if key[0] is kind)
        scores[kind] = Score(hits, got - hits, wanted - hits)
    return scores


def evaluate(
    cases: Iterable[LabelledCase], detector: Callable[[str], list[Span]] = detect
) -> Report:
    totals = {kind: Score() for kind in PiiType}
    errors = []
    for case in cases:
        found = detector(case.text)
        for kind, score in score_case(case, found).items():
            totals[kind] = totals[kind] + score
            if score.false_positives or score.false_negatives:
                got = [s.text for s in found if s.type is kind]
                want = [text for k, text in case.expected if k is kind]
                errors.append(f"{case.id} {kind.value}: expected {want}, found {got}")
    return Report(totals, errors)
