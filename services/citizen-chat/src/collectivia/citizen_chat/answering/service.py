"""The extractive answerer: quotes the best-supported sentences of the retrieved passages.

No text is generated: every sentence of an answer is copied verbatim from a source passage and
followed by the number of its citation. An answer's confidence is the retrieval confidence of
the document quoted first (the fusion of its normalised scores, ``knowledge/fusion.py``: 1 when
both the lexical and the dense retriever rank it first, at most 0.6 when only the lexical one
finds it, 0.4 when only the dense one does) times the support of its best sentence (the share of
the question's weight, by inverse document frequency, that the sentence contains, read with its
neighbours in its paragraph and its page's title; words that only frame a question, such as
"comment" or "combien", weigh nothing: ``sentences.py``) — or, when the first page is clearly
the one asked about (it leads the second page by a margin, is within the remit by meaning and
holds part of the question's words: ``clarity.py``), that page's confidence, and its sentences
are quoted first. Below ``min_confidence`` the assistant says it does not know. The default,
0.5, is the point under which either the two independent retrievers do not agree on the
document or the quoted passage carries less than half of what the question asks: refusing
there beats a wrong answer. Nor does it answer from a page farther from the question by
meaning than ``min_similarity`` (the encoder's scale), nor from a page the two retrievers do
not both rank first that is farther than the clear page's floor of the remit, nor from a page
neither of them ranks first.

``retrieve`` and this gate serve the generative answerer too (``generative.py``), which
falls back on ``extractive`` when the model fails or none of its sentences passes the check.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Generator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Protocol

from collectivia.citizen_chat.answering import texts
from collectivia.citizen_chat.answering.clarity import ClarityBars, page_clarity, page_terms
from collectivia.citizen_chat.answering.eligibility import asks_eligibility
from collectivia.citizen_chat.answering.follow_up import leans_on_context
from collectivia.citizen_chat.answering.interruption import AnswerInterrupted
from collectivia.citizen_chat.answering.models import (
    Answer,
    AnswerSentence,
    Citation,
    Exchange,
    Outcome,
)
from collectivia.citizen_chat.answering.named_terms import named_terms, uses_names
from collectivia.citizen_chat.answering.neutrality import asks_whom_to_vote_for
from collectivia.citizen_chat.answering.passage_reading import read_passage, read_support
from collectivia.citizen_chat.answering.sentences import question_terms, term_weights
from collectivia.citizen_chat.knowledge.base import DocumentHit
from collectivia.citizen_chat.knowledge.documents import Document
from collectivia.platform import communes


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
    # No answer from a page farther by meaning than this from the question (the cosine
    # similarity of the question's vector and the page's closest one): questions out of the
    # remit that share a word with a page stay under it. The scale is the encoder's and the
    # pages': 0 (no bar) by default.
    min_similarity: float = 0.0
    # When a page is clearly the one asked about, even if none of its sentences holds the
    # question (``clarity.py``).
    clear_page: ClarityBars = field(default_factory=ClarityBars)
    # A refusal takes the closest page's theme only when the page holds this share.
    theme_coverage: float = 0.5
    # Sources older than this get a warning.
    outdated_after_days: int = 365
    # The collectivity's member communes (INSEE codes): a question naming one of them is not
    # about another place.
    member_communes: tuple[str, ...] = ()


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
    # Share of the question's weight in the first page, read whole (``clarity.py``).
    coverage: float = 0.0
    # The first page is clearly the one asked about (``clarity.py``) and is quoted first.
    clear: bool = False
    # The question asks whom to vote for (``neutrality.py``): never answered.
    vote_advice: bool = False


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
        """What the knowledge base holds for ``question``. The previous question (the last of
        ``context``) only resolves a reference: a question that leans on it (``follow_up.py``)
        is first retrieved with it, any other alone; the other way is tried only when the
        first is not confident (and the question names a subject of its own), and the more
        confident of the two is kept: the context never lowers a clear match (an off-topic
        question before a clear one). A question that leans on the previous one but names a
        subject of its own stands alone when, alone, its page is clear ("Et combien coûte un
        passeport ?" after an identity-card question)."""
        previous = tuple(context[-1:])
        if not previous:
            return self._retrieval(question, (), commune, today)
        leans = leans_on_context(question)
        # A lone word after "et pour" ("Et pour un enfant ?") names no subject of its own.
        own_subject = len(question_terms([question])) >= 2
        if leans and own_subject:
            alone = self._retrieval(question, (), commune, today)
            if alone.clear and alone.confident:
                return alone
        ways = [previous, ()] if leans else [(), previous]
        first = self._retrieval(question, ways[0], commune, today)
        if first.confident or (leans and not own_subject):
            return first
        second = self._retrieval(question, ways[1], commune, today)
        return second if second.confidence > first.confidence else first

    def _retrieval(
        self,
        question: str,
        previous: Sequence[str],
        commune: str | None,
        today: date | None,
    ) -> Retrieval:
        query = "\n".join([*previous, question])
        hits = self.retriever.search(query, commune=commune, k=max(self.policy.documents, 5))
        weights = self._weights(question, previous)
        candidates = self._candidates(hits[: self.policy.documents], weights)
        # A page that never uses a place the question names is about another question.
        own = [communes.commune_name(code) for code in self.policy.member_communes]
        named = named_terms(question, own)
        if named:
            candidates = [
                c
                for c in candidates
                if uses_names(
                    page_terms(hits[c.hit_rank].document.title, hits[c.hit_rank].document.text),
                    named,
                )
            ]
        quoted = candidates[0].score if candidates else 0.0
        clarity = page_clarity(hits, weights, self.policy.clear_page)
        # Clear only with a sentence of its own left to quote (none: a page without a name).
        clear = clarity.confidence > quoted and any(c.hit_rank == 0 for c in candidates)
        if clear and candidates:
            # The clear page is quoted first: its sentences by support, then in the order of
            # its passages (the closest by meaning first), the other pages' after them.
            candidates.sort(key=lambda c: (c.hit_rank != 0, -c.support, c.position))
        confidence = max(quoted, clarity.confidence if clear else 0.0)
        # The page quoted first must be close enough by meaning.
        on_topic = bool(candidates) and self._within_remit(hits[candidates[0].hit_rank])
        vote_advice = asks_whom_to_vote_for(question)
        return Retrieval(
            question=question,
            hits=tuple(hits),
            candidates=tuple(candidates),
            confidence=confidence,
            eligibility=asks_eligibility(question),
            commune=commune,
            today=today or date.today(),
            confident=on_topic and confidence >= self.policy.min_confidence and not vote_advice,
            coverage=clarity.coverage,
            clear=clarity.clear and any(c.hit_rank == 0 for c in candidates),
            vote_advice=vote_advice,
        )

    def _within_remit(self, hit: DocumentHit) -> bool:
        """Whether a page may be quoted at all, by meaning: no closer than ``min_similarity``
        is never; a page the two retrievers do not both rank first must also reach the clear
        page's floor of the remit (its words alone, a common word such as "maire", do not
        make a question the collectivity's); a page neither ranks first, a compromise between
        two others, is never quoted unless a re-ranker chose it (a paternity-leave question
        found the rights of local councillors who stop work, whose one sentence lists « congé
        de paternité »)."""
        if hit.dense_similarity < self.policy.min_similarity:
            return False
        if hit.lexical_rank != 1 and hit.dense_rank != 1 and hit.rerank_score is None:
            return False
        agreed = hit.lexical_rank == 1 and hit.dense_rank == 1
        return agreed or hit.dense_similarity >= self.policy.clear_page.min_similarity

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

    def _weights(self, question: str, context: Sequence[str]) -> dict[str, float]:
        """Weight of each term of the question and of the previous one; words of the previous
        question only help a follow-up: they weigh half."""
        asked = question_terms([question])
        terms = asked | question_terms(context)
        return {
            term: weight if term in asked else weight / 2
            for term, weight in term_weights(terms, self.retriever.term_weight).items()
        }

    def _candidates(
        self, hits: Sequence[DocumentHit], weights: dict[str, float]
    ) -> list[Candidate]:
        candidates: list[Candidate] = []
        seen: set[str] = set()
        for rank, hit in enumerate(hits):
            position = 0
            for passage in hit.passages:
                # Read once per passage and page, not at every question (passage_reading.py).
                for sentence in read_passage(passage.text, hit.document):
                    position += 1
                    if sentence.text in seen:
                        continue
                    seen.add(sentence.text)
                    # Never quoted, however well it matches (quotability.py).
                    if not sentence.quotable:
                        continue
                    share = read_support(sentence.terms, weights)
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
        lines.extend(texts.NEUTRALITY if retrieval.vote_advice else [texts.DONT_KNOW])
        lines.append(texts.CLOSEST_SOURCES if citations else texts.NOTHING_CLOSE)
        lines.append(texts.OFFER_HUMAN)
        # The closest page's theme only when it holds a good part of the question: a canteen
        # question near no page is no question about elections.
        covered = retrieval.coverage >= self.policy.theme_coverage
        theme = closest[0].document.theme if closest and covered else ""
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
        """The commune's official name for an INSEE code (the code itself when it is not in
        the official list)."""
        return communes.commune_name(commune) if commune else None

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
