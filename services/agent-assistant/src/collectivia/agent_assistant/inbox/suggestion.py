"""The offline suggested reply: sentences quoted word for word from the best passages,
each with its [n] citation, in a polite frame. Nothing is invented; the agent completes it.
It is the model gateway's fallback for the suggested reply (``generative_reply``)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from collectivia.agent_assistant import messages
from collectivia.agent_assistant.inbox.ports import (
    Citation,
    Passage,
    ReplyRequest,
    SuggestedReply,
)

MAX_SOURCES = 3
SENTENCES_PER_SOURCE = 2
EXTRACTIVE_MODEL = "extractive/quoted-passages"
GREETING = "Bonjour,"
INTRODUCTION = "Suite à votre demande, voici les informations dont nous disposons :"
CLOSING = "Nous restons à votre disposition pour toute précision.\nCordialement,"
NOTICE = (
    "Suggestion sans modèle génératif : phrases citées mot pour mot des sources de la "
    "collectivité. Relisez, complétez et adaptez avant l'envoi."
)

# Words of politeness that say nothing of the question.
GREETING_WORDS = frozenset({"bonjour", "bonsoir", "merci", "madame", "monsieur", "cordialement"})
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_WORD = re.compile(r"\w+")


def _words(text: str) -> set[str]:
    folded = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    return {w for w in _WORD.findall(plain) if len(w) >= 4}


def passage_sentences(text: str) -> list[str]:
    """A passage's sentences worth quoting (no heading, no scrap)."""
    parts = (s.strip() for s in _SENTENCE_END.split(text))
    return [s for s in parts if s and not s.startswith("#") and len(s) > 15]


def best_sentences(passage: Passage, asked: set[str], count: int) -> tuple[int, list[str]]:
    """The passage's sentences sharing words with the question (most first, then kept in
    their order), and how many words the best one shares."""
    sentences = passage_sentences(passage.text)
    overlaps = [len(_words(sentence) & asked) for sentence in sentences]
    ranked = sorted(
        (i for i, overlap in enumerate(overlaps) if overlap), key=lambda i: (-overlaps[i], i)
    )
    chosen = sorted(ranked[:count])
    return (overlaps[ranked[0]] if ranked else 0), [sentences[i] for i in chosen]


def _distinct_documents(passages: Sequence[Passage]) -> list[Passage]:
    seen: set[str] = set()
    kept = []
    for passage in passages:
        if passage.document_id not in seen:
            seen.add(passage.document_id)
            kept.append(passage)
    return kept


def quoted_sources(passages: Sequence[Passage], question: str) -> list[tuple[Passage, list[str]]]:
    """At most ``MAX_SOURCES`` documents, in retrieval order, with the sentences to quote;
    a document sharing less than half as many words with the question as the best one is
    left out (a passage retrieved for one common word is not an answer)."""
    asked = _words(question) - GREETING_WORDS
    scored = [
        (passage, *best_sentences(passage, asked, SENTENCES_PER_SOURCE))
        for passage in _distinct_documents(passages)
    ]
    best = max((overlap for _, overlap, _ in scored), default=0)
    return [
        (passage, sentences)
        for passage, overlap, sentences in scored
        if overlap and overlap * 2 >= best
    ][:MAX_SOURCES]


class ExtractiveReplyWriter:
    model = EXTRACTIVE_MODEL

    def write(self, request: ReplyRequest) -> SuggestedReply:
        quotes: list[str] = []
        citations: list[Citation] = []
        for passage, sentences in quoted_sources(request.passages, request.question):
            number = len(citations) + 1
            citations.append(Citation(number, passage.document_id, passage.title, passage.url))
            quotes.extend(f"« {sentence} » [{number}]" for sentence in sentences)
        if not citations:
            return SuggestedReply("", [], False, self.model, messages.NOTHING_FOUND)
        sources = [f"[{c.number}] {c.title}" + (f" — {c.url}" if c.url else "") for c in citations]
        text = "\n\n".join(
            [GREETING, INTRODUCTION, "\n".join(quotes), "Sources :\n" + "\n".join(sources), CLOSING]
        )
        return SuggestedReply(
            text, citations, False, self.model, NOTICE, [c.document_id for c in citations]
        )
