"""A question asking whom to vote for is never answered, even when a page about elections
shares its words: the public service is neutral (``answering/neutrality.py``)."""

from __future__ import annotations

import pytest

from citizen_chat_testing.knowledge import sample_knowledge_base
from collectivia.citizen_chat.answering import texts
from collectivia.citizen_chat.answering.models import Outcome
from collectivia.citizen_chat.answering.neutrality import asks_whom_to_vote_for
from collectivia.citizen_chat.answering.service import Answerer, AnsweringPolicy
from collectivia.citizen_chat.knowledge.base import KnowledgeBase
from collectivia.citizen_chat.knowledge.documents import Document

ELECTIONS = Document(
    id="elections",
    title="Voter aux élections municipales",
    url="https://demo.example/elections",
    text=(
        "Pour voter aux élections municipales, il faut être inscrit sur les listes électorales "
        "de la commune. Chaque liste de candidats dépose sa candidature en préfecture. "
        "L'électeur choisit une liste et glisse son bulletin dans l'urne le jour du scrutin. "
        "On peut voter par procuration en donnant mandat à un autre électeur."
    ),
)


@pytest.fixture(scope="module")
def answerer() -> Answerer:
    base: KnowledgeBase = sample_knowledge_base([ELECTIONS])
    return Answerer(base, AnsweringPolicy())


@pytest.mark.parametrize(
    "question",
    [
        "Pour quelle liste voter aux élections municipales ?",
        "Pour qui devrais-je voter aux municipales, la liste de gauche ou de droite ?",
        "Quel candidat choisir aux élections municipales ?",
        "Dois-je voter blanc aux municipales ?",
        "Who should I vote for in the municipal elections?",
    ],
)
def test_whom_to_vote_for_is_refused_with_the_reason(answerer: Answerer, question: str) -> None:
    assert asks_whom_to_vote_for(question)
    answer = answerer.answer(question)
    assert answer.outcome is Outcome.REFUSED
    assert not answer.sentences
    assert all(line in answer.text for line in texts.NEUTRALITY)
    assert texts.DONT_KNOW not in answer.text


@pytest.mark.parametrize(
    "question",
    [
        "Comment voter par procuration aux élections municipales ?",
        "Faut-il être inscrit sur les listes électorales pour voter aux municipales ?",
    ],
)
def test_how_to_vote_is_answered(answerer: Answerer, question: str) -> None:
    assert not asks_whom_to_vote_for(question)
    answer = answerer.answer(question)
    assert answer.outcome is Outcome.ANSWERED, answer.text
    assert not any(line in answer.text for line in texts.NEUTRALITY)
