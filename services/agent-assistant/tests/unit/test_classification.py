"""Classifying a request without a model: themes' keywords, and the knowledge base's
closest documents when it can be asked."""

from __future__ import annotations

from collectivia.agent_assistant.inbox.ports import KnowledgeSearch, Passage
from collectivia.agent_assistant.inbox.routing import DepartmentRouting
from collectivia.agent_assistant.settings import DEFAULT_THEME_DEPARTMENTS
from collectivia.agent_assistant.tasks.classification import RequestClassifier
from collectivia.agent_assistant.tasks.keyword_classifier import KeywordClassifier
from collectivia.agent_assistant.tasks.themes import DEFAULT_THEMES
from collectivia.platform.errors import DependencyUnavailable

ROUTING = DepartmentRouting(DEFAULT_THEME_DEPARTMENTS, {}, "etat-civil")


class FixedSearch(KnowledgeSearch):
    def __init__(self, passages: list[Passage], fail: bool = False) -> None:
        self.passages = passages
        self.fail = fail
        self.queries: list[str] = []

    def search(self, query: str, commune: str, limit: int) -> list[Passage]:
        self.queries.append(query)
        if self.fail:
            raise DependencyUnavailable("la base de connaissances ne répond pas")
        return self.passages[:limit]


def classifier(search: FixedSearch | None = None) -> RequestClassifier:
    return RequestClassifier(KeywordClassifier(DEFAULT_THEMES), ROUTING, search)


def test_keywords_give_the_theme_and_its_department() -> None:
    found = classifier().classify("Mon bac jaune n'a pas été ramassé depuis deux semaines.")
    assert found.theme == "Déchets" and found.department == "dechets"
    assert found.keywords == ("bac",)
    assert found.method == "keyword-classifier/1"
    assert "mots-clés" in found.notice


def test_expressions_weigh_more_than_shared_words() -> None:
    found = classifier().classify(
        "Je voudrais déposer un permis de construire pour une extension de ma maison."
    )
    assert found.theme == "Urbanisme" and found.department == "urbanisme"
    assert "permis de construire" in found.keywords


def test_several_themes_are_ranked_with_shares() -> None:
    found = classifier().classify(
        "Quels sont les horaires de la mairie pour un acte de naissance ?"
    )
    assert found.theme == "État civil"
    assert found.alternatives and found.alternatives[0].theme == "Mairie"
    assert 0.5 < found.confidence < 1.0


def test_nothing_recognised_says_so_and_proposes_no_department() -> None:
    found = classifier().classify("Bonjour, je voulais juste vous remercier.")
    assert found.theme == "" and found.department == "" and found.confidence == 0.0
    assert "orientez la demande vous-même" in found.notice


def test_the_knowledge_base_votes_with_masked_text() -> None:
    search = FixedSearch(
        [
            Passage(
                "d1", "Stationnement résidentiel", "", "...", 0.9, "Déplacements > Stationnement"
            ),
            Passage("d2", "Déchèteries", "", "...", 0.2, "Déchets > Déchèteries"),
        ]
    )
    found = classifier(search).classify("Claire Martin (claire@example.fr) : macaron ?")
    assert found.theme == "Déplacements" and found.department == "mobilites"
    assert found.documents == ("Stationnement résidentiel", "Déchèteries")
    assert found.method == "keyword-and-knowledge-classifier/1"
    assert "claire@example.fr" not in search.queries[0] and "[EMAIL_1]" in search.queries[0]


def test_an_unreachable_knowledge_base_leaves_the_keywords() -> None:
    found = classifier(FixedSearch([], fail=True)).classify("Où déposer mes encombrants ?")
    assert found.theme == "Déchets" and found.method == "keyword-classifier/1"


def test_a_model_answer_is_accepted_only_from_the_list() -> None:
    assert classifier().classify_as("déchets", "bac jaune") is not None
    assert classifier().classify_as("Sport", "piscine") is None
