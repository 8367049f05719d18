"""Kafka handlers of the suite's events (translation only): each event mapped to its rows
(``mapping``), staged once by event id (``SinkWriter.stage``).

The batch handler takes a poll's events in one transaction. An event that cannot be mapped
does not hold the others back: they are staged, then the batch raises
:class:`InvalidEvents` with the malformed ones and their reasons, which the consumer parks on
the dead-letter topic (a batch the consumer hands over again one by one after another failure
finds the staged events already seen)."""

from __future__ import annotations

from datetime import UTC, datetime

from collectivia.events.v1.chat_pb2 import ConversationErased
from collectivia.officials_analytics.sink.mapping import EventFacts, Fact
from collectivia.officials_analytics.sink.writer import SinkWriter
from collectivia.platform.events.consumer import InvalidEvents, ReceivedEvent
from collectivia.platform.events.envelope import InvalidEvent


class SinkHandler:
    def __init__(self, writer: SinkWriter, facts: EventFacts | None = None) -> None:
        self._writer = writer
        self._facts = facts or EventFacts()

    def __call__(self, event: ReceivedEvent) -> None:
        self._writer.stage([self._facts.of(event)])


class SinkBatchHandler:
    def __init__(self, writer: SinkWriter, facts: EventFacts | None = None) -> None:
        self._writer = writer
        self._facts = facts or EventFacts()

    def __call__(self, events: list[ReceivedEvent]) -> None:
        facts: list[Fact] = []
        malformed: list[tuple[ReceivedEvent, InvalidEvent]] = []
        for event in events:
            try:
                facts.append(self._facts.of(event))
            except InvalidEvent as error:
                malformed.append((event, error))
        self._writer.stage(facts)
        if malformed:
            raise InvalidEvents(malformed)


class ConversationErasedHandler:
    """``chat.conversation-erased``: the conversation's rows go (``sink/erasure.py``)."""

    def __init__(self, writer: SinkWriter) -> None:
        self._writer = writer

    def __call__(self, event: ReceivedEvent) -> None:
        payload = event.payload
        if not isinstance(payload, ConversationErased):
            return
        if not payload.conversation_id:
            raise InvalidEvent("conversation-erased without a conversation id")
        erased_at = payload.erased_at.ToDatetime(UTC) if payload.HasField("erased_at") else None
        self._writer.erasures.record([payload.conversation_id], erased_at or datetime.now(UTC))
