"""More questions answered, none invented: a page that clearly holds the question is quoted
even when no single sentence does; off-topic and unclear questions are still refused; a
question that stands alone is answered alone, whatever was asked before it."""

from __future__ import annotations

import pytest

from citizen_chat_testing.knowledge import sample_knowledge_base
from collectivia.citizen_chat.answering.clarity import ClarityBars
from collectivia.citizen_chat.answering.follow_up import leans_on_context
from collectivia.citizen_chat.answering.models import Outcome
from collectivia.citizen_chat.answering.named_terms import named_terms
from collectivia.citizen_chat.answering.sentences import split_sentences
from collectivia.citizen_chat.answering.service import Answerer, AnsweringPolicy
from collectivia.citizen_chat.knowledge.base import KnowledgeBase
from collectivia.citizen_chat.knowledge.documents import Document

# The identity card's page spreads what a citizen asks over three paragraphs, none of its
# words in the title: no sentence holds half of a question about all three.
IDENTITY = Document(
    id="carte-identite",
    title="Démarches en mairie",
    theme="Papiers > Identité",
    text="La carte d'identité se demande sur rendez-vous.\n"
    "Le dossier comprend une photo récente.\n"
    "Un timbre fiscal est exigé en cas de vol.",
)
PAGES = [
    IDENTITY,
    Document(
        id="passeport",
        title="Combien coûte un passeport ?",
        theme="Papiers > Passeport",
        text="Le prix du passeport dépend de l'âge du demandeur, majeur ou mineur.\n"
        "En métropole, le passeport coûte 86 euros pour un majeur et 42 euros pour un mineur "
        "de 15 à 17 ans.\n"
        "Le timbre fiscal de 86 euros ou de 42 euros s'achète en ligne.",
    ),
    Document(
        id="acte-naissance",
        title="Demander un acte de naissance",
        theme="État civil > Actes",
        text="L'acte se demande à la mairie du lieu de naissance.\n"
        "La demande est gratuite et se fait en ligne, par courrier ou au guichet.",
    ),
    Document(
        id="listes-electorales",
        title="Inscription sur les listes électorales",
        theme="Citoyenneté > Élections",
        text="L'inscription sur les listes électorales se fait en ligne ou à la mairie.\n"
        "Il faut fournir un justificatif de domicile et une pièce d'identité.",
    ),
    Document(
        id="decheteries",
        title="Les déchèteries",
        theme="Déchets > Déchèteries",
        text="Les déchèteries sont ouvertes du lundi au samedi de 9 h à 18 h.\n"
        "Elles acceptent les gravats, le bois, les métaux et le carton.",
    ),
]
# The fake encoder (hashed bags of stems) is no e5: its similarities have their own scale.
FAKE_BARS = ClarityBars(min_similarity=0.5)
SPREAD_QUESTION = "Carte d'identité volée : rendez-vous, photo et timbre fiscal ?"
OFF_TOPIC = "Quelle est la recette de la blanquette de veau ?"


@pytest.fixture(scope="module")
def base() -> KnowledgeBase:
    return sample_knowledge_base(PAGES)


def test_a_page_that_clearly_holds_the_question_is_quoted(base: KnowledgeBase) -> None:
    answer = Answerer(base, AnsweringPolicy(clear_page=FAKE_BARS)).answer(SPREAD_QUESTION)
    assert answer.outcome is Outcome.ANSWERED
    assert answer.citations[0].document_id == "carte-identite"
    assert answer.sentences and all(s.text in IDENTITY.text for s in answer.sentences)
    # Quoting by sentences alone, the same question is refused: the page's clarity answers.
    never_clear = ClarityBars(min_similarity=2.0)
    words_only = Answerer(base, AnsweringPolicy(clear_page=never_clear))
    assert words_only.answer(SPREAD_QUESTION).outcome is Outcome.REFUSED


def test_a_page_is_not_clear_when_it_holds_too_little_of_the_question(
    base: KnowledgeBase,
) -> None:
    demanding = ClarityBars(min_coverage=1.01, min_similarity=FAKE_BARS.min_similarity)
    answer = Answerer(base, AnsweringPolicy(clear_page=demanding)).answer(SPREAD_QUESTION)
    assert answer.outcome is Outcome.REFUSED


@pytest.mark.parametrize(
    "question",
    [
        OFF_TOPIC,
        "Quel temps fera-t-il demain à Lyon ?",
        "Raconte-moi une blague sur les informaticiens.",
        "Comment renouveler un passeport canadien depuis Ottawa ?",
        "Quel médicament prendre contre une migraine ?",
        # Near two pages and holding neither: not clear.
        "Faut-il un justificatif pour la déchèterie et pour voter ?",
    ],
)
def test_off_topic_and_unclear_questions_are_refused(base: KnowledgeBase, question: str) -> None:
    answer = Answerer(base, AnsweringPolicy(clear_page=FAKE_BARS)).answer(question)
    assert answer.outcome is Outcome.REFUSED and not answer.sentences


def test_a_standalone_question_after_an_off_topic_one_is_answered_as_if_asked_first(
    base: KnowledgeBase,
) -> None:
    answerer = Answerer(base, AnsweringPolicy())
    question = "Combien coûte un passeport ?"
    first = answerer.answer(question)
    after = answerer.answer(question, context=[OFF_TOPIC])
    assert after.outcome is Outcome.ANSWERED
    assert after.confidence == first.confidence
    assert after.cited_source_ids == first.cited_source_ids == ["passeport"]


