"""The handover area: a citizen asks for a person (in the conversation, by e-mail or phone);
the request goes to the agents' inbox with the masked turns, the agent's reply comes back
into the conversation. The contact is kept encrypted and given, over gRPC, only to the
agents' assistant when an agent of the right department reveals it or replies by e-mail."""

from __future__ import annotations

from dataclasses import dataclass

from collectivia.chat.v1 import handover_pb2, handover_pb2_grpc
from collectivia.citizen_chat.conversations.models import HandoffRow
from collectivia.citizen_chat.conversations.service import Conversations
from collectivia.citizen_chat.handover import views
from collectivia.citizen_chat.handover.contact_cipher import ContactCipher
from collectivia.citizen_chat.handover.grpc_servicer import HandoverContactServicer
from collectivia.citizen_chat.handover.models import HandoffContactRow
from collectivia.citizen_chat.handover.service import Handovers
from collectivia.citizen_chat.handover.settings import HandoverSettings
from collectivia.citizen_chat.knowledge.base import KnowledgeBase
from collectivia.events.v1.chat_pb2 import HandoffResolved
from collectivia.platform.areas import Area, GrpcEndpoint, Subscription
from collectivia.platform.assembly import AreaContext
from collectivia.platform.events.catalogue import HANDOFF_REQUESTED, HANDOFF_RESOLVED
from collectivia.platform.events.consumer import Handler, ReceivedEvent
from collectivia.platform.events.outbox.writer import Outbox


@dataclass(frozen=True)
class HandoverArea:
    handovers: Handovers
    settings: HandoverSettings


def build(context: AreaContext) -> HandoverArea:
    section = context.section(HandoverSettings)
    # The knowledge base gives the theme of the cited documents, which routes the request.
    handovers = Handovers(
        context.get(Conversations),
        context.get(Outbox),
        context.get(KnowledgeBase),
        cipher=ContactCipher(section.contact_keys.get_secret_value()),
    )
    handovers.seal_clear_contacts()
    context.provide(handovers)
    return HandoverArea(handovers, section)


def on_resolved(area: HandoverArea) -> Handler:
    def handle(event: ReceivedEvent) -> None:
        if isinstance(event.payload, HandoffResolved):
            area.handovers.resolved(event.payload)

    return handle


def servicer(area: HandoverArea) -> HandoverContactServicer:
    return HandoverContactServicer(area.handovers, area.settings.contact_readers)


AREA = Area(
    name="handover",
    summary="A person instead of the assistant: the request, with the masked turns, to the "
    "agents' inbox; the agent's reply shown in the conversation; the citizen's contact kept "
    "encrypted, given only to the agents' assistant over gRPC.",
    build=build,
    routers=(views.router,),
    tables=(HandoffRow, HandoffContactRow),
    publishes=(HANDOFF_REQUESTED,),
    subscriptions=(Subscription(HANDOFF_RESOLVED, handler=on_resolved),),
    grpc=(
        GrpcEndpoint(
            service=handover_pb2.DESCRIPTOR.services_by_name["HandoverContactService"],
            add_to_server=handover_pb2_grpc.add_HandoverContactServiceServicer_to_server,
            servicer=servicer,
            service_only=("RevealContact",),
        ),
    ),
    settings=HandoverSettings,
)
