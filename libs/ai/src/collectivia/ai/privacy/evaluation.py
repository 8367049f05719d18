"""Precision and recall of the guard on a labelled set (span-exact, by type), and the share
of the expected spans that end up masked whole, by one span or several of any type (span-exact
recall counts an address masked with one word too many as a miss; a reader sees nothing of it).

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
    # Expected spans every character of which lies inside what was found (exact or not).
    masked: int = 0

    def __add__(self, other: Score) -> Score:
        return Score(
            self.true_positives + other.true_positives,
            self.false_positives + other.false_positives,
            self.false_negatives + other.false_negatives,
            self.masked + other.masked,
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
    def masked_recall(self) -> float:
        """The share of the expected spans hidden whole from a reader of the masked text."""
        expected = self.true_positives + self.false_negatives
        return self.masked / expected if expected else 1.0

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
    """Multiset comparison of (type, text) pairs, per type; and which expected spans are
    masked whole."""
    found = list(found)
    expected = Counter(case.expected)
    actual = Counter((span.type, span.text) for span in found)
    masked = Counter(
        kind for kind, start, end in expected_places(case) if _covered(case.text, start, end, found)
    )
    scores: dict[PiiType, Score] = {}
    for kind in PiiType:
        hits = sum(min(n, actual[key]) for key, n in expected.items() if key[0] is kind)
        wanted = sum(n for key, n in expected.items() if key[0] is kind)
        got = sum(n for key, n in actual.items() if key[0] is kind)
        scores[kind] = Score(hits, got - hits, wanted - hits, masked[kind])
    return scores


def expected_places(case: LabelledCase) -> list[tuple[PiiType, int, int]]:
    """Where each expected span lies: the sets list them in order of appearance, so each is
    looked for after the one before (from the start again if a set strays from that order).
    The names model learns from these places too (names_training)."""
    places = []
    cursor = 0
    for kind, text in case.expected:
        start = case.text.find(text, cursor)
        if start < 0:
            start = case.text.find(text)
        if start < 0:
            continue  # not in the text (the sets' own tests forbid it)
        places.append((kind, start, start + len(text)))
        cursor = start + len(text)
    return places


def _covered(text: str, start: int, end: int, found: list[Span]) -> bool:
    """Every letter and digit of text[start:end] inside one of the found spans (a space or a
    comma left between two masks tells nothing)."""
    position = start
    for span in sorted(found, key=lambda span: span.start):
        while position < end and not text[position].isalnum():
            position += 1
        if position >= end or span.start > position:
            break
        position = max(position, span.end)
    while position < end and not text[position].isalnum():
        position += 1
    return position >= end


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
