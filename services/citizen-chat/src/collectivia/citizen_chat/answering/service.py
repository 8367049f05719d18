"""The extractive answerer: quotes the best-supported sentences of the retrieved passages.

No text is generated: every sentence of an answer is copied verbatim from a source passage
and followed by the number of its citation. An answer's confidence is the retrieval
confidence of the document quoted first (reciprocal-rank fusion normalised to 0..1: 1 when
both the lexical and the dense retriever rank it first, at most 0.5 when only one of them
finds it) times the support of its best sentence (the share of the question's weight, by
inverse document frequency, that the sentence contains, read with its neighbours in its
paragraph and its page's title; words that only frame a question, such as "comment" or
"combien", weigh nothing: ``sentences.py``). Below ``min_confidence`` the assistant says it
does not know. The default, 0.5, is the point under which either the two independent
retrievers do not agree on the document or the quoted passage carries less than half of what
the question asks: refusing there beats a wrong answer.

``retrieve`` and this gate serve the generative answerer too (``generative.py``), which
falls back on ``extractive`` when the model fails or none of its sentences passes the check.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Generator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Protocol

from collectivia.citizen_chat.answering import texts
from collectivia.citizen_chat.answering.eligibility import asks_eligibility
from collectivia.citizen_chat.answering.interruption import AnswerInterrupted
from collectivia.citizen_chat.answering.models import (
    Answer,
    AnswerSentence,
    Citation,
    Exchange,
    Outcome,
)
from collectivia.citizen_chat.answering.sentences import (
    question_terms,
    quotable_sentences,
    support,
    term_weights,
)
from collectivia.citizen_chat.knowledge.base import DocumentHit
from collectivia.citizen_chat.knowledge.documents import Document


class Retriever(Protocol):
    def search(self, query: str, commune: str | None = None, k: int = 10) -> list[DocumentHit]: ...

    def term_weight(self, term: str) -> float: ...


@dataclass(frozen=True)
class AnsweringPolicy:
    min_confidence: float = 0.5
    # Documents whose passages may be quoted, and sentences quoted at most.
    documents: int = 3
    max_sentences: int = 3
    # A further sentence is quoted only if its support is at least this share of the best.
    companion_ratio: float = 0.6
    # Closest sources listed with a refusal.
    closest_sources: int = 3
    # Sources older than this get a warning.
    outdated_after_days: int = 365
    commune_names: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Candidate:
    """A sentence of a retrieved passage that may be quoted."""

    text: str
    hit_rank: int
    position: int
    support: float
    score: float


@dataclass(frozen=True)
class Retrieval:
    """What retrieval found for a question, and how sure the assistant is of it."""

    question: str
    hits: tuple[DocumentHit, ...]
    candidates: tuple[Candidate, ...]
    confidence: float
    eligibility: bool
    commune: str | None
    today: date
    confident: bool


AnswerStream = Generator[AnswerSentence, None, Answer]


class Answerer:
    def __init__(self, retriever: Retriever, policy: AnsweringPolicy) -> None:
        self.retriever = retriever
        self.policy = policy

    def answer(
        self,
        question: str,
        *,
        context: Sequence[str] = (),
        commune: str | None = None,
        register_url: str = "",
        today: date | None = None,
    ) -> Answer:
        """Answer ``question``; ``context`` holds the previous questions of the conversation
        (used for retrieval, so that a follow-up question works)."""
        return self.extractive(self.retrieve(question, context, commune, today), register_url)

    def stream(
        self,
        question: str,
        *,
        history: Sequence[Exchange] = (),
        commune: str | None = None,
        register_url: str = "",
        today: date | None = None,
    ) -> AnswerStream:
        """The extractive answer, sentence by sentence; returns the whole answer."""
        context = [exchange.question for exchange in history]
        retrieval = self.retrieve(question, context, commune, today)
        return (yield from self.quoted(retrieval, register_url))

    def quoted(self, retrieval: Retrieval, register_url: str) -> AnswerStream:
        """``extractive``, sentence by sentence; interrupted (``AnswerInterrupted`` thrown in
        by a reader that left), the answer of the sentences streamed so far."""
        answer = self.extractive(retrieval, register_url)
        for shown, sentence in enumerate(answer.sentences, start=1):
            try:
                yield sentence
            except AnswerInterrupted:
                cut = self.extractive(retrieval, register_url, shown=shown)
                return dataclasses.replace(cut, interrupted=True)
        return answer

    def retrieve(
        self,
        question: str,
        context: Sequence[str] = (),
        commune: str | None = None,
        today: date | None = None,
    ) -> Retrieval:
        query = "\n".join([*context[-1:], question])
        hits = self.retriever.search(query, commune=commune, k=max(self.policy.documents, 5))
        candidates = self._candidates(hits[: self.policy.documents], question, context[-1:])
        confidence = candidates[0].score if candidates else 0.0
        return Retrieval(
            question=question,
            hits=tuple(hits),
            candidates=tuple(candidates),
            confidence=confidence,
            eligibility=asks_eligibility(question),
            commune=commune,
            today=today or date.today(),
            confident=bool(candidates) and confidence >= self.policy.min_confidence,
        )

    def extractive(
        self, retrieval: Retrieval, register_url: str, *, shown: int | None = None
    ) -> Answer:
        """Quotes of the best-supported sentences, or a refusal when not confident;
        ``shown``: only the first sentences (an answer interrupted after them)."""
        if not retrieval.confident:
            return self.refusal(retrieval, register_url)
        candidates, hits, eligibility = retrieval.candidates, retrieval.hits, retrieval.eligibility
        best = candidates[0]
        chosen = [
            c
            for c in candidates[: self.policy.max_sentences * 3]
            if c.support >= self.policy.companion_ratio * best.support
        ][: self.policy.max_sentences]
        chosen.sort(key=lambda c: (c.hit_rank, c.position))
        if shown is not None:
            chosen = chosen[:shown]
        numbers: dict[int, int] = {}
        for candidate in chosen:
            numbers.setdefault(candidate.hit_rank, len(numbers) + 1)
        citations = tuple(
            self.citation(number, hits[rank].document, retrieval.today)
            for rank, number in numbers.items()
        )
        sentences = tuple(
            AnswerSentence(c.text, numbers[c.hit_rank], round(c.support, 3)) for c in chosen
        )
        lines = [texts.ELIGIBILITY] if eligibility else []
        lines.append(texts.INTRO)
        lines.extend(f"« {s.text} » [{s.citation}]" for s in sentences)
        if eligibility:
            lines.append(texts.OFFER_HUMAN)
        return self.finish(
            Outcome.ANSWERED,
            lines,
            sentences,
            citations,
            retrieval.confidence,
            retrieval.commune,
            register_url,
            offer_handoff=eligibility,
            eligibility=eligibility,
            theme=hits[chosen[0].hit_rank].document.theme,
        )

    def unavailable(self, commune: str | None, register_url: str) -> Answer:
        """What the citizen gets when the register does not allow the use: no answer."""
        lines = [texts.UNAVAILABLE, texts.OFFER_HUMAN]
        return self.finish(
            Outcome.UNAVAILABLE, lines, (), (), 0.0, commune, register_url, offer_handoff=True
        )

    def _candidates(
        self, hits: Sequence[DocumentHit], question: str, context: Sequence[str]
    ) -> list[Candidate]:
        candidates: list[Candidate] = []
        seen: set[str] = set()
        asked = question_terms([question])
        terms = asked | question_terms(context)
        # Words of the previous question only help a follow-up: they weigh half.
        weights = {
            term: weight if term in asked else weight / 2
            for term, weight in term_weights(terms, self.retriever.term_weight).items()
        }
        for rank, hit in enumerate(hits):
            position = 0
            for passage in hit.passages:
                for sentence in quotable_sentences(passage.text):
                    position += 1
                    if sentence.text in seen:
                        continue
                    seen.add(sentence.text)
                    share = support(sentence.context, weights, hit.document.title)
                    candidates.append(
                        Candidate(sentence.text, rank, position, share, share * hit.confidence)
                    )
        candidates.sort(key=lambda c: (-c.score, c.hit_rank, c.position))
        return candidates

    def refusal(self, retrieval: Retrieval, register_url: str) -> Answer:
        """ "I don't know", the closest sources and the offer of a human."""
        eligibility = retrieval.eligibility
        closest = retrieval.hits[: self.policy.closest_sources]
        citations = tuple(
            self.citation(n, hit.document, retrieval.today)
            for n, hit in enumerate(closest, start=1)
        )
        lines = [texts.ELIGIBILITY] if eligibility else []
        lines.append(texts.DONT_KNOW)
        lines.append(texts.CLOSEST_SOURCES if citations else texts.NOTHING_CLOSE)
        lines.append(texts.OFFER_HUMAN)
        theme = closest[0].document.theme if closest else ""
        return self.finish(
            Outcome.REFUSED,
            lines,
            (),
            citations,
            retrieval.confidence,
            retrieval.commune,
            register_url,
            offer_handoff=True,
            eligibility=eligibility,
            theme=theme,
        )

    def commune_name(self, commune: str | None) -> str | None:
        """The commune's name for an INSEE code (the code itself when the name is unknown)."""
        return self.policy.commune_names.get(commune, commune) if commune else None

    def citation(self, number: int, document: Document, today: date) -> Citation:
        limit = timedelta(days=self.policy.outdated_after_days)
        outdated = document.published is not None and today - document.published > limit
        return Citation(
            number=number,
            document_id=document.id,
            title=document.title,
            url=document.url,
            licence=document.licence,
            published=document.published,
            outdated=outdated,
            shared=document.shared,
        )

    def finish(
        self,
        outcome: Outcome,
        lines: list[str],
        sentences: tuple[AnswerSentence, ...],
        citations: tuple[Citation, ...],
        confidence: float,
        commune: str | None,
        register_url: str,
        offer_handoff: bool,
        eligibility: bool = False,
        theme: str = "",
    ) -> Answer:
        body = list(lines)
        commune_name = self.commune_name(commune)
        if commune_name:
            body.insert(0, texts.commune_line(commune_name))
        if citations:
            body.append(texts.SOURCES_HEADING)
            body.extend(
                texts.source_line(
                    c.number, c.title, c.url, c.licence, c.published, c.outdated, not c.shared
                )
                for c in citations
            )
        register_line = texts.REGISTER_LINK.format(url=register_url)
        body.extend([texts.DISCLOSURE, register_line])
        return Answer(
            outcome=outcome,
            text="\n".join(body),
            sentences=sentences,
            citations=citations,
            confidence=round(confidence, 4),
            disclosure=texts.DISCLOSURE,
            register_url=register_url,
            commune=commune,
            offer_handoff=offer_handoff,
            eligibility_question=eligibility,
            theme=theme,
        )
