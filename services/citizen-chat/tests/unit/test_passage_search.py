"""PassageSearch: who may search, the request's shape, and passages retrieved, scoped and
scored as the assistant does it (sample pages on the fast fake encoder)."""

from __future__ import annotations

from typing import Any

import pytest

from citizen_chat_testing.knowledge import sample_knowledge_base
from collectivia.chat.v1 import chat_pb2
from collectivia.citizen_chat.answering.service import Answerer, AnsweringPolicy
from collectivia.citizen_chat.conversations.grpc_servicer import search_message
from collectivia.citizen_chat.conversations.search import PassageSearch, may_search
from collectivia.citizen_chat.knowledge.base import DocumentHit, KnowledgeBase
from collectivia.citizen_chat.knowledge.documents import Document
from collectivia.platform.auth.principal import Principal
from collectivia.platform.errors import InvalidInput, PermissionDenied
from collectivia.testkit.knowledge_pages import METZ, MONTIGNY

QUESTION = "Quels sont les horaires de l'hôtel de ville ?"
EMPTY = "Le texte à chercher est vide (champ query)."
NOT_INSEE = "La commune « {} » n'est pas un code INSEE : indiquez par exemple 57463 ou 2A004."
LIMIT = "Le nombre de passages (champ limit) va de 1 à 20 ; 0 donne le nombre par défaut, 5."


def principal(
    client_id: str = "collectivia-dev-cli",
    roles: frozenset[str] = frozenset(),
    service: bool = False,
) -> Principal:
    return Principal("subject-1", client_id, roles, {}, (), service)


INTEGRATOR = principal(roles=frozenset({"integrator"}))
AGENT_ASSISTANT = principal("agent-assistant", service=True)


class RecordingRetriever:
    """The knowledge base, remembering the queries and depths it was asked."""

    def __init__(self, base: KnowledgeBase) -> None:
        self.base = base
        self.asked: list[tuple[str, int]] = []

    def search(self, query: str, commune: str | None = None, k: int = 10) -> list[DocumentHit]:
        self.asked.append((query, k))
        return self.base.search(query, commune, k)

    def term_weight(self, term: str) -> float:
        return self.base.term_weight(term)


@pytest.fixture(scope="module")
def base() -> KnowledgeBase:
    return sample_knowledge_base()


@pytest.fixture
def retriever(base: KnowledgeBase) -> RecordingRetriever:
    return RecordingRetriever(base)


@pytest.fixture
def search(retriever: RecordingRetriever) -> PassageSearch:
    return PassageSearch(Answerer(retriever, AnsweringPolicy()), max_query_chars=2000)


@pytest.mark.parametrize(
    ("caller", "allowed"),
    [
        (INTEGRATOR, True),
        (principal("integrator-demo", frozenset({"integrator"}), service=True), True),
        (AGENT_ASSISTANT, True),
        # A person logged in through the agent assistant's client is not the service.
        (principal("agent-assistant"), False),
        (principal("citizen-chat", service=True), False),
        (principal(roles=frozenset({"citizen", "agent"})), False),
    ],
)
def test_integrators_and_the_agent_assistant_service_may_search(
    caller: Principal, allowed: bool
) -> None:
    assert may_search(caller) is allowed


def test_others_are_denied_before_anything_is_retrieved(
    search: PassageSearch, retriever: RecordingRetriever
) -> None:
    with pytest.raises(PermissionDenied) as denied:
        search.search(principal("citizen-chat", service=True), QUESTION, METZ, 0)
    assert denied.value.detail == (
        "Chercher des passages dans la base de connaissances est réservé au rôle : integrator, "
        "et aux services, avec leur propre jeton : agent-assistant."
    )
    with pytest.raises(PermissionDenied):
        search.search(principal(), "", "not a commune", 99)  # denied before validated
    assert retriever.asked == []


@pytest.mark.parametrize(
    ("query", "commune", "limit", "message"),
    [
        ("", None, 0, EMPTY),
        (" \n\t", None, 0, EMPTY),
        ("x" * 2001, None, 0, "Le texte à chercher dépasse 2000 caractères (champ query)."),
        (QUESTION, "Metz", 0, NOT_INSEE.format("Metz")),
        (QUESTION, "5746", 0, NOT_INSEE.format("5746")),
        (QUESTION, None, -1, LIMIT),
        (QUESTION, None, 21, LIMIT),
    ],
)
def test_malformed_requests_are_invalid_with_a_french_reason(
    search: PassageSearch, query: str, commune: str | None, limit: int, message: str
) -> None:
    with pytest.raises(InvalidInput) as invalid:
        search.search(INTEGRATOR, query, commune, limit)
    assert invalid.value.detail == message


