"""The inbox area: the conversations the citizen chat hands over, routed to a department,
each with a suggested reply grounded in the chat's knowledge base (its ``Search``); the
agent's reply goes back to the citizen; a reply a second agent approves becomes a curated
answer for the chat's knowledge base. Suggestions nobody answered in time expire."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from pydantic import Field

from collectivia.agent_assistant.gateway.service import ModelGateway
from collectivia.agent_assistant.inbox import views
from collectivia.agent_assistant.inbox.curation import CuratedAnswers
from collectivia.agent_assistant.inbox.expiry import SuggestionExpiry
from collectivia.agent_assistant.inbox.generative_reply import GatewayReplyWriter
from collectivia.agent_assistant.inbox.handlers import HandoffRequestedHandler
from collectivia.agent_assistant.inbox.knowledge_client import ChatKnowledgeSearch
from collectivia.agent_assistant.inbox.labels import DEFAULT_DEPARTMENT_LABELS, HandoffLabels
from collectivia.agent_assistant.inbox.models import CuratedAnswerRow, HandoffRow
from collectivia.agent_assistant.inbox.ports import KnowledgeSearch
from collectivia.agent_assistant.inbox.routing import DepartmentRouting
from collectivia.agent_assistant.inbox.service import Inbox
from collectivia.agent_assistant.inbox.upgrades import add_urgent
from collectivia.agent_assistant.settings import AssistantSection, AssistantSettings
from collectivia.ai.knowledge_search import KnowledgeSearchClient
from collectivia.ai.use.pathway import AiUsePathway
from collectivia.chat.v1 import chat_pb2
from collectivia.platform.areas import Area, Call, Subscription, Worker
from collectivia.platform.assembly import AreaContext
from collectivia.platform.events.catalogue import (
    DOCUMENT_PUBLISHED,
    HANDOFF_REQUESTED,
    HANDOFF_RESOLVED,
)
from collectivia.platform.events.outbox.writer import Outbox

_CHAT = chat_pb2.DESCRIPTOR.services_by_name["CitizenChatService"].full_name


class InboxSettings(AssistantSection):
    # The citizen chat's gRPC (CitizenChatService.Search: same retrieval as the chat).
    chat_grpc_target: str = "127.0.0.1:50062"
    # A search taking longer: the suggestion says the knowledge base does not answer.
    search_timeout_seconds: float = Field(5.0, gt=0, le=60)
    # A suggested reply nobody replied to within this many seconds expires: its use is
    # recorded (human review none) and it is withdrawn; checked every sweep interval.
    suggestion_lifetime_seconds: float = Field(48 * 3600, gt=0, le=90 * 86400)
    # How often the suggestions due to expire are looked for.
    suggestion_sweep_seconds: float = Field(300, gt=0, le=86400)
    # The department whose agents are on duty for emergencies the chat hands over urgently;
    # empty: routed by theme as any other request (« Urgence »: the default department).
    urgent_department: str = Field("", max_length=100)
    # Department -> the label the inbox shows (JSON in the variable).
    department_labels: dict[str, str] = Field(
        default_factory=lambda: dict(DEFAULT_DEPARTMENT_LABELS)
    )


@dataclass(frozen=True)
class Handovers:
    inbox: Inbox
    settings: InboxSettings


def build(context: AreaContext) -> Handovers:
    settings = context.get(AssistantSettings)
    section = context.section(InboxSettings)
    search = context.supplied(KnowledgeSearch) or ChatKnowledgeSearch(
        KnowledgeSearchClient(
            context.channel(section.chat_grpc_target),
            timeout_seconds=section.search_timeout_seconds,
        )
    )
    routing = DepartmentRouting(
        settings.theme_departments,
        settings.commune_departments,
        settings.default_department,
        section.urgent_department,
    )
    add_urgent(context.sessions.kw["bind"])
    gateway = context.get(ModelGateway)
    inbox = Inbox(
        context.sessions,
        context.get(Outbox),
        routing,
        search,
        context.get(AiUsePathway),
        GatewayReplyWriter(gateway),
        gateway,
        timedelta(seconds=section.suggestion_lifetime_seconds),
    )
    context.provide(search, as_type=KnowledgeSearch)
    context.provide(routing)
    context.provide(inbox)
    context.provide(HandoffLabels(departments=section.department_labels))
    context.provide(CuratedAnswers(context.sessions, context.get(Outbox)))
    return Handovers(inbox, section)


def expiry(handovers: Handovers) -> SuggestionExpiry:
    return SuggestionExpiry(handovers.inbox, handovers.settings.suggestion_sweep_seconds).start()


AREA = Area(
    name="inbox",
    summary="Conversations the citizen chat hands over, routed to a department, with a "
    "suggested reply citing the chat's knowledge base; the agent's reply back to the "
    "citizen; curated answers, approved by a second agent, for the knowledge base.",
    build=build,
    routers=(views.router,),
    tables=(HandoffRow, CuratedAnswerRow),
    subscriptions=(
        Subscription(HANDOFF_REQUESTED, handler=lambda h: HandoffRequestedHandler(h.inbox)),
    ),
    publishes=(HANDOFF_RESOLVED, DOCUMENT_PUBLISHED),
    workers=(Worker("suggestion-expiry", start=expiry),),
    calls=(
        Call(
            f"{_CHAT}/Search",
            "the knowledge base's passages: a suggested reply's sources, a request's themes",
        ),
    ),
    settings=InboxSettings,
)
