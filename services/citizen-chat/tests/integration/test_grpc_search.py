"""CitizenChatService.Search on the real Kafka and Keycloak, with real tokens: integrators and
the agent-assistant service's own token may search, other callers may not; bad requests are
invalid arguments. The agent assistant's side is the typed client (collectivia.ai.knowledge_search).
Search does not ask the register (nothing is generated), so none runs here."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import grpc
import pytest

from citizen_chat_testing.knowledge import sample_knowledge_base
from citizen_chat_testing.running import RunningChat, running_chat, settings_for_tests
from collectivia.ai.knowledge_search import KnowledgeSearchClient, KnowledgeSearchError
from collectivia.chat.v1 import chat_pb2, chat_pb2_grpc
from collectivia.citizen_chat.feedback.area import FeedbackSettings
from collectivia.citizen_chat.settings import ChatAiUseSettings
from collectivia.platform.auth.service_tokens import ServiceTokenProvider
from collectivia.platform.settings import KeycloakSettings
from collectivia.testkit.knowledge_pages import METZ, MONTIGNY
from collectivia.testkit.servers import KafkaServer, KeycloakServer
from collectivia.testkit.tokens import DemoTokens

pytestmark = pytest.mark.integration

Metadata = tuple[tuple[str, str | bytes], ...]
QUERY = "Quels sont les horaires de l'hôtel de ville ?"
AGENT_ASSISTANT_SECRET = "agent-assistant-dev-secret"


@pytest.fixture(scope="module")
def chat(
    kafka_server: KafkaServer,
    keycloak_server: KeycloakServer,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[RunningChat]:
    unused = "127.0.0.1:9"  # the register: Search never asks it
    sections = [
        ChatAiUseSettings(register_grpc_target=unused),
        FeedbackSettings(register_url=f"http://{unused}"),
        sample_knowledge_base(),
    ]
    settings = settings_for_tests(kafka_server, keycloak_server, tmp_path_factory.mktemp("chat"))
    with running_chat(settings, supplied=sections) as chat:
        yield chat


@pytest.fixture(scope="module")
def channel(chat: RunningChat) -> Iterator[grpc.Channel]:
    with grpc.insecure_channel(chat.grpc_target) as opened:
        yield opened


@pytest.fixture(scope="module")
def stub(channel: grpc.Channel) -> chat_pb2_grpc.CitizenChatServiceStub:
    return chat_pb2_grpc.CitizenChatServiceStub(channel)


def bearer(token: str) -> Metadata:
    return (("authorization", f"Bearer {token}"),)


@pytest.fixture(scope="module")
def integrator(demo_tokens: DemoTokens) -> Metadata:
    return bearer(demo_tokens.for_service("integrator-demo"))


def refused(call: Any) -> grpc.RpcError:
    with pytest.raises(grpc.RpcError) as caught:
        call()
    return caught.value


def test_an_integrator_finds_the_passages_of_its_commune(
    stub: chat_pb2_grpc.CitizenChatServiceStub, integrator: Metadata
) -> None:
    found = stub.Search(
        chat_pb2.SearchRequest(query=QUERY, commune=METZ, limit=3), metadata=integrator, timeout=30
    )
    assert 1 <= len(found.passages) <= 3
    first = found.passages[0]
    assert (first.document_id, first.url) == ("mairie-metz", "https://demo.example/metz/horaires")
    assert "8 h 30" in first.text and list(first.communes) == [METZ] and first.version
    assert 0.5 <= found.confidence <= 1.0
    assert "mairie-montigny" not in {p.document_id for p in found.passages}


def test_an_integrator_user_may_search_too(
    stub: chat_pb2_grpc.CitizenChatServiceStub, demo_tokens: DemoTokens
) -> None:
    person = bearer(demo_tokens.for_role("integrator", "citizen-chat"))
    found = stub.Search(chat_pb2.SearchRequest(query="déchèteries"), metadata=person, timeout=30)
    assert found.passages[0].document_id == "decheteries"
    assert all(not p.communes for p in found.passages)  # no commune: shared documents only


def test_the_agent_assistant_searches_with_its_own_token_through_the_client(
    channel: grpc.Channel, keycloak_server: KeycloakServer
) -> None:
    tokens = ServiceTokenProvider(
        KeycloakSettings(url=keycloak_server.url), "agent-assistant", AGENT_ASSISTANT_SECRET
    )
    client = KnowledgeSearchClient(channel, tokens=tokens, timeout_seconds=30)
    result = client.search("horaires de la mairie", MONTIGNY, 2)
    assert result.passages[0].document_id == "mairie-montigny"
    assert result.passages[0].communes == (MONTIGNY,)
    assert "mairie-metz" not in {p.document_id for p in result.passages}
    assert 0.0 <= result.confidence <= 1.0
    with pytest.raises(KnowledgeSearchError) as caught:
        client.search("horaires", "Metz")
    assert caught.value.code is grpc.StatusCode.INVALID_ARGUMENT
    assert "INSEE" in caught.value.details


@pytest.mark.parametrize(
    "caller",
    ["citizen-chat service", "citizen", "agent"],
)
def test_other_callers_are_denied(
    stub: chat_pb2_grpc.CitizenChatServiceStub, demo_tokens: DemoTokens, caller: str
) -> None:
    token = (
        demo_tokens.for_service("citizen-chat")
        if caller == "citizen-chat service"
        else demo_tokens.for_role(caller, "citizen-chat")
    )
    error = refused(
        lambda: stub.Search(chat_pb2.SearchRequest(query=QUERY), metadata=bearer(token), timeout=30)
    )
    assert error.code() is grpc.StatusCode.PERMISSION_DENIED
    assert error.details() == (
        "Chercher des passages dans la base de connaissances est réservé au rôle : integrator, "
        "et aux services, avec leur propre jeton : agent-assistant."
    )


def test_without_a_token_the_search_is_unauthenticated(
    stub: chat_pb2_grpc.CitizenChatServiceStub,
) -> None:
    error = refused(lambda: stub.Search(chat_pb2.SearchRequest(query=QUERY), timeout=30))
    assert error.code() is grpc.StatusCode.UNAUTHENTICATED


@pytest.mark.parametrize(
    ("request_fields", "message"),
    [
        ({"query": ""}, "Le texte à chercher est vide (champ query)."),
        ({"query": "   "}, "Le texte à chercher est vide (champ query)."),
        ({"query": "x" * 2001}, "Le texte à chercher dépasse 2000 caractères (champ query)."),
        ({"query": QUERY, "commune": "Metz"}, "La commune « Metz » n'est pas un code INSEE"),
        ({"query": QUERY, "limit": 21}, "Le nombre de passages (champ limit) va de 1 à 20 ;"),
        ({"query": QUERY, "limit": -1}, "Le nombre de passages (champ limit) va de 1 à 20 ;"),
    ],
)
def test_bad_requests_are_invalid_arguments(
    stub: chat_pb2_grpc.CitizenChatServiceStub,
    integrator: Metadata,
    request_fields: dict[str, Any],
    message: str,
) -> None:
    error = refused(
        lambda: stub.Search(
            chat_pb2.SearchRequest(**request_fields), metadata=integrator, timeout=30
        )
    )
    assert error.code() is grpc.StatusCode.INVALID_ARGUMENT
    assert (error.details() or "").startswith(message)
