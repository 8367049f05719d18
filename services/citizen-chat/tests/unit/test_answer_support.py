"""Support of a quoted sentence: read with its neighbours in its block, on the question's
content words only (the words that frame a question ask nothing)."""

from __future__ import annotations

import pytest

from citizen_chat_testing.knowledge import sample_knowledge_base
from collectivia.citizen_chat.answering.models import Outcome
from collectivia.citizen_chat.answering.question_words import QUESTION_STOP_WORDS
from collectivia.citizen_chat.answering.sentences import question_terms, quotable_sentences
from collectivia.citizen_chat.answering.service import Answerer, AnsweringPolicy
from collectivia.citizen_chat.knowledge.analyzer import analyze
from collectivia.citizen_chat.knowledge.base import KnowledgeBase
from collectivia.citizen_chat.knowledge.documents import Document

SENIOR_CARD = "La SNCF propose la carte Senior aux voyageurs âgés. Son prix est de 49 € par an."
# Two of its content words in each sentence, "train" in neither, none in the page's title.
SENIOR_QUESTION = "Quel est le prix de la carte Senior pour un an de train ?"
OTHER_PAGES = [
    Document(
        id="piscine",
        title="Les piscines municipales",
        text="Les piscines municipales sont ouvertes tous les jours de 10 h à 20 h.",
    ),
    Document(
        id="bibliotheque",
        title="Les bibliothèques",
        text="L'inscription à la bibliothèque est gratuite pour les habitants.",
    ),
]


def knowledge_base(senior_text: str) -> KnowledgeBase:
    senior = Document(id="senior", title="Tarifs pour les voyageurs âgés", text=senior_text)
    return sample_knowledge_base([senior, *OTHER_PAGES])


def ask(base: KnowledgeBase, question: str) -> tuple[Outcome, list[str]]:
    answer = Answerer(base, AnsweringPolicy()).answer(question)
    return answer.outcome, [s.text for s in answer.sentences]


def test_a_sentence_is_supported_by_its_neighbour_in_the_same_paragraph() -> None:
    # "Son prix" leaves its subject, the card, to the sentence before it: each sentence holds
    # two fifths of the question, the two together four fifths.
    outcome, quoted = ask(knowledge_base(SENIOR_CARD), SENIOR_QUESTION)
    assert outcome is Outcome.ANSWERED
    assert "Son prix est de 49 € par an." in quoted


def test_a_neighbour_in_another_block_is_no_context() -> None:
    # The same two sentences on two lines (two blocks: a list item, a table cell...).
    base = knowledge_base(SENIOR_CARD.replace(". Son", ".\nSon"))
    outcome, quoted = ask(base, SENIOR_QUESTION)
    assert outcome is Outcome.REFUSED and not quoted


def test_quotable_sentences_carry_their_neighbours_in_the_same_line_only() -> None:
    passage = (
        "Titre court\nPremière phrase assez longue. Deuxième phrase assez longue.\nAutre bloc ici."
    )
    sentences = quotable_sentences(passage)
    assert [s.text for s in sentences] == [
        "Première phrase assez longue.",
        "Deuxième phrase assez longue.",
    ]
    assert (
        sentences[0].context
        == sentences[1].context
        == ("Première phrase assez longue. Deuxième phrase assez longue.")
    )


def test_the_words_that_frame_a_question_are_no_terms_of_it() -> None:
    terms = question_terms(["Comment et quand dois-je payer ça, combien, chez qui ?"])
    assert terms == set(analyze("dois payer"))
    assert {"comment", "combien", "quand", "chez", "ca"} <= QUESTION_STOP_WORDS
    # The lexical index keeps them: only a question's support leaves them out.
    assert analyze("comment combien") == ["comment", "combien"]


@pytest.mark.parametrize(
    "question",
    [
        "Quel est le score du dernier match entre le PSG et Marseille ?",
        "Qui a gagné la Coupe du monde de football en 2018 ?",
        "Quelle est la recette de la blanquette de veau ?",
        "Combien de temps faut-il cuire des pâtes ?",
        "Quelle est la vitesse maximale sur les autoroutes en Allemagne ?",
        "Quelles sont les règles du divorce en Espagne ?",
        "Quel temps fera-t-il demain à Lyon ?",
        "Comment réparer une fuite d'eau sous mon évier ?",
        "Quelle est la capitale de l'Australie ?",
        "Quel âge faut-il avoir pour acheter de l'alcool aux États-Unis ?",
        "Les horaires du musée du Louvre à Paris ?",
        "Combien coûte un abonnement à la piscine de Marseille ?",
    ],
)
def test_questions_out_of_the_sources_remit_are_refused(question: str) -> None:
    outcome, quoted = ask(knowledge_base(SENIOR_CARD), question)
    assert outcome is Outcome.REFUSED and not quoted
