"""Kafka handler of ``fr.collectivia.chat.handoff-requested.v1``: a handover lands in its
department's inbox (once: a redelivery is dropped)."""

from __future__ import annotations

from collectivia.agent_assistant.inbox.service import Inbox
from collectivia.events.v1.chat_pb2 import HandoffRequested
from collectivia.platform.events.consumer import ReceivedEvent


class HandoffRequestedHandler:
    def __init__(self, inbox: Inbox) -> None:
        self._inbox = inbox

    def __call__(self, event: ReceivedEvent) -> None:
        if isinstance(event.payload, HandoffRequested):
            self._inbox.received(event.payload)
