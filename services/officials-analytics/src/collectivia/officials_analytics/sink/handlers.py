"""Kafka handlers of the suite's events (translation only): each event mapped to its rows
(``mapping``), staged once by event id (``SinkWriter.stage``).

The batch handler takes a poll's events in one transaction. An event that cannot be mapped
does not hold the others back: they are staged, then the batch raises, and the consumer
hands the events over one by one — the staged ones are found already seen, the malformed
one raises :class:`InvalidEvent` and is parked on the dead-letter topic with its reason."""

from __future__ import annotations

from collectivia.officials_analytics.sink.mapping import Fact, fact_of
from collectivia.officials_analytics.sink.writer import SinkWriter
from collectivia.platform.events.consumer import ReceivedEvent
from collectivia.platform.events.envelope import InvalidEvent


class SinkHandler:
    def __init__(self, writer: SinkWriter) -> None:
        self._writer = writer

    def __call__(self, event: ReceivedEvent) -> None:
        self._writer.stage([fact_of(event)])


class SinkBatchHandler:
    def __init__(self, writer: SinkWriter) -> None:
        self._writer = writer

    def __call__(self, events: list[ReceivedEvent]) -> None:
        facts: list[Fact] = []
        malformed = 0
        for event in events:
            try:
                facts.append(fact_of(event))
            except InvalidEvent:
                malformed += 1
        self._writer.stage(facts)
        if malformed:
            raise InvalidEvent(
                f"{malformed} of {len(events)} events cannot be stored; the others are staged, "
                "the malformed ones parked one by one"
            )
