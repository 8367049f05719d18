"""Kafka handler of ``fr.collectivia.chat.conversation-erased.v1``: the conversation's
handovers withdrawn (idempotent: a redelivery or a replay finds them withdrawn)."""

from __future__ import annotations

from collectivia.agent_assistant.delivery.service import Deliveries
from collectivia.events.v1.chat_pb2 import ConversationErased
from collectivia.platform.events.consumer import ReceivedEvent
from collectivia.platform.events.envelope import InvalidEvent


class ConversationErasedHandler:
    def __init__(self, deliveries: Deliveries) -> None:
        self._deliveries = deliveries

    def __call__(self, event: ReceivedEvent) -> None:
        if not isinstance(event.payload, ConversationErased):
            return
        if not event.payload.conversation_id:
            raise InvalidEvent("conversation-erased without a conversation id")
        self._deliveries.conversation_erased(
            event.payload.conversation_id, list(event.payload.handoff_ids)
        )
