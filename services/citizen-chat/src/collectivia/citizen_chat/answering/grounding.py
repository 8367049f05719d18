"""The post-check of generated text: whole sentences out of a token stream, each one kept only
when its citations exist and the cited passages support it.

Support is lexical: the share of the sentence's content words (French stems, stop words out,
citation markers and personal-data placeholders ignored) found in the cited sources' title and
passages, taken together. A sentence is dropped when it cites nothing, cites a number no source
has, has a support under ``min_support``, states a number (a price, an hour, a delay) that no
cited passage contains, or decides the person's eligibility. The check is cheap (no model): it
runs on each sentence as soon as it is complete, before the citizen sees it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from collectivia.ai.privacy.guard import PLACEHOLDER
from collectivia.citizen_chat.answering.eligibility import decides_eligibility
from collectivia.citizen_chat.knowledge.analyzer import analyze

# "[1]", "[1][2]", "[1, 2]", "[1; 3]".
_CITATION = re.compile(r"\s*\[\s*(\d{1,3}(?:\s*[,;]\s*\d{1,3})*)\s*\]")
# A sentence ends at terminal punctuation (citation markers may follow it) before a capital,
# or at a line break (list items). Lower case after a full stop ("8 h. puis") is no end.
_BOUNDARY = re.compile(
    r"[.!?…](?:\s*\[\s*\d[\d\s,;]*\])*[»\")]?[ \t]+(?=[A-ZÀ-ÖØ-Þ«\"\-\u2013•*])|\n+"
)
_LIST_BULLET = re.compile(r"^\s*(?:[-*•\u2013#]+|\d{1,2}[.)])\s+")
_EMPHASIS = re.compile(r"\*\*|__|`")
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([.,;:!?…)»])")


class Verdict(StrEnum):
    KEPT = "kept"
    UNCITED = "uncited"
    UNKNOWN_SOURCE = "unknown-source"
    UNSUPPORTED = "unsupported"
    DECIDES_ELIGIBILITY = "decides-eligibility"


@dataclass(frozen=True)
class CheckedSentence:
    verdict: Verdict
    # The sentence as shown, its citation markers taken out.
    text: str
    # The source numbers it cites, in order, without repeats.
    sources: tuple[int, ...]
    support: float


class SentenceBuffer:
    """Collects text deltas and hands out each sentence once it is complete."""

    def __init__(self) -> None:
        self._pending = ""

    def feed(self, delta: str) -> list[str]:
        self._pending += delta
        complete: list[str] = []
        while (end := _BOUNDARY.search(self._pending)) is not None:
            complete.append(self._pending[: end.end()])
            self._pending = self._pending[end.end() :]
        return [sentence for sentence in map(str.strip, complete) if sentence]

    def flush(self) -> list[str]:
        """What is left at the end of the stream."""
        rest, self._pending = self._pending.strip(), ""
        return [rest] if rest else []


def cited_sources(sentence: str) -> tuple[int, ...]:
    numbers: dict[int, None] = {}
    for marker in _CITATION.finditer(sentence):
        for number in re.split(r"\s*[,;]\s*", marker.group(1)):
            numbers.setdefault(int(number), None)
    return tuple(numbers)


def displayed(sentence: str) -> str:
    """The sentence without citation markers, list bullets or Markdown emphasis."""
    text = _EMPHASIS.sub("", _LIST_BULLET.sub("", _CITATION.sub("", sentence)))
    return _SPACE_BEFORE_PUNCTUATION.sub(r"\1", " ".join(text.split()))


def content_terms(text: str) -> set[str]:
    return set(analyze(PLACEHOLDER.sub(" ", text)))


class GroundingCheck:
    def __init__(self, sources: Mapping[int, str], min_support: float) -> None:
        """``sources``: number -> what the model was given of that source (title, passages)."""
        self._terms = {number: frozenset(content_terms(text)) for number, text in sources.items()}
        self.min_support = min_support

    def check(self, sentence: str) -> CheckedSentence:
        numbers = cited_sources(sentence)
        text = displayed(sentence)
        if not numbers:
            return CheckedSentence(Verdict.UNCITED, text, numbers, 0.0)
        if any(number not in self._terms for number in numbers):
            return CheckedSentence(Verdict.UNKNOWN_SOURCE, text, numbers, 0.0)
        terms = content_terms(text)
        cited = frozenset().union(*(self._terms[number] for number in numbers))
        share = len(terms & cited) / len(terms) if terms else 0.0
        invented_number = any(term.isdigit() and term not in cited for term in terms)
        if share < self.min_support or invented_number:
            return CheckedSentence(Verdict.UNSUPPORTED, text, numbers, round(share, 3))
        if decides_eligibility(text):
            return CheckedSentence(Verdict.DECIDES_ELIGIBILITY, text, numbers, round(share, 3))
        return CheckedSentence(Verdict.KEPT, text, numbers, round(share, 3))
