"""A retrieved passage read once: its quotable sentences, whether each may be quoted
(``quotability.py``) and the analysed terms its support is measured on (``sentences.py``).

Every answer used to read its candidate passages again — the quotability rules and the
analyzer on each sentence, about a fifth of a question's CPU — although a passage of a given
page always reads the same. The reading depends on the passage and on its page only (the
title, the text for the topic rule, the publication date for a signed text), so it is kept
by both: a new version of a page is another key, and a withdrawn page's entries just age out.
What is kept comes from the pages, never from a question.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from collectivia.citizen_chat.answering.quotability import unquotable
from collectivia.citizen_chat.answering.sentences import quotable_sentences
from collectivia.citizen_chat.knowledge.analyzer import analyze
from collectivia.citizen_chat.knowledge.documents import Document

# Passages kept: the 393-page corpus has about 2,000 chunks, each a passage.
KEPT_PASSAGES = 16_384


@dataclass(frozen=True)
class ReadSentence:
    text: str
    # Never shown to a citizen (``quotability.unquotable``): kept out of the candidates.
    quotable: bool
    # Analysed terms of the sentence with its neighbours and of its page's title: the
    # support of a question's weights is measured on them (``sentences.support``).
    terms: frozenset[str]


@lru_cache(maxsize=KEPT_PASSAGES)
def read_passage(passage: str, document: Document) -> tuple[ReadSentence, ...]:
    """The quotable sentences of ``passage`` (a passage of ``document``), in order."""
    title_terms = frozenset(analyze(document.title))
    return tuple(
        ReadSentence(
            sentence.text,
            unquotable(sentence.text, document) is None,
            frozenset(analyze(sentence.context)) | title_terms,
        )
        for sentence in quotable_sentences(passage)
    )


def read_support(terms: frozenset[str], weights: dict[str, float]) -> float:
    """``sentences.support`` on terms already analysed: the share of the weights present."""
    total = sum(weights.values())
    if total <= 0:
        return 0.0
    return sum(w for term, w in weights.items() if term in terms) / total
