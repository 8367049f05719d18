from __future__ import annotations

import re
from datetime import date

import pytest

from citizen_chat_testing.knowledge import SAMPLE_DOCUMENTS, sample_knowledge_base
from collectivia.citizen_chat.answering import texts
from collectivia.citizen_chat.answering.eligibility import asks_eligibility
from collectivia.citizen_chat.answering.models import Outcome
from collectivia.citizen_chat.answering.service import Answerer, AnsweringPolicy
from collectivia.citizen_chat.knowledge.base import KnowledgeBase
from collectivia.testkit.knowledge_pages import METZ, MONTIGNY

REGISTER = "https://registre.example/registre/sys-1"
TODAY = date(2026, 11, 26)


@pytest.fixture(scope="module")
def base() -> KnowledgeBase:
    return sample_knowledge_base()


def answerer(base: KnowledgeBase, **policy: object) -> Answerer:
    members = (METZ, MONTIGNY)
    return Answerer(base, AnsweringPolicy(member_communes=members, **policy))  # type: ignore[arg-type]


def test_the_answer_only_quotes_sentences_of_the_cited_passages(base: KnowledgeBase) -> None:
    answer = answerer(base).answer(
        "Quels sont les horaires de l'hôtel de ville ?", commune=METZ, register_url=REGISTER
    )
    assert answer.outcome is Outcome.ANSWERED
    assert answer.sentences
    by_number = {c.number: c for c in answer.citations}
    texts_by_id = {d.id: d.text for d in SAMPLE_DOCUMENTS}
    for sentence in answer.sentences:
        cited = by_number[sentence.citation]
        assert sentence.text in texts_by_id[cited.document_id], "a quoted sentence was invented"
        assert f"« {sentence.text} » [{sentence.citation}]" in answer.text
    # Every line between the introduction and the sources is a quote: nothing generated.
    body = answer.text.split(texts.INTRO)[1].split("Sources :")[0].strip().splitlines()
    assert all(re.fullmatch(r"« .+ » \[\d+\]", line) for line in body)
    assert answer.citations[0].document_id == "mairie-metz"
    assert "[1] Horaires de l'hôtel de ville de Metz — https://demo.example/metz/horaires" in (
        answer.text
    )


def test_every_answer_discloses_the_ai_and_links_the_register(base: KnowledgeBase) -> None:
    for question in ["Horaires de l'hôtel de ville ?", "Quelle est la capitale du Pérou ?"]:
        answer = answerer(base).answer(question, register_url=REGISTER)
        assert answer.text.count(texts.DISCLOSURE) == 1
        assert texts.DISCLOSURE.startswith("Vous échangez avec un assistant automatisé")
        assert REGISTER in answer.text and answer.register_url == REGISTER
    unavailable = answerer(base).unavailable(None, REGISTER)
    assert texts.DISCLOSURE in unavailable.text and REGISTER in unavailable.text


def test_nothing_relevant_is_a_refusal_with_the_closest_sources_and_a_human(
    base: KnowledgeBase,
) -> None:
    answer = answerer(base).answer("Quelle est la capitale du Pérou ?", register_url=REGISTER)
    assert answer.outcome is Outcome.REFUSED
    assert answer.text.startswith("Je ne sais pas répondre avec certitude")
    assert not answer.sentences
    assert answer.offer_handoff and texts.OFFER_HUMAN in answer.text
    assert 0 < len(answer.citations) <= 3


def test_the_threshold_turns_an_answer_into_a_refusal(base: KnowledgeBase) -> None:
    question = "Les déchèteries acceptent-elles les gravats ?"
    answered = answerer(base).answer(question, register_url=REGISTER)
    assert answered.outcome is Outcome.ANSWERED
    refused = answerer(base, min_confidence=answered.confidence + 0.01).answer(
        question, register_url=REGISTER
    )
    assert refused.outcome is Outcome.REFUSED
    assert refused.confidence == answered.confidence


def test_an_old_source_is_flagged(base: KnowledgeBase) -> None:
    answer = answerer(base).answer(
        "Les déchèteries acceptent-elles les gravats ?", register_url=REGISTER, today=TODAY
    )
    citation = next(c for c in answer.citations if c.document_id == "decheteries")
    assert citation.outdated
    assert "cette source date de 2020" in answer.text


def test_the_answer_names_the_commune_and_never_uses_another_communes_pages(
    base: KnowledgeBase,
) -> None:
    answer = answerer(base).answer("horaires de la mairie", commune=MONTIGNY, register_url=REGISTER)
    assert "Réponse pour la commune de Montigny-lès-Metz." in answer.text
    assert "mairie-metz" not in answer.cited_source_ids


def test_any_commune_is_named_from_the_official_list_and_a_wrong_code_is_not(
    base: KnowledgeBase,
) -> None:
    # Woippy is not among this answerer's member communes: its name is the official one.
    named = answerer(base).answer("horaires de la mairie", commune="57751", register_url=REGISTER)
    assert "Réponse pour la commune de Woippy." in named.text
    assert answerer(base).commune_name("99999") == "99999"
    assert answerer(base).commune_name(None) is None


@pytest.mark.parametrize(
    "question",
    [
        "Ai-je droit au macaron résidentiel ?",
        "Est-ce que j'ai droit au macaron ?",
        "Suis-je éligible au macaron résidentiel ?",
        "Puis-je bénéficier du macaron résidentiel ?",
    ],
)
def test_eligibility_questions_get_the_procedure_and_no_decision(
    base: KnowledgeBase, question: str
) -> None:
    assert asks_eligibility(question)
    answer = answerer(base).answer(question, register_url=REGISTER)
    assert answer.eligibility_question
    assert texts.ELIGIBILITY in answer.text
    assert "seul le service compétent le décide" in answer.text
    assert answer.offer_handoff


def test_ordinary_questions_are_not_eligibility_questions() -> None:
    for question in ["Quels sont les horaires ?", "Où est la déchèterie à droite du pont ?"]:
        assert not asks_eligibility(question)
