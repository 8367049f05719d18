"""gRPC AgentAssistantService (Summarize, Draft), for integrators such as the
document-management system: translation only. The caller is the verified principal set by
``BearerTokenServerInterceptor`` (audience ``agent-assistant``); domain errors become gRPC
codes in the server's interceptor (invalid document: INVALID_ARGUMENT; gate or special
categories: FAILED_PRECONDITION; unknown template: NOT_FOUND)."""

from __future__ import annotations

import grpc

from collectivia.agent_assistant import messages
from collectivia.agent_assistant.agents import Agent
from collectivia.agent_assistant.gateway.models import Production
from collectivia.agent_assistant.tasks.records import DraftRequest, SummaryRequest, TemplateChoice
from collectivia.agent_assistant.tasks.service import AssistantTasks
from collectivia.assistant.v1 import assistant_pb2, assistant_pb2_grpc
from collectivia.platform.auth.grpc_interceptors import current_principal
from collectivia.platform.errors import PermissionDenied

INTEGRATOR_ROLE = "integrator"


def production_message(production: Production) -> assistant_pb2.Production:
    return assistant_pb2.Production(
        generative=production.generative,
        model=production.model,
        notice=production.notice,
        use_id=production.use_id,
        register_url=production.register_url,
    )


class AgentAssistantServicer(assistant_pb2_grpc.AgentAssistantServiceServicer):
    def __init__(self, tasks: AssistantTasks, pseudonym_salt: str) -> None:
        self._tasks = tasks
        self._salt = pseudonym_salt

    def _integrator(self) -> Agent:
        principal = current_principal()
        if not principal.has_any_role({INTEGRATOR_ROLE}):
            raise PermissionDenied(messages.INTEGRATORS_ONLY)
        return Agent.from_principal(principal, self._salt)

    def Summarize(  # noqa: N802 - the contract's method name
        self, request: assistant_pb2.SummarizeRequest, context: grpc.ServicerContext
    ) -> assistant_pb2.SummarizeResponse:
        caller = self._integrator()
        prepared = self._tasks.summary(
            SummaryRequest(
                text=request.text,
                content=request.content,
                filename=request.filename,
                max_words=request.max_words,
            )
        )
        produced = self._tasks.run(prepared, caller)
        return assistant_pb2.SummarizeResponse(
            summary=produced.text, production=production_message(produced.production)
        )

    def Draft(  # noqa: N802 - the contract's method name
        self, request: assistant_pb2.DraftRequest, context: grpc.ServicerContext
    ) -> assistant_pb2.DraftResponse:
        caller = self._integrator()
        prepared = self._tasks.draft(
            DraftRequest(TemplateChoice(request.template_id, dict(request.variables)))
        )
        produced = self._tasks.run(prepared, caller)
        return assistant_pb2.DraftResponse(
            text=produced.text, production=production_message(produced.production)
        )
