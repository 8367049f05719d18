"""The tasks area: summaries, plain-language rewrites, drafts from the library's templates
and classification of requests, over REST for agents and over gRPC
(``AgentAssistantService``) for integrators; outputs meant for publication stay marked until
an agent records an editorial review."""

from __future__ import annotations

from dataclasses import dataclass

from collectivia.agent_assistant.gateway.service import ModelGateway
from collectivia.agent_assistant.inbox.ports import KnowledgeSearch
from collectivia.agent_assistant.inbox.routing import DepartmentRouting
from collectivia.agent_assistant.prompts.service import PromptLibrary
from collectivia.agent_assistant.settings import AssistantSettings
from collectivia.agent_assistant.tasks import views
from collectivia.agent_assistant.tasks.classification import RequestClassifier
from collectivia.agent_assistant.tasks.grpc_servicer import AgentAssistantServicer
from collectivia.agent_assistant.tasks.keyword_classifier import KeywordClassifier
from collectivia.agent_assistant.tasks.models import PublicationTextRow
from collectivia.agent_assistant.tasks.publication import EditorialReviews
from collectivia.agent_assistant.tasks.service import AssistantTasks, TasksPolicy
from collectivia.agent_assistant.tasks.settings import TasksSettings
from collectivia.agent_assistant.tasks.themes import DEFAULT_THEMES
from collectivia.assistant.v1 import assistant_pb2, assistant_pb2_grpc
from collectivia.platform.areas import Area, GrpcEndpoint
from collectivia.platform.assembly import AreaContext

# Room in a gRPC request for what is not the document (filename, variables, framing).
GRPC_REQUEST_MARGIN_BYTES = 1024 * 1024


def grpc_receive_limit(policy: TasksPolicy) -> int:
    """The largest gRPC request to accept: the largest upload, or the longest pasted text
    (4 bytes a character at most in UTF-8), plus a margin; a document over the upload limit
    still arrives, to be refused in French (INVALID_ARGUMENT) by the task itself."""
    return max(policy.max_upload_bytes, 4 * policy.max_text_chars) + GRPC_REQUEST_MARGIN_BYTES


@dataclass(frozen=True)
class Tasks:
    tasks: AssistantTasks
    # Salt of the integrators' pseudonyms (the service's).
    pseudonym_salt: str


def build(context: AreaContext) -> Tasks:
    section = context.section(TasksSettings)
    classifier = RequestClassifier(
        KeywordClassifier(DEFAULT_THEMES),
        context.get(DepartmentRouting),
        context.get(KnowledgeSearch),
    )
    tasks = AssistantTasks(
        context.get(ModelGateway),
        context.get(PromptLibrary),
        classifier,
        EditorialReviews(context.sessions),
        TasksPolicy(
            summary_words=section.summary_words,
            max_upload_bytes=section.max_upload_bytes,
            max_text_chars=section.max_text_chars,
            max_request_chars=section.max_request_chars,
        ),
    )
    context.provide(tasks)
    salt = context.get(AssistantSettings).pseudonym_salt.get_secret_value()
    return Tasks(tasks, salt)


AREA = Area(
    name="tasks",
    summary="Summaries (uploads or pasted text), plain-language rewrites, drafts from the "
    "library's templates, classification of requests; over REST for agents and gRPC for "
    "integrators; outputs for publication marked until an editorial review (AI Act 50(4)).",
    build=build,
    routers=(views.router,),
    tables=(PublicationTextRow,),
    grpc=(
        GrpcEndpoint(
            service=assistant_pb2.DESCRIPTOR.services_by_name["AgentAssistantService"],
            add_to_server=assistant_pb2_grpc.add_AgentAssistantServiceServicer_to_server,
            servicer=lambda area: AgentAssistantServicer(area.tasks, area.pseudonym_salt),
            max_receive_bytes=lambda area: grpc_receive_limit(area.tasks.policy),
        ),
    ),
    settings=TasksSettings,
)
