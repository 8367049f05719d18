"""Sentences of a passage, and how much of a question each one supports.

Support is the share of the question's weight found in the sentence read in its context: the
sentence with its neighbours in the same block (paragraph or list item: a line of the
passage), and the page's title. A sentence often leaves its subject to the one before it
("Elle coûte 49 € par an.") or spreads an answer over two; a neighbour in another block (a
table cell, a glossary note) is no context. Each analysed question term (French stems, stop
words out, and the words that only frame a question, see ``question_words.py``) weighs its
inverse document frequency over the knowledge base, so rare, meaningful words ("déchèterie",
"stationnement") count more than common ones. A term the knowledge base never uses ("Pérou")
weighs the median of the question's known terms: it still counts against support (a question
about something the sources never mention cannot be well supported), without outweighing the
words the sources do use.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from collectivia.ai.privacy.guard import PLACEHOLDER
from collectivia.citizen_chat.answering.question_words import QUESTION_STOP_WORDS
from collectivia.citizen_chat.knowledge.analyzer import analyze

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀ-ÖØ-Þ0-9«\"(])")
MIN_WORDS = 4
# A quotable sentence ends like one; headings and list scraps do not.
_TERMINALS = (".", "!", "?", "…", "»", ")", ";")

TermWeight = Callable[[str], float]


@dataclass(frozen=True)
class QuotableSentence:
    text: str
    # The sentence with its neighbours in the same block: what support is measured on.
    context: str


def quotable_sentences(passage: str) -> list[QuotableSentence]:
    """Sentences of a passage (its lines are blocks), each with its context; headings (``#``
    lines of imported files, even those ending with "?"), scraps and sentence tails are left
    out."""
    sentences: list[QuotableSentence] = []
    for line in passage.splitlines():
        if line.startswith("#"):
            continue
        pieces = [piece.strip() for piece in _SENTENCE_END.split(line.strip())]
        for i, sentence in enumerate(pieces):
            # A piece starting in lower case is the tail of a sentence a passage's cut
            # began in ("qu'un seul conserve la jouissance du logement."): no sentence.
            if sentence[:1].islower():
                continue
            if len(sentence.split()) >= MIN_WORDS and sentence.endswith(_TERMINALS):
                context = " ".join(pieces[max(0, i - 1) : i + 2])
                sentences.append(QuotableSentence(sentence, context))
    return sentences


def split_sentences(passage: str) -> list[str]:
    """The quotable sentences of a passage, without their context."""
    return [sentence.text for sentence in quotable_sentences(passage)]


def term_weights(terms: set[str], weight: TermWeight) -> dict[str, float]:
    """Weight of each question term; unknown terms (weight 0) get the known terms' median."""
    weights = {term: weight(term) for term in terms}
    known = sorted(w for w in weights.values() if w > 0)
    fallback = known[len(known) // 2] if known else 1.0
    return {term: w if w > 0 else fallback for term, w in weights.items()}


def question_terms(texts: Iterable[str]) -> set[str]:
    """Analysed terms of the texts, without the words that only frame a question;
    personal-data placeholders ("[EMAIL_1]") are no terms."""
    terms: set[str] = set()
    for text in texts:
        terms.update(analyze(PLACEHOLDER.sub(" ", text), QUESTION_STOP_WORDS))
    return terms


def support(text: str, weights: dict[str, float], heading: str = "") -> float:
    """Share (0..1) of the question's weight present in the text (a sentence in its context)
    or its page's title."""
    total = sum(weights.values())
    if total <= 0:
        return 0.0
    present = set(analyze(text)) | set(analyze(heading))
    return sum(w for term, w in weights.items() if term in present) / total
