"""Sentences of a passage, and how much of a question each one supports.

Support is the share of the question's weight found in the sentence: each analysed question
term (French stems, stop words out) weighs its inverse document frequency over the knowledge
base, so rare, meaningful words ("déchèterie", "stationnement") count more than common ones.
A term the knowledge base never uses ("obtenir", "Pérou") weighs the median of the question's
known terms: it still counts against support (a question about something the sources never
mention cannot be well supported), without outweighing the words the sources do use.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from collectivia.citizen_chat.knowledge.analyzer import analyze

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀ-ÖØ-Þ0-9«\"(])")
MIN_WORDS = 4
# A quotable sentence ends like one; headings and list scraps do not.
_TERMINALS = (".", "!", "?", "…", "»", ")", ";")

TermWeight = Callable[[str], float]


def split_sentences(passage: str) -> list[str]:
    """Sentences of a passage (its lines are blocks); headings and scraps are left out."""
    sentences: list[str] = []
    for line in passage.splitlines():
        for sentence in _SENTENCE_END.split(line.strip()):
            sentence = sentence.strip()
            if len(sentence.split()) >= MIN_WORDS and sentence.endswith(_TERMINALS):
                sentences.append(sentence)
    return sentences


def term_weights(terms: set[str], weight: TermWeight) -> dict[str, float]:
    """Weight of each question term; unknown terms (weight 0) get the known terms' median."""
    weights = {term: weight(term) for term in terms}
    known = sorted(w for w in weights.values() if w > 0)
    fallback = known[len(known) // 2] if known else 1.0
    return {term: w if w > 0 else fallback for term, w in weights.items()}


def question_terms(texts: Iterable[str]) -> set[str]:
    terms: set[str] = set()
    for text in texts:
        terms.update(analyze(text))
    return terms


def support(sentence: str, weights: dict[str, float], heading: str = "") -> float:
    """Share (0..1) of the question's weight present in the sentence or its page's title."""
    total = sum(weights.values())
    if total <= 0:
        return 0.0
    present = set(analyze(sentence)) | set(analyze(heading))
    return sum(w for term, w in weights.items() if term in present) / total
