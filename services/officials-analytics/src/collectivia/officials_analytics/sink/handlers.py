"""Kafka handlers of the suite's events (translation only): each event mapped to its rows
(``mapping``), staged once by event id (``SinkWriter.stage``).

The batch handler takes a poll's events in one transaction. An event that cannot be mapped
does not hold the others back: they are staged, then the batch raises, and the consumer
hands the events over one by one — the staged ones are found already seen, the malformed
one raises :class:`InvalidEvent` and is parked on the dead-letter topic with its reason."""

from __future__ import annotations

from collectivia.officials_analytics.sink.mapping import EventFacts, Fact
from collectivia.officials_analytics.sink.writer import SinkWriter
from collectivia.platform.events.consumer import ReceivedEvent
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
        malformed = 0
        for event in events:
            try:
                facts.append(self._facts.of(event))
            except InvalidEvent:
                malformed += 1
        self._writer.stage(facts)
        if malformed:
            raise InvalidEvent(
                f"{malformed} of {len(events)} events cannot be stored; the others are staged, "
                "the malformed ones parked one by one"
            )
