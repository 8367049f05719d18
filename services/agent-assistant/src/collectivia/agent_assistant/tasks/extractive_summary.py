"""The offline summary: sentences of the document itself, chosen by score, never rewritten.

A sentence's score is the mean weight of its topic terms (term frequency in the document,
divided by the highest), raised for the document's first sentences and for sentences that
open a paragraph. Sentences are taken best first until the word budget, near-duplicates
skipped, then put back in the document's order, each with the number of its paragraph.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from collectivia.agent_assistant.tasks.sentences import Sentence, sentences_of, terms, words

METHOD = "extractive-summary/1"
NOTICE = (
    "Résumé extractif : les phrases sont reprises telles quelles du document, suivies du "
    "numéro de leur paragraphe [§n] ; rien n'est reformulé ni ajouté. Ce résumé peut omettre "
    "des points importants : vérifiez dans le document."
)
# Sentences shorter than this, or without a final stop (titles, list items), are not chosen.
MIN_WORDS = 5
_ENDED = re.compile(r"[.!?…][»\")\]]?\s*$")
# Jaccard similarity of terms above which a sentence repeats one already chosen.
MAX_OVERLAP = 0.6


@dataclass(frozen=True)
class SummarySentence:
    text: str
    paragraph: int


@dataclass(frozen=True)
class Citation:
    paragraph: int
    # The paragraph's opening words, to find it in the document.
    excerpt: str


@dataclass(frozen=True)
class ExtractiveSummary:
    sentences: tuple[SummarySentence, ...]
    citations: tuple[Citation, ...]
    paragraph_count: int

    @property
    def text(self) -> str:
        return "\n".join(f"{s.text} [§{s.paragraph}]" for s in self.sentences)


def _score(sentence: Sentence, weights: dict[str, float], total: int) -> float:
    found = terms(sentence.text)
    if not found:
        return 0.0
    content = sum(weights.get(term, 0.0) for term in found) / math.sqrt(len(found))
    position = 1.0 + 0.3 * (1.0 - sentence.position / max(total, 1))
    if sentence.position == 0:
        position += 0.3
    elif sentence.opens_paragraph:
        position += 0.1
    return content * position


def _overlap(first: set[str], second: set[str]) -> float:
    union = first | second
    return len(first & second) / len(union) if union else 0.0


def excerpt(paragraph: str, max_words: int = 12) -> str:
    cut = paragraph.split()
    return " ".join(cut[:max_words]) + (" …" if len(cut) > max_words else "")


def summarize(parts: list[str], max_words: int = 120) -> ExtractiveSummary:
    """An extractive summary of the paragraphs ``parts`` in about ``max_words`` words (at
    least one sentence, even a longer one)."""
    sentences = sentences_of(parts)
    frequencies = Counter(term for sentence in sentences for term in terms(sentence.text))
    highest = max(frequencies.values(), default=1)
    weights = {term: count / highest for term, count in frequencies.items()}
    # Titles and list items (short, or without a final stop) only when nothing else is left.
    long_enough = [s for s in sentences if len(words(s.text)) >= MIN_WORDS]
    candidates = [s for s in long_enough if _ENDED.search(s.text)] or long_enough or sentences
    ranked = sorted(candidates, key=lambda s: (-_score(s, weights, len(sentences)), s.position))
    chosen: list[Sentence] = []
    chosen_terms: list[set[str]] = []
    budget = max_words
    for sentence in ranked:
        length = len(words(sentence.text))
        if chosen and length > budget:
            continue
        own = set(terms(sentence.text))
        if any(_overlap(own, other) > MAX_OVERLAP for other in chosen_terms):
            continue
        chosen.append(sentence)
        chosen_terms.append(own)
        budget -= length
        if budget <= 0:
            break
    chosen.sort(key=lambda s: s.position)
    cited = sorted({s.paragraph for s in chosen})
    return ExtractiveSummary(
        sentences=tuple(SummarySentence(s.text, s.paragraph) for s in chosen),
        citations=tuple(Citation(n, excerpt(parts[n - 1])) for n in cited),
        paragraph_count=len(parts),
    )
