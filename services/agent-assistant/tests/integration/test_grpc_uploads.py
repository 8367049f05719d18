"""Documents sent to AgentAssistantService.Summarize over gRPC, at the upload limit: the
server takes requests larger than gRPC's 4 MiB default (the service's own limit plus a
margin), so a document over the limit is refused by the service itself, in French
(INVALID_ARGUMENT), and one just under it is summarised. Real Kafka, Keycloak, register."""

from __future__ import annotations

from collections.abc import Iterator

import grpc
import pytest

from agent_assistant_testing.running import RunningAssistant
from collectivia.agent_assistant.tasks.settings import TasksSettings
from collectivia.assistant.v1 import assistant_pb2, assistant_pb2_grpc
from collectivia.platform.grpc_server import DEFAULT_MAX_RECEIVE_BYTES
from collectivia.testkit.tokens import DemoTokens

pytestmark = pytest.mark.integration

Metadata = tuple[tuple[str, str | bytes], ...]
TEXT = (
    "Le conseil municipal a voté le budget primitif de la ville pour l'année 2026. "
    "Les travaux de la piste cyclable commenceront en septembre et dureront quatre mois.\n"
)


@pytest.fixture(scope="module")
def stub(
    agent_assistant: RunningAssistant,
) -> Iterator[assistant_pb2_grpc.AgentAssistantServiceStub]:
    with grpc.insecure_channel(agent_assistant.grpc_target) as channel:
        yield assistant_pb2_grpc.AgentAssistantServiceStub(channel)


@pytest.fixture(scope="module")
def integrator(demo_tokens: DemoTokens) -> Metadata:
    token = demo_tokens.for_role("integrator", audience="agent-assistant")
    return (("authorization", f"Bearer {token}"),)


def text_file(size: int) -> bytes:
    """A text file of exactly ``size`` bytes: the text, then blanks (read as nothing)."""
    body = TEXT.encode()
    return body + b" " * (size - len(body))


def summarize(
    stub: assistant_pb2_grpc.AgentAssistantServiceStub, integrator: Metadata, content: bytes
) -> assistant_pb2.SummarizeResponse:
    answer: assistant_pb2.SummarizeResponse = stub.Summarize(
        assistant_pb2.SummarizeRequest(content=content, filename="budget.txt", max_words=30),
        metadata=integrator,
        timeout=60,
    )
    return answer


def test_a_document_just_under_the_upload_limit_is_summarised(
    agent_assistant: RunningAssistant,
    stub: assistant_pb2_grpc.AgentAssistantServiceStub,
    integrator: Metadata,
) -> None:
    limit = agent_assistant.service.get(TasksSettings).max_upload_bytes
    assert limit > DEFAULT_MAX_RECEIVE_BYTES  # else this would prove nothing
    answer = summarize(stub, integrator, text_file(limit - 1))
    assert "budget primitif" in answer.summary and answer.production.use_id


def test_a_document_over_the_upload_limit_is_refused_in_french(
    agent_assistant: RunningAssistant,
    stub: assistant_pb2_grpc.AgentAssistantServiceStub,
    integrator: Metadata,
) -> None:
    limit = agent_assistant.service.get(TasksSettings).max_upload_bytes
    with pytest.raises(grpc.RpcError) as caught:
        summarize(stub, integrator, text_file(limit + 1))
    refused = caught.value
    assert refused.code() is grpc.StatusCode.INVALID_ARGUMENT
    assert refused.details() == (
        "Le fichier « budget.txt » est trop volumineux (10 Mo) : la taille maximale est de 10 Mo."
    )
