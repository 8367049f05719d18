"""A page is clear when it leads the second one by a margin (wider when only one retriever
ranks it first), is within the remit by meaning and holds part of the question; a page only
one retriever ranks first is never quoted from outside the remit, one neither ranks first
never (unless a re-ranker chose it)."""

from __future__ import annotations

import dataclasses

import pytest

from collectivia.citizen_chat.answering.clarity import ClarityBars, page_clarity
from collectivia.citizen_chat.answering.models import Outcome
from collectivia.citizen_chat.answering.service import Answerer, AnsweringPolicy
from collectivia.citizen_chat.knowledge.base import DocumentHit, Passage
from collectivia.citizen_chat.knowledge.documents import Document

BARS = ClarityBars(min_coverage=0.25, min_similarity=0.87, agreed_margin=0.1, lone_margin=0.3)
# The question's weighted terms: the first page holds both, the second one.
WEIGHTS = {"passeport": 2.0, "prix": 1.0}


def hit(
    title: str, score: float, lexical: int | None, dense: int | None, similarity: float
) -> DocumentHit:
    document = Document(id=title, title=title, text="Le prix du passeport est fixé par la loi.")
    return DocumentHit(
        document=document,
        score=score,
        confidence=score,
        lexical_rank=lexical,
        dense_rank=dense,
        dense_similarity=similarity,
        passages=(Passage(1, document.text),),
    )


@pytest.mark.parametrize(
    ("first", "second_score", "clear"),
    [
        # Both retrievers rank it first: a lead of 0.1 is enough.
        ((1.0, 1, 1, 0.90), 0.85, True),
        ((1.0, 1, 1, 0.90), 0.95, False),
        # One retriever ranks another page first: the lead must be wider.
        ((0.9, 1, 2, 0.90), 0.75, False),
        ((0.9, 1, 2, 0.90), 0.55, True),
        # Under the floor of the remit by meaning, however far ahead.
        ((1.0, 1, 1, 0.86), 0.20, False),
    ],
)
def test_a_page_is_clear_by_its_lead_over_the_second(
    first: tuple[float, int, int, float], second_score: float, clear: bool
) -> None:
    score, lexical, dense, similarity = first
    hits = [
        hit("Passeport", score, lexical, dense, similarity),
        hit("Carte", second_score, 2, 1 if dense != 1 else 2, 0.88),
    ]
    clarity = page_clarity(hits, WEIGHTS, BARS)
    assert clarity.clear is clear
    assert clarity.margin == pytest.approx(score - second_score)
    assert clarity.confidence == (pytest.approx((1 + clarity.coverage) / 2) if clear else 0.0)


def test_a_page_holding_too_little_of_the_question_is_not_clear() -> None:
    hits = [hit("Passeport", 1.0, 1, 1, 0.95)]
    assert page_clarity(hits, WEIGHTS, BARS).clear
    unknown = {"visa": 3.0, "passeport": 0.5}  # the page holds a seventh of the weight
    assert not page_clarity(hits, unknown, BARS).clear
    assert not page_clarity([], WEIGHTS, BARS).clear


class CraftedRetriever:
    """Returns one page, ranked and as close by meaning as the test says."""

    def __init__(self, lexical: int, dense: int, similarity: float) -> None:
        self.hit = dataclasses.replace(
            hit("Passeport", 1.0 if lexical == dense == 1 else 0.8, lexical, dense, similarity),
            confidence=1.0,
        )

    def search(self, query: str, commune: str | None = None, k: int = 10) -> list[DocumentHit]:
        return [self.hit]

    def term_weight(self, term: str) -> float:
        return 1.0


@pytest.mark.parametrize(
    ("lexical", "dense", "similarity", "answered"),
    [
        # Its words hold the whole question: quoted when both retrievers rank it first...
        (1, 1, 0.80, True),
        # ... or when it is within the remit by meaning...
        (1, 2, 0.88, True),
        # ... but not on its words alone, far by meaning ("Qui est le maire ?").
        (1, 2, 0.80, False),
        (2, 1, 0.80, False),
        # A page neither retriever ranks first is a compromise between two others: never.
        (2, 3, 0.95, False),
        (3, 2, 0.95, False),
    ],
)
def test_a_page_only_one_retriever_puts_first_must_be_within_the_remit(
    lexical: int, dense: int, similarity: float, answered: bool
) -> None:
    answerer = Answerer(CraftedRetriever(lexical, dense, similarity), AnsweringPolicy())
    answer = answerer.answer("Quel est le prix du passeport ?")
    assert (answer.outcome is Outcome.ANSWERED) is answered


def test_a_page_a_reranker_chose_may_be_quoted_though_neither_retriever_put_it_first() -> None:
    retriever = CraftedRetriever(2, 3, 0.95)
    retriever.hit = dataclasses.replace(retriever.hit, rerank_score=3.0)
    answer = Answerer(retriever, AnsweringPolicy()).answer("Quel est le prix du passeport ?")
    assert answer.outcome is Outcome.ANSWERED
