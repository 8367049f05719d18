"""The delivery area: how an agent's reply reaches the citizen. The contact, kept encrypted
by the chat, is asked for over gRPC on each reveal (by an agent of the handover's department,
recorded) and each e-mailed reply; e-mails leave through the collectivity's SMTP relay;
call-backs are recorded with their outcome; a conversation erased by the chat withdraws its
handovers."""

from __future__ import annotations

from collectivia.agent_assistant.delivery import views
from collectivia.agent_assistant.delivery.grpc_client import ChatContacts
from collectivia.agent_assistant.delivery.handlers import ConversationErasedHandler
from collectivia.agent_assistant.delivery.mail import SmtpRelay
from collectivia.agent_assistant.delivery.models import ContactRevealRow, DeliveryRow
from collectivia.agent_assistant.delivery.ports import ContactSource, MailRelay
from collectivia.agent_assistant.delivery.service import Deliveries
from collectivia.agent_assistant.delivery.settings import DeliverySettings
from collectivia.agent_assistant.inbox.service import Inbox
from collectivia.agent_assistant.settings import AssistantSettings
from collectivia.chat.v1 import handover_pb2
from collectivia.platform.areas import Area, Call, Subscription
from collectivia.platform.assembly import AreaContext
from collectivia.platform.events.catalogue import CONVERSATION_ERASED

_CONTACTS = handover_pb2.DESCRIPTOR.services_by_name["HandoverContactService"].full_name


def build(context: AreaContext) -> Deliveries:
    section = context.section(DeliverySettings)
    contacts = context.supplied(ContactSource) or ChatContacts(
        context.channel(section.contact_grpc_target),
        timeout_seconds=section.contact_timeout_seconds,
    )
    relay = context.supplied(MailRelay) or SmtpRelay(
        host=section.smtp_host,
        port=section.smtp_port,
        sender=section.smtp_sender,
        starttls=section.smtp_starttls,
        username=section.smtp_username,
        password=section.smtp_password.get_secret_value(),
        timeout_seconds=section.smtp_timeout_seconds,
    )
    deliveries = Deliveries(
        context.sessions,
        context.get(Inbox),
        contacts=contacts,
        relay=relay,
        collectivity=context.get(AssistantSettings).collectivity_name,
    )
    context.provide(deliveries)
    return deliveries


AREA = Area(
    name="delivery",
    summary="How the agent's reply reaches the citizen: the contact (kept encrypted by the "
    "chat) shown to the agents of the handover's department, each reveal recorded; replies by "
    "e-mail through the collectivity's SMTP relay; call-backs with their outcome; handovers "
    "withdrawn when the chat erases their conversation.",
    build=build,
    routers=(views.router,),
    tables=(ContactRevealRow, DeliveryRow),
    subscriptions=(
        Subscription(CONVERSATION_ERASED, handler=lambda d: ConversationErasedHandler(d)),
    ),
    calls=(
        Call(
            f"{_CONTACTS}/RevealContact",
            "the citizen's contact, on each reveal by an agent and each reply by e-mail",
        ),
    ),
    settings=DeliverySettings,
)