def test_a_follow_up_that_points_back_is_read_with_the_previous_question(
    base: KnowledgeBase,
) -> None:
    answer = Answerer(base, AnsweringPolicy()).answer(
        "Et pour un mineur ?", context=["Combien coûte un passeport ?"]
    )
    assert answer.outcome is Outcome.ANSWERED
    assert answer.citations[0].document_id == "passeport"
    assert any("mineur" in s.text for s in answer.sentences)


@pytest.mark.parametrize(
    ("question", "leans"),
    [
        ("Et pour un enfant ?", True),
        ("Combien ça coûte ?", True),
        ("Où peut-on le faire ?", True),
        ("Mais si je l'ai perdue ?", True),
        ("Combien coûte un passeport ?", False),
        ("Comment obtenir un acte de naissance ?", False),
        ("Quels sont les horaires de la déchèterie ?", False),
    ],
)
def test_a_question_leans_on_the_conversation_only_when_it_points_back(
    question: str, leans: bool
) -> None:
    assert leans_on_context(question) is leans


def test_a_refusal_takes_a_theme_only_from_a_page_that_holds_the_question(
    base: KnowledgeBase,
) -> None:
    answerer = Answerer(base, AnsweringPolicy())
    canteen = answerer.answer("Quel est le menu de la cantine scolaire cette semaine ?")
    assert canteen.outcome is Outcome.REFUSED
    assert canteen.citations, "the closest pages are still listed"
    assert canteen.theme == ""
    answered = answerer.answer("Combien coûte un passeport ?")
    assert answered.theme == "Papiers > Passeport"


def test_the_tail_of_a_sentence_cut_by_a_passage_is_never_quoted() -> None:
    passage = "qu'un seul conserve la jouissance du logement.\nLe bail reste signé par les deux."
    assert split_sentences(passage) == ["Le bail reste signé par les deux."]


def test_a_page_that_never_uses_a_name_the_question_gives_is_not_quoted(
    base: KnowledgeBase,
) -> None:
    answerer = Answerer(base, AnsweringPolicy(member_communes=("57463",)))
    assert answerer.answer("Combien coûte un passeport ?").outcome is Outcome.ANSWERED
    # Another country's passport: the page about the French one never names Japan.
    japan = answerer.answer("Combien coûte un passeport au Japon ?")
    assert japan.outcome is Outcome.REFUSED and not japan.sentences
    # The collectivity's own communes are no foreign names.
    metz = answerer.answer("Combien coûte un passeport à Metz ?")
    assert metz.outcome is Outcome.ANSWERED


def test_no_answer_from_a_page_farther_by_meaning_than_the_bar(base: KnowledgeBase) -> None:
    question = "Combien coûte un passeport ?"
    near = Answerer(base, AnsweringPolicy(min_similarity=0.5)).answer(question)
    assert near.outcome is Outcome.ANSWERED
    far = Answerer(base, AnsweringPolicy(min_similarity=1.01)).answer(question)
    assert far.outcome is Outcome.REFUSED


@pytest.mark.parametrize(
    ("question", "names"),
    [
        ("Quelles sont les règles du divorce en Espagne ?", {"espagn"}),
        ("Peut-on acheter de l'alcool aux États-Unis ?", {"etat", "unis"}),
        ("Comment renouveler un passeport depuis Ottawa ?", {"ottaw"}),
        # Where not to look, a title, an acronym, the collectivity's own commune: no place.
        ("Je voyage souvent hors d'Europe, quel passeport ?", set()),
        ("Le Président de la République peut-il me gracier ?", set()),
        ("Ma CAF refuse le RSA, que faire ?", set()),
        ("Combien coûte un passeport à Metz ?", set()),
        # Another place of France asks the national rule; what follows "pour" is no place.
        ("Mon fils part étudier à Lille, peut-il signer son bail seul ?", set()),
        ("Je suis muté à Saint-Étienne, ai-je droit au chômage ?", set()),
        ("On déménage au Havre, faut-il refaire la carte grise ?", set()),
        # ...but a country stays one when a commune has its name (Suisse, in the Moselle).
        ("Quel est le montant du chômage en Suisse ?", {"suiss"}),
        ("Y a-t-il des réductions sur le TER en Auvergne-Rhône-Alpes ?", set()),
        ("Mon fils veut une mini moto pour Noël, a-t-il le droit ?", set()),
    ],
)
def test_the_places_a_question_names(question: str, names: set[str]) -> None:
    assert named_terms(question, own_names=["Metz"]) == names


def test_a_follow_up_naming_a_clear_subject_of_its_own_stands_alone(base: KnowledgeBase) -> None:
    answerer = Answerer(base, AnsweringPolicy(clear_page=FAKE_BARS))
    question = "Et combien coûte un passeport pour un mineur ?"
    alone = answerer.answer(question)
    after = answerer.answer(question, context=["Comment demander une carte d'identité ?"])
    assert alone.outcome is after.outcome is Outcome.ANSWERED
    assert after.cited_source_ids[0] == "passeport"
    # Read alone: the identity card's words weigh nothing in its confidence.
    assert after.confidence == alone.confidence
