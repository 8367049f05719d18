"""The handover area: a citizen asks for a person (in the conversation, by e-mail or phone);
the request goes to the agents' inbox with the masked turns, the agent's reply comes back
into the conversation."""

from __future__ import annotations

from collectivia.citizen_chat.conversations.models import HandoffRow
from collectivia.citizen_chat.conversations.service import Conversations
from collectivia.citizen_chat.handover import views
from collectivia.citizen_chat.handover.service import Handovers
from collectivia.citizen_chat.knowledge.base import KnowledgeBase
from collectivia.events.v1.chat_pb2 import HandoffResolved
from collectivia.platform.areas import Area, Subscription
from collectivia.platform.assembly import AreaContext
from collectivia.platform.events.catalogue import HANDOFF_REQUESTED, HANDOFF_RESOLVED
from collectivia.platform.events.consumer import Handler, ReceivedEvent
from collectivia.platform.events.outbox.writer import Outbox


def build(context: AreaContext) -> Handovers:
    # The knowledge base gives the theme of the cited documents, which routes the request.
    return Handovers(context.get(Conversations), context.get(Outbox), context.get(KnowledgeBase))


def on_resolved(handovers: Handovers) -> Handler:
    def handle(event: ReceivedEvent) -> None:
        if isinstance(event.payload, HandoffResolved):
            handovers.resolved(event.payload)

    return handle


AREA = Area(
    name="handover",
    summary="A person instead of the assistant: the request, with the masked turns, to the "
    "agents' inbox; the agent's reply shown in the conversation.",
    build=build,
    routers=(views.router,),
    tables=(HandoffRow,),
    publishes=(HANDOFF_REQUESTED,),
    subscriptions=(Subscription(HANDOFF_RESOLVED, handler=on_resolved),),
)