def test_passages_come_best_first_with_their_documents(search: PassageSearch) -> None:
    result = search.search(AGENT_ASSISTANT, QUESTION, METZ, 0)
    first = result.passages[0]
    assert first.document.id == "mairie-metz"
    assert "8 h 30" in first.text
    assert first.document.url == "https://demo.example/metz/horaires"
    assert len(result.passages) <= 5
    scores = [p.score for p in result.passages]
    assert scores == sorted(scores, reverse=True)


def test_a_commune_sees_its_documents_and_the_shared_ones_only(search: PassageSearch) -> None:
    def documents(commune: str | None) -> set[str]:
        found = search.search(INTEGRATOR, "horaires mairie ouvert", commune, 20).passages
        return {p.document.id for p in found}

    assert "mairie-montigny" not in documents(METZ)
    assert "mairie-metz" not in documents(MONTIGNY)
    assert "mairie-montigny" in documents(MONTIGNY)
    assert documents(None) <= {"decheteries", "macaron"}


@pytest.mark.parametrize(
    "question",
    [
        QUESTION,
        "Que peut-on déposer à la déchèterie ?",
        "Comment obtenir un visa pour le Pérou ?",
    ],
)
def test_the_confidence_is_the_assistants(
    search: PassageSearch, retriever: RecordingRetriever, question: str
) -> None:
    answer = Answerer(retriever, AnsweringPolicy()).answer(question, commune=METZ)
    assert search.search(INTEGRATOR, question, METZ, 1).confidence == answer.confidence


def test_personal_data_in_the_query_never_reaches_retrieval(
    search: PassageSearch, retriever: RecordingRetriever
) -> None:
    search.search(INTEGRATOR, "horaires ? écrire à jean.dupont@example.org", METZ, 0)
    assert retriever.asked
    assert all("jean.dupont@example.org" not in query for query, _ in retriever.asked)


def test_more_passages_than_the_assistant_reads_need_a_deeper_search(
    retriever: RecordingRetriever,
) -> None:
    documents = [
        Document(id=f"doc-{i}", title=f"Piscine numéro {i}", text=f"La piscine {i} ouvre à {i} h.")
        for i in range(12)
    ]
    search = PassageSearch(
        Answerer(RecordingRetriever(sample_knowledge_base(documents)), AnsweringPolicy()), 2000
    )
    # Twelve pages alike, none holding the question: the assistant answers from none of them.
    query = "horaires de la piscine le dimanche soir en été"
    found = search.search(INTEGRATOR, query, None, 12).passages
    assert len(found) == 12
    assert len({p.document.id for p in found}) == 12
    assert len(search.search(INTEGRATOR, query, None, 0).passages) == 5


def test_the_result_is_translated_field_by_field(search: PassageSearch) -> None:
    result = search.search(INTEGRATOR, QUESTION, METZ, 2)
    message = search_message(result)
    first: Any = message.passages[0]
    assert isinstance(first, chat_pb2.Passage)
    document = result.passages[0].document
    assert (first.document_id, first.title, first.url, first.theme, first.version) == (
        document.id,
        document.title,
        document.url,
        document.theme,
        document.version,
    )
    assert list(first.communes) == [METZ]
    assert first.text == result.passages[0].text
    assert first.score == result.passages[0].score
    assert message.confidence == result.confidence
    assert len(message.passages) == len(result.passages) >= 1


def test_a_confident_search_gives_only_the_documents_the_answer_quotes(
    search: PassageSearch,
) -> None:
    """Same selection as the citizen's answer: the other documents retrieved with it (an
    identity-card question's electoral roll, recycling centres) are not given to quote."""
    result = search.search(AGENT_ASSISTANT, QUESTION, METZ, 6)
    answer = search.answerer.answer(QUESTION, commune=METZ)
    assert result.confidence >= search.answerer.policy.min_confidence
    assert {p.document.id for p in result.passages} == set(answer.cited_source_ids)
    retrieved = search.answerer.retrieve(QUESTION, commune=METZ).hits
    assert len({hit.document.id for hit in retrieved}) > len(answer.cited_source_ids)
