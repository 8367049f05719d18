"""CitizenChatService.Ask for integrators, on the real Kafka, Keycloak and ethics register
(the chat's system approved there), with the sample pages on the fast fake encoder."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import grpc
import pytest

from citizen_chat_testing.knowledge import sample_knowledge_base
from citizen_chat_testing.running import RunningChat, running_chat, settings_for_tests
from collectivia.chat.v1 import chat_pb2, chat_pb2_grpc
from collectivia.testkit.knowledge_pages import METZ
from collectivia.testkit.servers import KafkaServer, KeycloakServer
from collectivia.testkit.tokens import DemoTokens

pytestmark = pytest.mark.integration

INTEGRATOR_CLIENT = "integrator-demo"
Metadata = tuple[tuple[str, str | bytes], ...]
QUESTION = "Quels sont les horaires de l'hôtel de ville ?"


@pytest.fixture(scope="module")
def chat(
    kafka_server: KafkaServer,
    keycloak_server: KeycloakServer,
    chat_register: list[object],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[RunningChat]:
    settings = settings_for_tests(kafka_server, keycloak_server, tmp_path_factory.mktemp("chat"))
    with running_chat(settings, supplied=[*chat_register, sample_knowledge_base()]) as chat:
        yield chat


@pytest.fixture(scope="module")
def stub(chat: RunningChat) -> Iterator[chat_pb2_grpc.CitizenChatServiceStub]:
    with grpc.insecure_channel(chat.grpc_target) as channel:
        yield chat_pb2_grpc.CitizenChatServiceStub(channel)


@pytest.fixture(scope="module")
def integrator(demo_tokens: DemoTokens) -> Metadata:
    return (("authorization", f"Bearer {demo_tokens.for_service(INTEGRATOR_CLIENT)}"),)


def refused(call: Any) -> grpc.RpcError:
    with pytest.raises(grpc.RpcError) as caught:
        call()
    return caught.value


def test_an_integrator_gets_a_cited_answer_and_can_follow_up(
    stub: chat_pb2_grpc.CitizenChatServiceStub,
    integrator: Metadata,
    register_system: dict[str, Any],
) -> None:
    answer = stub.Ask(
        chat_pb2.AskRequest(question=QUESTION, commune=METZ), metadata=integrator, timeout=30
    )
    assert answer.outcome == chat_pb2.OUTCOME_ANSWERED
    assert answer.conversation_id and answer.answer_id
    assert [c.document_id for c in answer.citations][:1] == ["mairie-metz"]
    assert answer.citations[0].number == 1
    assert answer.citations[0].url == "https://demo.example/metz/horaires"
    assert "8 h 30" in answer.text and "[1]" in answer.text
    assert 0.5 <= answer.confidence <= 1.0
    assert answer.disclosure
    assert answer.register_url.endswith(register_system["id"])

    follow_up = stub.Ask(
        chat_pb2.AskRequest(conversation_id=answer.conversation_id, question="Et le samedi ?"),
        metadata=integrator,
        timeout=30,
    )
    assert follow_up.conversation_id == answer.conversation_id
    assert follow_up.answer_id != answer.answer_id
    assert follow_up.outcome == chat_pb2.OUTCOME_ANSWERED
    assert "9 h" in follow_up.text


def test_without_a_token_the_call_is_unauthenticated(
    stub: chat_pb2_grpc.CitizenChatServiceStub,
) -> None:
    error = refused(lambda: stub.Ask(chat_pb2.AskRequest(question=QUESTION), timeout=30))
    assert error.code() is grpc.StatusCode.UNAUTHENTICATED


def test_a_citizen_token_is_not_an_integrator(
    stub: chat_pb2_grpc.CitizenChatServiceStub, demo_tokens: DemoTokens
) -> None:
    citizen: Metadata = (
        ("authorization", f"Bearer {demo_tokens.for_role('citizen', 'citizen-chat')}"),
    )
    error = refused(
        lambda: stub.Ask(chat_pb2.AskRequest(question=QUESTION), metadata=citizen, timeout=30)
    )
    assert error.code() is grpc.StatusCode.PERMISSION_DENIED
    assert error.details() == "Poser des questions par l'API gRPC est réservé au rôle : integrator."


@pytest.mark.parametrize(
    ("request_fields", "message"),
    [
        ({"question": ""}, "La question est vide : écrivez-la avant de l'envoyer."),
        ({"question": "   "}, "La question est vide : écrivez-la avant de l'envoyer."),
        ({"question": "x" * 2001}, "La question dépasse 2000 caractères : raccourcissez-la."),
        (
            {"question": QUESTION, "commune": "Metz"},
            "La commune « Metz » n'est pas un code INSEE : indiquez par exemple 57463 ou 2A004.",
        ),
    ],
)
def test_bad_input_is_an_invalid_argument(
    stub: chat_pb2_grpc.CitizenChatServiceStub,
    integrator: Metadata,
    request_fields: dict[str, str],
    message: str,
) -> None:
    error = refused(
        lambda: stub.Ask(chat_pb2.AskRequest(**request_fields), metadata=integrator, timeout=30)
    )
    assert error.code() is grpc.StatusCode.INVALID_ARGUMENT
    assert error.details() == message


def test_an_unknown_conversation_is_not_found(
    stub: chat_pb2_grpc.CitizenChatServiceStub, integrator: Metadata
) -> None:
    request = chat_pb2.AskRequest(conversation_id=str(uuid.uuid4()), question=QUESTION)
    error = refused(lambda: stub.Ask(request, metadata=integrator, timeout=30))
    assert error.code() is grpc.StatusCode.NOT_FOUND
