"""CitizenChatService.Ask for integrators, on the real Kafka, Keycloak and ethics register
(the chat's system approved there), with the sample pages on the fast fake encoder."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import grpc
import pytest

from collectivia.chat.v1 import chat_pb2, chat_pb2_grpc
from collectivia.citizen_chat.runtime import ChatRuntime
from collectivia.citizen_chat.settings import ChatSettings
from collectivia.citizen_chat.testing import METZ, sample_knowledge_base
from collectivia.ethics_register.testing import (
    RunningRegister,
)
from collectivia.platform.auth.tokens import TokenVerifier
from collectivia.platform.settings import KafkaSettings, KeycloakSettings
from collectivia.platform.telemetry import setup_telemetry
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
    register: RunningRegister,
    register_system: dict[str, Any],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[ChatRuntime]:
    folder = tmp_path_factory.mktemp("chat")
    settings = ChatSettings(
        http_port=0,
        grpc_port=0,
        database_url=f"sqlite:///{folder / 'chat.db'}",
        consumer_group=f"citizen-chat-grpc-test-{uuid.uuid4().hex[:8]}",
        register_grpc_target=register.grpc_target,
        register_url=register.base_url,
        register_public_url=register.base_url,
        system_id=register_system["id"],
        kafka=KafkaSettings(
            bootstrap_servers=kafka_server.bootstrap_servers, auto_offset_reset="latest"
        ),
        keycloak=KeycloakSettings(url=keycloak_server.url, leeway_seconds=0),
    )
    telemetry = setup_telemetry(settings)
    verifier = TokenVerifier(settings.keycloak, audience=settings.client_id)
    runtime = ChatRuntime.start(settings, telemetry, verifier, sample_knowledge_base())
    try:
        yield runtime
    finally:
        runtime.stop()
        verifier.http.close()
        telemetry.shutdown()


@pytest.fixture(scope="module")
def stub(chat: ChatRuntime) -> Iterator[chat_pb2_grpc.CitizenChatServiceStub]:
    with grpc.insecure_channel(f"127.0.0.1:{chat.grpc_port}") as channel:
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
    assert "integrator" in (error.details() or "")


@pytest.mark.parametrize(
    ("request_fields", "message"),
    [
        ({"question": ""}, "question is required"),
        ({"question": "   "}, "question is required"),
        ({"question": "x" * 2001}, "longer than 2000"),
        ({"question": QUESTION, "commune": "Metz"}, "INSEE"),
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
    assert message in (error.details() or "")


def test_an_unknown_conversation_is_not_found(
    stub: chat_pb2_grpc.CitizenChatServiceStub, integrator: Metadata
) -> None:
    request = chat_pb2.AskRequest(conversation_id=str(uuid.uuid4()), question=QUESTION)
    error = refused(lambda: stub.Ask(request, metadata=integrator, timeout=30))
    assert error.code() is grpc.StatusCode.NOT_FOUND
