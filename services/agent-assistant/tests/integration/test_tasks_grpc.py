"""AgentAssistantService (Summarize, Draft) for integrators on the real Kafka, Keycloak and
ethics register: tokens of the real Keycloak, statuses with French reasons, evidence."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import grpc
import pytest

from agent_assistant_testing.running import RunningAssistant
from collectivia.agent_assistant.agents import Agent
from collectivia.agent_assistant.prompts.schemas import TemplateDraft, TemplateKind, VariableSpec
from collectivia.agent_assistant.prompts.service import PromptLibrary
from collectivia.assistant.v1 import assistant_pb2, assistant_pb2_grpc
from collectivia.events.v1 import ai_pb2
from collectivia.platform.events.catalogue import AI_USED
from collectivia.testkit.document_files import docx_with
from collectivia.testkit.servers import KafkaServer
from collectivia.testkit.tokens import DemoTokens
from collectivia.testkit.topics import events_on
from collectivia.testkit.waiting import wait_until

pytestmark = pytest.mark.integration

Metadata = tuple[tuple[str, str | bytes], ...]
TEXT = (
    "Le conseil municipal a voté le budget primitif de la ville pour l'année 2026. "
    "Les travaux de la piste cyclable commenceront en septembre et dureront quatre mois."
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


@pytest.fixture(scope="module")
def template_id(agent_assistant: RunningAssistant) -> str:
    author = Agent("author", "c" * 32, ("etat-civil",), (), False)
    return (
        agent_assistant.service.get(PromptLibrary)
        .create(
            TemplateDraft(
                title="Accusé de réception (GED)",
                kind=TemplateKind.DRAFT,
                text="Objet : {{objet}}\n\nVotre courrier du {{date_courrier}} est bien arrivé.",
                variables=[
                    VariableSpec(name="objet", label="Objet"),
                    VariableSpec(name="date_courrier", label="Date du courrier"),
                ],
            ),
            author,
        )
        .id
    )


def refused(call: Any) -> grpc.RpcError:
    with pytest.raises(grpc.RpcError) as caught:
        call()
    return caught.value


def test_an_integrator_summarises_a_document_with_evidence(
    stub: assistant_pb2_grpc.AgentAssistantServiceStub,
    integrator: Metadata,
    assistant_system: dict[str, Any],
    kafka_server: KafkaServer,
) -> None:
    docx = docx_with([("Title", "Compte rendu"), ("", TEXT)])
    answer = stub.Summarize(
        assistant_pb2.SummarizeRequest(content=docx, filename="cr.docx", max_words=30),
        metadata=integrator,
        timeout=30,
    )
    assert "budget primitif" in answer.summary and "[§" in answer.summary
    production = answer.production
    assert not production.generative and production.model == "extractive-summary/1"
    assert production.notice.startswith("Aucun modèle génératif")
    assert production.register_url.endswith(assistant_system["id"]) and production.use_id

    def used() -> list[ai_pb2.AiUsed]:
        return [
            e
            for e in events_on(kafka_server.bootstrap_servers, AI_USED, assistant_system["id"])
            if isinstance(e, ai_pb2.AiUsed) and e.use_id == production.use_id
        ]

    [use] = wait_until(used, timeout=15, what="AI_USED on the broker")
    assert use.parameters["source"] == "file:docx" and len(use.actor) == 32

    pasted = stub.Summarize(
        assistant_pb2.SummarizeRequest(text=TEXT), metadata=integrator, timeout=30
    )
    assert pasted.summary.startswith("Le conseil municipal")


def test_an_integrator_drafts_from_a_template(
    stub: assistant_pb2_grpc.AgentAssistantServiceStub, integrator: Metadata, template_id: str
) -> None:
    answer = stub.Draft(
        assistant_pb2.DraftRequest(
            template_id=template_id,
            variables={"objet": "permis de construire", "date_courrier": "2 mai 2026"},
        ),
        metadata=integrator,
        timeout=30,
    )
    assert answer.text == (
        "Objet : permis de construire\n\nVotre courrier du 2 mai 2026 est bien arrivé."
    )
    assert list(answer.missing_variables) == [] and answer.production.model == "template-filling/1"


def test_unfilled_variables_and_unknown_templates_are_refused(
    stub: assistant_pb2_grpc.AgentAssistantServiceStub, integrator: Metadata, template_id: str
) -> None:
    missing = refused(
        lambda: stub.Draft(
            assistant_pb2.DraftRequest(template_id=template_id, variables={"objet": "x"}),
            metadata=integrator,
            timeout=30,
        )
    )
    assert missing.code() is grpc.StatusCode.INVALID_ARGUMENT
    assert "date_courrier" in str(missing.details())
    unknown = refused(
        lambda: stub.Draft(
            assistant_pb2.DraftRequest(template_id="no-such-template"),
            metadata=integrator,
            timeout=30,
        )
    )
    assert unknown.code() is grpc.StatusCode.NOT_FOUND


@pytest.mark.parametrize(
    ("request_", "expected"),
    [
        (assistant_pb2.SummarizeRequest(), "Le texte à résumer est vide"),
        (
            assistant_pb2.SummarizeRequest(content=b"\x00\x01", filename="scan.png"),
            "n'est pas pris en charge",
        ),
        (
            assistant_pb2.SummarizeRequest(content=b"", filename="vide.md"),
            "ne contient aucun texte",
        ),
    ],
)
def test_bad_documents_are_invalid_arguments_with_a_french_reason(
    stub: assistant_pb2_grpc.AgentAssistantServiceStub,
    integrator: Metadata,
    request_: assistant_pb2.SummarizeRequest,
    expected: str,
) -> None:
    error = refused(lambda: stub.Summarize(request_, metadata=integrator, timeout=30))
    assert error.code() is grpc.StatusCode.INVALID_ARGUMENT
    assert expected in str(error.details())


def test_only_integrators_with_a_token_may_call(
    stub: assistant_pb2_grpc.AgentAssistantServiceStub, demo_tokens: DemoTokens
) -> None:
    request = assistant_pb2.SummarizeRequest(text=TEXT)
    anonymous = refused(lambda: stub.Summarize(request, timeout=30))
    assert anonymous.code() is grpc.StatusCode.UNAUTHENTICATED
    agent = demo_tokens.for_role("agent", audience="agent-assistant")
    not_integrator = refused(
        lambda: stub.Summarize(request, metadata=(("authorization", f"Bearer {agent}"),))
    )
    assert not_integrator.code() is grpc.StatusCode.PERMISSION_DENIED
    assert "integrator" in str(not_integrator.details())
    other_audience = demo_tokens.for_role("integrator", audience="citizen-chat")
    wrong = refused(
        lambda: stub.Summarize(request, metadata=(("authorization", f"Bearer {other_audience}"),))
    )
    assert wrong.code() is grpc.StatusCode.UNAUTHENTICATED
